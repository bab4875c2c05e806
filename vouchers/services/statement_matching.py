"""Matching a statement's entries to payments: a debit to the payment it pays (by end-to-end id, else by structured
communication, amount and IBAN), a credit with a return reason to the payment it returns; the rest is unmatched, with
a note saying why. Pure reads: vouchers.services.statements applies the matches under the ledger's locks."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from regie.models import Regie
from vouchers.bank_files.statements import Entry
from vouchers.models import EntryOutcome, Payment, PaymentStatus, PayoutBatchStatus as BatchStatus


@dataclass
class Match:
    entry: Entry
    outcome: str
    payment: Payment | None = None
    note: str = ""


def bba(digits: str) -> str:
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


class Candidates:
    """The payments of the regie's batches the entries may be about, fetched in one query, by end-to-end id and by
    communication. Another regie's payment is none of this account's: not found, and not named in a note."""

    def __init__(self, entries: list[Entry], regie: Regie) -> None:
        ids = {e.end_to_end_id for e in entries if e.end_to_end_id}
        communications = {bba(e.communication) for e in entries if e.communication}
        payments = Payment.objects.of_regie(regie).filter(
            Q(end_to_end_id__in=ids) | Q(communication__in=communications))
        self.by_id: dict[str, Payment] = {}
        self.by_reference: dict[tuple[str, Decimal], list[Payment]] = {}
        for payment in payments.select_related("batch"):
            self.by_id[payment.end_to_end_id] = payment
            self.by_reference.setdefault((payment.communication, payment.amount), []).append(payment)
        self.used: set[int] = set()      # paid by a debit of this statement
        self.returned: set[int] = set()  # returned by a credit of this statement

    def find(self, entry: Entry, statuses: tuple[str, ...]) -> Payment | None:
        """By end-to-end id, else the one payment with this communication, amount and (when given) IBAN."""
        payment = self.by_id.get(entry.end_to_end_id) if entry.end_to_end_id else None
        if payment is None and entry.communication:
            found = [p for p in self.by_reference.get((bba(entry.communication), entry.amount), [])
                     if p.status in statuses and entry.counterparty_iban in ("", p.iban)]
            payment = found[0] if len(found) == 1 else None
        return payment


def match_entries(entries: list[Entry], regie: Regie) -> list[Match]:
    candidates = Candidates(entries, regie)
    return [_match_return(entry, candidates) if entry.credit else _match_debit(entry, candidates)
            for entry in entries]


def _match_debit(entry: Entry, candidates: Candidates) -> Match:
    payment = candidates.find(entry, (PaymentStatus.SENT,))
    if payment is None:
        return Match(entry, EntryOutcome.UNMATCHED, note=_("No payment has this end-to-end id or communication."))
    problem = _debit_problem(entry, payment, candidates)
    if problem:
        return Match(entry, EntryOutcome.UNMATCHED, note=problem)
    candidates.used.add(payment.pk)
    return Match(entry, EntryOutcome.PAID, payment)


def _debit_problem(entry: Entry, payment: Payment, candidates: Candidates) -> str:
    if payment.pk in candidates.used:
        return _("Payment %(payment)s is booked by another entry of this statement.") % {
            "payment": payment.end_to_end_id}
    if payment.status != PaymentStatus.SENT or payment.batch.status != BatchStatus.OPEN:
        return _("Payment %(payment)s is no longer waiting for the bank (%(status)s).") % {
            "payment": payment.end_to_end_id, "status": payment.get_status_display()}
    if payment.amount != entry.amount:
        return _("Payment %(payment)s is EUR %(expected)s, the bank booked EUR %(found)s.") % {
            "payment": payment.end_to_end_id, "expected": payment.amount, "found": entry.amount}
    return ""


def _match_return(entry: Entry, candidates: Candidates) -> Match:
    if not entry.return_reason:
        named = candidates.by_id.get(entry.end_to_end_id) if entry.end_to_end_id else None
        if named is not None:
            return Match(entry, EntryOutcome.UNMATCHED, note=_(
                "Money came back for payment %(payment)s: mark it returned if it is a return.") % {
                "payment": named.end_to_end_id})
        return Match(entry, EntryOutcome.UNMATCHED, note=_("Money in that is not a returned transfer."))
    payment = candidates.find(entry, (PaymentStatus.SENT, PaymentStatus.PAID))
    if payment is None:
        return Match(entry, EntryOutcome.UNMATCHED, note=_("A returned transfer of no known payment."))
    if payment.pk in candidates.returned or payment.status not in (PaymentStatus.SENT, PaymentStatus.PAID):
        return Match(entry, EntryOutcome.UNMATCHED, note=_("Payment %(payment)s cannot be returned (%(status)s).") % {
            "payment": payment.end_to_end_id, "status": payment.get_status_display()})
    if entry.amount != payment.amount:
        return Match(entry, EntryOutcome.UNMATCHED, note=_return_amount_note(entry, payment))
    candidates.returned.add(payment.pk)  # a debit of the same statement may have paid it: it is paid, then returned
    return Match(entry, EntryOutcome.RETURNED, payment)


def _return_amount_note(entry: Entry, payment: Payment) -> str:
    """A return of another amount than the payment's: more is never its return; less (costs taken) is one only when
    finance confirms it by assigning the entry."""
    values = {"payment": payment.end_to_end_id, "expected": payment.amount, "found": entry.amount}
    if entry.amount > payment.amount:
        return _("EUR %(found)s came back for payment %(payment)s of EUR %(expected)s: more than was sent, so it is "
                 "not its return.") % values
    return _("EUR %(found)s came back for payment %(payment)s of EUR %(expected)s: assign it to the payment if it is "
             "its return.") % values
