"""Forgetting in the audit log: when personal data is erased, deleted or anonymised, the events about those
objects keep their action, time, actor, ids and amounts, but lose the object's name (its `object_repr`, e.g.
the company name), the free texts in their data (reasons, notes, comments, subjects) and the internet address."""
from django.contrib.contenttypes.models import ContentType

from regie.models import AuditEvent

# Keys whose values are free text or contact details, wherever services put them in an event's data.
FREE_TEXT_KEYS = frozenset({
    "reason", "rejection_reason", "cancel_reason", "contest_reason", "note", "check_note", "comment", "subject",
    "motivation", "description", "company_name", "contact_name", "street", "email", "phone",
})


def without_free_text(data):
    """`data` with every free-text entry removed, also inside nested dicts and lists."""
    if isinstance(data, dict):
        return {key: without_free_text(value) for key, value in data.items() if key not in FREE_TEXT_KEYS}
    if isinstance(data, list):
        return [without_free_text(item) for item in data]
    return data


def neutral_repr(model, pk):
    """What the audit log calls an object once its name is forgotten: "application #12"."""
    return f"{model._meta.model_name} #{pk}"


def forget_objects(model, pks):
    """Scrub the events about these objects of `model`; returns how many events were changed."""
    pks = [str(pk) for pk in pks]
    content_type = ContentType.objects.get_for_model(model) if pks else None
    changed = 0
    for start in range(0, len(pks), CHUNK):
        changed += _scrub(AuditEvent.objects.filter(content_type=content_type, object_id__in=pks[start:start + CHUNK]),
                          model)
    return changed


CHUNK = 500  # ids per query: SQLite accepts a limited number of parameters


def _scrub(events, model):
    changed = []
    for event in events:
        scrubbed = (neutral_repr(model, event.object_id), without_free_text(event.data), None)
        if (event.object_repr, event.data, event.address) != scrubbed:
            event.object_repr, event.data, event.address = scrubbed
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["object_repr", "data", "address"], batch_size=CHUNK)
    return len(changed)
