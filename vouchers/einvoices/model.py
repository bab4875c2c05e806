"""What the portal reads from an e-invoice: plain frozen values, no XML, no database."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from stdnum.be import vat
from stdnum.exceptions import ValidationError as StdnumError

ENTERPRISE_NUMBER_SCHEME = "0208"  # ISO 6523 ICD of the Belgian enterprise number (KBO/BCE)
BELGIAN_VAT_SCHEME = "9925"  # Peppol endpoint scheme of a Belgian VAT number


@dataclass(frozen=True)
class Party:
    """The seller (BG-4) or buyer (BG-7) of an e-invoice."""

    name: str
    endpoint_scheme: str  # cbc:EndpointID/@schemeID, e.g. "0208"
    endpoint_id: str
    vat_number: str  # cac:PartyTaxScheme/cbc:CompanyID, e.g. "BE0123456749"
    company_id: str  # cac:PartyLegalEntity/cbc:CompanyID
    company_id_scheme: str = ""  # its @schemeID, e.g. "0208"

    @property
    def belgian_numbers(self) -> tuple[str, ...]:
        """Every Belgian enterprise number the party states (endpoint 0208/9925, BE VAT number, CompanyID with
        scheme 0208), each once: 10 digits, or the stated text itself where it is no valid number."""
        return tuple(dict.fromkeys(_belgian_number(value) or value.strip()[:32] for value in _stated(self)))


@dataclass(frozen=True)
class Line:
    description: str  # cac:Item/cbc:Name
    quantity: Decimal
    net_amount: Decimal  # cbc:LineExtensionAmount, without VAT


@dataclass(frozen=True)
class EInvoice:
    kind: str  # "invoice" | "credit_note"
    number: str
    issue_date: date
    due_date: date | None
    currency: str
    seller: Party
    buyer: Party
    total_without_vat: Decimal
    total_with_vat: Decimal
    payable: Decimal
    lines: tuple[Line, ...]
    invoice_reference: str  # a credit note's invoice (cac:BillingReference), else ""
    attachment_pdf: bytes | None
    warnings: tuple[tuple[str, str], ...] = field(default=())  # (rule id, text) of the rules' warnings

    def enterprise_number_of(self, party: Party) -> str | None:
        return enterprise_number_of(party)


def enterprise_number_of(party: Party) -> str | None:
    """The 10-digit Belgian enterprise number of a party: from its endpoint 0208:<number> (or 9925:BE<number>),
    else its BE VAT number, else its legal CompanyID with scheme 0208; None if it states none that is valid."""
    for candidate in _stated(party):
        number = _belgian_number(candidate)
        if number:
            return number
    return None


def _stated(party: Party) -> list[str]:
    candidates = []
    if party.endpoint_scheme in (ENTERPRISE_NUMBER_SCHEME, BELGIAN_VAT_SCHEME):
        candidates.append(party.endpoint_id)
    if party.vat_number.upper().startswith("BE"):
        candidates.append(party.vat_number)
    if party.company_id_scheme == ENTERPRISE_NUMBER_SCHEME:
        candidates.append(party.company_id)
    return candidates


def _belgian_number(value: str) -> str | None:
    if len(value) > 32:
        return None
    try:
        return str(vat.validate(value.strip().upper()))
    except StdnumError:
        return None


class EInvoiceRefused(Exception):
    """An e-invoice the portal does not take: `code` for programs, `message` (translated) for the form, and for
    failed rules or schema `findings`, [(rule id, text)]."""

    def __init__(self, code: str, message: str, findings: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.findings = findings or []
