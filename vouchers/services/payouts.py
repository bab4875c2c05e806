"""Payouts: finance gathers approved redemptions in a batch of payments (frozen when made: one transfer per firm or
per redemption), pays it and marks it paid, or cancels it. A payment is paid on its own booking date, from the bank's
statement (vouchers/services/statements.py) or by hand; the batch is paid when all its payments are.

A batch belongs to one regie: it takes only redemptions of that regie's calls, and its bank file pays them from
the regie's account (vouchers/bank_files/sepa.py). A regie without an IBAN or enterprise number gets no batch.

Locks in the ledger's order: the calls (by id), then the batch, then its payments, then its redemptions.
"""
import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from stdnum.be import iban as belgian_iban

from enterprises.models import SocialEnterprise
from regie.audit import record, record_many
from regie.formats.numbers import normalize_iban
from regie.models import Regie
from vouchers import tasks
from vouchers.bank_files.sepa import missing_debtor_details, structured_communication
from vouchers.exceptions import TransitionError
from vouchers.models import Call, Payment, PaymentStatus, PayoutBatch, PayoutBatchStatus, Redemption, RedemptionStatus
from vouchers.models.statements import RETURN_REASONS


def _firms_that_cannot_be_paid(regie: Regie, redemptions: Iterable[Redemption]) -> tuple[list[str], list[str]]:
    """(firms without a valid IBAN, firms whose IBAN is the regie's own account)"""
    missing: list[str] = []
    own: list[str] = []
    debtor = regie.iban
    for firm in {r.enterprise for r in redemptions}:
        try:
            iban = normalize_iban(firm.iban)
        except ValidationError:
            missing.append(firm.name)
            continue
        if iban == debtor.replace(" ", "").upper():
            own.append(firm.name)
    return sorted(missing), sorted(own)


def _check_payable(regie: Regie, redemptions: Iterable[Redemption]) -> None:
    missing, own = _firms_that_cannot_be_paid(regie, redemptions)
    if missing:
        raise TransitionError(_("No valid IBAN for %(firms)s: add it to the enterprise first.") % {
            "firms": ", ".join(missing)})
    if own:
        raise TransitionError(_("The IBAN of %(firms)s is the regie's own account, which pays the firms: "
                                "correct it in the enterprise first.") % {"firms": ", ".join(own)})


def _lock_payable(regie: Regie, redemption_ids: Sequence[int] | None) -> list[Redemption]:
    """The regie's approved redemptions in no batch (all, or those of the ids), locked; refused when there are
    none."""
    redemptions = (Redemption.objects.select_for_update(of=("self", "enterprise")).payable()
                   .filter(voucher__call__regie=regie))
    if redemption_ids is not None:
        redemptions = redemptions.filter(pk__in=redemption_ids)
    redemptions = list(redemptions.select_related("enterprise").order_by("pk"))
    if not redemptions:
        raise TransitionError(_("There are no approved redemptions to pay.") if redemption_ids is None else
                              _("Only approved redemptions that are not in a batch yet can be paid."))
    _check_payable(regie, redemptions)
    return redemptions


def _bic(iban: str) -> str:
    """The BIC of a Belgian IBAN's bank (from its bank code), else empty: SEPA transfers need none."""
    try:
        return str(belgian_iban.to_bic(iban) or "")
    except Exception:
        return ""


def _payment_groups(batch: PayoutBatch, redemptions: list[Redemption]) -> list[tuple[str, str, list[Redemption]]]:
    """[(end-to-end id, structured communication, redemptions)]: one payment per firm, or one per redemption. The
    communication's 10-digit base starts with its kind ("1" per firm, "2" per redemption), then the batch (4 digits)
    and the firm or redemption (5 digits), so that the two kinds never give the same communication."""
    if not batch.one_payment_per_firm:
        return [(f"{batch.reference}-R{r.pk}", structured_communication(f"2{batch.pk % 10**4:04d}{r.pk % 10**5:05d}"),
                 [r]) for r in redemptions]
    by_firm: dict[SocialEnterprise, list[Redemption]] = {}
    for redemption in sorted(redemptions, key=lambda r: (r.enterprise.name, r.pk)):
        by_firm.setdefault(redemption.enterprise, []).append(redemption)
    return [(f"{batch.reference}-F{firm.pk}", structured_communication(f"1{batch.pk % 10**4:04d}{firm.pk % 10**5:05d}"),
             group) for firm, group in by_firm.items()]


