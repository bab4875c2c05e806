"""Cheques after issue: cancel one that was never used, expire those past their date; either corrects the
cheque's de-minimis grant (vouchers/services/grants.py).

Issuing is part of approval (vouchers/services/approval.py); the PDF is stored once at issue time by
vouchers/printing.py. Every change to a cheque's money locks the call row first, then the cheque: see
vouchers/ledger.py.
"""
import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from regie.audit import record
from vouchers import tasks
from vouchers.exceptions import TransitionError
from vouchers.models import Call, Voucher, VoucherStatus
from vouchers.models.vouchers import SPENDABLE
from vouchers.services.grants import correct_for_cancellation, correct_for_expiry
from vouchers.services.locks import lock_cheque


@transaction.atomic
def cancel_voucher(*, voucher: Voucher, by: User | None, reason: str | None) -> Voucher:
    """Cancel a cheque that has not been used; its face value returns to the call's budget."""
    reason = (reason or "").strip()
    call, voucher = lock_cheque(voucher_id=voucher.pk, call_id=voucher.call_id)
    if voucher.status != VoucherStatus.ISSUED or voucher.balance != voucher.face_value:
        raise TransitionError()
    voucher.status = VoucherStatus.CANCELLED
    voucher.cancelled_at = timezone.now()
    voucher.cancel_reason = reason
    voucher.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    call.committed -= voucher.face_value
    call.save(update_fields=["committed"])
    record(by, "voucher.cancelled", voucher, {"reason": reason, "released": voucher.face_value})
    correct_for_cancellation(voucher=voucher, by=by, reason=reason)
    tasks.after_commit(tasks.mail_applicant, voucher.application_id, "voucher_cancelled", reason)
    return voucher


def expire_vouchers(*, today: datetime.date) -> int:
    """Cheques past their valid-until date expire; their unused balance returns to the call's budget.

    Each cheque in its own transaction; running it again changes nothing. Returns how many expired.
    """
    expired = 0
    for voucher_id, call_id in Voucher.objects.filter(status__in=SPENDABLE, valid_until__lt=today).values_list(
            "pk", "call_id"):
        with transaction.atomic():
            call, voucher = lock_cheque(voucher_id=voucher_id, call_id=call_id)
            if voucher.status not in SPENDABLE or voucher.valid_until >= today:
                continue
            expire_locked_voucher(call, voucher)
            expired += 1
    return expired


def expire_locked_voucher(call: Call, voucher: Voucher, by: User | None = None) -> Decimal:
    """Mark a locked cheque past its date expired and return its balance to the locked call's budget."""
    released = voucher.balance
    voucher.status = VoucherStatus.EXPIRED
    voucher.save(update_fields=["status", "balance"])
    call.committed -= released
    call.save(update_fields=["committed"])
    record(by, "voucher.expired", voucher, {"released": released})
    correct_for_expiry(voucher=voucher, by=by)
    return released
