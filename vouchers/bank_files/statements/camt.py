"""ISO 20022 camt.053 (BankToCustomerStatement) as Belgian banks deliver it: 001.02 and 001.08, and the other
001.xx versions that keep the same paths (001.04, 001.06).

Read with lxml, safely: no entity expansion, no network, no DTD, no huge trees, and any file with a DOCTYPE
is refused outright (XML bombs and XXE live there). Paths are qualified with the file's own namespace, so
one reader serves every version; where the versions differ it reads both spellings:

- Ntry/Sts: text "BOOK" (001.02) or Sts/Cd "BOOK" (001.08); only booked entries count (PDNG, INFO skipped);
- TxDtls amount: TxDtls/Amt (001.08) or TxDtls/AmtDtls/TxAmt/Amt (001.02);
- party names: RltdPties/Dbtr/Nm (001.02) or RltdPties/Dbtr/Pty/Nm (001.08), the same for Cdtr.

A Ntry with several TxDtls (a batch booking) gives one Entry per TxDtls, with its own amount; their sum must
be the entry's amount (TxDtls/Amt, AmtDtls/TxAmt/Amt or AmtDtls/InstdAmt/Amt). The counterparty is the debtor of a
credit and the creditor of a debit. A return's reason is RtrInf/Rsn/Cd or Prtry, "NARR" for a return without a code
(BkTxCd RRTN, a RtrInf, RvslInd). A 0.00 entry is skipped; "100.000" is 100.00.
"""
from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _, gettext_lazy
from lxml import etree

from vouchers.bank_files.statements.entries import (
    Entry,
    Statement,
    decimal_amount,
    end_to_end,
    entry_place,
    line_place,
    normalise_iban,
    refuse,
    structured_digits,
)

ISO_NAMESPACE = re.compile(r"\{urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.001\.(\d{2})\}")
DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
BOMB = re.compile(r"entit|amplification", re.IGNORECASE)  # libxml2's words for an entity bomb, wherever it sits
TX_AMOUNTS = ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt")  # 001.08, 001.02, what some banks give only
RETURN_CODES = ("RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry")
RETURN_FAMILY = ("BkTxCd/Domn/Fmly/SubFmlyCd", "BkTxCd/Domn/Fmly/Cd", "BkTxCd/Domn/Cd")
KNOWN_MESSAGES = {
    "camt.052": gettext_lazy("camt.052 (account report)"),
    "camt.054": gettext_lazy("camt.054 (debit/credit notification)"),
    "pain.001": gettext_lazy("pain.001 (payment order)"),
    "pain.002": gettext_lazy("pain.002 (payment status report)"),
}
Element = Any  # lxml ships no type hints: its elements are typed loosely here


@functools.lru_cache(maxsize=256)
def qualified(namespace: str, path: str) -> str:
    """'Ntry/Amt' -> '{ns}Ntry/{ns}Amt'."""
    return "/".join(f"{{{namespace}}}{step}" for step in path.split("/"))


class Reader:
    """Finds in one file's namespace, with XPath compiled once per path: reader.text(element, 'Acct/Id/IBAN')."""

    def __init__(self, namespace: str, filename: str) -> None:
        self.namespace = namespace
        self.filename = filename
        self.compiled: dict[str, Any] = {}

    def xpath(self, expression: str, path: str) -> Any:
        key = expression + path
        if key not in self.compiled:
            steps = "/".join(f"c:{step}" for step in path.split("/"))
            self.compiled[key] = etree.XPath(expression.format(steps), namespaces={"c": self.namespace})
        return self.compiled[key]

    def text(self, element: Element, path: str) -> str:
        return str(self.xpath("normalize-space({})", path)(element))

    def all(self, element: Element, path: str) -> list[Element]:
        return list(self.xpath("{}", path)(element))

    def first(self, element: Element, *paths: str) -> str:
        for path in paths:
            if value := self.text(element, path):
                return value
        return ""


