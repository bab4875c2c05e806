"""What an erasure on request keeps of a business, and until when (the schedule's entry kept_after_erasure): its
enterprise number and the invoices of its cheques' uses, for the accounts and the record of state aid. Shown to
the coordinator before and after the erasure, and listed in the business's data export."""
from dataclasses import dataclass, field

from vouchers.models import Application, Redemption
from vouchers.privacy.retention import kept_until


@dataclass
class Kept:
    until: object = None  # the last day the enterprise number is kept; None: an erasure keeps nothing
    invoices: list = field(default_factory=list)


def _invoice(redemption, until):
    return {"invoice_number": redemption.invoice_number, "invoice_date": redemption.invoice_date,
            "firm": redemption.enterprise.name, "invoice_amount_excluding_vat": redemption.invoice_amount,
            "amount_of_the_cheque_used": redemption.amount, "kept_until": until}


def what_an_erasure_keeps(number, *, regie=None):
    """Kept: the business's invoices in the order of its cheques (of `regie`'s calls; None: of every call), each
    with the last day it is kept."""
    kept = Kept()
    applications = Application.objects.within(regie).filter(enterprise_number=number, voucher__isnull=False)
    applications = applications.select_related("call", "voucher").order_by("submitted_at", "pk")
    for application in applications:
        until = kept_until(application)
        kept.until = max(kept.until or until, until)
        redemptions = Redemption.objects.filter(voucher=application.voucher).select_related("enterprise")
        kept.invoices += [_invoice(redemption, until) for redemption in redemptions.order_by("invoice_date", "pk")]
    return kept
