"""Partner pages about payouts: each transfer to the user's firms (paid, or returned by the bank) with the cheques
it covers, and its payment advice as a PDF (vouchers.remittance) in the page's language."""
import io

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation

from enterprises.models import SocialEnterprise
from vouchers import remittance
from vouchers.models import Payment, PaymentStatus, Redemption

SHOWN = (PaymentStatus.PAID, PaymentStatus.RETURNED)


def _payments_of(request):
    """The transfers to the user's firms from the regie whose host the page is on."""
    return Payment.objects.filter(enterprise__in=SocialEnterprise.objects.of_user(request.user),
                                  batch__regie=request.regie)


@login_required
def payments(request: HttpRequest) -> HttpResponse:
    covered = Redemption.objects.select_related("voucher__application").order_by("service_date", "pk")
    shown = (_payments_of(request).filter(status__in=SHOWN).select_related("enterprise")
             .prefetch_related(Prefetch("redemptions", queryset=covered))
             .order_by(Coalesce("returned_on", "booked_on").desc(), "-pk")[:200])
    several_firms = SocialEnterprise.objects.of_user(request.user).count() > 1
    return TemplateResponse(request, "vouchers/partner_payments.html", {
        "payments": [(p, remittance.masked_iban(p.iban)) for p in shown], "several_firms": several_firms})


@login_required
def advice(request: HttpRequest, end_to_end_id: str) -> FileResponse:
    """The PDF advice of a paid transfer of one of the user's firms; 404 for any other."""
    payment = get_object_or_404(_payments_of(request), end_to_end_id=end_to_end_id, status=PaymentStatus.PAID)
    language = translation.get_language()
    pdf = remittance.advice_pdf(payment, language)
    return FileResponse(io.BytesIO(pdf), as_attachment=True, filename=remittance.advice_filename(payment, language),
                        content_type="application/pdf")
