"""A registration's calendar invitation: an iCalendar object (RFC 5545), METHOD:PUBLISH, one VEVENT in the
registrant's language, its times in Europe/Brussels with the zone's definition (VTIMEZONE) so that every
calendar shows the meeting at the Belgian hour.

Written by hand (no library needed for one event): content lines end in CRLF and are folded at 75 octets (never
inside a UTF-8 character); TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
The meeting's regie organises it: its name and contact address (ORGANIZER), its host (URL, and UID's domain).
"""
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone, translation

from networking.models import Registration, RegistrationStatus

ZONE = "Europe/Brussels"
# The zone's rule since 1996 (EU summer time: last Sunday of March 02:00 -> last Sunday of October 03:00).
VTIMEZONE = [
    "BEGIN:VTIMEZONE", f"TZID:{ZONE}", f"X-LIC-LOCATION:{ZONE}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]
STATUS = {RegistrationStatus.REGISTERED: "CONFIRMED", RegistrationStatus.WAITING: "TENTATIVE",
          RegistrationStatus.CANCELLED: "CANCELLED"}


def escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def param_value(value: str) -> str:
    """A parameter value (CN=...) as RFC 5545 3.1 allows it: no control characters or double quotes, and in double
    quotes when it holds a colon, semicolon or comma ("Regie Maasland, vzw")."""
    value = "".join(" " if ch < " " or ch == "\x7f" else ch for ch in value.replace('"', "'"))
    return f'"{value}"' if any(ch in value for ch in ":;,") else value


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded into pieces of at most 75 octets (a continuation starts with a space)."""
    pieces, current, limit = [], b"", 75
    for character in line:
        encoded = character.encode()
        if len(current) + len(encoded) > limit:
            pieces.append(current)
            current, limit = b" ", 75
        current += encoded
    pieces.append(current)
    return b"\r\n".join(pieces) + b"\r\n"


def local(moment: datetime) -> str:
    """The wall-clock time in Brussels, as DTSTART;TZID=Europe/Brussels takes it."""
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%Y%m%dT%H%M%S")


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_url(registration: Registration) -> str:
    """The meeting's public page in the registrant's language."""
    with translation.override(registration.language):
        path = reverse("networking:meeting", kwargs={"slug": registration.meeting.slug})
    return registration.meeting.regie.url(path)


def _event(registration: Registration, now: datetime) -> list[str]:
    """The VEVENT. Its URL is the meeting's public page, never the personal link: a calendar entry is forwarded
    and shared, and the personal link can cancel the place. SEQUENCE follows the meeting's changes of time or
    place, so that a calendar replaces the event it has (same UID) by the newer one."""
    meeting, regie = registration.meeting, registration.meeting.regie
    url = meeting_url(registration)
    with translation.override(registration.language):
        summary, text = meeting.title, meeting.text
        description = f"{text}\n\n{url}"
        organizer = param_value(regie.name)
    host = urlsplit(regie.base_url).hostname or "localhost"
    return [
        "BEGIN:VEVENT", f"UID:registration-{registration.public_id}@{host}", f"DTSTAMP:{utc(now)}",
        f"DTSTART;TZID={ZONE}:{local(meeting.starts_at)}", f"DTEND;TZID={ZONE}:{local(meeting.ends_at)}",
        f"SUMMARY:{escape_text(summary)}", f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(meeting.address_line)}", f"URL:{url}",
        f"ORGANIZER;CN={organizer}:mailto:{regie.contact_email}",
        f"STATUS:{STATUS[RegistrationStatus(registration.status)]}", "TRANSP:OPAQUE", f"SEQUENCE:{meeting.sequence}",
        "END:VEVENT",
    ]


def ics_for(registration: Registration) -> bytes:
    """The invitation as the mails attach it and the personal page offers it (text/calendar, UTF-8)."""
    now = timezone.now()
    with translation.override(registration.language):
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Regie//Kennismakingscheque portal//NL",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH", *VTIMEZONE, *_event(registration, now), "END:VCALENDAR"]
    return b"".join(fold(line) for line in lines)
