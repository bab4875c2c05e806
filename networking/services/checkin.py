"""Check-in at the door: the coordinator scans a registration's QR code (the check-in URL) or types its code."""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from networking.exceptions import CheckInRefused
from networking.models import Meeting, Registration, RegistrationStatus
from regie.audit import record

CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
# The door is open from three hours before the start until an hour after the end: a code cannot be checked in days
# ahead (by mistake or on purpose) nor long after.
OPENS_BEFORE, CLOSES_AFTER = timedelta(hours=3), timedelta(hours=1)


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    first_time: bool  # False: checked in before, at `at`
    at: datetime


def code_of(scanned: str) -> str:
    """The check-in code in what was scanned: the bare code or the whole check-in URL (its last path segment)."""
    text = (scanned or "").strip()
    if "/" in text:
        text = urlsplit(text).path.rstrip("/").rsplit("/", 1)[-1]
    return text if CODE.fullmatch(text) else ""


def _day(moment: datetime) -> str:
    """A date as the site writes it: 27/10/2026."""
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def _other_meeting(meeting: Meeting) -> CheckInRefused:
    message = gettext("This code is for %(meeting)s of %(date)s, not this meeting.") % {
        "meeting": meeting.title, "date": _day(meeting.starts_at)}
    return CheckInRefused("other_meeting", message)


def door_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """Is it the time to check people in for this meeting: [starts_at - 3 h, ends_at + 1 h]?"""
    now = now or timezone.now()
    return meeting.starts_at - OPENS_BEFORE <= now <= meeting.ends_at + CLOSES_AFTER


def not_now(meeting: Meeting) -> CheckInRefused:
    """The refusal outside the door's time window, naming the window: when check-in opens and closes."""
    opens = timezone.localtime(meeting.starts_at - OPENS_BEFORE)
    closes = timezone.localtime(meeting.ends_at + CLOSES_AFTER)
    times = {"meeting": meeting.title, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
    if opens.date() == closes.date():
        message = gettext("Check-in for %(meeting)s opens at %(opens)s and closes at %(closes)s on %(date)s.") % {
            **times, "date": _day(opens)}
    else:
        message = gettext("Check-in for %(meeting)s opens on %(opens_date)s at %(opens)s and closes on "
                          "%(closes_date)s at %(closes)s.") % {
            **times, "opens_date": _day(opens), "closes_date": _day(closes)}
    return CheckInRefused("not_now", message)


@transaction.atomic
def check_in(*, meeting: Meeting, code: str, by: AbstractBaseUser | None) -> CheckIn:
    """Check the registration of `code` in at `meeting`; a second scan says when it was first checked in. Only
    while the door is open (see door_open)."""
    if not door_open(meeting):
        raise not_now(meeting)
    found = code_of(code)
    # a code of another regie's meeting is unknown here: its meeting is not named
    registration = (Registration.objects.select_for_update().filter(check_in_code=found,
                                                                    meeting__regie_id=meeting.regie_id).first()
                    if found else None)
    if registration is None:
        raise CheckInRefused("unknown")
    if registration.meeting_id != meeting.pk:
        raise _other_meeting(registration.meeting)
    if registration.status != RegistrationStatus.REGISTERED:
        raise CheckInRefused(registration.status)  # "cancelled" or "waiting"
    if registration.checked_in_at is not None:
        return CheckIn(registration=registration, first_time=False, at=registration.checked_in_at)
    registration.checked_in_at, registration.checked_in_by = timezone.now(), by
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    record(by, "meeting.checked_in", registration, {"meeting": meeting.pk})
    return CheckIn(registration=registration, first_time=True, at=registration.checked_in_at)
