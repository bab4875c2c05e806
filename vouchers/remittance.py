"""The payment advice a firm gets for each transfer it is paid: one mail per payment (text + HTML, per language among
the firm's users) with a PDF listing the cheques the transfer covers, as its bookkeeping matches them against the
bank statement (amount, booking date, structured communication). The partner page serves the same PDF.

The advice is the batch's regie's: its name heads it, its contact lines close it, the link leads to its host.
Pure reads of a paid `Payment` (frozen when its batch was made): nothing here writes; the task
`vouchers.tasks.mail_remittance_advice` calls `mail_advice` once the payment is paid.
"""
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from enterprises.region import region_line
from vouchers import notifications
from vouchers.models import Payment, Redemption
from vouchers.pdf import render_pdf

STYLESHEET = Path(__file__).parent / "remittance.css"


@functools.cache
def stylesheet() -> SafeString:
    """The advice's own layout (A4 portrait), inlined in its HTML: it overrides the cheque's page rules."""
    return mark_safe(STYLESHEET.read_text())  # our own file, no user input


def masked_iban(iban: str) -> str:
    """The account as the firm recognises it without showing it whole: 'BE** **** **** 7803'."""
    compact = iban.replace(" ", "").upper()
    masked = compact[:2] + "*" * max(len(compact) - 6, 0) + compact[-4:]
    return " ".join(masked[i:i + 4] for i in range(0, len(masked), 4))


def covered(payment: Payment) -> list[Redemption]:
    """The redemptions the transfer pays, with their cheques and customers, in a stable order."""
    return list(payment.redemptions.select_related("voucher__application").order_by("service_date", "pk"))


def payments_url(payment: Payment, language: str) -> str:
    """The firm's payments page, on the host of the regie that paid."""
    with translation.override(language):
        return payment.batch.regie.url(reverse("partner:payments"))


def advice_title(payment: Payment) -> str:
    """The document's title, in the active language."""
    return _("Payment advice %(reference)s") % {"reference": payment.end_to_end_id}


def advice_filename(payment: Payment, language: str) -> str:
    """betalingsadvies-<end-to-end id>.pdf, avis-de-paiement-<...>.pdf or payment-advice-<...>.pdf."""
    with translation.override(language):
        return f"{slugify(_('Payment advice'))}-{payment.end_to_end_id}.pdf"


def advice_context(payment: Payment, language: str, redemptions: list[Redemption]) -> dict[str, Any]:
    return {"payment": payment, "redemptions": redemptions, "language": language, "regie": payment.batch.regie,
            "iban": masked_iban(payment.iban), "count": len(redemptions),
            "total": sum((r.amount for r in redemptions), Decimal("0")),
            "payments_url": payments_url(payment, language)}


def advice_html(payment: Payment, language: str, redemptions: list[Redemption] | None = None) -> str:
    """The advice as an HTML document in `language`, for the PDF."""
    redemptions = covered(payment) if redemptions is None else redemptions
    with translation.override(language):
        return render_to_string("vouchers/remittance_advice.html", {
            **advice_context(payment, language, redemptions), "title": advice_title(payment),
            "places": region_line(payment.batch.regie), "stylesheet": stylesheet(),
            "CONTACT_EMAIL": payment.batch.regie.contact_email, "CONTACT_PHONE": payment.batch.regie.contact_phone})


def advice_pdf(payment: Payment, language: str, redemptions: list[Redemption] | None = None) -> bytes:
    """The advice as a tagged PDF (PDF/UA) in `language`: one A4 page for a usual transfer, more when long."""
    return bytes(render_pdf(advice_html(payment, language, redemptions)))


def mail_advice(payment: Payment) -> None:
    """One mail per language among the firm's users, with the PDF advice in that language attached."""
    redemptions = covered(payment)
    for language, to in notifications.firm_by_language(payment.enterprise).items():
        attachment = (advice_filename(payment, language), advice_pdf(payment, language, redemptions),
                      "application/pdf")
        notifications.send("remittance_advice", regie=payment.batch.regie, to=to, language=language,
                           context=advice_context(payment, language, redemptions), attachments=[attachment])
