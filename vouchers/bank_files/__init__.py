"""The files finance hands to the bank and reads itself: one function, used by the admin download and
by `manage.py export_payout_batch`, so both give the same bytes."""
from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.bank_files.sepa import missing_debtor_details, sepa_xml
from vouchers.bank_files.spreadsheet import payout_csv
from vouchers.models import PayoutBatch, PayoutBatchStatus

KINDS: dict[str, tuple[Callable[[PayoutBatch], bytes], str, str]] = {
    "sepa": (sepa_xml, "application/xml", "xml"),
    "csv": (payout_csv, "text/csv; charset=utf-8", "csv"),
}


class FileRefused(Exception):
    """No file for this batch now: it was cancelled, or its requested execution date has passed."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(str(message))


def payout_file(batch: PayoutBatch, kind: str, today: datetime.date | None = None) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the batch's SEPA or CSV file; raises FileRefused (also when the
    regie's IBAN or enterprise number was removed since the batch was made: no file the bank would refuse)."""
    build, content_type, extension = KINDS[kind]
    if batch.status == PayoutBatchStatus.CANCELLED:
        raise FileRefused(_("%(reference)s was cancelled; its redemptions can be paid in a new batch.")
                          % {"reference": batch.reference})
    missing = missing_debtor_details(batch.regie) if kind == "sepa" else []
    if missing:
        raise FileRefused(" ".join(missing))
    if kind == "sepa" and batch.file_is_outdated(today or timezone.localdate()):
        raise FileRefused(_("The requested execution date of %(reference)s (%(date)s) has passed. Set a new date "
                            "first; the bank file then gets a new message id.")
                          % {"reference": batch.reference, "date": batch.execution_date.strftime("%d/%m/%Y")})
    return build(batch), content_type, f"{batch.reference}.{extension}"
