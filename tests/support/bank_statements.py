"""Bank statements as the banks write them, made from a list of entries: camt.053.001.02 / 001.08 (ISO 20022)
and CODA 2.6 (Febelfin, 128-character records with a trailer that counts and sums), for tests and benchmarks.

    write_camt053([EntryFactory(), ...], version="001.08", iban="BE71096123456769", statement_id="2026-001")
    write_coda([EntryFactory(), ...], iban="BE71096123456769")

Entry.key becomes the bank's reference (camt AcctSvcrRef, CODA bank reference: at most 21 characters there).
"""
from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal

import factory
from stdnum.be import ogm_vcs

from vouchers.bank_files.statements import Entry

ACCOUNT = "BE71096123456769"
CAMT = "urn:iso:std:iso:20022:tech:xsd:camt.053.{version}"
BOOKED = datetime.date(2026, 1, 5)


def communication(number: int) -> str:
    digits = f"{number % 10**10:010d}"
    return digits + ogm_vcs.calc_check_digits(digits)


class EntryFactory(factory.Factory):
    """A payment booked as one debit: EndToEndId, structured communication and the firm's IBAN."""

    class Meta:
        model = Entry

    position = ""
    key = factory.Sequence(lambda n: f"REF{n:08d}")
    booking_date = BOOKED
    value_date = BOOKED
    amount = factory.Sequence(lambda n: Decimal("100.00") + n)
    credit = False
    end_to_end_id = factory.Sequence(lambda n: f"PB-2026-0001-{n:05d}")
    communication = factory.Sequence(lambda n: communication(n + 1))
    free_text = ""
    counterparty_name = factory.Sequence(lambda n: f"Kringwinkel {n}")
    counterparty_iban = "BE68539007547034"
    return_reason = ""


def bba(digits: str) -> str:
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def path(parent: ET.Element, tags: str, text: str | None = None, **attributes: str) -> ET.Element:
    """path(ntry, 'BookgDt/Dt', '2026-01-05'): the nested elements, the text in the last one."""
    *outer, last = tags.split("/")
    for tag in outer:
        parent = sub(parent, tag)
    return sub(parent, last, text, **attributes)


def write_camt053(entries: Sequence[Entry], *, version: str = "001.02", iban: str = ACCOUNT,
                  statement_id: str = "2026-001", currency: str = "EUR", batch_booking: bool = False) -> bytes:
    """A camt.053 with one Ntry per entry, or (batch_booking) one Ntry holding every entry as a TxDtls."""
    assert version in ("001.02", "001.08"), "the layouts written here are those of 001.02 and 001.08"
    root = ET.Element("Document", {"xmlns": CAMT.format(version=version)})
    group = sub(root, "BkToCstmrStmt")
    header = sub(group, "GrpHdr")
    sub(header, "MsgId", f"MSG-{statement_id}")
    sub(header, "CreDtTm", "2026-01-06T06:00:00")
    statement = sub(group, "Stmt")
    sub(statement, "Id", statement_id)
    sub(statement, "ElctrncSeqNb", "1")
    sub(statement, "CreDtTm", "2026-01-06T06:00:00")
    account = sub(statement, "Acct")
    path(account, "Id/IBAN", iban)
    sub(account, "Ccy", currency)
    for code in ("OPBD", "CLBD"):
        balance(statement, code, currency, entries)
    if batch_booking:
        ntry(statement, entries, version, currency, key=f"{statement_id}-B")
    else:
        for entry in entries:
            ntry(statement, [entry], version, currency, key=entry.key)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def balance(statement: ET.Element, code: str, currency: str, entries: Sequence[Entry]) -> None:
    total = sum((entry.amount if entry.credit else -entry.amount for entry in entries), Decimal(0))
    amount = Decimal("10000.00") + (total if code == "CLBD" else 0)
    element = sub(statement, "Bal")
    path(element, "Tp/CdOrPrtry/Cd", code)
    sub(element, "Amt", f"{abs(amount):.2f}", Ccy=currency)
    sub(element, "CdtDbtInd", "CRDT" if amount >= 0 else "DBIT")
    path(element, "Dt/Dt", BOOKED.isoformat())


def ntry(statement: ET.Element, entries: Sequence[Entry], version: str, currency: str, *, key: str) -> None:
    first = entries[0]
    element = sub(statement, "Ntry")
    sub(element, "Amt", f"{sum(entry.amount for entry in entries):.2f}", Ccy=currency)
    sub(element, "CdtDbtInd", "CRDT" if first.credit else "DBIT")
    if version == "001.02":
        sub(element, "Sts", "BOOK")
    else:
        path(element, "Sts/Cd", "BOOK")
    path(element, "BookgDt/Dt", first.booking_date.isoformat())
    if first.value_date:
        path(element, "ValDt/Dt", first.value_date.isoformat())
    sub(element, "AcctSvcrRef", key)
    domain = path(element, "BkTxCd/Domn")
    sub(domain, "Cd", "PMNT")
    family = sub(domain, "Fmly")
    sub(family, "Cd", "RCDT" if first.credit else "ICDT")
    sub(family, "SubFmlyCd", "RRTN" if first.return_reason else "ESCT")
    details = sub(element, "NtryDtls")
    if len(entries) > 1:
        path(details, "Btch/NbOfTxs", str(len(entries)))
    for entry in entries:
        transaction(sub(details, "TxDtls"), entry, version, currency, batch=len(entries) > 1)


