"""Partner pages about cheques: the firm's redemptions, and redeeming a cheque in two steps. Each page shows and
takes only the cheques of the regie whose host it is on: another regie's cheque is as unknown as a wrong code."""
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from enterprises.models import SocialEnterprise
from networking.views.partner import home_box
from regie.accounts.two_factor import has_second_factor
from regie.web.throttles import Guessing, Throttle, client_address, too_many
from vouchers import services
from vouchers.forms import FindChequeForm, add_errors
from vouchers.invoices import invoice_response
from vouchers.models import Redemption
from vouchers.models.vouchers import SPENDABLE
from vouchers.redeem_forms import KeptFile, RedemptionForm
from vouchers.selectors import find_voucher, firm_redemption

logger = logging.getLogger(__name__)
BY_USER = Throttle("redeem-user", **settings.REDEEM_GUESSING_LIMITS)
BY_ADDRESS = Guessing("redeem-address", **settings.REDEEM_GUESSING_LIMITS,
                      when_blocked=settings.REDEEM_GUESSING_WHEN_BLOCKED)
SESSION_KEY = "redeem"
KEPT_INVOICE = "redeem_invoice"  # the invoice file of the redeem form, kept between its posts (redeem_forms.KeptFile)
READ = "read_einvoice"


@login_required
def home(request):
    """The user's firms this regie lists, their redemptions of its cheques, its meetings; a firm of the user it does
    not list is named, with whom to ask (its cheques are redeemed by listed firms only)."""
    firms = SocialEnterprise.objects.of_user(request.user).select_related("postcode__municipality")
    listed = list(firms.of_regie(request.regie).annotate(is_published=F("listings__is_published")))  # this regie's
    redemptions = (Redemption.objects.filter(enterprise__in=firms, voucher__call__regie=request.regie)
                   .select_related("voucher__application", "enterprise").prefetch_related("check_proofs")
                   .order_by("-submitted_at")[:200])
    return TemplateResponse(request, "vouchers/partner_home.html", {
        "firms": listed, "not_listed": [firm for firm in firms if firm not in listed], "redemptions": redemptions,
        "second_factor": has_second_factor(request.user),
        **(home_box(request.user, listed, request.regie) if listed else {})})


def _attempt(request):
    """Count a possession proof (code + enterprise number) as wrong per user and per client until it proves
    right; (a refusal to give now, or None; the client's guess)."""
    attempt = BY_USER.attempt(request.user.pk)
    if not attempt.allowed:
        return too_many(request, "vouchers/partner_blocked.html", attempt), None
    guess = BY_ADDRESS.attempt(request)
    refused = guess.refused
    return (too_many(request, "vouchers/partner_blocked.html", refused) if refused else None), guess


def _give_back(request):
    BY_USER.give_back(request.user.pk)
    BY_ADDRESS.right(request)


@login_required
def find_cheque(request):
    """Step 1: the code from the paper cheque and the customer's enterprise number."""
    firms = SocialEnterprise.objects.of_user(request.user).of_regie(request.regie)
    if not firms.exists():  # the home page says why: no firm, or none this regie lists
        return redirect("partner:home")
    form = FindChequeForm(request.POST or None, firms=firms)
    if request.method == "POST" and form.is_valid():
        refused, guess = _attempt(request)
        if refused is not None:
            return refused
        voucher = find_voucher(regie=request.regie, code=form.cleaned_data["code"],
                               enterprise_number=form.cleaned_data["enterprise_number"])
        if voucher is not None and voucher.current_status() in SPENDABLE:
            _give_back(request)
            request.session.pop(KEPT_INVOICE, None)  # a file kept for the cheque found before
            request.session[SESSION_KEY] = {"voucher": voucher.pk, "firm": form.cleaned_data["firm"].pk,
                                            "code": voucher.code, "number": form.cleaned_data["enterprise_number"]}
            return redirect("partner:redeem_details")
        if not guess.failure.allowed:  # this client is past its limit: only a right proof still goes
            return too_many(request, "vouchers/partner_blocked.html", guess.failure)
        logger.warning("Cheque not found for user %s from %s", request.user.pk, client_address(request))
        form.add_error(None, _("This code and enterprise number do not match a valid cheque. "
                               "Check both and try again."))
    return TemplateResponse(request, "vouchers/partner_find_cheque.html", {"form": form})


def _recorded(request):
    """The redemption this user already recorded with the posted submission key (a double click), or None."""
    key = request.POST.get("submission_key") if request.method == "POST" else None
    try:
        return Redemption.objects.filter(submission_key=key, submitted_by=request.user).first() if key else None
    except ValidationError:  # not a UUID
        return None


def _recorded_page(request):
    messages.success(request, _("The redemption is recorded. The customer is asked to confirm it."))
    return redirect("partner:home")


def _done(request):
    request.session.pop(SESSION_KEY, None)
    request.session.pop(KEPT_INVOICE, None)
    return _recorded_page(request)


def _kept(request, voucher):
    """The invoice file kept for this cheque on an earlier post, or None."""
    value = request.session.get(KEPT_INVOICE) or {}
    return KeptFile.from_session(value) if value.get("cheque") == voucher.pk else None


def _keep(request, form, voucher):
    """Keep the form's invoice file in the session (for this cheque), so that the next post need not choose it
    again; a file that was refused is dropped; another tab's cheque keeps its own."""
    kept = form.file_to_keep()
    if kept is not None and len(kept.content) <= settings.EINVOICE_MAX_BYTES:
        request.session[KEPT_INVOICE] = {"cheque": voucher.pk, **kept.for_session()}
    elif not form.other_cheque:
        request.session.pop(KEPT_INVOICE, None)


@login_required
def redeem(request):
    """Step 2: the invoice and the amount, for the cheque found in step 1. An e-invoice can be read first, to fill
    in the form (the button "Read the e-invoice"); the file is kept between posts."""
    if _recorded(request) is not None:  # the same form posted again: the same answer, nothing twice
        return _done(request)
    found = request.session.get(SESSION_KEY)
    firm = SocialEnterprise.objects.of_user(request.user).of_regie(request.regie).filter(
        pk=(found or {}).get("firm")).first()
    voucher = find_voucher(regie=request.regie, code=(found or {}).get("code"),
                           enterprise_number=(found or {}).get("number"))
    if firm is None or voucher is None:
        return redirect("partner:redeem")
    form = RedemptionForm(request.POST or None, request.FILES or None, cheque=voucher.pk, kept=_kept(request, voucher))
    if request.method == "POST" and READ in request.POST:
        form.read_einvoice(voucher=voucher, firm=firm)
    elif request.method == "POST" and form.is_valid():
        try:
            services.submit_redemption(
                regie=request.regie, code=voucher.code, customer_enterprise_number=found["number"], enterprise=firm,
                by=request.user, submission_key=form.cleaned_data["submission_key"], data=form.cleaned_data,
                **form.invoice_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request)
    _keep(request, form, voucher)
    return TemplateResponse(request, "vouchers/partner_redeem.html", {"form": form, "voucher": voucher, "firm": firm})


@login_required
def invoice(request, public_id):
    redemption = firm_redemption(regie=request.regie, user=request.user, public_id=public_id)
    if redemption is None:
        raise Http404
    return invoice_response(redemption)
