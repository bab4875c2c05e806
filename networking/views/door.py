"""The door of a networking moment, for staff on a phone: the page that scans the personal QR codes (or takes a
typed code) and checks people in; the page a phone's own camera app opens from such a QR code; and the attendee
list as PDF and XLSX.

Staff only: signed in to the admin (with the second factor where it is asked) and with the permission; anyone else
is sent to the admin's log-in, except on a scanned code's page, which tells them what the code is and nothing more.
Checking in is a POST (B's networking.services.checkin.check_in); a GET never changes anything."""
import dataclasses
import functools
import io

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_permissions_policy import PermissionsPolicyMiddleware

from networking import attendees
from networking.exceptions import CheckInRefused
from networking.models import Meeting, Registration
from networking.services import check_in
from networking.services.checkin import door_open, not_now
from regie.web.hosts import RegieRequest

CHECK_IN = "networking.check_in_registration"
VIEW_LIST = "networking.view_attendee_list"
TONES = {"welcome": "alert-success", "already": "alert-warning", "refused": "alert-danger"}


@dataclasses.dataclass(frozen=True)
class Result:
    """What the door says after a code: tone "welcome" (green), "already" (amber) or "refused" (red)."""

    tone: str
    message: str

    @property
    def css(self):
        return TONES[self.tone]


def _may(request, permission):
    """'yes'; 'login' (not signed in to the admin with the second factor); 'no' (staff without the permission)."""
    if not admin.site.has_permission(request):
        return "login"
    return "yes" if request.user.has_perm(permission) else "no"


def staff_only(permission):
    def decorate(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            may = _may(request, permission)
            if may == "login":
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if may == "no":
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return guarded
    return decorate


def camera_allowed():
    """The portal's Permissions-Policy with the camera allowed to this site: for the door page only."""
    policy = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}
    return PermissionsPolicyMiddleware.compute_header_value(policy, name="door page")


def attempt(meeting, code, user):
    """Check the code in at this meeting's door; the Result to show."""
    code = code.strip()
    if not code:
        return Result("refused", _("Scan a QR code or type a code first."))
    try:
        done = check_in(meeting=meeting, code=code, by=user)
    except CheckInRefused as refusal:
        return Result("refused", str(refusal))
    who = {"name": done.registration.contact_name, "company": done.registration.company_name}
    if done.first_time:
        return Result("welcome", _("Welcome, %(name)s, %(company)s") % who)
    at = timezone.localtime(done.registration.checked_in_at or done.at)
    message = _("Already checked in at %(time)s: %(name)s, %(company)s") % {**who, "time": f"{at:%H:%M}"}
    return Result("already", message)


def counts_text(meeting):
    counted = Meeting.objects.with_counts().get(pk=meeting.pk)
    return _("%(attended)s of %(registered)s checked in") % {
        "attended": counted.attended_count, "registered": counted.registered_count}


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


@require_http_methods(["GET", "POST"])
@staff_only(CHECK_IN)
def door(request: RegieRequest, slug: str) -> HttpResponse:
    """The door page: counters, the camera scanner (static/js/door.js), the typed code and the list of those with a
    place not yet checked in (searchable with ?q=, each with its own button: for whoever has no QR code with
    them); a POST checks in."""
    meeting = get_object_or_404(Meeting, slug=slug, regie=request.regie)
    result = attempt(meeting, request.POST.get("code", ""), request.user) if request.method == "POST" else None
    counts = counts_text(meeting)
    if result is not None and _wants_json(request):
        return JsonResponse({"tone": result.tone, "message": result.message, "counts": counts})
    search = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    response = TemplateResponse(request, "networking/door.html", {
        "meeting": meeting, "result": result, "counts": counts, "search": search,
        "expected": attendees.not_checked_in(meeting, search=search), "may_list": request.user.has_perm(VIEW_LIST)})
    response._permissions_policy_override = camera_allowed()  # type: ignore[attr-defined]
    return response


def _scanned_result(request, registration, code):
    if registration is None:
        return Result("refused", str(CheckInRefused.messages["unknown"]))
    if request.method == "POST":
        return attempt(registration.meeting, code, request.user)
    if not door_open(registration.meeting):  # no button to press on another day
        return Result("refused", str(not_now(registration.meeting)))
    return None


@require_http_methods(["GET", "POST"])
def check_in_code(request: RegieRequest, code: str) -> HttpResponse:
    """The address in a personal QR code, as a phone's camera app opens it. Staff: who it is, and a button to
    check in. Anyone else: what the code is, nothing about whom."""
    if _may(request, CHECK_IN) != "yes":
        return TemplateResponse(request, "networking/door_scanned.html", {
            "personal": True, "login_url": f"{reverse('admin:login')}?next={request.path}"})
    registration = Registration.objects.select_related("meeting").filter(
        check_in_code=code[:32], meeting__regie=request.regie).first()  # another regie's code is unknown here
    result = _scanned_result(request, registration, code)
    if registration is not None:
        registration.refresh_from_db(fields=["status", "checked_in_at"])
    return TemplateResponse(request, "networking/door_scanned.html", {
        "registration": registration, "result": result,
        "meeting": registration.meeting if registration else None})


def _language(request):
    """The language of the page the list was opened from (the Dutch door page gives a Dutch list)."""
    return getattr(request, "LANGUAGE_CODE", None) or translation.get_language()


@staff_only(VIEW_LIST)
def attendee_list_pdf(request: RegieRequest, slug: str) -> FileResponse:
    meeting = get_object_or_404(Meeting, slug=slug, regie=request.regie)
    language = _language(request)
    pdf = attendees.attendee_list_pdf(meeting, language=language)
    attendees.record_export(meeting=meeting, by=request.user, file_format="pdf")
    with translation.override(language):
        filename = attendees.list_filename(meeting, "pdf")
    return FileResponse(io.BytesIO(pdf), as_attachment=True, filename=filename, content_type="application/pdf")


@staff_only(VIEW_LIST)
def attendee_list_xlsx(request: RegieRequest, slug: str) -> FileResponse:
    meeting = get_object_or_404(Meeting, slug=slug, regie=request.regie)
    language = _language(request)
    data = attendees.attendee_list_xlsx(meeting, language=language)
    attendees.record_export(meeting=meeting, by=request.user, file_format="xlsx")
    with translation.override(language):
        filename = attendees.list_filename(meeting, "xlsx")
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
