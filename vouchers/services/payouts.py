"""Payouts: finance gathers approved redemptions in a batch, pays it and marks it paid, or cancels it.

Locks in the ledger's order: the calls (by id), then the batch, then its redemptions.
"""
import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.numbers import normalize_iban
from regie.audit import record
from vouchers import tasks
from vouchers.exceptions import TransitionError
from vouchers.models import Call, PayoutBatch, PayoutBatchStatus, Redemption, RedemptionStatus


def _firms_that_cannot_be_paid(redemptions: Iterable[Redemption]) -> tuple[list[str], list[str]]:
    """(firms without a valid IBAN, firms whose IBAN is the regie's own account)"""
    missing: list[str] = []
    own: list[str] = []
    debtor = settings.PAYOUT_DEBTOR.get("IBAN") or ""
    for firm in {r.enterprise for r in redemptions}:
        try:
            iban = normalize_iban(firm.iban)
        except ValidationError:
            missing.append(firm.name)
            continue
        if iban == debtor.replace(" ", "").upper():
            own.append(firm.name)
    return sorted(missing), sorted(own)


def _check_payable(redemptions: Iterable[Redemption]) -> None:
    missing, own = _firms_that_cannot_be_paid(redemptions)
    if missing:
        raise TransitionError(_("No valid IBAN for %(firms)s: add it to the enterprise first.") % {
            "firms": ", ".join(missing)})
    if own:
        raise TransitionError(_("The IBAN of %(firms)s is the regie's own account, which pays the firms: "
                                "correct it in the enterprise first.") % {"firms": ", ".join(own)})


def _lock_payable(redemption_ids: Sequence[int] | None) -> list[Redemption]:
    """The approved redemptions in no batch (all, or those of the ids), locked; refused when there are none."""
    redemptions = Redemption.objects.select_for_update().payable()
    if redemption_ids is not None:
        redemptions = redemptions.filter(pk__in=redemption_ids)
    redemptions = list(redemptions.select_related("enterprise").order_by("pk"))
    if not redemptions:
        raise TransitionError(_("There are no approved redemptions to pay.") if redemption_ids is None else
                              _("Only approved redemptions that are not in a batch yet can be paid."))
    _check_payable(redemptions)
    return redemptions


@transaction.atomic
def create_payout_batch(*, by: User | None, execution_date: datetime.date, redemption_ids: Sequence[int] | None = None,
                        one_payment_per_firm: bool = True) -> PayoutBatch:
    """Gather approved, unpaid redemptions (all, or those of `redemption_ids`) into a new batch.

    A redemption already in a batch is never taken twice: the rows are locked and re-checked. Of the ids given,
    those that cannot be paid (not approved, or in a batch already) are left out, and the audit says which.
    """
    if execution_date < timezone.localdate():
        raise ValidationError({"execution_date": _("The execution date cannot lie in the past.")})
    redemptions = _lock_payable(redemption_ids)
    batch = PayoutBatch.objects.create(
        reference=f"TMP-{uuid.uuid4().hex[:16]}", message_id=f"TMP-{uuid.uuid4().hex[:24]}", created_by=by,
        execution_date=execution_date, one_payment_per_firm=one_payment_per_firm, file_created_at=timezone.now())
    batch.reference = f"UITB-{execution_date.year}-{batch.pk:04d}"
    batch.message_id = f"REGIE-{batch.reference}-1"
    batch.save(update_fields=["reference", "message_id"])
    Redemption.objects.filter(pk__in=[r.pk for r in redemptions]).update(batch=batch)
    total = sum(r.amount for r in redemptions)
    left_out = sorted(set(redemption_ids or ()) - {r.pk for r in redemptions})
    record(by, "payout.created", batch, {"redemptions": [r.pk for r in redemptions], "total": total,
                                         "message_id": batch.message_id, "execution_date": execution_date,
                                         "left_out": left_out})
    return batch


def _lock_batch_with_calls(batch: PayoutBatch) -> tuple[dict[int, Call], PayoutBatch]:
    call_ids = sorted(set(Redemption.objects.filter(batch=batch).values_list("voucher__call_id", flat=True)))
    calls = {call.pk: call for call in Call.objects.select_for_update().filter(pk__in=call_ids).order_by("pk")}
    return calls, PayoutBatch.objects.select_for_update().get(pk=batch.pk)


@transaction.atomic
def mark_batch_paid(*, batch: PayoutBatch, by: User | None, paid_on: datetime.date) -> PayoutBatch:
    """The bank executed the transfer: every redemption in it is paid on `paid_on`; the firms are mailed."""
    calls, batch = _lock_batch_with_calls(batch)
    if batch.status != PayoutBatchStatus.OPEN:
        raise TransitionError(_("Only a batch that is still to be paid can be marked paid."))
    redemptions = list(batch.redemptions.select_for_update(of=("self",)).select_related("voucher"))
    paid_per_call: defaultdict[int, Decimal] = defaultdict(Decimal)
    for redemption in redemptions:
        paid_per_call[redemption.voucher.call_id] += redemption.amount
    for call_id, amount in paid_per_call.items():
        calls[call_id].paid += amount
        calls[call_id].save(update_fields=["paid"])
    batch.status, batch.paid_on, batch.paid_by = PayoutBatchStatus.PAID, paid_on, by
    batch.save(update_fields=["status", "paid_on", "paid_by"])
    Redemption.objects.filter(batch=batch).update(status=RedemptionStatus.PAID, paid_at=paid_on)
    record(by, "payout.paid", batch, {"paid_on": paid_on, "redemptions": [r.pk for r in redemptions]})
    for redemption in redemptions:
        tasks.after_commit(tasks.mail_firm_about_redemption, redemption.pk, "redemption_paid")
    return batch


@transaction.atomic
def cancel_payout_batch(*, batch: PayoutBatch, by: User | None, reason: str | None) -> PayoutBatch:
    """Cancel a batch that is not paid: its redemptions return to 'approved' and can be batched again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required.")})
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PayoutBatchStatus.OPEN:
        raise TransitionError(_("Only a batch that is still to be paid can be cancelled."))
    redemption_ids = list(batch.redemptions.select_for_update().values_list("pk", flat=True))
    Redemption.objects.filter(pk__in=redemption_ids).update(batch=None)
    batch.status, batch.cancelled_at, batch.cancelled_by = PayoutBatchStatus.CANCELLED, timezone.now(), by
    batch.cancel_reason = reason
    batch.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    record(by, "payout.cancelled", batch, {"reason": reason, "redemptions": redemption_ids})
    return batch


@transaction.atomic
def reschedule_payout_batch(*, batch: PayoutBatch, by: User | None, execution_date: datetime.date) -> PayoutBatch:
    """Set a new requested execution date; the file becomes a new SEPA message (new message id)."""
    if execution_date < timezone.localdate():
        raise ValidationError({"execution_date": _("The execution date cannot lie in the past.")})
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PayoutBatchStatus.OPEN:
        raise TransitionError(_("Only a batch that is still to be paid can get a new date."))
    old_date, old_message = batch.execution_date, batch.message_id
    revision = int(old_message.rsplit("-", 1)[1]) + 1
    batch.execution_date, batch.message_id = execution_date, f"REGIE-{batch.reference}-{revision}"
    batch.file_created_at = timezone.now()
    batch.save(update_fields=["execution_date", "message_id", "file_created_at"])
    record(by, "payout.rescheduled", batch, {"execution_date": [old_date, execution_date],
                                             "message_id": [old_message, batch.message_id]})
    return batch
