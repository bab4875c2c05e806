"""Bank statements in: each debit of the regie's account pays its payment on its booking date, each returned transfer
marks its payment returned, and what matches nothing waits for finance to assign or ignore it. A regie's statement
pays and returns only payments of that regie's batches (made from its account, its row's IBAN).

Each entry is imported once (the bank's reference, whatever the file or page), in one transaction: a file that cannot
be read, or that holds no statement of the regie's account, changes nothing; statements of other accounts or
currencies in the same file (a business channel's) are skipped and named. The pages of one statement share its row.
Payments are found for all entries in one query, locked once in the ledger's order, paid (vouchers.services.payouts
.pay_payments, one audit event each), then returned.
"""
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit import record
from regie.models import Regie
from vouchers import tasks
from vouchers.bank_files.statements import Entry, Statement, StatementRefused, read_statements
from vouchers.exceptions import TransitionError
from vouchers.models import (
    BankStatement,
    BankStatementEntry,
    EntryOutcome,
    Payment,
)
from vouchers.models.statements import OTHER_REASON, RETURN_REASONS
from vouchers.services.payouts import lock_payments_in_order, mark_payment_paid, mark_payment_returned, pay_payments
from vouchers.services.statement_matching import Match, match_entries


@dataclass
class StatementResult:
    statement_id: str
    already_imported: bool = False
    paid: int = 0
    returned: int = 0
    unmatched: int = 0
    duplicates: int = 0

    def __str__(self) -> str:
        if self.already_imported:
            return _("statement %(statement)s was already imported: nothing changed.") % {
                "statement": self.statement_id}
        return _("statement %(statement)s: %(paid)d paid, %(returned)d returned, %(unmatched)d to assign, "
                 "%(duplicates)d already imported.") % {"statement": self.statement_id, "paid": self.paid,
                                                         "returned": self.returned, "unmatched": self.unmatched,
                                                         "duplicates": self.duplicates}


@dataclass
class ImportResult:
    filename: str
    statements: list[StatementResult] = field(default_factory=list)
    skipped: list[Statement] = field(default_factory=list)  # of another account, or not in euro

    def __str__(self) -> str:
        skipped = [_("statement %(statement)s of account %(account)s in %(currency)s skipped: it is not the regie's "
                     "account in EUR.") % {"statement": s.statement_id, "account": s.account_iban,
                                            "currency": s.currency} for s in self.skipped]
        return f"{self.filename}: " + "; ".join([str(statement) for statement in self.statements] + skipped)


def _regie_statements(statements: list[Statement], filename: str,
                      regies: list[Regie]) -> list[tuple[Statement, Regie]]:
    """The statements of the regies' accounts in EUR, each with its regie. A business channel (Isabel, KBC, BNP) puts
    every account of the subscriber in one file: the others are skipped (and named); the file is refused only when
    none is a regie's."""
    own = {regie.iban.replace(" ", "").upper(): regie for regie in regies if regie.iban}
    ours = [statement for statement in statements if statement.account_iban in own]
    if not ours:
        raise ValidationError(_("%(file)s is a statement of account %(found)s, not of the regie's account "
                                "%(own)s: nothing was imported.") % {
            "file": filename, "found": ", ".join(dict.fromkeys(s.account_iban for s in statements)),
            "own": ", ".join(own) or "-"}, code="other_account")
    if not any(statement.currency == "EUR" for statement in ours):
        raise ValidationError(_("%(file)s: statement %(statement)s is in %(currency)s; only statements in EUR "
                                "can be imported.") % {"file": filename, "statement": ours[0].statement_id,
                                                       "currency": ours[0].currency}, code="currency")
    return [(statement, own[statement.account_iban]) for statement in ours if statement.currency == "EUR"]


def import_bank_statement(*, content: bytes, filename: str, by: User | None,
                          regie: Regie | None = None) -> ImportResult:
    """Read a camt.053 or CODA file and apply each entry of the regie's statements not imported before (`regie`
    None: of every regie's account, each against its own payments, as the nightly import does). Another import of
    the same statement (or entries) committed meanwhile makes this one change nothing, with a message."""
    regies = [regie] if regie is not None else list(Regie.objects.exclude(iban=""))
    try:
        return _import_bank_statement(content, filename, by, regies)
    except IntegrityError as error:  # the same row inserted by the other import: this one is rolled back whole
        raise TransitionError(_("This statement is being imported right now; try again in a minute.")) from error


