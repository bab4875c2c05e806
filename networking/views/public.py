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
from networking.models import Meeting, RegistrationKind, RegistrationStatus
from networking.notifications import ICS_TYPE, waiting_position
from networking.qr import qr_svg
from networking.services.introductions import give_consent, withdraw_consent
from networking.services.registrations import confirm_registration_email, resend_registration_mail, set_listed
from regie.web.throttles import ClientThrottle, too_many

REGISTRATIONS = ClientThrottle("meeting-register", **settings.APPLICATION_LIMITS)  # as many as applications
SESSION_KEY = "meeting_registration"  # {"meeting": slug, "email": address typed}: no personal data in URLs
PAST_SHOWN = 6


def _with_places(meeting):
    meeting.places_left = max(0, meeting.capacity - meeting.registered_count)
    return meeting


def meetings(request):
    published = Meeting.objects.published().filter(regie=request.regie).with_counts()
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
    meeting = _with_places(get_object_or_404(Meeting.objects.published().with_counts(), slug=slug,
                                             regie=request.regie))
    state = _state(meeting)
    posted = request.method == "POST" and state in ("open", "full")
    if posted and not (attempt := REGISTRATIONS.attempt(request)).allowed:
        return too_many(request, "regie/too_many_mails.html", attempt)
    form = RegistrationForm(request.POST if posted else None, initial={"language": request.LANGUAGE_CODE},
                            meeting=meeting)
    if posted and form.is_valid() and (done := _register(request, meeting, form)) is not None:
        return done
    return TemplateResponse(request, "networking/meeting.html", {"meeting": meeting, "state": state, "form": form})


def _register(request, meeting, form):
    """Store the valid form's registration and go to the "registered" page; None (the refusal shown on the
    form, nothing lost) when the service refuses. An address that already has a place or waits gets its mail
    again and the same page as a new one: the page never tells whether an address was known."""
    if form.resubmitted is None:  # else a double click or back-and-resend: the first one stands
        try:
            services.register_business(meeting=meeting, **form.service_arguments())
        except RegistrationRefused as refused:
            if refused.code != "duplicate":
                form.add_error(None, refused.message)
                return None
            resend_registration_mail(meeting=meeting, email=form.cleaned_data["email"])
    request.session[SESSION_KEY] = {"meeting": meeting.slug, "email": form.cleaned_data["email"]}
    return redirect("networking:registered", slug=meeting.slug)


def registered(request, slug):
    """The "check your mailbox" page: the same words for a new registration and for an address already registered
    (whose mail went out again), so that nobody learns from this page who registered."""
    done = request.session.get(SESSION_KEY)
    if not isinstance(done, dict) or done.get("meeting") != slug:
        return redirect("networking:meeting", slug=slug)
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug, regie=request.regie)
    return TemplateResponse(request, "networking/registered.html", {"meeting": meeting, "email": done["email"]})


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


def _confirm(registration):
    registration = confirm_registration_email(registration=registration)
    if registration.has_consent:
        return _("Thank you: your e-mail address is confirmed, and the firms you chose receive your details as an "
                 "introduction.")
    return _("Thank you: your e-mail address is confirmed.")


def _give_consent(registration):
    give_consent(registration=registration)
    if registration.email_confirmed_at is None:
        return _("Thank you. Confirm your e-mail address on this page: the firms you chose receive your details "
                 "once it is confirmed.")
    return _("Thank you: the firms you chose receive your details as an introduction.")


def _withdraw_consent(registration):
    withdraw_consent(registration=registration)
    return _("Your consent is withdrawn: the firms no longer see your contact details.")


def _set_listed(registration, listed):
    set_listed(registration=registration, listed=listed)
    if listed:
        return _("After the meeting, the other attendees see your company's name and can ask to meet you again.")
    return _("The other attendees no longer see your company's name.")


def _act(request, registration):
    """The personal page's buttons: confirm the address, consent to introductions, be listed for attendees.
    Returns the message to show, None for an unknown button."""
    post, business = request.POST, registration.kind == RegistrationKind.BUSINESS
    if "confirm" in post:
        return _confirm(registration)
    if business and post.get("consent") == "give":
        return _give_consent(registration)
    if business and post.get("consent") == "withdraw":
        return _withdraw_consent(registration)
    if post.get("listed") in ("yes", "no") and registration.is_active:
        return _set_listed(registration, post["listed"] == "yes")
    return None


def registration(request, token):
    """The registrant's personal page; its POSTs confirm the address, give or withdraw the consent to
    introductions and switch the listing for the other attendees on or off."""
    registration = links.registration_for_token(token, regie=request.regie)
    if registration is None:
        return _invalid_link(request)
    if request.method == "POST":
        if (done := _act(request, registration)) is not None:
            messages.success(request, done)
        return redirect("networking:registration", token=token)
    return _page(request, registration, token)


def cancel(request, token):
    """GET asks "are you sure?" (a link scanner cancels nothing); POST cancels and frees the place."""
    registration = links.registration_for_token(token, regie=request.regie)
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
    registration = links.registration_for_token(token, regie=request.regie)
    if registration is None:
        return _invalid_link(request)
    if not registration.is_active:
        return redirect("networking:registration", token=token)
    response = FileResponse(io.BytesIO(ics_for(registration)), as_attachment=True, filename="meeting.ics",
                            content_type=ICS_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
