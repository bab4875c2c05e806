"""Public pages: apply for a cheque, and check a cheque's validity (the QR code's address)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from enterprises.register.lookup import register_loaded
from regie.web.throttles import ClientThrottle, Guessing, too_many
from vouchers import services
from vouchers.codes import normalize_code
from vouchers.forms import ApplicationForm, add_errors
from vouchers.models import Application
from vouchers.selectors import open_call, regie_voucher, upcoming_call

CODE_GUESSING = Guessing("cheque-code", **settings.CODE_GUESSING_LIMITS)
APPLICATIONS = ClientThrottle("apply", **settings.APPLICATION_LIMITS)
# "Look up in the enterprise register" re-renders the form and stores nothing: it has its own, looser limit and
# never counts against the applications (a business that looks up three times can still apply).
LOOKUPS = ClientThrottle("apply-lookup", limit=60, window_seconds=3600)
LOOKUP = "lookup"


def home(request):
    """What the cheque is, who can apply, how it works; the way in when a call is open."""
    return TemplateResponse(request, "vouchers/home.html", {"open_call": open_call(request.regie)})


def apply(request):
    lookup = request.method == "POST" and LOOKUP in request.POST
    throttle = LOOKUPS if lookup else APPLICATIONS
    if request.method == "POST" and not (attempt := throttle.attempt(request)).allowed:
        return too_many(request, "regie/too_many_mails.html", attempt)
    call = open_call(request.regie)
    if call is None:
        return TemplateResponse(request, "vouchers/apply_closed.html", {"upcoming": upcoming_call(request.regie)})
    form = ApplicationForm(request.POST or None, call=call, initial={"language": request.LANGUAGE_CODE})
    if lookup:
        form.look_up()
    elif request.method == "POST" and form.is_valid() and (done := _submit(request, call, form)) is not None:
        return done
    return TemplateResponse(request, "vouchers/apply.html", {"form": form, "call": call,
                                                             "register": register_loaded()})


def _submit(request, call, form):
    """Store the valid form's application and go to the "sent" page; None when a rule broke meanwhile."""
    data = form.cleaned_data
    if form.resubmitted is not None:
        request.session["submitted_application"] = str(form.resubmitted.public_id)
        return redirect("vouchers:submitted")
    try:
        application = services.submit_application(
            call=call, submission_key=data["submission_key"], data=data,
            categories=data["interested_categories"], enterprises=data["interested_enterprises"],
        )
    except ValidationError as error:  # a rule broken between the form check and the save
        add_errors(form, error)
        return None
    request.session["submitted_application"] = str(application.public_id)
    return redirect("vouchers:submitted")


def submitted(request):
    public_id = request.session.get("submitted_application")
    application = (Application.objects.filter(public_id=public_id, call__regie=request.regie).first() if public_id
                   else None)
    if application is None:
        return redirect("vouchers:apply")
    return TemplateResponse(request, "vouchers/submitted.html", {"application": application})


def verify(request, code):
    """What anyone scanning a cheque may know: valid, partly used, used up, expired, cancelled or unknown.

    Never personal data; malformed and unknown codes, and the codes of another regie's cheques, get the same
    answer; wrong codes are limited per client (an IPv4 address, an IPv6 /64); past the limit a real cheque's code
    is still answered, a few times.
    """
    guess = CODE_GUESSING.attempt(request)
    if guess.refused is not None:
        return too_many(request, "vouchers/verify_blocked.html", guess.refused)
    normalized = normalize_code(code)
    voucher = regie_voucher(regie=request.regie, code=normalized)
    if voucher is None and not guess.failure.allowed:
        return too_many(request, "vouchers/verify_blocked.html", guess.failure)
    if voucher is None:
        return TemplateResponse(request, "vouchers/verify.html", {"unknown": True}, status=404)
    CODE_GUESSING.right(request)
    if normalized != code:
        return redirect("vouchers:verify", code=normalized)
    return TemplateResponse(request, "vouchers/verify.html", {
        "voucher": voucher, "status": voucher.current_status(),
    })
