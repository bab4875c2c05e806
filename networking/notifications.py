"""Mails to registrants, each in the registrant's language, as the mails of the meeting's regie (regie.mail.messages:
its name and sender, replies to it, its links), from templates/emails/meeting_<kind>.txt and
meeting_<kind>_subject.txt.

Kinds: "registered" and "moved_up" (a place: calendar invitation and QR code attached), "waiting" (on the waiting
list, with the place in it), "cancelled" (confirmed, no cancel link), "reminder" (the day before: attachments again);
and "changed" (mail_changed: the meeting's time or place changed, old -> new, with the new invitation to those with a
place).
"""
import datetime
from email import encoders
from email.mime.base import MIMEBase
from types import SimpleNamespace

from networking import links
from networking.calendar import ics_for, meeting_url
from networking.models import Registration, RegistrationStatus
from networking.qr import qr_png
from regie.mail import messages

KINDS = ("registered", "waiting", "moved_up", "cancelled", "reminder")
WITH_INVITATION = ("registered", "moved_up", "reminder")
ICS_TYPE = "text/calendar; method=PUBLISH; charset=utf-8"


def waiting_position(registration: Registration) -> int | None:
    """Its place on the waiting list (1 = next to move up), None when it is not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.meeting.registrations.waiting_in_order().filter(created_at__lte=registration.created_at)
    return ahead.exclude(created_at=registration.created_at, id__gt=registration.id).count()


def calendar_attachment(registration: Registration) -> MIMEBase:
    """meeting.ics as its own MIME part (base64: its CRLF line ends reach the calendar untouched)."""
    part = MIMEBase("text", "calendar", method="PUBLISH", charset="utf-8")
    part.set_payload(ics_for(registration))
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename="meeting.ics")
    return part


def context_for(registration: Registration, kind: str, *, again: bool = False) -> dict:
    return {"again": again, "registration": registration, "meeting": registration.meeting,
            "registration_url": links.registration_url(registration), "meeting_url": meeting_url(registration),
            "cancel_url": links.cancel_url(registration) if kind != "cancelled" else "",
            "position": waiting_position(registration)}


def mail_registration(registration: Registration, kind: str, *, again: bool = False) -> None:
    """One mail of `kind` to the registrant, in their language (`again`: sent once more, see networking.tasks)."""
    assert kind in KINDS, kind
    attachments = []
    if kind in WITH_INVITATION:
        attachments = [calendar_attachment(registration), ("qr-code.png", qr_png(registration), "image/png")]
    messages.send(f"meeting_{kind}", regie=registration.meeting.regie, to=[registration.email],
                  language=registration.language, context=context_for(registration, kind, again=again),
                  attachments=attachments)


def _version(meeting, values: dict[str, str]) -> SimpleNamespace:
    """The meeting's time and place with `values` (the audit's text form: ISO times) instead of its own."""
    fields = {name: getattr(meeting, name) for name in ("starts_at", "ends_at", "place_name", "street", "postcode",
                                                         "city")}
    for name, value in values.items():
        fields[name] = datetime.datetime.fromisoformat(value) if name.endswith("_at") else value
    return SimpleNamespace(**fields, address_line="{place_name}, {street}, {postcode} {city}".format(**fields))


def mail_changed(registration: Registration, changes: dict[str, list[str]]) -> None:
    """The meeting's time or place changed ({field: [old, new]}): the registrant is told what, old -> new; with a
    place, the new calendar invitation (a higher SEQUENCE) replaces the old one in their calendar."""
    meeting = registration.meeting
    context = {**context_for(registration, "changed"),
               "before": _version(meeting, {name: old for name, (old, _new) in changes.items()}),
               "after": _version(meeting, {name: new for name, (_old, new) in changes.items()}),
               "time_changed": bool({"starts_at", "ends_at"} & set(changes)),
               "place_changed": bool({"place_name", "street", "postcode", "city"} & set(changes))}
    with_place = registration.status == RegistrationStatus.REGISTERED
    messages.send("meeting_changed", regie=meeting.regie, to=[registration.email], language=registration.language,
                  context=context, attachments=[calendar_attachment(registration)] if with_place else ())
