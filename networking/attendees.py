"""The attendee list of a networking moment, for staff: who has a place (alphabetical by company) and, after them,
who waits (in order), as a tagged PDF (PDF/UA, A4) to print at the door with an empty column to sign, and as an
XLSX export with more columns (registration time, language, what they look for, consent).

Pure reads in the active language; the only write is the audit event of an export (`record_export`)."""
import dataclasses
import functools
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from networking.models import Meeting, Registration, RegistrationStatus
from regie.audit import record
from regie.exports.spreadsheets import xlsx_bytes
from regie.pdf import render_pdf

STYLESHEET = Path(__file__).parent / "attendee_list.css"


@dataclasses.dataclass(frozen=True)
class AttendeeList:
    meeting: Meeting
    registered: list[Registration]  # by company, then name
    waiting: list[Registration]  # first come first served

    @property
    def everyone(self) -> list[Registration]:
        return self.registered + self.waiting


def attendee_list(meeting: Meeting) -> AttendeeList:
    """The meeting's registrations that are not cancelled, in list order (one query)."""
    active = list(meeting.registrations.active().select_related("enterprise").order_by("created_at", "id"))
    registered = sorted((r for r in active if r.status == RegistrationStatus.REGISTERED),
                        key=lambda r: (r.company_name.casefold(), r.contact_name.casefold(), r.pk))
    return AttendeeList(meeting, registered, [r for r in active if r.status == RegistrationStatus.WAITING])


DOOR_LIST_LIMIT = 300


def not_checked_in(meeting: Meeting, *, search: str = "") -> list[Registration]:
    """For the door, whoever comes without their QR code: the people with a place not yet checked in, by company
    then name; `search` narrows it to names or companies that contain it (at most DOOR_LIST_LIMIT rows)."""
    rows = meeting.registrations.registered().filter(checked_in_at__isnull=True)
    for word in search.split()[:5]:
        rows = rows.filter(Q(contact_name__icontains=word) | Q(company_name__icontains=word))
    return list(rows.order_by("company_name", "contact_name", "pk")[:DOOR_LIST_LIMIT])


def list_title(meeting: Meeting) -> str:
    """The document's title, in the active language."""
    return _("Attendee list: %(meeting)s") % {"meeting": meeting.title}


def list_filename(meeting: Meeting, extension: str) -> str:
    """aanwezigen-<slug>.pdf, participants-<slug>.xlsx, attendees-<slug>.pdf (in the active language)."""
    name = slugify(_("attendees"))
    return f"{name}-{meeting.slug}.{extension}"


@functools.cache
def stylesheet() -> SafeString:
    """The list's layout (A4 landscape), inlined in its HTML as the remittance advice does."""
    return mark_safe(STYLESHEET.read_text())  # our own file, no user input


def attendee_list_html(meeting: Meeting, *, language: str) -> str:
    attendees = attendee_list(meeting)
    with translation.override(language):
        sections = [(_("Registered: %(count)s") % {"count": len(attendees.registered)}, attendees.registered)]
        if attendees.waiting:
            sections.append((_("Waiting list: %(count)s") % {"count": len(attendees.waiting)}, attendees.waiting))
        return render_to_string("networking/attendee_list_document.html", {
            "meeting": meeting, "language": language, "title": list_title(meeting), "sections": sections,
            "attended": sum(1 for r in attendees.everyone if r.checked_in_at), "stylesheet": stylesheet(),
            "made_at": timezone.now()})


def attendee_list_pdf(meeting: Meeting, *, language: str) -> bytes:
    """The list as a tagged PDF in `language`, to print."""
    return render_pdf(attendee_list_html(meeting, language=language))


def _local(moment):
    return timezone.localtime(moment) if moment else None


def xlsx_headers() -> list[str]:
    return [_("Name"), _("Company"), _("Kind"), _("Enterprise number"), _("E-mail"), _("Status"), _("Checked in"),
            _("Registered at"), _("Language"), _("Looking for"), _("Agreed to introductions")]


def xlsx_row(registration: Registration) -> list:
    r = registration
    return [r.contact_name, r.company_name, r.get_kind_display(), r.enterprise_number_display, r.email,
            r.get_status_display(), _local(r.checked_in_at), _local(r.created_at), r.get_language_display(),
            r.looking_for, _local(r.consented_to_introductions_at)]


def attendee_list_xlsx(meeting: Meeting, *, language: str) -> bytes:
    """The list as a spreadsheet in `language`: registered first, then the waiting list; times in Brussels time."""
    attendees = attendee_list(meeting)
    with translation.override(language):
        return xlsx_bytes(xlsx_headers(), [xlsx_row(r) for r in attendees.everyone], title=_("Attendees"))


def record_export(*, meeting: Meeting, by, file_format: str) -> None:
    """The audit event of a download of the list: who took which personal data, when."""
    with transaction.atomic():
        record(by, "meeting.attendee_list_exported", meeting,
               {"format": file_format, "rows": meeting.registrations.active().count()})
