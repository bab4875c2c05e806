"""Meetings, created and changed by the coordinator (the admin hands its form here). The capacity is never set
below the places taken (counted under the meeting's row lock); raising it moves the waiting list up (not once the
meeting is over). A published meeting has its title and text in every language; its address (slug) is never a
fixed word of the meetings' URLs. A change of time or place raises the calendar SEQUENCE, mails everyone with a
place or on the waiting list what changed (with the new invitation) and, when the start moved, lets the reminder
go again for the new date."""
import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext

from networking.models import Meeting
from networking.services.registrations import promote_waiting
from networking.tasks import after_commit, mail_meeting_changed
from regie.audit import record
from regie.models import Regie

MEETING_FIELDS = (
    "slug", "title_nl", "title_fr", "title_en", "text_nl", "text_fr", "text_en", "starts_at", "ends_at",
    "place_name", "street", "postcode", "city", "capacity", "audience", "registration_closes_at", "is_published",
)

TIME_AND_PLACE = ("starts_at", "ends_at", "place_name", "street", "postcode", "city")
TRANSLATED = {"title": gettext_lazy("title"), "text": gettext_lazy("text")}  # the fields' own verbose names


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


def reserved_slugs() -> set[str]:
    """The fixed first words of the meetings' addresses (networking/urls.py) in every language: a meeting with
    such a slug would be shadowed by, or shadow, another page (e.g. /nl/ontmoetingen/inschrijving/...)."""
    _prefix, meetings = get_resolver().namespace_dict["networking"]  # networking/urls.py, without importing it
    words = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words |= {str(pattern.pattern).split("/")[0].lower() for pattern in meetings.url_patterns}
    return {word for word in words if word and not word.startswith("<")}


def slug_error(slug: str | None) -> ValidationError | None:
    if slug and slug.lower() in reserved_slugs():
        return ValidationError(gettext("“%(slug)s” is a fixed word of the site's addresses; choose another address."),
                               code="reserved_slug", params={"slug": slug})
    return None


def missing_translations(values: Mapping[str, Any]) -> list[str]:
    """"title (French)", ...: the title and text fields left empty, for a meeting to be published."""
    return [f"{label} ({name})" for field, label in TRANSLATED.items() for language, name in settings.LANGUAGES
            if not str(values.get(f"{field}_{language}") or "").strip()]


def publication_error(values: Mapping[str, Any]) -> ValidationError | None:
    """The error for publishing a meeting whose title or text is missing in a language, naming what is missing."""
    missing = missing_translations(values) if values.get("is_published") else []
    if not missing:
        return None
    return ValidationError(
        gettext("A published meeting needs its title and text in Dutch, French and English. Missing: %(missing)s."),
        code="translation_missing", params={"missing": ", ".join(missing)})


def _check(meeting: Meeting) -> None:
    """The model's own rules, then the publication and address rules (the admin form checks them first)."""
    meeting.full_clean()
    errors = {name: error for name, error in (("slug", slug_error(meeting.slug)), (
        "__all__", publication_error({name: getattr(meeting, name) for name in MEETING_FIELDS}))) if error}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_meeting(*, by: AbstractBaseUser | None, regie: Regie, **fields: Any) -> Meeting:
    """A meeting of `regie` (the regie whose host the coordinator works on)."""
    meeting = Meeting(regie=regie, **_known(fields))
    _check(meeting)
    meeting.save()
    record(by, "meeting.created", meeting, {name: _as_text(getattr(meeting, name)) for name in MEETING_FIELDS})
    return meeting


def _announce_change(meeting: Meeting, data: Mapping[str, list[str | None]]) -> list[str]:
    """After a change of time or place: a new calendar revision, the reminder again when the start moved, and a
    mail to everyone with a place or waiting (not for a meeting that is over). Returns the fields to save."""
    changes = {name: data[name] for name in TIME_AND_PLACE if name in data}
    if not changes:
        return []
    meeting.sequence += 1
    saved = ["sequence"]
    if "starts_at" in changes:
        meeting.registrations.filter(reminded_at__isnull=False).update(reminded_at=None)
        meeting.reminders_sent_at = None
        saved.append("reminders_sent_at")
    if not meeting.is_over():
        for registration_id in meeting.registrations.active().filter(anonymised_at__isnull=True).values_list(
                "pk", flat=True):
            after_commit(mail_meeting_changed, registration_id, changes)
    return saved


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: AbstractBaseUser | None, changes: Mapping[str, Any]) -> Meeting:
    """Change a meeting under its row lock; raises ValidationError({"capacity": ...}) naming the places taken when
    the new capacity is lower; a higher capacity moves as many as fit up from the waiting list (until the meeting
    is over). A new time or place is announced to the registrants (_announce_change)."""
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
    _check(meeting)
    if changed:
        meeting.save(update_fields=list(changed) + _announce_change(meeting, data))
        record(by, "meeting.changed", meeting, data)
    if meeting.capacity > capacity_before and not meeting.is_over():
        promote_waiting(meeting=meeting, by=by)
    return meeting
