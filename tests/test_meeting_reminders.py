"""The reminder the day before a networking moment (networking.services.reminders, `send_meeting_reminders`):
one per person with a place, from 10:00 in Brussels the day before until the meeting starts; never to the waiting
list or the cancelled, never twice."""
import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from networking.models import Registration
from networking.services import cancel_registration
from networking.services.reminders import reminded_with_confirmation, send_reminders
from regie.models import AuditEvent
from tests.clock import at, brussels
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def run_command(verbosity=1):
    out = io.StringIO()
    call_command("send_meeting_reminders", stdout=out, verbosity=verbosity)
    return out.getvalue().strip()


def meeting_starting(starts_at, **extra):
    return MeetingFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3),
                          registration_closes_at=starts_at - datetime.timedelta(hours=1), **extra)


def test_whatever_the_hour_a_meeting_about_to_start_is_reminded_once_and_others_are_not(
        django_capture_on_commit_callbacks):
    """Runs at the suite's awkward instants (midnight in Brussels, the nights the clocks change): a meeting that
    starts within the hour is always due, one three days ahead never is, one that started never again."""
    now = timezone.now()
    soon = RegistrationFactory(meeting=meeting_starting(now + datetime.timedelta(minutes=59)))
    RegistrationFactory(meeting=meeting_starting(now + datetime.timedelta(days=3)))
    RegistrationFactory(meeting=meeting_starting(now - datetime.timedelta(minutes=1)))
    unpublished = RegistrationFactory(meeting=meeting_starting(now + datetime.timedelta(minutes=59),
                                                               is_published=False))
    Registration.objects.update(created_at=now - datetime.timedelta(days=7))  # all registered a week ago
    with django_capture_on_commit_callbacks(execute=True):
        assert run_command() == "1 meeting reminder(s) sent."
        assert run_command(verbosity=2) == "0 meeting reminder(s) sent."
    assert [message.to for message in mail.outbox] == [[soon.email]]  # none for the unpublished meeting
    soon.refresh_from_db()
    assert soon.reminded_at is not None and soon.meeting.reminders_sent_at is not None
    unpublished.refresh_from_db()
    assert unpublished.reminded_at is None


@pytest.mark.slow
def test_each_person_with_a_place_gets_exactly_one_reminder_from_ten_the_day_before(
        django_capture_on_commit_callbacks):
    # Monday 29 March 2027, 18:00; the clocks went forward the night before: 10:00 on Sunday is 08:00 UTC.
    starts_at = brussels(datetime.date(2027, 3, 29), 18)
    with at(brussels(datetime.date(2027, 3, 10), 12)):
        meeting = meeting_starting(starts_at, capacity=3)
        an, bo, cas = (RegistrationFactory(meeting=meeting, language=language) for language in ("nl", "fr", "en"))
        waiting = RegistrationFactory(meeting=meeting, status="waiting")
        RegistrationFactory(meeting=meeting, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=brussels(datetime.date(2027, 3, 28), 9, 59, 59)) == 0
        assert send_reminders(now=datetime.datetime(2027, 3, 28, 8, 0, tzinfo=datetime.UTC)) == 3
        assert send_reminders(now=brussels(datetime.date(2027, 3, 28), 11, 40)) == 0  # the next hour: none twice
    assert sorted(message.to[0] for message in mail.outbox) == sorted([an.email, bo.email, cas.email])
    assert all(any(name == "meeting.ics" for name, *_ in _attachments(message)) for message in mail.outbox)
    assert AuditEvent.objects.filter(action="meeting.reminded").count() == 3
    mail.outbox.clear()

    with at(brussels(datetime.date(2027, 3, 28), 20)), django_capture_on_commit_callbacks(execute=True):
        assert cancel_registration(registration=bo) == waiting  # a place freed after the reminders went out
        assert send_reminders() == 0  # its "moved up" mail carries the invitation: no reminder on top of it
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([bo.email], f"Inscription annulée\u00a0: {meeting.title_fr}"),
        ([waiting.email], f"Er kwam een plaats vrij: je bent ingeschreven voor {meeting.title_nl}")]
    with django_capture_on_commit_callbacks(execute=True):
        late = RegistrationFactory(meeting=meeting)
        assert send_reminders(now=starts_at) == 0  # the meeting started: too late for a reminder
    late.refresh_from_db()
    assert late.reminded_at is None


def _attachments(message):
    """(filename, ...) of each attachment, whether added as a tuple or as a MIME part."""
    for attachment in message.attachments:
        yield (attachment.get_filename(),) if hasattr(attachment, "get_filename") else tuple(attachment)


@pytest.mark.slow
def test_a_place_given_after_the_reminder_time_is_confirmed_once_not_reminded_too(django_capture_on_commit_callbacks):
    starts_at = brussels(datetime.date(2027, 5, 12), 18)
    with at(brussels(datetime.date(2027, 5, 1), 12)):
        meeting = meeting_starting(starts_at)
        early = RegistrationFactory(meeting=meeting)
        assert reminded_with_confirmation(meeting) is None
    with at(brussels(datetime.date(2027, 5, 11), 10, 30)):  # half an hour after the reminder time
        late = RegistrationFactory(meeting=meeting)
        assert reminded_with_confirmation(meeting) == timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders() == 1
    assert [message.to for message in mail.outbox] == [[early.email]]
    late.refresh_from_db()
    assert late.reminded_at is None  # its confirmation was the reminder