@transaction.atomic
def _import_bank_statement(content: bytes, filename: str, by: User | None, regies: list[Regie]) -> ImportResult:
    try:
        statements = read_statements(content, filename=filename)
    except StatementRefused as refused:
        raise ValidationError(refused.message, code="unreadable") from refused
    ours = _regie_statements(statements, filename, regies)
    digest = hashlib.sha256(content).hexdigest()
    imported = [statement for statement, _regie in ours]
    result = ImportResult(filename, skipped=[statement for statement in statements if statement not in imported])
    for statement, regie in ours:
        result.statements.append(_import_statement(statement, regie, filename=filename, digest=digest, by=by))
    return result


def _statement_row(statement: Statement, regie: Regie, *, filename: str, digest: str,
                   by: User | None) -> BankStatement:
    """The statement's row: the one of an earlier page (a camt.053 split over several messages carries the same
    Stmt/Id on each page), else a new one. Entries, not statements, are imported once."""
    row = BankStatement.objects.select_for_update().filter(account_iban=statement.account_iban,
                                                           statement_id=statement.statement_id).first()
    return row or BankStatement.objects.create(regie=regie, kind=statement.kind, statement_id=statement.statement_id,
                                               sha256=digest, account_iban=statement.account_iban,
                                               file_name=filename[:255], imported_by=by)


def _import_statement(statement: Statement, regie: Regie, *, filename: str, digest: str,
                      by: User | None) -> StatementResult:
    result = StatementResult(statement.statement_id)
    entries = _fresh_entries(statement.entries)
    known = BankStatement.objects.filter(account_iban=statement.account_iban, statement_id=statement.statement_id)
    if not entries and known.exists():
        result.already_imported = True
        return result
    row = _statement_row(statement, regie, filename=filename, digest=digest, by=by)
    matches = match_entries(entries, regie)
    paid = _apply(matches, row)
    earlier = row.entries.order_by("-pk").values_list("pk", flat=True).first() or 0  # an earlier page's entries
    BankStatementEntry.objects.bulk_create([_entry_row(row, match) for match in matches], batch_size=2000)
    outcomes = [match.outcome for match in matches]
    result.paid, result.returned = outcomes.count(EntryOutcome.PAID), outcomes.count(EntryOutcome.RETURNED)
    result.unmatched = outcomes.count(EntryOutcome.UNMATCHED)
    result.duplicates = len(statement.entries) - len(entries)
    counts = {"entry_count": len(statement.entries), "duplicate_count": result.duplicates, "paid_count": result.paid,
              "returned_count": result.returned, "unmatched_count": result.unmatched}
    for name, count in counts.items():  # an earlier page's counts and this one's
        setattr(row, name, getattr(row, name) + count)
    row.save(update_fields=list(counts))
    record(by, "bank_statement.imported", row, {
        "file": filename, "sha256": digest, "entries": len(statement.entries), "paid": result.paid,
        "returned": result.returned, "unmatched": result.unmatched, "duplicates": result.duplicates})
    if paid:
        tasks.after_commit(tasks.mail_statement_advices, row.pk, earlier)
    return result


def _apply(matches: list["Match"], row: BankStatement) -> list[Payment]:
    """Locks every payment the statement pays or returns once, in the ledger's order; pays, then returns (a transfer
    booked and sent back in the same statement ends returned). Each payment paid gets its own audit event."""
    lock_payments_in_order([match.payment.pk for match in matches if match.payment])
    booked = {m.payment.pk: m.entry.booking_date for m in matches if m.outcome == EntryOutcome.PAID and m.payment}
    paid = pay_payments(booked=booked, by=None, statement_id=row.pk) if booked else []
    for match in matches:
        if match.outcome == EntryOutcome.RETURNED and match.payment:
            mark_payment_returned(payment=match.payment, by=None, returned_on=match.entry.booking_date,
                                  reason_code=match.entry.return_reason, booked_amount=match.entry.amount)
    return paid


