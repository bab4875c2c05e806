"""A meeting's life after it is announced: a new time or place is mailed to everyone with a place or waiting (old
-> new, with a calendar invitation of a higher SEQUENCE that points to the public page, never the personal link),
the reminder goes again for the new date; a capacity raised after the meeting moves nobody up; an unpublished
meeting mails nobody after it; a firm's user registers in one click and is listed for the others only if ticked."""
import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from networking import links
from networking.models import Meeting, Registration
from networking.services import send_reminders, update_meeting
from networking.services.wishes import ask_for_wishes
from regie.accounts.groups import COORDINATORS
from tests.clock import at, brussels
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def ics_lines(message):
    [part] = [part for part in message.attachments if not isinstance(part, tuple)
              and part.get_filename() == "meeting.ics"]
    lines = part.get_payload(decode=True).replace(b"\r\n ", b"").decode().split("\r\n")
    return lines[lines.index("BEGIN:VEVENT"):]  # the event's own lines


def value(lines, name):
    return next(line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] == name)


def test_a_new_date_is_mailed_old_to_new_with_a_newer_invitation_and_reminded_again(
        staff_user, django_capture_on_commit_callbacks):
    coordinator = staff_user(COORDINATORS)
    starts, moved = brussels(datetime.date(2027, 3, 12), 18), brussels(datetime.date(2027, 3, 19), 17, 30)
    with at(brussels(datetime.date(2027, 3, 1), 12)):
        meeting = MeetingFactory(title_en="Networking Tongeren", slug="tongeren", starts_at=starts, capacity=1)
        anna = RegistrationFactory(meeting=meeting, language="en", contact_name="Anna")
        waiting = RegistrationFactory(meeting=meeting, language="nl", status="waiting")
        RegistrationFactory(meeting=meeting, status="cancelled")
    with at(brussels(datetime.date(2027, 3, 11), 12)):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders() == 1
            update_meeting(meeting=meeting, by=coordinator, changes={"capacity": 1})  # nothing moves: nothing said
        assert len(mail.outbox) == 1 and Meeting.objects.get(pk=meeting.pk).sequence == 0
        with django_capture_on_commit_callbacks(execute=True):
            update_meeting(meeting=meeting, by=coordinator, changes={
                "starts_at": moved, "ends_at": moved + datetime.timedelta(hours=3),
                "registration_closes_at": moved - datetime.timedelta(days=1)})
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    [to_anna] = [m for m in mail.outbox[1:] if m.to == [anna.email]]
    [to_waiting] = [m for m in mail.outbox[1:] if m.to == [waiting.email]]
    assert len(mail.outbox) == 3 and to_anna.subject == "Changed: Networking Tongeren"
    assert "The time of Networking Tongeren has changed." in to_anna.body
    assert "Before: Friday 12 March 2027, 18:00–21:00 · De Velinx, Dijk 111, 3700 Tongeren" in to_anna.body
    assert "Now: Friday 19 March 2027, 17:30–20:30 · De Velinx, Dijk 111, 3700 Tongeren" in to_anna.body
    assert links.cancel_url(anna) in to_anna.body
    lines = ics_lines(to_anna)
    assert value(lines, "SEQUENCE") == "1" and value(lines, "DTSTART") == "20270319T173000"
    assert value(lines, "UID") == f"registration-{anna.public_id}@testserver"  # the same event, updated
    with translation.override("en"):
        assert value(lines, "URL") == "http://testserver" + reverse("networking:meeting", args=["tongeren"])
    assert links.registration_token(anna) not in "".join(lines)  # a forwarded entry cancels nobody's place
    assert meeting.title_nl in to_waiting.subject and not to_waiting.attachments  # in Dutch; no place, no event

    mail.outbox.clear()
    with at(brussels(datetime.date(2027, 3, 18), 10, 5)), django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1  # again, for the new date
    assert [m.to for m in mail.outbox] == [[anna.email]]
    with at(brussels(datetime.date(2027, 3, 18), 11)), django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, by=coordinator, changes={"city": "Bilzen-Hoeselt"})
        assert send_reminders() == 0  # the start did not move: reminded already
    [place_mail] = [m for m in mail.outbox if m.to == [anna.email]][-1:]
    assert "The place of Networking Tongeren has changed." in place_mail.body
    assert "Now: Friday 19 March 2027, 17:30–20:30 · De Velinx, Dijk 111, 3700 Bilzen-Hoeselt" in place_mail.body
    assert value(ics_lines(place_mail), "SEQUENCE") == "2"


def test_a_capacity_raised_after_the_meeting_moves_nobody_up_and_an_unpublished_one_mails_nobody_after(
        staff_user, django_capture_on_commit_callbacks):
    coordinator = staff_user(COORDINATORS)
    meeting = MeetingFactory(capacity=1, starts_at=timezone.now() - datetime.timedelta(days=2))
    came = RegistrationFactory(meeting=meeting, checked_in_at=meeting.starts_at, listed_for_attendees=True)
    RegistrationFactory(meeting=meeting, checked_in_at=meeting.starts_at, listed_for_attendees=True)
    waiting = RegistrationFactory(meeting=meeting, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = update_meeting(meeting=meeting, by=coordinator, changes={"capacity": 5, "is_published": False})
        assert ask_for_wishes(meeting=meeting) == 0
    assert Registration.objects.get(pk=waiting.pk).status == "waiting" and not mail.outbox
    came.refresh_from_db()
    assert came.wishes_asked_at is None
    meeting = update_meeting(meeting=meeting, by=coordinator, changes={"is_published": True})
    assert ask_for_wishes(meeting=meeting) == 2


@pytest.fixture
def firm_user(client):
    user = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="De Groene Hand")).user
    FirmMembershipFactory(user=user, enterprise=SocialEnterpriseFactory(name="Het Strijkhuis"))
    client.force_login(user)
    return user


def test_one_click_takes_only_the_users_own_firms_and_lists_the_firm_only_when_ticked(client, firm_user):
    MeetingFactory(slug="tongeren")
    other = MeetingFactory(slug="bilzen")
    stranger = SocialEnterpriseFactory(name="Niet van mij")
    with translation.override("en"):
        url, home = reverse("partner:meeting_register", args=["tongeren"]), reverse("partner:home")
    page = client.get(home).content.decode()
    assert "Show our firm's name to the other attendees after the meeting" in page and 'name="firm"' in page
    assert 'name="listed" id="listed-' in page and 'checked' not in page.split('name="listed"')[1].split(">")[0]
    for odd in ("²", "1" * 5000, "9" * 25, str(stranger.pk), "-1"):
        response = client.post(url, {"firm": odd}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "You can only register for a firm you belong to." in [str(m) for m in response.context["messages"]]
    assert not Registration.objects.exists()

    assert client.post(url).status_code == 302  # no firm posted: the first; box not ticked: not listed
    first = Registration.objects.get()
    assert (first.company_name, first.listed_for_attendees) == ("De Groene Hand", False)
    strijkhuis = firm_user.firm_memberships.get(enterprise__name="Het Strijkhuis").enterprise
    with translation.override("en"):
        client.post(reverse("partner:meeting_register", args=["bilzen"]), {"firm": strijkhuis.pk, "listed": "on"})
    second = Registration.objects.get(meeting=other)
    assert (second.company_name, second.listed_for_attendees) == ("Het Strijkhuis", True)
