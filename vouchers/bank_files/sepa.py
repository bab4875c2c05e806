"""The SEPA credit transfer file (pain.001.001.03) of a payout batch, as Belgian banks expect it.

Built with the standard library's ElementTree rather than sepaxml's SepaTransfer, which puts the
remittance information in free text (Ustrd) and draws new random ids and a 12-hour timestamp at
every export. Here each payment carries the Belgian structured communication in
RmtInf/Strd/CdtrRefInf (SCOR, BBA), the message id and creation time are the batch's stored ones
(every download is byte-identical), each payment is booked on its own (BtchBookg false) under its own stored
end-to-end id, so the bank's statement can say which was paid when and which came back, the creditor's name,
IBAN, BIC and communication are those frozen in the batch's payments when it was made, the initiating party
carries the regie's enterprise number (KBO-BCE), and every text is transliterated to the SEPA Latin character set.
The debtor (legal name, IBAN, BIC) and the initiating party are the batch's regie, read from its row.
The file is validated against the ISO 20022 schema that sepaxml ships before it is handed out.
"""
from __future__ import annotations

import functools
import os
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import TYPE_CHECKING

import sepaxml
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs
from text_unidecode import unidecode

from regie.models import Regie
from vouchers.models import Payment, PayoutBatch

if TYPE_CHECKING:
    import xmlschema

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
SCHEMA = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.03.xsd")
NOT_SEPA_LATIN = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")

def sepa_text(text: object, length: int = 70) -> str:
    """Transliterated to the SEPA Latin set: 'Zoë & Fils – Fourons' -> 'Zoe + Fils - Fourons'."""
    latin: str = unidecode(str(text or "")).replace("&", "+")
    return " ".join(NOT_SEPA_LATIN.sub(" ", latin).split())[:length].strip()


def structured_communication(base: str | int) -> str:
    """`base`: up to 10 digits -> '+++123/4567/89002+++' with its mod-97 check digits."""
    return f"+++{ogm_vcs.format(communication_digits(base))}+++"


def communication_digits(base: str | int) -> str:
    digits = f"{int(base) % 10**10:010d}"
    return digits + ogm_vcs.calc_check_digits(digits)


def missing_debtor_details(regie: Regie) -> list[str]:
    """What the regie's row lacks for a payout file (its IBAN, its enterprise number), in the active language:
    an empty list when a file can be made."""
    name = {"regie": regie.name}
    problems = []
    if not regie.iban:
        problems.append(_("%(regie)s has no IBAN to pay the firms from: a platform administrator adds it under "
                          "Regies.") % name)
    if not regie.enterprise_number:
        problems.append(_("%(regie)s has no enterprise number to name in the bank file: a platform administrator "
                          "adds it under Regies.") % name)
    return problems


def payments(batch: PayoutBatch) -> list[Payment]:
    """The batch's payments as frozen when it was made, in a stable order, with their redemptions."""
    return list(batch.payments.select_related("enterprise").prefetch_related("redemptions")
                .order_by("creditor_name", "pk"))


def _add(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = str(text)
    return element


def _path(parent: ET.Element, tags: list[str], text: object) -> ET.Element:
    for tag in tags[:-1]:
        parent = _add(parent, tag)
    return _add(parent, tags[-1], text)


def _group_header(root: ET.Element, batch: PayoutBatch, payments_: list[Payment], total: Decimal) -> None:
    header = _add(root, "GrpHdr")
    _add(header, "MsgId", batch.message_id)
    _add(header, "CreDtTm", f"{timezone.localtime(batch.file_created_at):%Y-%m-%dT%H:%M:%S}")
    _add(header, "NbOfTxs", len(payments_))
    _add(header, "CtrlSum", f"{total:.2f}")
    party = _add(header, "InitgPty")
    _add(party, "Nm", sepa_text(batch.regie.legal_name))
    other = _path(party, ["Id", "OrgId", "Othr"], None)
    _add(other, "Id", batch.regie.enterprise_number)
    _add(other, "Issr", "KBO-BCE")


def _payment_information(
    root: ET.Element, batch: PayoutBatch, payments_: list[Payment], total: Decimal,
) -> ET.Element:
    info = _add(root, "PmtInf")
    for tag, text in [("PmtInfId", batch.payment_info_id), ("PmtMtd", "TRF"),
                      ("BtchBookg", "false" if batch.books_each_payment else "true"),
                      ("NbOfTxs", len(payments_)), ("CtrlSum", f"{total:.2f}")]:
        _add(info, tag, text)
    _path(info, ["PmtTpInf", "SvcLvl", "Cd"], "SEPA")
    _add(info, "ReqdExctnDt", batch.execution_date.isoformat())
    debtor = batch.regie
    _path(info, ["Dbtr", "Nm"], sepa_text(debtor.legal_name))
    _path(info, ["DbtrAcct", "Id", "IBAN"], debtor.iban.replace(" ", "").upper())
    if debtor.bic:
        _path(info, ["DbtrAgt", "FinInstnId", "BIC"], debtor.bic)
    else:
        _path(info, ["DbtrAgt", "FinInstnId", "Othr", "Id"], "NOTPROVIDED")
    _add(info, "ChrgBr", "SLEV")
    return info


def _transfer(info: ET.Element, payment: Payment, *, with_bic: bool) -> None:
    transfer = _add(info, "CdtTrfTxInf")
    _path(transfer, ["PmtId", "EndToEndId"], payment.end_to_end_id)
    _path(transfer, ["Amt", "InstdAmt"], f"{payment.amount:.2f}").set("Ccy", "EUR")
    if payment.bic and with_bic:
        _path(transfer, ["CdtrAgt", "FinInstnId", "BIC"], payment.bic)
    _path(transfer, ["Cdtr", "Nm"], sepa_text(payment.creditor_name))
    _path(transfer, ["CdtrAcct", "Id", "IBAN"], payment.iban.replace(" ", "").upper())
    reference = _path(transfer, ["RmtInf", "Strd", "CdtrRefInf"], None)
    kind = _add(reference, "Tp")
    _path(kind, ["CdOrPrtry", "Cd"], "SCOR")
    _add(kind, "Issr", "BBA")
    _add(reference, "Ref", re.sub(r"\D", "", payment.communication))


def sepa_xml(batch: PayoutBatch) -> bytes:
    """The batch's pain.001.001.03 file as bytes, validated against the schema."""
    payments_ = payments(batch)
    total = sum((p.amount for p in payments_), Decimal("0"))
    document = ET.Element("Document", {"xmlns": NAMESPACE})
    root = _add(document, "CstmrCdtTrfInitn")
    _group_header(root, batch, payments_, total)
    info = _payment_information(root, batch, payments_, total)
    for payment in payments_:
        _transfer(info, payment, with_bic=batch.books_each_payment)
    ET.indent(document)
    content = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    validate(content)
    return content


@functools.lru_cache(maxsize=1)
def _schema() -> xmlschema.XMLSchema:
    import xmlschema  # noqa: PLC0415 late: ~0.2 s to import; only a payout file needs it, not every process start

    return xmlschema.XMLSchema(SCHEMA)


def validate(content: bytes) -> None:
    """Raises xmlschema's XMLSchemaValidationError when `content` breaks the pain.001.001.03 schema."""
    _schema().validate(content.decode("utf-8"))