def _freeze_payments(batch: PayoutBatch, redemptions: list[Redemption]) -> None:
    """The transfers as they will be in the bank's file: the firm's name, IBAN and BIC as they are now."""
    for end_to_end_id, communication, group in _payment_groups(batch, redemptions):
        firm = group[0].enterprise
        iban = normalize_iban(firm.iban)
        payment = Payment.objects.create(
            batch=batch, end_to_end_id=end_to_end_id, enterprise=firm, creditor_name=firm.name, iban=iban,
            bic=_bic(iban), communication=communication, amount=sum((r.amount for r in group), Decimal("0")))
        payment.redemptions.set(group)


@transaction.atomic
def create_payout_batch(*, by: User | None, regie: Regie, execution_date: datetime.date,
                        redemption_ids: Sequence[int] | None = None, one_payment_per_firm: bool = True) -> PayoutBatch:
    """Gather the regie's approved, unpaid redemptions (all, or those of `redemption_ids`) into a new batch, paid
    from the regie's account. Refused when the regie has no IBAN or enterprise number for the bank file.

    A redemption already in a batch is never taken twice: the rows are locked and re-checked. Of the ids given,
    those that cannot be paid (not approved, in a batch already, or of another regie's call) are left out, and the
    audit says which.
    """
    if execution_date < timezone.localdate():
        raise ValidationError({"execution_date": _("The execution date cannot lie in the past.")})
    missing = missing_debtor_details(regie)
    if missing:
        raise ValidationError(" ".join(missing), code="regie_setup")
    redemptions = _lock_payable(regie, redemption_ids)
    batch = PayoutBatch.objects.create(
        regie=regie, reference=f"TMP-{uuid.uuid4().hex[:16]}", message_id=f"TMP-{uuid.uuid4().hex[:24]}", created_by=by,
        execution_date=execution_date, one_payment_per_firm=one_payment_per_firm, file_created_at=timezone.now())
    batch.reference = f"UITB-{execution_date.year}-{batch.pk:04d}"
    batch.message_id = f"REGIE-{batch.reference}-1"
    batch.save(update_fields=["reference", "message_id"])
    Redemption.objects.filter(pk__in=[r.pk for r in redemptions]).update(batch=batch)
    _freeze_payments(batch, redemptions)
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


def _lock_batch_with_payments(batch: PayoutBatch) -> tuple[dict[int, Call], PayoutBatch, list[Payment]]:
    calls, batch = _lock_batch_with_calls(batch)
    return calls, batch, list(Payment.objects.select_for_update().filter(batch=batch).order_by("pk"))


def _pay(calls: dict[int, Call], payment: Payment, *, booked_on: datetime.date, by: User | None) -> None:
    """The transfer left the regie's account on `booked_on`: its redemptions are paid; the firm gets its advice."""
    redemptions = list(payment.redemptions.select_for_update(of=("self",)).select_related("voucher").order_by("pk"))
    for redemption in redemptions:
        calls[redemption.voucher.call_id].paid += redemption.amount
    for call in calls.values():
        call.save(update_fields=["paid"])
    payment.status, payment.booked_on, payment.marked_paid_by = PaymentStatus.PAID, booked_on, by
    payment.save(update_fields=["status", "booked_on", "marked_paid_by"])
    Redemption.objects.filter(pk__in=[r.pk for r in redemptions]).update(status=RedemptionStatus.PAID,
                                                                         paid_at=booked_on)
    record(by, "payment.paid", payment, {"booked_on": booked_on, "amount": payment.amount,
                                         "end_to_end_id": payment.end_to_end_id, "by_hand": by is not None,
                                         "redemptions": [r.pk for r in redemptions]})
    tasks.after_commit(tasks.mail_remittance_advice, payment.pk)


