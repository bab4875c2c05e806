"""The applicant's personal page, reached by a signed link from the e-mails (no password); the limits on what
anyone can trigger from the public form (asking for a new link; applying is limited in views/public.py).

A link opens its application only on the host of the application's regie: on another regie's host it is as invalid
as a forged one."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regie.web.throttles import Attempt, MailRequests, too_many
from vouchers import links, services
from vouchers.exceptions import TransitionError
from vouchers.forms import ApplicantLinkForm
from vouchers.models import Redemption
from vouchers.pdf import cheque_filename
from vouchers.services.applications import set_introduction_consent

LINK_REQUESTS = MailRequests("applicant-link")  # per client (429) and per recipient (silently)

def _invalid_link(request):
    return TemplateResponse(request, "vouchers/link_invalid.html", {"form": ApplicantLinkForm()}, status=403)


def _of_this_regie(request, application):
    return application if application is not None and application.call.regie_id == request.regie.pk else None


def confirm_email(request, token):
    application = _of_this_regie(request, links.application_for_token(token, links.CONFIRM_SALT,
                                                                       links.CONFIRM_MAX_AGE))
    if application is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.confirm_email(application=application)
        return redirect("vouchers:applicant", token=links.make_token(application, links.APPLICANT_SALT))
    return TemplateResponse(request, "vouchers/confirm_email.html", {"application": application})


def _application(request, token):
    return _of_this_regie(request, links.application_for_token(token, links.APPLICANT_SALT, links.APPLICANT_MAX_AGE))


def applicant(request, token):
    application = _application(request, token)
    if application is None:
        return _invalid_link(request)
    voucher = getattr(application, "voucher", None)
    redemptions = voucher.redemptions.select_related("enterprise").order_by("submitted_at") if voucher else []
    return TemplateResponse(request, "vouchers/applicant.html", {
        "application": application, "voucher": voucher, "token": token, "redemptions": redemptions,
        "voucher_status": voucher.current_status() if voucher else None,
    })


@require_POST
def withdraw(request, token):
    application = _application(request, token)
    if application is None:
        return _invalid_link(request)
    try:
        services.withdraw_application(application=application)
        messages.success(request, _("Your application has been withdrawn."))
    except TransitionError as error:
        messages.error(request, error.message)
    return redirect("vouchers:applicant", token=token)


@require_POST
def introductions_consent(request, token):
    """The applicant gives or withdraws the consent to be introduced to the firms concerned."""
    application = _application(request, token)
    if application is None:
        return _invalid_link(request)
    consent = request.POST.get("consent") == "yes"
    set_introduction_consent(application=application, consent=consent)
    messages.success(request, _("Thank you: the firms concerned receive your details.") if consent else
                     _("Your consent is withdrawn: the firms no longer see your details."))
    return redirect("vouchers:applicant", token=token)


def cheque_pdf(request, token):
    application = _application(request, token)
    voucher = getattr(application, "voucher", None) if application else None
    if voucher is None or not voucher.is_downloadable():
        raise Http404
    pdf = services.store_cheque_pdf(voucher=voucher)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cheque_filename(voucher)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def request_link(request):
    """A fresh link to one's application: the same answer whether or not it matches, and mails limited
    per address (429) and per recipient (silently)."""
    form = ApplicantLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = LINK_REQUESTS.check(request, form.cleaned_data["email"])
        if isinstance(refused, Attempt):
            return too_many(request, "regie/too_many_mails.html", refused)
        if refused is None:
            services.send_applicant_link(regie=request.regie, **form.cleaned_data)
        return TemplateResponse(request, "vouchers/link_sent.html", {"email": form.cleaned_data["email"]})
    return TemplateResponse(request, "vouchers/request_link.html", {"form": form})


def _own_redemption(application, public_id):
    redemption = Redemption.objects.filter(public_id=public_id, voucher__application=application).first()
    if redemption is None:
        raise Http404
    return redemption


@require_POST
def answer_redemption(request, token, public_id, answer):
    """The customer confirms or contests a use of their cheque."""
    application = _application(request, token)
    if application is None:
        return _invalid_link(request)
    redemption = _own_redemption(application, public_id)
    try:
        if answer == "confirm":
            services.confirm_redemption(redemption=redemption)
            messages.success(request, _("Thank you: you confirmed this use of your cheque."))
        else:
            services.contest_redemption(redemption=redemption, reason=request.POST.get("reason", ""))
            messages.success(request, _("Thank you: the coordinator looks into your objection and contacts you."))
    except ValidationError:
        messages.error(request, _("Please tell us why you contest this use of your cheque."))
    except TransitionError as error:
        messages.error(request, error.message)
    return redirect("vouchers:applicant", token=token)
