"""Mails to registrants of a networking moment: in their language, with the personal page and cancel links,
and for a place the calendar invitation (RFC 5545, read back here line by line) and the QR code."""
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from networking import links, services
from networking.calendar import ics_for, meeting_url
from networking.tasks import mail_registration
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def attachment(message, name):
    for part in message.attachments:
        if isinstance(part, tuple) and part[0] == name:
            return part[1], part[2]
        if not isinstance(part, tuple) and part.get_filename() == name:
            kind = f"{part.get_content_type()}; method={part.get_param('method')}; charset={part.get_content_charset()}"
            return part.get_payload(decode=True), kind
    return None


def read_ics(raw):
    """The content lines of an iCalendar object, checked as RFC 5545 3.1 writes them: CRLF, at most 75 octets
    a line, a continuation line starting with a space."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    unfolded = b"\r\n".join(physical).replace(b"\r\n ", b"").decode()
    return unfolded.split("\r\n")


def value(lines, name):
    return next(line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] == name)


def test_a_registration_mails_the_invitation_in_the_registrants_language(client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title_fr="Rencontre, Tongres; réseautage des entreprises sociales et classiques 2027",
                             capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register_business(
            meeting=meeting, contact_name="Amélie", company_name="Hoekske", email="amelie@hoekske.example",
            language="fr")
    [message] = mail.outbox
    assert message.to == ["amelie@hoekske.example"] and message.reply_to
    assert "Rencontre, Tongres" in message.subject
    assert links.registration_url(registration) in message.body and links.cancel_url(registration) in message.body
    assert "/fr/" in links.registration_url(registration)
    ics, content_type = attachment(message, "meeting.ics")
    assert content_type == "text/calendar; method=PUBLISH; charset=utf-8"
    lines = read_ics(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and "METHOD:PUBLISH" in lines and "BEGIN:VTIMEZONE" in lines
    start = next(line for line in lines if line.startswith("DTSTART;TZID=Europe/Brussels:"))
    assert start.split(":")[1] == meeting.starts_at.astimezone(BRUSSELS).strftime("%Y%m%dT%H%M%S")
    assert value(lines, "SUMMARY") == "Rencontre\\, Tongres\\; réseautage des entreprises sociales et classiques 2027"
    assert value(lines, "UID") == f"registration-{registration.public_id}@testserver"
    assert value(lines, "URL") == meeting_url(registration)  # the public page: a forwarded entry cancels nothing
    assert links.registration_url(registration) not in ics.decode()
    assert value(lines, "LOCATION") == "De Velinx\\, Dijk 111\\, 3700 Tongeren"
    png, png_type = attachment(message, "qr-code.png")
    assert png_type == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert ics_for(registration).split(b"DTSTAMP")[0] == ics.split(b"DTSTAMP")[0]  # the same file, UID stable


def test_waiting_list_moving_up_and_cancelling_each_say_so(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    first = RegistrationFactory(meeting=meeting, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.register_business(meeting=meeting, contact_name="Ben", company_name="Ben bv",
                                             email="ben@ben.example", language="en")
    [waiting_mail] = mail.outbox
    assert "On the waiting list" in waiting_mail.subject and "in place 1" in waiting_mail.body
    assert not waiting_mail.attachments and links.cancel_url(waiting) in waiting_mail.body
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first)
    cancelled, moved_up = mail.outbox[1:]
    assert cancelled.to == [first.email] and "Registration cancelled" in cancelled.subject
    assert links.cancel_url(first) not in cancelled.body and not cancelled.attachments
    assert moved_up.to == ["ben@ben.example"] and "A place became free" in moved_up.subject
    assert attachment(moved_up, "meeting.ics") and attachment(moved_up, "qr-code.png")


def test_the_reminder_carries_the_invitation_again_and_no_mail_goes_after_a_cancellation():
    registration = RegistrationFactory(language="en")
    mail_registration.enqueue(registration.pk, "reminder")
    assert mail.outbox[-1].subject == f"Tomorrow: {registration.meeting.title_en}"
    assert attachment(mail.outbox[-1], "meeting.ics") and attachment(mail.outbox[-1], "qr-code.png")
    with translation.override("nl"):
        assert reverse("networking:check_in_code", kwargs={"code": registration.check_in_code}) in \
            links.check_in_url(registration)
    registration.status = "cancelled"
    registration.save()
    mail_registration.enqueue(registration.pk, "reminder")
    assert len(mail.outbox) == 1


def test_an_ics_folds_long_lines_without_breaking_a_character():
    registration = RegistrationFactory(language="nl")
    meeting = registration.meeting
    meeting.title_nl = "Ontmoeting " + "é" * 80
    meeting.text_nl = "Regel één\nRegel twee, met komma; en puntkomma \\ en backslash"
    meeting.save()
    lines = read_ics(ics_for(registration))
    assert value(lines, "SUMMARY") == "Ontmoeting " + "é" * 80
    assert value(lines, "DESCRIPTION").startswith(
        "Regel één\\nRegel twee\\, met komma\\; en puntkomma \\\\ en backslash\\n\\n")
    assert re.fullmatch(r"\d{8}T\d{6}Z", value(lines, "DTSTAMP"))
