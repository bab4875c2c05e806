"""CODA 2.x (Febelfin "Standard CODA", version 2.6): fixed records of 128 characters.

Records read (positions 1-based, as in the standard):

- 0 header: 6-11 creation date (DDMMYY), 15-16 application code "05", 128 version code "2" (CODA 1 refused);
- 1 old balance: 2 account structure (2 Belgian IBAN: 6-21; 3 foreign IBAN: 6-39; 0/1 account numbers without
  an IBAN are refused), 40-42 currency, 3-5 statement sequence number;
- 2.1 movement: 3-6 sequence number, 7-10 detail number, 11-31 bank reference, 32 sign (0 credit, 1 debit),
  33-47 amount (3 decimals), 48-53 value date, 54-61 transaction code, 62 communication type (1 structured),
  63-115 communication (structured: 63-65 type 101 or 102, 66-77 the 12 digits), 116-121 entry (booking) date;
- 2.2: 11-63 communication continued, 64-98 customer reference (the SEPA EndToEndId), 99-109 BIC,
  113 type of R-transaction, 114-117 ISO reason return code;
- 2.3: 11-44 counterparty account (IBAN), 48-82 counterparty name, 83-125 communication continued;
- 3.x information records, 4 free communication and 8 new balance: checked for place and counted only;
- 9 trailer: 17-22 number of records 1, 2.x, 3.x and 8; 23-37 sum of debit and 38-52 sum of credit movements
  (the type 2 records with detail number 0000). Both must match, else the file is refused (cut or altered).

Returned transfers: CODA carries the return of a SEPA credit transfer as a credit movement whose record 2.2
holds the type of R-transaction (position 113) and the ISO 20022 reason code (positions 114-117, e.g. AC04,
MD07) beside the original end-to-end reference (64-98); that reason code becomes Entry.return_reason ("NARR" when
the R-transaction type is given without a code). Statements in any currency are read; the import keeps the euro ones.

A movement that is globalised (several details under one sequence number) gives one Entry per detail record,
like a camt.053 batch booking (of nested levels, globalisation code at 125, only the lowest); otherwise the movement
itself is the Entry; a 0.00 movement is none. Its key is the bank reference
(plus the detail number for a detail). One file may hold several statements, each from a record 0 to a 9.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from vouchers.bank_files.statements.entries import (
    Entry,
    Statement,
    end_to_end,
    line_place,
    normalise_iban,
    refuse,
    structured_digits,
)

LENGTH = 128
THOUSANDTH = Decimal("0.001")
KIND = "CODA 2"


def is_coda(text: str) -> bool:
    return text[:5] == "00000" and text[14:16] == "05"


@dataclass
class Movement:
    number: int                     # the line of its record 2.1
    records: dict[str, str] = field(default_factory=dict)


@dataclass
class Block:
    filename: str
    lines: list[tuple[int, str]]
    movements: list[Movement] = field(default_factory=list)
    counted: int = 0
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)


def read_coda(text: str, filename: str) -> list[Statement]:
    records: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) > LENGTH:
            raise refuse(filename, _("a CODA record has 128 characters; this one has %(count)d.")
                         % {"count": len(line)}, line_place(number))
        records.append((number, line.ljust(LENGTH)))
    blocks: list[Block] = []
    for number, line in records:
        if line[0] == "0":
            blocks.append(Block(filename, []))
        elif not blocks:
            raise refuse(filename, _("the file does not start with a CODA header record (0)."), line_place(number))
        blocks[-1].lines.append((number, line))
    return [read_block(block) for block in blocks]


def read_block(block: Block) -> Statement:
    number, header = block.lines[0]
    if header[127] != "2":
        raise refuse(block.filename, _("only CODA version 2 can be read (the header says version %(version)s).")
                     % {"version": header[127].strip() or "1"}, line_place(number))
    last, trailer = block.lines[-1]
    if len(block.lines) < 3 or trailer[0] != "9":
        raise refuse(block.filename, _("the trailer record (9) is missing: the file is cut off."), line_place(last))
    account = scan(block)
    check_trailer(block, last, trailer)
    iban, currency, sequence = account_of(block, account)
    statement_id = f"{iban}/{coda_date(header[5:11]) or header[5:11]}/{sequence}"
    entries = tuple(make_entry(block, movement, statement_id) for movement in chosen(block.movements))
    return Statement(kind=KIND, statement_id=statement_id, account_iban=iban, currency=currency, entries=entries)


def scan(block: Block) -> tuple[int, str]:
    """Walks records 1 to 8, gathers the movements and the trailer's figures; returns record 1."""
    account: tuple[int, str] | None = None
    for number, line in block.lines[1:-1]:
        kind = line[:2] if line[0] in "23" else line[0]
        if kind not in ("1", "21", "22", "23", "31", "32", "33", "4", "8"):
            raise refuse(block.filename, _("\"%(record)s\" is not a CODA record type.") % {"record": line[:2]},
                         line_place(number))
        block.counted += kind != "4"
        if kind == "1":
            account = (number, line)
        elif kind == "21":
            add_movement(block, number, line)
        elif kind in ("22", "23"):
            if not block.movements or block.movements[-1].records["21"][2:10] != line[2:10]:
                raise refuse(block.filename, _("this record belongs to no movement (2.1) before it."),
                             line_place(number))
            block.movements[-1].records[kind] = line
    if account is None:
        raise refuse(block.filename, _("the old balance record (1) with the account is missing."),
                     line_place(block.lines[0][0]))
    return account


