"""`record()`: the one way every service writes to the audit log."""
from django.contrib.contenttypes.models import ContentType

from regie.models import AuditEvent
from regie.web import context


def record(actor, action, obj=None, data=None):
    """Write an audit event; call it inside the service's transaction.

    `actor` is the acting user (None for the system, e.g. a scheduled command),
    `action` a dotted code such as ``enterprise.profile_updated``.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
        address=context.address.get(),
    )