def close_batch_when_settled(batch: PayoutBatch, by: User | None) -> None:
    """A batch (locked by the caller) is paid once none of its payments waits for the bank any more."""
    payments = list(batch.payments.all())
    if batch.status != PayoutBatchStatus.OPEN or any(p.status == PaymentStatus.SENT for p in payments):
        return
    batch.status, batch.paid_by = PayoutBatchStatus.PAID, by
    batch.paid_on = max((p.booked_on or p.returned_on for p in payments if p.booked_on or p.returned_on),
                        default=timezone.localdate())
    batch.save(update_fields=["status", "paid_on", "paid_by"])
    record(by, "payout.paid", batch, {"paid_on": batch.paid_on, "payments": [p.pk for p in payments]})


@transaction.atomic
def mark_payment_paid(*, payment: Payment, by: User | None, booked_on: datetime.date) -> Payment:
    """One transfer of a batch was booked on `booked_on` (by the bank's statement when `by` is None)."""
    calls, batch, payments = _lock_batch_with_payments(payment.batch)
    payment = next(p for p in payments if p.pk == payment.pk)
    if payment.status != PaymentStatus.SENT:
        raise TransitionError(_("Only a payment that is still with the bank can be marked paid."))
    _pay(calls, payment, booked_on=booked_on, by=by)
    close_batch_when_settled(batch, by)
    return payment