def _fresh_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The entries whose bank reference was never imported (from this file or any other), each once."""
    entries = list(entries)
    seen = set(BankStatementEntry.objects.filter(key__in=[e.key for e in entries]).values_list("key", flat=True))
    fresh = []
    for entry in entries:
        if entry.key not in seen:
            seen.add(entry.key)
            fresh.append(entry)
    return fresh


def _entry_row(statement: BankStatement, match: Match) -> BankStatementEntry:
    entry = match.entry
    return BankStatementEntry(
        statement=statement, key=entry.key, position=entry.position[:60], booking_date=entry.booking_date,
        value_date=entry.value_date, amount=entry.amount, credit=entry.credit, end_to_end_id=entry.end_to_end_id[:35],
        communication=entry.communication, free_text=entry.free_text, counterparty_name=entry.counterparty_name[:140],
        counterparty_iban=entry.counterparty_iban[:34], return_reason=entry.return_reason[:4], outcome=match.outcome,
        payment=match.payment, note=match.note)


def _resolve(entry: BankStatementEntry, outcome: str, by: User | None, *, payment: Payment | None = None,
             note: str = "") -> None:
    entry.outcome, entry.payment, entry.resolved_by, entry.resolved_at = outcome, payment, by, timezone.now()
    entry.note = note or entry.note
    entry.save(update_fields=["outcome", "payment", "resolved_by", "resolved_at", "note"])


def _lock_unmatched(entry: BankStatementEntry) -> BankStatementEntry:
    entry = BankStatementEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.outcome != EntryOutcome.UNMATCHED:
        raise TransitionError(_("Only an entry still to assign can be assigned or ignored."))
    return entry


@transaction.atomic
def assign_statement_entry(*, entry: BankStatementEntry, payment: Payment, by: User | None, reason_code: str = "",
                           reason: str = "") -> BankStatementEntry:
    """Finance says which payment an unmatched entry is: a debit pays it (same amount); money in is its return, for
    the reason the bank gave or, when it gave none, the ISO code finance chooses ("NARR" with a text: another)."""
    entry = _lock_unmatched(entry)
    if entry.credit and entry.amount > payment.amount:
        raise ValidationError({"payment": _("EUR %(found)s came back, more than the payment's EUR %(expected)s: it "
                                            "cannot be its return.") % {"expected": payment.amount,
                                                                         "found": entry.amount}})
    if entry.credit:
        code, text = _return_reason(entry, reason_code, reason)
        mark_payment_returned(payment=payment, by=by, returned_on=entry.booking_date, reason_code=code, reason=text,
                              booked_amount=entry.amount)
    elif payment.amount != entry.amount:
        raise ValidationError({"payment": _("The payment is EUR %(expected)s, the entry EUR %(found)s.") % {
            "expected": payment.amount, "found": entry.amount}})
    else:
        mark_payment_paid(payment=payment, by=by, booked_on=entry.booking_date)
    _resolve(entry, EntryOutcome.ASSIGNED, by, payment=payment)
    record(by, "bank_statement_entry.assigned", entry, {"payment": payment.end_to_end_id, "amount": entry.amount})
    return entry


def _return_reason(entry: BankStatementEntry, reason_code: str, reason: str) -> tuple[str, str]:
    code, text = (reason_code or "").strip(), (reason or "").strip()
    if code == OTHER_REASON:
        if not text:
            raise ValidationError({"reason": _("Say why the bank sent the money back.")})
        return "NARR", text
    code = code.upper()
    if (code and code not in RETURN_REASONS) or (not code and not entry.return_reason):
        raise ValidationError({"reason_code": _("Choose why the bank sent the money back.")})
    return code or entry.return_reason, ""


@transaction.atomic
def ignore_statement_entry(*, entry: BankStatementEntry, by: User | None, reason: str) -> BankStatementEntry:
    """An entry that is no payment of the programme (bank costs, another transfer): set aside with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required.")})
    entry = _lock_unmatched(entry)
    _resolve(entry, EntryOutcome.IGNORED, by, note=reason)
    record(by, "bank_statement_entry.ignored", entry, {"reason": reason})
    return entry

