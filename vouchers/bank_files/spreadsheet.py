"""The payments of a payout batch as CSV for finance's spreadsheet: semicolons, a comma in amounts,
headers in the reader's language, enterprise numbers that stay text, no cell read as a formula, and the
structured communication as Belgians write it: +++123/4567/89012+++."""
from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from regie.exports.spreadsheets import safe_cell
from regie.formats.numbers import format_enterprise_number
from vouchers.bank_files.sepa import payments
from vouchers.models import Payment, PayoutBatch


def _headers() -> list[str]:
    return [_("Payment reference"), _("Enterprise"), _("Enterprise number"), _("IBAN"), _("Amount (EUR)"),
            _("Structured communication"), _("Requested execution date"), _("Redemptions"), _("Invoices")]


def _row(batch: PayoutBatch, payment: Payment) -> list[str]:
    """safe_cell keeps the structured communication as +++123/4567/89012+++ (regie/exports/spreadsheets.py)."""
    redemptions = sorted(payment.redemptions.all(), key=lambda r: r.pk)
    return [safe_cell(value) for value in [
        payment.end_to_end_id, payment.creditor_name, format_enterprise_number(payment.enterprise.enterprise_number),
        payment.iban, f"{payment.amount:.2f}".replace(".", ","), payment.communication,
        batch.execution_date.strftime("%d/%m/%Y"), " ".join(str(r.pk) for r in redemptions),
        " ".join(r.invoice_number for r in redemptions)]]


def payout_csv(batch: PayoutBatch) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for payment in payments(batch):
        writer.writerow(_row(batch, payment))
    return output.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the accents