def lock_payments_in_order(payment_ids: Iterable[int]) -> tuple[dict[int, Call], list[PayoutBatch], list[Payment]]:
    """The calls, batches and payments of these payments, locked once in the ledger's order (calls, batches,
    payments; redemptions are locked after them by who changes them): a statement that pays some and returns others
    takes every lock up front, so that it never waits for a call while holding a later one."""
    ids = sorted(set(payment_ids))
    call_ids = sorted(set(Redemption.objects.filter(payments__in=ids).values_list("voucher__call_id", flat=True)))
    calls = {call.pk: call for call in Call.objects.select_for_update().filter(pk__in=call_ids).order_by("pk")}
    batch_ids = sorted(set(Payment.objects.filter(pk__in=ids).values_list("batch_id", flat=True)))
    batches = list(PayoutBatch.objects.select_for_update().filter(pk__in=batch_ids).order_by("pk"))
    return calls, batches, list(Payment.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _lock_for_paying(booked: dict[int, datetime.date]) -> tuple[dict[int, Call], list[PayoutBatch], list[Payment]]:
    """Calls, batches, payments, in the ledger's order; refused when one is no longer with the bank."""
    calls, batches, payments = lock_payments_in_order(booked)
    open_batches = {batch.pk for batch in batches if batch.status == PayoutBatchStatus.OPEN}
    if any(p.status != PaymentStatus.SENT or p.batch_id not in open_batches for p in payments):
        raise TransitionError(_("A payment changed while the statement was read: import it again."))
    return calls, batches, payments


@transaction.atomic
def pay_payments(*, booked: dict[int, datetime.date], by: User | None, statement_id: int | None = None
                 ) -> list[Payment]:
    """Many transfers booked at once (a bank statement: {payment id: booking date}), locked once in the ledger's
    order and paid as mark_payment_paid pays one, each with its own "payment.paid" event (in bulk); each batch is
    paid when none of its payments is left. The caller sends their advices (one task that fans out)."""
    calls, batches, payments = _lock_for_paying(booked)
    links = list(Payment.redemptions.through.objects.filter(payment_id__in=booked)
                 .values_list("payment_id", "redemption_id"))
    rows = Redemption.objects.select_for_update(of=("self",)).filter(pk__in=[r for _p, r in links]).order_by("pk")
    amounts = {pk: (amount, call) for pk, amount, call in rows.values_list("pk", "amount", "voucher__call_id")}
    by_date: dict[datetime.date, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    covered: dict[int, list[int]] = defaultdict(list)
    for payment_id, redemption_id in links:
        amount, call_id = amounts[redemption_id]
        calls[call_id].paid += amount
        by_date[booked[payment_id]][1].append(redemption_id)
        covered[payment_id].append(redemption_id)
    for payment in payments:
        payment.status, payment.booked_on, payment.marked_paid_by = PaymentStatus.PAID, booked[payment.pk], by
        by_date[booked[payment.pk]][0].append(payment.pk)
    Call.objects.bulk_update(calls.values(), ["paid"])
    for booked_on, (payment_ids, redemption_ids) in by_date.items():
        Payment.objects.filter(pk__in=payment_ids).update(status=PaymentStatus.PAID, booked_on=booked_on,
                                                          marked_paid_by=by)
        Redemption.objects.filter(pk__in=redemption_ids).update(status=RedemptionStatus.PAID, paid_at=booked_on)
    _audit_paid(payments, covered, by=by, statement_id=statement_id)
    for batch in batches:
        close_batch_when_settled(batch, by)
    return payments


def _audit_paid(payments: list[Payment], covered: dict[int, list[int]], *, by: User | None,
                statement_id: int | None) -> None:
    """One "payment.paid" event per payment, as _pay writes it by hand, plus the statement that booked it."""
    record_many(by, "payment.paid", [(payment, {
        "booked_on": payment.booked_on, "amount": payment.amount, "end_to_end_id": payment.end_to_end_id,
        "by_hand": by is not None, "redemptions": sorted(covered[payment.pk]), "statement": statement_id})
        for payment in payments])


@transaction.atomic
def mark_payment_returned(*, payment: Payment, by: User | None, returned_on: datetime.date, reason_code: str,
                          reason: str = "", booked_amount: Decimal | None = None) -> Payment:
    """The bank sent a transfer back (closed account, ...): its redemptions can be paid again in a new batch, the
    call's paid figure goes down when it was paid, and the firm is asked to check its IBAN. `booked_amount`: what
    the bank's statement booked back (kept in the audit; finance confirmed it when it differs from the payment).
    Locks in the ledger's order: the calls of its redemptions, its batch, the payment, its redemptions."""
    calls, [batch], [payment] = lock_payments_in_order([payment.pk])
    if payment.status not in (PaymentStatus.SENT, PaymentStatus.PAID):
        raise TransitionError(_("Only a payment sent to the bank or paid can be returned."))
    redemptions = list(payment.redemptions.select_for_update(of=("self",)).select_related("voucher").order_by("pk"))
    if payment.status == PaymentStatus.PAID:
        for redemption in redemptions:
            calls[redemption.voucher.call_id].paid -= redemption.amount
        Call.objects.bulk_update(calls.values(), ["paid"])
    Redemption.objects.filter(pk__in=[r.pk for r in redemptions]).update(
        status=RedemptionStatus.APPROVED, batch=None, paid_at=None)
    code = reason_code.strip().upper()
    payment.status, payment.returned_on, payment.return_reason_code = PaymentStatus.RETURNED, returned_on, code
    with translation.override("en"):  # the msgid: the mail and the admin show it in their reader's language
        payment.return_reason = (reason or str(RETURN_REASONS.get(code, "")))[:200]
    payment.save(update_fields=["status", "returned_on", "return_reason_code", "return_reason"])
    record(by, "payment.returned", payment, {"returned_on": returned_on, "reason_code": code,
                                             "reason": payment.return_reason, "amount": payment.amount,
                                             "booked_amount": booked_amount,
                                             "redemptions": [r.pk for r in redemptions]})
    tasks.after_commit(tasks.mail_payment_returned, payment.pk)
    close_batch_when_settled(batch, by)
    return payment


@transaction.atomic
def mark_batch_paid(*, batch: PayoutBatch, by: User | None, paid_on: datetime.date) -> PayoutBatch:
    """By hand, for a bank without statements: every payment still with the bank is paid on `paid_on`."""
    calls, batch, payments = _lock_batch_with_payments(batch)
    if batch.status != PayoutBatchStatus.OPEN:
        raise TransitionError(_("Only a batch that is still to be paid can be marked paid."))
    for payment in payments:
        if payment.status == PaymentStatus.SENT:
            _pay(calls, payment, booked_on=paid_on, by=by)
    close_batch_when_settled(batch, by)
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
    payments = Payment.objects.select_for_update().filter(batch=batch)
    if payments.exclude(status=PaymentStatus.SENT).exists():
        raise TransitionError(_("The bank already booked payments of this batch: it can no longer be cancelled."))
    redemption_ids = list(batch.redemptions.select_for_update().values_list("pk", flat=True))
    Redemption.objects.filter(pk__in=redemption_ids).update(batch=None)
    payments.update(status=PaymentStatus.CANCELLED)
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