def add_movement(block: Block, number: int, line: str) -> None:
    amount = coda_amount(line[32:47], allow_zero=True)
    if amount is None:
        raise refuse(block.filename, _("\"%(amount)s\" is not an amount.") % {"amount": line[32:47]},
                     line_place(number))
    if line[6:10] == "0000":
        if line[31] == "1":
            block.debit += amount
        else:
            block.credit += amount
    block.movements.append(Movement(number, {"21": line}))


def check_trailer(block: Block, number: int, trailer: str) -> None:
    figures = (trailer[16:22], coda_amount(trailer[22:37], allow_zero=True),
               coda_amount(trailer[37:52], allow_zero=True))
    if figures != (f"{block.counted:06d}", block.debit, block.credit):
        raise refuse(block.filename, _("the trailer (9) counts %(records)s records, debits %(debit)s and credits "
                                       "%(credit)s, but the file holds %(counted)d records, debits %(debits)s and "
                                       "credits %(credits)s: it is incomplete or altered.")
                     % {"records": trailer[16:22], "debit": money(figures[1]), "credit": money(figures[2]),
                        "counted": block.counted, "debits": money(block.debit), "credits": money(block.credit)},
                     line_place(number))


def account_of(block: Block, account: tuple[int, str]) -> tuple[str, str, str]:
    number, line = account
    if line[1] not in ("2", "3"):
        raise refuse(block.filename, _("the account is not given as an IBAN (account structure %(code)s).")
                     % {"code": line[1]}, line_place(number))
    iban = normalise_iban(line[5:21] if line[1] == "2" else line[5:39])
    return iban, line[39:42].strip() or "?", line[2:5]  # any currency: the import takes the regie's EUR account


def chosen(movements: list[Movement]) -> list[Movement]:
    """The details of a globalised movement instead of its total and, of nested details (a batch total with its
    subtotals), only the lowest level (globalisation code, position 125: "0", else the lowest given); every other
    movement as it is. A 0.00 movement moves no money and is left out."""
    lowest: dict[str, str] = {}
    for movement in movements:
        if detail_number(movement) != "0000":
            lowest[sequence(movement)] = min(lowest.get(sequence(movement), "9"), level(movement))
    return [movement for movement in movements if coda_amount(movement.records["21"][32:47])
            and (level(movement) == lowest[sequence(movement)] if detail_number(movement) != "0000"
                 else sequence(movement) not in lowest)]


def sequence(movement: Movement) -> str:
    return movement.records["21"][2:6]


def detail_number(movement: Movement) -> str:
    return movement.records["21"][6:10]


def level(movement: Movement) -> str:
    """The globalisation code (position 125): 0 for a single movement, 1-9 for the levels of a globalisation."""
    return movement.records["21"][124].replace(" ", "0")


def make_entry(block: Block, movement: Movement, statement_id: str) -> Entry:
    main = movement.records["21"]
    second = movement.records.get("22", " " * LENGTH)
    third = movement.records.get("23", " " * LENGTH)
    booked = coda_date(main[115:121])
    if booked is None:
        raise refuse(block.filename, _("it has no booking date."), line_place(movement.number))
    structured = main[61] == "1" and main[62:65] in ("101", "102")
    free = "" if structured else " ".join((main[62:115] + second[10:63] + third[82:125]).split())
    reference = main[10:31].strip()
    detail = main[6:10]
    key = (reference + ("" if detail == "0000" else f"/{detail}")) if reference else f"{statement_id}/{main[2:10]}"
    return Entry(position=line_place(movement.number), key=key, booking_date=booked,
                 value_date=coda_date(main[47:53]), amount=coda_amount(main[32:47]) or Decimal(0),
                 credit=main[31] == "0", end_to_end_id=end_to_end(second[63:98]),
                 communication=structured_digits(main[65:77]) if structured else "", free_text=free,
                 counterparty_name=third[47:82].strip(), counterparty_iban=normalise_iban(third[10:44]),
                 return_reason=coda_return(second) if main[31] == "0" else "")


def coda_return(second: str) -> str:
    """The ISO reason code of a returned transfer (114-117); "NARR" when the R-transaction type (113) says it is
    one but the code is blank."""
    return second[113:117].strip().upper() or ("NARR" if second[112].strip() else "")


def coda_amount(text: str, *, allow_zero: bool = False) -> Decimal | None:
    """'000000001250500' (12 + 3 decimals) -> Decimal('1250.50'); None when not digits or not whole cents."""
    if not text.isdigit():
        return None
    amount = Decimal(int(text)) * THOUSANDTH
    if amount % Decimal("0.01") or (amount == 0 and not allow_zero):
        return None
    return amount.quantize(Decimal("0.01"))


def money(amount: Decimal | None) -> str:
    return "?" if amount is None else f"{amount:.2f}"


def coda_date(text: str) -> date | None:
    """'050126' (DDMMYY) -> 5 January 2026; None for '000000' or nonsense."""
    if not text.isdigit() or text == "000000":
        return None
    try:
        return date(2000 + int(text[4:6]), int(text[2:4]), int(text[0:2]))
    except ValueError:
        return None
