"""What a bank statement says, whatever its format: plain frozen objects, and the one refusal.

The readers (camt.py, coda.py) fill these; the import service matches them to payments. Every field is a
plain value so that a statement can be compared, hashed and re-read without touching the database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

ACCEPTED_CURRENCIES = frozenset({"EUR"})
AMOUNT = re.compile(r"\d{1,15}(\.\d{1,9})?")
NOT_IBAN = re.compile(r"[^0-9A-Z]")
NOT_DIGIT = re.compile(r"\D")
NOT_COMMUNICATION = re.compile(r"[^0-9+/* ]")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Entry:
    position: str           # where in the file, for messages: "entry 3" / "line 12"
    key: str                # the bank's own reference when present, else statement id + index
    booking_date: date
    value_date: date | None
    amount: Decimal         # > 0, two decimals
    credit: bool            # True: money in (CRDT); False: money out (DBIT)
    end_to_end_id: str      # "" when absent or "NOTPROVIDED"
    communication: str      # the 12 digits of a Belgian structured communication, else ""
    free_text: str          # unstructured remittance information, joined
    counterparty_name: str
    counterparty_iban: str  # normalised (no spaces, upper case), "" when absent
    return_reason: str      # ISO 20022 return reason (AC04, MD07, ...) of a returned transfer, else ""


@dataclass(frozen=True)
class Statement:
    kind: str               # "camt.053.001.02" | "camt.053.001.08" | "CODA 2"
    statement_id: str
    account_iban: str
    currency: str
    entries: tuple[Entry, ...]


class StatementRefused(Exception):
    """The file cannot be read as a whole; `.message` names the file, the place in it and the reason."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def refuse(filename: str, reason: str, place: str = "") -> StatementRefused:
    """The refusal to raise: 'statement.xml, entry 3: the amount "12,5" is not an amount.'"""
    name = filename or _("the file")
    if place:
        return StatementRefused(_("%(file)s, %(place)s: %(reason)s") % {"file": name, "place": place, "reason": reason})
    return StatementRefused(_("%(file)s: %(reason)s") % {"file": name, "reason": reason})


def entry_place(number: int, detail: int = 0) -> str:
    if detail:
        return _("entry %(number)d, transaction %(detail)d") % {"number": number, "detail": detail}
    return _("entry %(number)d") % {"number": number}


def line_place(number: int) -> str:
    return _("line %(number)d") % {"number": number}


def normalise_iban(text: str | None) -> str:
    return NOT_IBAN.sub("", (text or "").upper())


def end_to_end(text: str | None) -> str:
    value = (text or "").strip()
    return "" if value.upper() in ("NOTPROVIDED", "NOT PROVIDED") else value


def structured_digits(text: str | None) -> str:
    """The 12 digits of '+++123/4567/89002+++' (or of '123456789002'); "" when it is no valid one."""
    value = (text or "").strip()
    digits = NOT_DIGIT.sub("", value)
    if len(digits) != 12 or NOT_COMMUNICATION.search(value) or (int(digits[:10]) % 97 or 97) != int(digits[10:]):
        return ""
    return digits


def decimal_amount(text: str | None) -> Decimal | None:
    """'1250.5' -> Decimal('1250.50'), '100.000' -> Decimal('100.00'), '0.00' -> Decimal('0.00') (the reader skips
    such an entry); None for anything that is not an amount in whole cents."""
    value = (text or "").strip()
    if not AMOUNT.fullmatch(value):
        return None
    try:
        amount = Decimal(value)
        rounded = amount.quantize(TWO_PLACES)
    except InvalidOperation:
        return None
    return rounded if rounded == amount else None