def parse(content: bytes, filename: str) -> Element:
    if DOCTYPE.search(content[:4096]):
        raise refuse(filename, _("it declares a DOCTYPE, which bank statements never do; it is refused for safety."))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True, remove_blank_text=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        if BOMB.search(error.msg or ""):  # a DOCTYPE after the first 4 KB, or in UTF-16
            raise refuse(filename, _("it declares a DOCTYPE, which bank statements never do; it is refused for "
                                     "safety.")) from error
        raise refuse(filename, _("it is not well-formed XML (%(error)s); the file may be cut off.")
                     % {"error": error.msg}, line_place(error.lineno or 0)) from error
    if root.getroottree().docinfo.doctype:
        raise refuse(filename, _("it declares a DOCTYPE, which bank statements never do; it is refused for safety."))
    return root


def camt_version(root: Element, filename: str) -> tuple[str, str]:
    """(namespace, '001.02') of a camt.053 document; refuses any other message."""
    found = ISO_NAMESPACE.match(str(root.tag))
    if not found:
        raise refuse(filename, _("it is XML but not an ISO 20022 bank statement (camt.053)."))
    if found.group(1) != "camt.053":
        kind = str(KNOWN_MESSAGES.get(found.group(1), found.group(1)))
        raise refuse(filename, _("it is a %(kind)s message, not a bank statement (camt.053).") % {"kind": kind})
    return str(root.tag)[1:].split("}")[0], f"001.{found.group(2)}"


def read_camt(content: bytes, filename: str) -> list[Statement]:
    root = parse(content, filename)
    namespace, version = camt_version(root, filename)
    reader = Reader(namespace, filename)
    counter = [0]
    page = reader.text(root, "BkToCstmrStmt/GrpHdr/MsgPgntn/PgNb")
    statements = [read_statement(reader, element, f"camt.053.{version}", counter, page)
                  for element in reader.all(root, "BkToCstmrStmt/Stmt")]
    if not statements:
        raise refuse(filename, _("it holds no statement (BkToCstmrStmt/Stmt)."))
    return statements


def read_statement(reader: Reader, element: Element, kind: str, counter: list[int], page: str) -> Statement:
    """One statement, whatever its account or currency (the import chooses). A page after the first (StmtPgntn or
    the message's MsgPgntn) keeps the statement's id; the keys of its entries without a bank reference name it."""
    statement_id = reader.text(element, "Id")
    iban = normalise_iban(reader.text(element, "Acct/Id/IBAN"))
    place = _("statement %(id)s") % {"id": statement_id or counter[0] + 1}
    if not statement_id or not iban:
        raise refuse(reader.filename, _("it has no statement id or no account IBAN."), place)
    currency = reader.first(element, "Acct/Ccy") or statement_currency(reader, element) or "?"
    page = reader.text(element, "StmtPgntn/PgNb") or page
    base = statement_id if page.lstrip("0") in ("", "1") else f"{statement_id}/p{page.lstrip('0')}"
    entries: list[Entry] = []
    for ntry in reader.all(element, "Ntry"):
        counter[0] += 1
        entries.extend(read_entry(reader, ntry, base, currency, counter[0]))
    return Statement(kind=kind, statement_id=statement_id, account_iban=iban, currency=currency,
                     entries=tuple(entries))


def statement_currency(reader: Reader, element: Element) -> str:
    for path in ("Bal/Amt", "Ntry/Amt"):
        amount = element.find(qualified(reader.namespace, path))
        if amount is not None:
            return str(amount.get("Ccy", ""))
    return ""


