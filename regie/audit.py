"""`record()`: the one way every service writes to the audit log; `record_many()` for many objects at once.

An event is of the regie of the row it is about, when its `regie_path` leads to one regie (a call, a cheque, a mail of
the outbox; a regie is its own); about a row of no one regie (a user, a firm) or about nothing, of the regie whose host
the request came to, or the one the service names (`regie=`); else of none, the platform's: the work of a platform
administrator on such a row, a scheduled command's about nothing."""
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from regie.models import AuditEvent, Regie
from regie.web import context, hosts


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


_REGIE_PATHS: dict[type, str | None] = {}


def _one_regie_path(model: type) -> str | None:
    """The model's `regie_path` when it leads to one regie (foreign keys only), else None (once per model)."""
    if model not in _REGIE_PATHS:
        _REGIE_PATHS[model] = _regie_path_of(model)
    return _REGIE_PATHS[model]


def _regie_path_of(model) -> str | None:
    path = getattr(model, "regie_path", None)
    current = model
    for name in (path or "").split("__"):
        field = current._meta.get_field(name) if path else None
        if field is None or not (field.many_to_one or (field.one_to_one and field.concrete)):
            return None
        current = field.related_model
    return path


def regies_of(objects, actor=None) -> dict[tuple[type, object], int | None]:
    """{(model, pk): regie id} of the objects, as the module's docstring says (one query per model at most)."""
    found: dict[tuple[type, object], int | None] = {}
    by_model = defaultdict(list)
    for obj in objects:
        path = _one_regie_path(type(obj))
        if isinstance(obj, Regie):
            found[type(obj), obj.pk] = obj.pk
        elif path is not None and (loaded := _loaded(obj, path)) is not None:
            found[type(obj), obj.pk] = loaded[0]
        elif path is not None:
            by_model[type(obj), path].append(obj.pk)
    for (model, path), pks in by_model.items():
        found |= {(model, pk): regie_id for pk, regie_id in
                  model._default_manager.filter(pk__in=pks).values_list("pk", path)}
    return {(type(obj), obj.pk): found[type(obj), obj.pk] if (type(obj), obj.pk) in found else _host_regie(actor)
            for obj in objects}


def _loaded(obj, path: str) -> tuple[int | None] | None:
    """(regie id,) read along `path` through the relations already loaded on `obj`; None when one is not."""
    *links, last = path.split("__")
    for name in links:
        if not obj._meta.get_field(name).is_cached(obj):
            return None
        obj = getattr(obj, name)
        if obj is None:
            return (None,)
    return (getattr(obj, f"{last}_id"),)


def _host_regie(actor) -> int | None:
    """The host's regie, for an event about no one regie's row; a platform administrator's is the platform's."""
    regie = hosts.current.get()
    return None if regie is None or getattr(actor, "is_superuser", False) else regie.pk


def regie_id_of(obj) -> int | None:
    """The regie an event about `obj` (None: about nothing) is of, as the module's docstring says; also a failed
    task's (regie.ops.background)."""
    return _host_regie(None) if obj is None else regies_of([obj])[type(obj), obj.pk]


def _event(actor, action, obj, data, address, regies, regie=None):
    return AuditEvent(
        regie_id=getattr(regie, "pk", regie) if regie is not None else (
            regies[type(obj), obj.pk] if obj is not None else _host_regie(actor)),
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
        address=address,
    )


def record(actor, action, obj=None, data=None, *, regie=None):
    """Write an audit event; call it inside the service's transaction.

    `actor` is the acting user (None for the system, e.g. a scheduled command),
    `action` a dotted code such as ``enterprise.profile_updated``; `regie` (a Regie or its id) whose event it is,
    where the module's rule cannot tell (an event about a row that is gone).
    """
    actor = _actor(actor)
    event = _event(actor, action, obj, data, context.address.get(),
                   regies_of([obj], actor) if obj is not None and regie is None else {}, regie)
    event.save()
    return event


def record_many(actor, action, items, *, batch_size=2000):
    """One audit event per (obj, data) of `items`, the same rows as record() writes, inserted in bulk (a bank
    statement pays thousands of payments); call it inside the service's transaction. Returns the events."""
    actor, address = _actor(actor), context.address.get()
    items = list(items)
    regies = regies_of([obj for obj, _data in items if obj is not None], actor)
    events = [_event(actor, action, obj, data, address, regies) for obj, data in items]
    return AuditEvent.objects.bulk_create(events, batch_size=batch_size)
