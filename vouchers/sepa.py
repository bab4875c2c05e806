"""The payments of a payout batch, as a SEPA credit transfer file (pain.001, sepaxml) and as CSV.

Each payment carries a Belgian structured communication (+++123/4567/89002+++) in the
remittance information, which Belgian banks recognise there.
"""
import csv
import io
from collections import namedtuple
from decimal import Decimal

from django.conf import settings
from sepaxml import SepaTransfer
from stdnum.be import ogm_vcs

Payment = namedtuple("Payment", "end_to_end_id enterprise iban amount communication redemptions")


def structured_communication(base):
    """`base`: up to 10 digits -> '+++123/4567/89002+++' with its mod-97 check digits."""
    base = f"{int(base) % 10**10:010d}"
    number = base + ogm_vcs.calc_check_digits(base)
    return f"+++{ogm_vcs.format(number)}+++"


def payments(batch):
    """One payment per firm (summing its redemptions) or one per redemption, in a stable order."""
    redemptions = list(batch.redemptions.select_related("enterprise").order_by("enterprise__name", "pk"))
    if not batch.one_payment_per_firm:
        return [Payment(f"{batch.reference}-R{r.pk}", r.enterprise, r.enterprise.iban, r.amount,
                        structured_communication(f"{batch.pk % 10**4:04d}{r.pk % 10**6:06d}"), [r])
                for r in redemptions]
    by_firm = {}
    for redemption in redemptions:
        by_firm.setdefault(redemption.enterprise, []).append(redemption)
    return [Payment(f"{batch.reference}-F{firm.pk}", firm, firm.iban, sum((r.amount for r in group), Decimal("0")),
                    structured_communication(f"{batch.pk % 10**5:05d}{firm.pk % 10**5:05d}"), group)
            for firm, group in by_firm.items()]


def sepa_xml(batch):
    debtor = settings.PAYOUT_DEBTOR
    transfer = SepaTransfer({"name": debtor["name"], "IBAN": debtor["IBAN"], "BIC": debtor["BIC"], "batch": True,
                             "currency": "EUR"}, clean=True)
    for payment in payments(batch):
        transfer.add_payment({
            "name": payment.enterprise.name, "IBAN": payment.iban, "amount": int(payment.amount * 100),
            "execution_date": batch.execution_date, "description": payment.communication,
            "endtoend_id": payment.end_to_end_id,
        })
    return transfer.export(validate=True)


def payout_csv(batch):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(["end_to_end_id", "enterprise", "enterprise_number", "iban", "amount_eur", "communication",
                     "redemptions", "invoices"])
    for payment in payments(batch):
        writer.writerow([payment.end_to_end_id, payment.enterprise.name, payment.enterprise.enterprise_number,
                         payment.iban, f"{payment.amount:.2f}".replace(".", ","), payment.communication,
                         " ".join(str(r.pk) for r in payment.redemptions),
                         " ".join(r.invoice_number for r in payment.redemptions)])
    return output.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the accents