def read_entry(reader: Reader, ntry: Element, statement_id: str, currency: str, number: int) -> list[Entry]:
    if reader.first(ntry, "Sts/Cd", "Sts") != "BOOK":
        return []
    place = entry_place(number)
    amount = checked_amount(reader, ntry, currency, place)
    if not amount:
        return []  # a 0.00 booking (a cancelled order, a notice) moves no money
    indicator = reader.text(ntry, "CdtDbtInd")
    booked = iso_date(reader.first(ntry, "BookgDt/Dt", "BookgDt/DtTm"))
    if indicator not in ("CRDT", "DBIT") or booked is None:
        raise refuse(reader.filename, _("it has no booking date or no credit/debit indicator."), place)
    valued = iso_date(reader.first(ntry, "ValDt/Dt", "ValDt/DtTm"))
    reference = reader.text(ntry, "AcctSvcrRef")
    transactions = reader.all(ntry, "NtryDtls/TxDtls") or [None]
    if len(transactions) == 1:
        return [make_entry(reader, transactions[0], ntry, place, reference or f"{statement_id}/{number}",
                           (booked, valued, amount, indicator == "CRDT"))]
    entries = []
    for index, tx in enumerate(transactions, start=1):
        tx_place = entry_place(number, index)
        key = reader.text(tx, "Refs/AcctSvcrRef") or f"{reference or statement_id + '/' + str(number)}/{index}"
        tx_amount = checked_amount(reader, tx, currency, tx_place, *TX_AMOUNTS)
        credit = reader.text(tx, "CdtDbtInd") == "CRDT" if reader.text(tx, "CdtDbtInd") else indicator == "CRDT"
        entries.append(make_entry(reader, tx, ntry, tx_place, key, (booked, valued, tx_amount, credit)))
    entries = [entry for entry in entries if entry.amount]
    if sum(entry.amount for entry in entries) != amount:
        raise refuse(reader.filename, _("the amounts of its transactions do not add up to the entry's amount."),
                     place)
    return entries


def checked_amount(reader: Reader, element: Element, currency: str, place: str, *paths: str) -> Decimal:
    for path in paths or ("Amt",):
        node = element.find(qualified(reader.namespace, path))
        if node is None:
            continue
        amount = decimal_amount(node.text)
        if amount is None:
            raise refuse(reader.filename, _("\"%(amount)s\" is not an amount.") % {"amount": node.text or ""}, place)
        if node.get("Ccy", currency) != currency:
            raise refuse(reader.filename, _("it is in %(currency)s; only statements in euro can be read.")
                         % {"currency": node.get("Ccy")}, place)
        return amount
    raise refuse(reader.filename, _("it has no amount."), place)


def make_entry(reader: Reader, tx: Element | None, ntry: Element, place: str, key: str,
               money: tuple[date, date | None, Decimal, bool]) -> Entry:
    booked, valued, amount, credit = money
    party = "Dbtr" if credit else "Cdtr"
    if tx is None:
        return Entry(position=place, key=key, booking_date=booked, value_date=valued, amount=amount, credit=credit,
                     end_to_end_id="", communication="", free_text=reader.text(ntry, "AddtlNtryInf"),
                     counterparty_name="", counterparty_iban="",
                     return_reason=return_reason(reader, ntry, ntry) if credit else "")
    references = [str(ref.text or "").strip() for ref in reader.all(tx, "RmtInf/Strd/CdtrRefInf/Ref")]
    free = " ".join(filter(None, (str(node.text or "").strip() for node in reader.all(tx, "RmtInf/Ustrd"))))
    digits = [structured_digits(reference) for reference in references]
    communication = next(filter(None, digits), "") or structured_digits(free)
    return Entry(position=place, key=key, booking_date=booked, value_date=valued, amount=amount, credit=credit,
                 end_to_end_id=end_to_end(reader.text(tx, "Refs/EndToEndId")), communication=communication,
                 free_text=free or " ".join(ref for ref, found in zip(references, digits, strict=True) if not found),
                 counterparty_name=reader.first(tx, f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"),
                 counterparty_iban=normalise_iban(reader.text(tx, f"RltdPties/{party}Acct/Id/IBAN")),
                 return_reason=return_reason(reader, tx, ntry) if credit else "")


def return_reason(reader: Reader, tx: Element, ntry: Element) -> str:
    """The ISO reason of a returned transfer (RtrInf/Rsn/Cd or Prtry); "NARR" for money in that is a return
    without a code (BkTxCd family RRTN, a RtrInf, or RvslInd true); else ""."""
    code = reader.first(tx, *RETURN_CODES)[:4].upper()
    if code:
        return code
    returned = "RRTN" in (reader.first(element, path) for element in (tx, ntry) for path in RETURN_FAMILY)
    if returned or reader.all(tx, "RtrInf") or reader.text(ntry, "RvslInd").lower() in ("true", "1"):
        return "NARR"
    return ""


def iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
