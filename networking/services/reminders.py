"""The reminder the day before a meeting: each person with a place gets one mail (with the calendar invitation and
the QR code again), from 10:00 (Brussels) on the day before the meeting until it starts.

The command runs hourly (deploy/systemd/portal-send-meeting-reminders.timer), so that a place that frees up from
the waiting list after 10:00 is reminded too. A registration is reminded once: `Registration.reminded_at` is set
under the registration's lock, in the transaction that enqueues the mail. Never to a cancelled or waiting
registration, never once the meeting has started, never for a meeting that is not published. A place given at or
after the reminder time (registered late, or moved up from the waiting list) needs no reminder: its confirmation
mail carries the invitation and the QR code, an hour before a reminder would repeat it (`reminded_with_confirmation`
is the stamp to give such a registration; the sweep leaves them out either way)."""
import datetime
import zoneinfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from networking import tasks
from networking.models import Meeting, Registration, RegistrationStatus
from regie.audit import record

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
REMIND_AT = datetime.time(10, 0)  # on the day before the meeting, Brussels time
LOOK_AHEAD = datetime.timedelta(days=2)  # a meeting whose reminders are due starts within two days


def reminder_time(meeting: Meeting) -> datetime.datetime:
    """When a meeting's reminders go out: 10:00 in Brussels on the day before the (Brussels) day it starts."""
    day_before = meeting.starts_at.astimezone(BRUSSELS).date() - datetime.timedelta(days=1)
    return datetime.datetime.combine(day_before, REMIND_AT, tzinfo=BRUSSELS)


def reminded_with_confirmation(meeting: Meeting, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """For a place given now (a registration, a move up): `now` when the reminder time has already come, so that
    its confirmation counts as the reminder (Registration.reminded_at); else None."""
    now = now or timezone.now()
    return now if reminder_time(meeting) <= now else None


def _due_meetings(now: datetime.datetime) -> list[Meeting]:
    soon = Meeting.objects.published().filter(starts_at__gt=now, starts_at__lte=now + LOOK_AHEAD)
    return [meeting for meeting in soon if reminder_time(meeting) <= now]


def _due_registrations(meeting: Meeting) -> QuerySet[Registration]:
    """Those with a place given before the reminder time and not reminded yet."""
    given_before = Q(promoted_at__isnull=True, created_at__lt=reminder_time(meeting)) | Q(
        promoted_at__lt=reminder_time(meeting))
    return meeting.registrations.filter(given_before, status=RegistrationStatus.REGISTERED, reminded_at__isnull=True,
                                        anonymised_at__isnull=True)


def _remind(registration_id: int, now: datetime.datetime) -> bool:
    """Remind one registration, under its lock; False when it needs none (any more)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("meeting").get(pk=registration_id)
        if (registration.status != RegistrationStatus.REGISTERED or registration.reminded_at is not None
                or registration.anonymised_at is not None or registration.meeting.starts_at <= now):
            return False
        registration.reminded_at = timezone.now()
        registration.save(update_fields=["reminded_at"])
        record(None, "meeting.reminded", registration, {"meeting": registration.meeting_id})
        tasks.after_commit(tasks.mail_registration, registration.pk, "reminder")
    return True


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone with a place at a meeting whose reminder time has come and that has not started yet, once
    each. Idempotent; returns how many were reminded."""
    now = now or timezone.now()
    sent = 0
    for meeting in _due_meetings(now):
        for registration_id in _due_registrations(meeting).order_by("pk").values_list("pk", flat=True):
            sent += _remind(registration_id, now)
        Meeting.objects.filter(pk=meeting.pk, reminders_sent_at__isnull=True).update(reminders_sent_at=timezone.now())
    return sent
