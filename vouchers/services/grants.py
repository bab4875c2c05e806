"""De-minimis grants (vouchers/models/grants.py): recorded when a cheque is issued, corrected when it is cancelled
(to 0) or expires with balance left (to the amount used). Called inside the cheque's own transaction, with the
call and the cheque locked (vouchers/ledger.py), so the grant always agrees with the cheque; every change is
audited."""
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from regie.audit import record
from vouchers.models import DeMinimisGrant, Voucher
from vouchers.models.grants import Correction


def record_grant(*, voucher: Voucher, by: User | None) -> DeMinimisGrant:
    """Record the grant of a cheque just issued (in the issuing transaction)."""
    grant = DeMinimisGrant.for_voucher(voucher)
    grant.save()
    record(by, "deminimis.granted", grant, {"voucher": voucher.pk, "amount": grant.amount,
                                            "granted_on": grant.granted_on})
    return grant


def correct_for_cancellation(*, voucher: Voucher, by: User | None, reason: str) -> DeMinimisGrant | None:
    """A cancelled cheque grants nothing: its grant is corrected to 0."""
    return _correct(voucher, by, Decimal("0.00"), Correction.CANCELLED, reason)


def correct_for_expiry(*, voucher: Voucher, by: User | None) -> DeMinimisGrant | None:
    """A cheque that expired grants what was used of it (face value less the balance left); used up, nothing
    changes."""
    used = voucher.face_value - voucher.balance
    return _correct(voucher, by, used, Correction.EXPIRED, "")


def _correct(voucher: Voucher, by: User | None, amount: Decimal, correction: str,
             note: str) -> DeMinimisGrant | None:
    grant = DeMinimisGrant.objects.select_for_update().filter(voucher=voucher).first()
    if grant is None or grant.current_amount == amount:
        return grant  # no grant recorded (issued before they were), or nothing to correct
    before, day = grant.current_amount, timezone.localdate()
    grant.corrected_amount, grant.corrected_on, grant.correction, grant.correction_note = amount, day, correction, note
    grant.save(update_fields=["corrected_amount", "corrected_on", "correction", "correction_note"])
    record(by, "deminimis.corrected", grant, {"voucher": voucher.pk, "from": before, "to": amount,
                                              "correction": correction, "note": note})
    return grant


def undo_expiry_correction(*, voucher: Voucher, by: User | None) -> DeMinimisGrant | None:
    """An expired cheque extended (spendable again) grants its face value again."""
    grant = DeMinimisGrant.objects.select_for_update().filter(voucher=voucher, correction=Correction.EXPIRED).first()
    if grant is None:
        return None
    before = grant.current_amount
    grant.corrected_amount, grant.corrected_on, grant.correction, grant.correction_note = None, None, "", ""
    grant.save(update_fields=["corrected_amount", "corrected_on", "correction", "correction_note"])
    record(by, "deminimis.correction_undone", grant, {"voucher": voucher.pk, "from": before, "to": grant.amount})
    return grant
