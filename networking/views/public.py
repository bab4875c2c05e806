"""The networking moments on the public site: the list, a meeting's page with the registration form, the "you are
registered" page, and the registrant's personal page (signed link, no password) with its QR code, calendar file,
cancelling and consent to introductions. Views are thin: the writes are networking.services'."""
import io

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from networking import links, services
from networking.calendar import ics_for
from networking.exceptions import RegistrationRefused
from networking.forms import RegistrationForm
from networking.models import Meeting, Registration, RegistrationKind, RegistrationStatus
from networking.notifications import ICS_TYPE, waiting_position
from networking.qr import qr_svg
from networking.services.introductions import give_consent, withdraw_consent
from regie.web.throttles import ClientThrottle, too_many

REGISTRATIONS = ClientThrottle("meeting-register", **settings.APPLICATION_LIMITS)  # as many as applications
SESSION_KEY = "meeting_registration"  # the public id of the registration just made: no personal data in URLs
PAST_SHOWN = 6


def _with_places(meeting):
    meeting.places_left = max(0, meeting.capacity - meeting.registered_count)
    return meeting


def meetings(request):
    published = Meeting.objects.published().with_counts()
    return TemplateResponse(request, "networking/meetings.html", {
        "upcoming": [_with_places(meeting) for meeting in published.upcoming().order_by("starts_at", "id")],
        "past": published.past().order_by("-starts_at", "-id")[:PAST_SHOWN]})


def _state(meeting):
    """What the page offers: "over", "closed", "firms" (no form for businesses), "full" (waiting list), "open"."""
    if meeting.is_over():
        return "over"
    if not meeting.registration_open():
        return "closed"
    if not meeting.open_to(RegistrationKind.BUSINESS):
        return "firms"
    return "full" if meeting.places_left == 0 else "open"


def meeting(request, slug):
    meeting = _with_places(get_object_or_404(Meeting.objects.published().with_counts(), slug=slug))
    state = _state(meeting)
    posted = request.method == "POST" and state in ("open", "full")
    if posted and not (attempt := REGISTRATIONS.attempt(request)).allowed:
        return too_many(request, "regie/too_many_mails.html", attempt)
    form = RegistrationForm(request.POST if posted else None, initial={"language": request.LANGUAGE_CODE})
    if posted and form.is_valid() and (done := _register(request, meeting, form)) is not None:
        return done
    return TemplateResponse(request, "networking/meeting.html", {"meeting": meeting, "state": state, "form": form})


def _register(request, meeting, form):
    """Store the valid form's registration and go to the "registered" page; None (the refusal shown on the
    form, nothing lost) when the service refuses."""
    registration = form.resubmitted  # a double click or back-and-resend: the first one stands
    if registration is None:
        try:
            registration = services.register_business(meeting=meeting, **form.service_arguments())
        except RegistrationRefused as refused:
            form.add_error("email" if refused.code == "duplicate" else None, refused.message)
            return None
    request.session[SESSION_KEY] = str(registration.public_id)
    return redirect("networking:registered", slug=meeting.slug)


def registered(request, slug):
    public_id = request.session.get(SESSION_KEY)
    registration = Registration.objects.filter(public_id=public_id, meeting__slug=slug).select_related(
        "meeting").first() if public_id else None
    if registration is None:
        return redirect("networking:meeting", slug=slug)
    return TemplateResponse(request, "networking/registered.html", {
        "registration": registration, "meeting": registration.meeting, "position": waiting_position(registration)})


def _invalid_link(request):
    """The friendly answer to a forged, tampered or expired link (as vouchers/link_invalid.html)."""
    return TemplateResponse(request, "networking/registration.html", {"invalid": True}, status=403)


def _page(request, registration, token, **extra):
    registered_now = registration.status == RegistrationStatus.REGISTERED
    return TemplateResponse(request, "networking/registration.html", {
        "registration": registration, "meeting": registration.meeting, "token": token,
        "position": waiting_position(registration), "over": registration.meeting.is_over(),
        "qr": qr_svg(registration) if registered_now else "",
        "can_cancel": registration.is_active and not registration.meeting.is_over(),
        "chose_firms": registration.interested_categories.exists() or registration.interested_enterprises.exists(),
        **extra})


def registration(request, token):
    """The registrant's personal page; a POST gives or withdraws the consent to introductions."""
    registration = links.registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    if request.method == "POST" and registration.kind == RegistrationKind.BUSINESS:
        if request.POST.get("consent") == "give":
            give_consent(registration=registration)
            messages.success(request, _("Thank you: the firms you chose receive your details as an introduction."))
        elif request.POST.get("consent") == "withdraw":
            withdraw_consent(registration=registration)
            messages.success(request, _("Your consent is withdrawn: the firms no longer see your contact details."))
        return redirect("networking:registration", token=token)
    return _page(request, registration, token)


def cancel(request, token):
    """GET asks "are you sure?" (a link scanner cancels nothing); POST cancels and frees the place."""
    registration = links.registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    if not registration.is_active:
        return redirect("networking:registration", token=token)
    if request.method != "POST":
        return _page(request, registration, token, confirm_cancel=True)
    try:
        services.cancel_registration(registration=registration)
        messages.success(request, _("Your registration is cancelled. We have sent you a confirmation by e-mail."))
    except RegistrationRefused as refused:
        messages.error(request, refused.message)
    return redirect("networking:registration", token=token)


def calendar(request, token):
    """The calendar file (.ics) of the registration, as the mails attach it."""
    registration = links.registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    if not registration.is_active:
        return redirect("networking:registration", token=token)
    response = FileResponse(io.BytesIO(ics_for(registration)), as_attachment=True, filename="meeting.ics",
                            content_type=ICS_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
