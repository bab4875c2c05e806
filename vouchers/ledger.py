"""The ledger: what every euro figure of the programme means, and the check that they add up.

Per cheque (Voucher)
    balance     = face value - the amounts of its redemptions that are not rejected.
                  Stored on the cheque; lowered by a redemption, raised again by a rejection.
    status      = cancelled (never used, budget released) or expired (past its valid-until date,
                  its balance released) as stored; otherwise it follows the balance:
                  issued (balance = face value), partly used (0 < balance < face value), used up (0).
    committed   = what the cheque holds of its call's budget:
                  0 when cancelled; face value - balance when expired; face value otherwise.

Per call (Call), stored as counters and changed only by the services under the call's row lock
    committed   = the sum of its cheques' committed amounts: face values issued, less cancelled
                  cheques, less what expired cheques left unused (including amounts of redemptions
                  rejected after the cheque could no longer be spent).
    redeemed    = the amounts of its approved and paid redemptions.
    paid        = the amounts of its paid redemptions.
    remaining   = budget - committed (what new cheques may still use).
    Database constraints keep 0 <= paid <= redeemed <= committed <= budget and 0 <= balance <= face value.

Per payment (one credit transfer of a payout batch, frozen when the batch was made)
    amount      = the sum of the redemptions it covers (they stay listed after a return).
    A paid redemption is covered by exactly one paid payment; a paid batch has no payment still with the bank.
    A batch is one regie's: it pays, from that regie's account, only redemptions of that regie's calls.

Who moves what (every service locks the calls, then the cheque or the batch and its payments, then the
redemptions):
    issue +committed · cancel -committed · expire -committed by the balance · redeem -balance ·
    reject +balance (and -committed when the cheque is past its date) · approve +redeemed ·
    pay a payment (statement or by hand) +paid · a payment returned after it was paid -paid (its redemptions
    are approved again, payable in a new batch) · contest, confirm, batch and cancel a batch: none.

`ledger_mismatches()` recomputes all of it from the rows and lists each stored figure that differs.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from vouchers.models import (
    Call,
    Payment,
    PaymentStatus,
    PayoutBatch,
    PayoutBatchStatus,
    Redemption,
    RedemptionStatus,
    Voucher,
    VoucherStatus,
)
from vouchers.models.redemptions import COUNTING
from vouchers.models.vouchers import status_for

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Mismatch:
    kind: str  # "call", "cheque", "payment", "batch" or "redemption"
    pk: int
    label: str
    field: str
    expected: object
    found: object

    def __str__(self) -> str:
        return f"{self.kind} {self.label} (#{self.pk}): {self.field} expected {self.expected}, found {self.found}"


def _sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("redemptions__amount", filter=condition), Value(ZERO), output_field=DecimalField())


def holds(voucher: Voucher, balance: Decimal) -> Decimal:
    """What a cheque with this balance holds of its call's budget."""
    if voucher.status == VoucherStatus.CANCELLED:
        return ZERO
    if voucher.status == VoucherStatus.EXPIRED:
        return voucher.face_value - balance
    return voucher.face_value


def expected_status(voucher: Voucher, balance: Decimal, today: datetime.date) -> VoucherStatus | None:
    """The status the rows imply; None when the stored one is acceptable as it is."""
    if voucher.status == VoucherStatus.CANCELLED:
        return None if balance == voucher.face_value else VoucherStatus.ISSUED
    if voucher.status == VoucherStatus.EXPIRED:
        return None if voucher.valid_until < today else VoucherStatus.ISSUED
    return status_for(balance, voucher.face_value)


def _cheque_mismatches(today: datetime.date, calls: QuerySet[Call]) -> tuple[list[Mismatch], dict[int, Decimal]]:
    """(mismatches, {call id: committed recomputed from its cheques})"""
    mismatches: list[Mismatch] = []
    committed: dict[int, Decimal] = {}
    cheques = Voucher.objects.filter(call__in=calls).annotate(used=_sum(Q(redemptions__status__in=COUNTING))).only(
        "pk", "code", "call_id", "face_value", "balance", "status", "valid_until")
    for voucher in cheques.iterator(chunk_size=5000):
        balance = voucher.face_value - voucher.used
        label = voucher.code_display
        if balance != voucher.balance:
            mismatches.append(Mismatch("cheque", voucher.pk, label, "balance", balance, voucher.balance))
        status = expected_status(voucher, balance, today)
        if status is not None and status != voucher.status:
            mismatches.append(Mismatch("cheque", voucher.pk, label, "status", status.value, voucher.status))
        committed[voucher.call_id] = committed.get(voucher.call_id, ZERO) + holds(voucher, balance)
    return mismatches, committed


