"""Meetings, created and changed by the coordinator (the admin hands its form here). The capacity is never set
below the places taken (counted under the meeting's row lock); raising it moves the waiting list up."""
import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from networking.models import Meeting
from networking.services.registrations import promote_waiting
from regie.audit import record

MEETING_FIELDS = (
    "slug", "title_nl", "title_fr", "title_en", "text_nl", "text_fr", "text_en", "starts_at", "ends_at",
    "place_name", "street", "postcode", "city", "capacity", "audience", "registration_closes_at", "is_published",
)


def _as_text(value: object) -> str | None:
    """For the audit log: times in ISO form, the rest as text."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value) if value is not None else None


def _known(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Not a meeting field: {', '.join(sorted(unknown))}")
    return dict(fields)


def capacity_error(*, capacity: int | None, taken: int) -> ValidationError | None:
    """The field error for a capacity below the places taken, or None."""
    if capacity is None or capacity >= taken:
        return None
    return ValidationError(
        ngettext("%(count)d person is registered; the capacity cannot be lower than %(count)d.",
                 "%(count)d people are registered; the capacity cannot be lower than %(count)d.", taken),
        code="capacity_below_registered", params={"count": taken})


@transaction.atomic
def create_meeting(*, by: AbstractBaseUser | None, **fields: Any) -> Meeting:
    meeting = Meeting(**_known(fields))
    meeting.full_clean()
    meeting.save()
    record(by, "meeting.created", meeting, {name: _as_text(getattr(meeting, name)) for name in MEETING_FIELDS})
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: AbstractBaseUser | None, changes: Mapping[str, Any]) -> Meeting:
    """Change a meeting under its row lock; raises ValidationError({"capacity": ...}) naming the places taken when
    the new capacity is lower; a higher capacity moves as many as fit up from the waiting list."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = {name: value for name, value in _known(changes).items() if getattr(meeting, name) != value}
    if "capacity" in changed:
        error = capacity_error(capacity=changed["capacity"], taken=meeting.registrations.registered().count())
        if error is not None:
            raise ValidationError({"capacity": error})
    capacity_before = meeting.capacity
    data = {name: [_as_text(getattr(meeting, name)), _as_text(value)] for name, value in changed.items()}
    for name, value in changed.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    if changed:
        meeting.save(update_fields=list(changed))
        record(by, "meeting.changed", meeting, data)
    if meeting.capacity > capacity_before:
        promote_waiting(meeting=meeting, by=by)
    return meeting
