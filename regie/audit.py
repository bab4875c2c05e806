"""`record()`: the one way every service writes to the audit log; `record_many()` for many objects at once."""
from django.contrib.contenttypes.models import ContentType

from regie.models import AuditEvent
from regie.web import context


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _event(actor, action, obj, data, address):
    return AuditEvent(
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
    event = _event(_actor(actor), action, obj, data, context.address.get())
    event.save()
    return event


def record_many(actor, action, items, *, batch_size=2000):
    """One audit event per (obj, data) of `items`, the same rows as record() writes, inserted in bulk (a bank
    statement pays thousands of payments); call it inside the service's transaction. Returns the events."""
    actor, address = _actor(actor), context.address.get()
    events = [_event(actor, action, obj, data, address) for obj, data in items]
    return AuditEvent.objects.bulk_create(events, batch_size=batch_size)
