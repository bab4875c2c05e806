"""`record()`: the one way every service writes to the audit log; `record_many()` for many objects at once.

An event is of the regie whose host the request came to; outside a request (the worker, a scheduled command), of the
regie of the row it is about, found along its `regie_path` when that leads to one regie; else of none (the platform's:
a regie itself, a row several regies share changed outside any host)."""
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from regie.models import AuditEvent, Regie
from regie.web import context, hosts


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _one_regie_path(model) -> str | None:
    """The model's `regie_path` when it leads to one regie (foreign keys only), else None."""
    path = getattr(model, "regie_path", None)
    current = model
    for name in (path or "").split("__"):
        field = current._meta.get_field(name) if path else None
        if field is None or not (field.many_to_one or (field.one_to_one and field.concrete)):
            return None
        current = field.related_model
    return path


def regies_of(objects) -> dict[tuple[type, object], int | None]:
    """{(model, pk): regie id} of the objects, one query per model, when no request's host gives the regie."""
    regie = hosts.current.get()
    found: dict[tuple[type, object], int | None] = {}
    by_model = defaultdict(list)
    for obj in objects:
        if obj is None:
            continue
        if isinstance(obj, Regie) or regie is not None:
            found[type(obj), obj.pk] = obj.pk if isinstance(obj, Regie) else regie.pk
        elif (path := _one_regie_path(type(obj))) is not None:
            by_model[type(obj), path].append(obj.pk)
    for (model, path), pks in by_model.items():
        found |= {(model, pk): regie_id for pk, regie_id in
                  model._default_manager.filter(pk__in=pks).values_list("pk", path)}
    return found


def regie_id_of(obj) -> int | None:
    """The regie an event about `obj` (None: about nothing) is of, as the module's docstring says; also a failed
    task's (regie.ops.background)."""
    if obj is None:
        return getattr(hosts.current.get(), "pk", None)
    return regies_of([obj]).get((type(obj), obj.pk))


def _event(actor, action, obj, data, address, regies):
    return AuditEvent(
        regie_id=regies.get((type(obj), obj.pk)) if obj is not None else getattr(hosts.current.get(), "pk", None),
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
        address=address,
    )


def record(actor, action, obj=None, data=None):
    """Write an audit event; call it inside the service's transaction.

    `actor` is the acting user (None for the system, e.g. a scheduled command),
    `action` a dotted code such as ``enterprise.profile_updated``.
    """
    event = _event(_actor(actor), action, obj, data, context.address.get(), regies_of([obj]))
    event.save()
    return event


def record_many(actor, action, items, *, batch_size=2000):
    """One audit event per (obj, data) of `items`, the same rows as record() writes, inserted in bulk (a bank
    statement pays thousands of payments); call it inside the service's transaction. Returns the events."""
    actor, address = _actor(actor), context.address.get()
    items = list(items)
    regies = regies_of(obj for obj, _data in items)
    events = [_event(actor, action, obj, data, address, regies) for obj, data in items]
    return AuditEvent.objects.bulk_create(events, batch_size=batch_size)
