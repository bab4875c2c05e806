"""Payouts: finance gathers approved redemptions in a batch, pays it, and marks it paid."""
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enterprises.numbers import normalize_iban
from regie.audit import record
from vouchers import tasks
from vouchers.exceptions import TransitionError
from vouchers.models import PayoutBatch, PayoutBatchStatus, Redemption, RedemptionStatus


def _firms_without_valid_iban(redemptions):
    missing = []
    for firm in {r.enterprise for r in redemptions}:
        try:
            normalize_iban(firm.iban)
        except ValidationError:
            missing.append(firm.name)
    return sorted(missing)


@transaction.atomic
def create_payout_batch(*, by, execution_date, redemption_ids=None, one_payment_per_firm=True):
    """Gather approved, unpaid redemptions (all, or those given) into a new batch.

    A redemption already in a batch is never taken twice: the rows are locked and re-checked.
    """
    redemptions = Redemption.objects.select_for_update().payable()
    if redemption_ids is not None:
        redemptions = redemptions.filter(pk__in=redemption_ids)
    redemptions = list(redemptions.select_related("enterprise").order_by("pk"))
    if redemption_ids is not None and len(redemptions) != len(set(redemption_ids)):
        raise TransitionError(_("Only approved redemptions that are not in a batch yet can be paid."))
    if not redemptions:
        raise TransitionError(_("There are no approved redemptions to pay."))
    missing = _firms_without_valid_iban(redemptions)
    if missing:
        raise TransitionError(_("No valid IBAN for %(firms)s: add it to the enterprise first.") % {
            "firms": ", ".join(missing)})
    batch = PayoutBatch.objects.create(reference=f"TMP-{uuid.uuid4().hex[:16]}", created_by=by,
                                       execution_date=execution_date, one_payment_per_firm=one_payment_per_firm)
    batch.reference = f"UITB-{execution_date.year}-{batch.pk:04d}"
    batch.save(update_fields=["reference"])
    Redemption.objects.filter(pk__in=[r.pk for r in redemptions]).update(batch=batch)
    total = sum(r.amount for r in redemptions)
    record(by, "payout.created", batch, {"redemptions": [r.pk for r in redemptions], "total": total})
    return batch


@transaction.atomic
def mark_batch_paid(*, batch, by, paid_on):
    """The bank executed the transfer: every redemption in it is paid on `paid_on`; the firms are mailed."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PayoutBatchStatus.OPEN:
        raise TransitionError(_("This batch is already marked paid."))
    redemptions = list(batch.redemptions.select_for_update())
    batch.status, batch.paid_on, batch.paid_by = PayoutBatchStatus.PAID, paid_on, by
    batch.save(update_fields=["status", "paid_on", "paid_by"])
    Redemption.objects.filter(batch=batch).update(status=RedemptionStatus.PAID, paid_at=paid_on)
    record(by, "payout.paid", batch, {"paid_on": paid_on, "redemptions": [r.pk for r in redemptions]})
    for redemption in redemptions:
        tasks.after_commit(tasks.mail_firm_about_redemption, redemption.pk, "redemption_paid")
    return batch