def transaction(element: ET.Element, entry: Entry, version: str, currency: str, *, batch: bool) -> None:
    """One TxDtls in the schema's order: Refs, (Amt, CdtDbtInd: 001.08), AmtDtls, RltdPties, RmtInf, RtrInf."""
    refs = sub(element, "Refs")
    if batch:
        sub(refs, "AcctSvcrRef", entry.key)
    sub(refs, "EndToEndId", entry.end_to_end_id or "NOTPROVIDED")
    if version != "001.02":
        sub(element, "Amt", f"{entry.amount:.2f}", Ccy=currency)
        sub(element, "CdtDbtInd", "CRDT" if entry.credit else "DBIT")
    path(element, "AmtDtls/TxAmt/Amt", f"{entry.amount:.2f}", Ccy=currency)
    party = "Dbtr" if entry.credit else "Cdtr"
    if entry.counterparty_name or entry.counterparty_iban:
        parties = sub(element, "RltdPties")
        if entry.counterparty_name:
            path(parties, f"{party}/Nm" if version == "001.02" else f"{party}/Pty/Nm", entry.counterparty_name)
        if entry.counterparty_iban:
            path(parties, f"{party}Acct/Id/IBAN", entry.counterparty_iban)
    if entry.communication or entry.free_text:
        remittance = sub(element, "RmtInf")
        if entry.free_text:
            sub(remittance, "Ustrd", entry.free_text)
        if entry.communication:
            reference = path(remittance, "Strd/CdtrRefInf")
            tp = sub(reference, "Tp")
            path(tp, "CdOrPrtry/Cd", "SCOR")
            sub(tp, "Issr", "BBA")
            sub(reference, "Ref", entry.communication)
    if entry.return_reason:
        path(element, "RtrInf/Rsn/Cd", entry.return_reason)


def write_coda(entries: Sequence[Entry], *, iban: str = ACCOUNT, sequence: int = 1, currency: str = "EUR",
               created: datetime.date = BOOKED, holder: str = "REGIE SOCIALE ECONOMIE") -> bytes:
    """A CODA 2.6 file: records 0, 1, per entry 2.1 + 2.2 + 2.3, 8 and the trailer 9 (ISO 8859-1, CRLF)."""
    movements = [line for number, entry in enumerate(entries, start=1) for line in coda_movement(number, entry)]
    debit = sum((entry.amount for entry in entries if not entry.credit), Decimal(0))
    credit = sum((entry.amount for entry in entries if entry.credit), Decimal(0))
    account = (f"2{iban:<16}{'':18}" if iban.startswith("BE") and len(iban) == 16 else f"3{iban:<34}") + currency
    old, new = Decimal("10000.00"), Decimal("10000.00") + credit - debit
    records = [
        (f"00000{ddmmyy(created)}00005 {'':7}{'0000000001':10}{holder:<26.26}{'GKCCBEBB':<11}{'00000000000':11}"
        f" 00000{'':16}{'':16}{'':7}2"),
        (f"1{account[0]}{sequence:03d}{account[1:]}{balance_field(old)}{ddmmyy(created)}{holder:<26.26}"
        f"{'Zichtrekening':<35}{sequence:03d}"),
        *movements,
        f"8{sequence:03d}{account[1:]}{balance_field(new)}{ddmmyy(created)}{'':64}0",
        f"9{'':15}{len(movements) + 2:06d}{coda_amount(debit)}{coda_amount(credit)}{'':75}2",
    ]
    assert all(len(record) == 128 for record in records), [len(record) for record in records]
    return "".join(record + "\r\n" for record in records).encode("latin-1")


def coda_movement(number: int, entry: Entry) -> list[str]:
    """Records 2.1, 2.2 and 2.3 of one movement (detail number 0000)."""
    code = ("00154000" if entry.return_reason else "00150000") if entry.credit else "00101000"
    zone = f"1101{entry.communication}{'':38}" if entry.communication else f"0{entry.free_text[:53]:<53}"
    head = f"{number:04d}0000"
    value = ddmmyy(entry.value_date) if entry.value_date else "000000"
    return [
        (f"21{head}{entry.key:<21.21}{'0' if entry.credit else '1'}{coda_amount(entry.amount)}{value}{code}{zone}"
        f"{ddmmyy(entry.booking_date)}00101 0"),
        (f"22{head}{entry.free_text[53:106] if not entry.communication else '':<53}{entry.end_to_end_id:<35.35}"
        f"{'GKCCBEBB':<11}{'':3}{'2' if entry.return_reason else ' '}{entry.return_reason:<4}{'':8}1 0"),
        (f"23{head}{entry.counterparty_iban:<34}{currency_of(entry):3}{entry.counterparty_name:<35.35}"
        f"{entry.free_text[106:149] if not entry.communication else '':<43}0 0"),
    ]


def currency_of(entry: Entry) -> str:
    return "EUR" if entry.counterparty_iban else ""


def ddmmyy(day: datetime.date) -> str:
    return day.strftime("%d%m%y")


def coda_amount(amount: Decimal) -> str:
    return f"{int(amount * 1000):015d}"


def balance_field(amount: Decimal) -> str:
    return ("0" if amount >= 0 else "1") + coda_amount(abs(amount))