def _call_mismatches(committed: dict[int, Decimal], calls: QuerySet[Call]) -> list[Mismatch]:
    mismatches = []
    paid = Q(status=RedemptionStatus.PAID)
    redeemed = Q(status__in=[RedemptionStatus.APPROVED, RedemptionStatus.PAID])
    sums = {row["voucher__call_id"]: row for row in Redemption.objects.filter(voucher__call__in=calls).values(
            "voucher__call_id").annotate(
        redeemed=Coalesce(Sum("amount", filter=redeemed), Value(ZERO), output_field=DecimalField()),
        paid=Coalesce(Sum("amount", filter=paid), Value(ZERO), output_field=DecimalField()))}
    for call in calls.only("pk", "name", "committed", "redeemed", "paid").order_by("pk"):
        row = sums.get(call.pk, {"redeemed": ZERO, "paid": ZERO})
        expected = {"committed": committed.get(call.pk, ZERO), "redeemed": row["redeemed"], "paid": row["paid"]}
        for name, value in expected.items():
            if value != getattr(call, name):
                mismatches.append(Mismatch("call", call.pk, call.name, name, value, getattr(call, name)))
    return mismatches


def ledger_mismatches(today: datetime.date | None = None, calls: QuerySet[Call] | None = None) -> list[Mismatch]:
    """Every stored figure that the rows do not support; an empty list when the ledger adds up.

    `calls`: a queryset to check only those calls and their cheques (default: all).
    """
    today = today or timezone.localdate()
    calls = Call.objects.all() if calls is None else calls
    mismatches, committed = _cheque_mismatches(today, calls)
    return _call_mismatches(committed, calls) + mismatches + _payment_mismatches(calls)


def _payment_mismatches(calls: QuerySet[Call]) -> list[Mismatch]:
    """Payments whose amount is not what they cover, paid redemptions not paid by exactly one payment, paid
    batches with a payment still with the bank, payments of a batch that covers another regie's redemption."""
    in_calls = Redemption.objects.filter(voucher__call__in=calls)
    payments = Payment.objects.filter(pk__in=in_calls.values("payments")).annotate(
        covered=Coalesce(Sum("redemptions__amount"), Value(ZERO), output_field=DecimalField()))
    redemptions = in_calls.filter(status=RedemptionStatus.PAID).annotate(
        paid_by=Count("payments", filter=Q(payments__status=PaymentStatus.PAID)))
    batches = PayoutBatch.objects.filter(status=PayoutBatchStatus.PAID, pk__in=in_calls.values("batch"),
                                         payments__status=PaymentStatus.SENT).distinct()
    return [
        *(Mismatch("payment", p.pk, p.end_to_end_id, "amount", Decimal(p.covered).quantize(Decimal("0.01")), p.amount)
          for p in payments.exclude(amount=F("covered")).only("pk", "end_to_end_id", "amount")),
        *(Mismatch("redemption", r.pk, r.invoice_number, "paid payments", 1, r.paid_by)
          for r in redemptions.exclude(paid_by=1).only("pk", "invoice_number")),
        *(Mismatch("batch", b.pk, b.reference, "payments with the bank", 0, "some")
          for b in batches.only("pk", "reference")),
        *_regie_mismatches(in_calls),
    ]


def _regie_mismatches(redemptions: QuerySet[Redemption]) -> list[Mismatch]:
    """Payments that cover a redemption of another regie's call than their batch's regie (one per pair)."""
    links = Payment.redemptions.through.objects.filter(redemption__in=redemptions).exclude(
        payment__batch__regie=F("redemption__voucher__call__regie")).values_list(
        "payment_id", "payment__end_to_end_id", "payment__batch__regie__short_name",
        "redemption__voucher__call__regie__short_name").order_by("payment_id", "redemption_id")
    return [Mismatch("payment", pk, end_to_end_id, "regie of its redemptions", batch_regie, redemption_regie)
            for pk, end_to_end_id, batch_regie, redemption_regie in links]
