"""Read an uploaded UBL 2.1 e-invoice (Peppol BIS Billing 3.0 Invoice or CreditNote) safely.

Size limit first (settings.EINVOICE_MAX_BYTES), then lxml without network, DTD or entity expansion; a document with
a DOCTYPE (entity bombs, external entities) is refused outright. Then the UBL 2.1 schema and the official rules
(validation.py), and only then the values the portal uses."""
import base64
import binascii
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from vouchers.einvoices.model import EInvoice, EInvoiceRefused, Line, Party
from vouchers.einvoices.validation import rule_findings, schema_errors

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
ROOTS = {f"{{{INVOICE_NS}}}Invoice": "invoice", f"{{{CREDIT_NOTE_NS}}}CreditNote": "credit_note"}
NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
SHOWN_FINDINGS = 3
SNIFFED_BYTES = 65_536


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_pis=True)


def max_bytes() -> int:
    return int(getattr(settings, "EINVOICE_MAX_BYTES", 5 * 1024 * 1024))


def looks_like_einvoice(content: bytes) -> bool:
    """Cheap sniff: XML whose root element is a UBL Invoice or CreditNote (nothing is validated, the size neither:
    a too large or broken e-invoice is still one, for read_einvoice to refuse with its reason)."""
    if content.lstrip()[:1] not in (b"<", b"\xef", b"\xff", b"\xfe"):  # "<" or a UTF-8/UTF-16 byte order mark
        return False
    try:
        for _event, element in etree.iterparse(io.BytesIO(content[:SNIFFED_BYTES]), events=("start",),
                                               resolve_entities=False, no_network=True, load_dtd=False):
            return element.tag in ROOTS
    except etree.XMLSyntaxError:
        return False
    return False


def parse_safely(content: bytes) -> etree._Element:
    """The root element of a UBL Invoice or CreditNote, or EInvoiceRefused (size, DOCTYPE, not XML, other root)."""
    if not content:
        raise EInvoiceRefused("empty", _("The e-invoice file is empty."))
    if len(content) > max_bytes():
        raise EInvoiceRefused("too_large", _("The e-invoice is too large (%(size)s); at most %(max)s is allowed.") % {
            "size": filesizeformat(len(content)), "max": filesizeformat(max_bytes())})
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise _doctype_refusal()
    try:
        tree = etree.fromstring(content, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        if re.search(r"entit|amplification", error.msg or "", re.IGNORECASE):  # an entity bomb in UTF-16, say
            raise _doctype_refusal() from None
        raise _not_xml_refusal(content) from None
    except ValueError:
        raise _not_xml_refusal(content) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # e.g. a DOCTYPE in UTF-16
        raise _doctype_refusal()
    root = tree.getroot()
    if root.tag not in ROOTS:
        raise EInvoiceRefused("not_ubl", _(
            "This XML file is not a UBL e-invoice (Peppol BIS Billing 3.0 Invoice or CreditNote) but a “%(root)s” "
            "document. Ask your invoicing software for the UBL (Peppol) version of the invoice.") % {
            "root": etree.QName(root).localname})
    return root


def _doctype_refusal() -> EInvoiceRefused:
    return EInvoiceRefused("doctype", _(
        "The e-invoice contains a document type declaration (DOCTYPE or entities), which e-invoices never have; "
        "it was not read."))


def _not_xml_refusal(content: bytes) -> EInvoiceRefused:
    if content.lstrip()[:5] == b"%PDF-":
        return EInvoiceRefused("not_xml", _("This is a PDF file, not a UBL e-invoice (an XML file)."))
    if content.lstrip()[:1] == b"<":
        return EInvoiceRefused("broken_xml", _(
            "The e-invoice is not well-formed XML; it may be incomplete (cut off while uploading or saving)."))
    return EInvoiceRefused("not_xml", _("This file is not a UBL e-invoice (an XML file)."))


def read_einvoice(content: bytes) -> EInvoice:
    """Parse safely, validate against the UBL 2.1 schema and the official rules, return the invoice's values."""
    root = parse_safely(content)
    errors = schema_errors(root)
    if errors:
        raise _refusal("schema", _("The e-invoice does not follow the UBL 2.1 schema: %(findings)s"), errors)
    findings = rule_findings(root)
    if findings.fatal:
        raise _refusal("rules", _("The e-invoice breaks the Peppol BIS 3.0 / EN 16931 rules: %(findings)s"),
                       list(findings.fatal))
    try:
        return _values(root, warnings=findings.warnings)
    except (ValueError, InvalidOperation, binascii.Error):
        raise EInvoiceRefused("unreadable", _("A date or amount in the e-invoice cannot be read.")) from None


def _refusal(code: str, template: str, findings: list[tuple[str, str]]) -> EInvoiceRefused:
    shown = "; ".join(f"{rule}: {text}" for rule, text in findings[:SHOWN_FINDINGS])
    if len(findings) > SHOWN_FINDINGS:
        shown += " " + _("(and %(count)s more)") % {"count": len(findings) - SHOWN_FINDINGS}
    return EInvoiceRefused(code, template % {"findings": shown}, findings)


def _text(element: etree._Element, path: str) -> str:
    return str(element.findtext(path, default="", namespaces=NS)).strip()


def _date(element: etree._Element, path: str) -> date | None:
    text = _text(element, path)
    return date.fromisoformat(text) if text else None


def _party(root: etree._Element, role: str) -> Party:
    party = root.find(f"cac:{role}/cac:Party", NS)
    if party is None:
        party = etree.Element("missing")
    endpoint = party.find("cbc:EndpointID", NS)
    legal_id = party.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
    return Party(
        name=_text(party, "cac:PartyLegalEntity/cbc:RegistrationName") or _text(party, "cac:PartyName/cbc:Name"),
        endpoint_scheme="" if endpoint is None else str(endpoint.get("schemeID", "")),
        endpoint_id=_text(party, "cbc:EndpointID"),
        vat_number=_vat_number(party),
        company_id=_text(party, "cac:PartyLegalEntity/cbc:CompanyID"),
        company_id_scheme="" if legal_id is None else str(legal_id.get("schemeID", "")),
    )


def _vat_number(party: etree._Element) -> str:
    for scheme in party.iterfind("cac:PartyTaxScheme", NS):
        if _text(scheme, "cac:TaxScheme/cbc:ID") == "VAT":
            return _text(scheme, "cbc:CompanyID")
    return ""


def _lines(root: etree._Element) -> tuple[Line, ...]:
    return tuple(
        Line(description=_text(line, "cac:Item/cbc:Name"),
             quantity=Decimal(_text(line, "cbc:InvoicedQuantity") or _text(line, "cbc:CreditedQuantity") or "0"),
             net_amount=Decimal(_text(line, "cbc:LineExtensionAmount")))
        for line in root.iterfind("cac:CreditNoteLine" if ROOTS[root.tag] == "credit_note" else "cac:InvoiceLine", NS))


def _attachment_pdf(root: etree._Element) -> bytes | None:
    for binary in root.iterfind("cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
                                NS):
        if binary.get("mimeCode") == "application/pdf":
            return base64.b64decode("".join((binary.text or "").split()), validate=True)
    return None


def _values(root: etree._Element, *, warnings: tuple[tuple[str, str], ...]) -> EInvoice:
    totals = "cac:LegalMonetaryTotal/cbc:"
    issue_date = _date(root, "cbc:IssueDate")
    if issue_date is None:
        raise ValueError("no issue date")
    return EInvoice(
        kind=ROOTS[root.tag], number=_text(root, "cbc:ID"), issue_date=issue_date,
        due_date=_date(root, "cbc:DueDate") or _date(root, "cac:PaymentMeans/cbc:PaymentDueDate"),
        currency=_text(root, "cbc:DocumentCurrencyCode"),
        seller=_party(root, "AccountingSupplierParty"), buyer=_party(root, "AccountingCustomerParty"),
        total_without_vat=Decimal(_text(root, totals + "TaxExclusiveAmount")),
        total_with_vat=Decimal(_text(root, totals + "TaxInclusiveAmount")),
        payable=Decimal(_text(root, totals + "PayableAmount")),
        lines=_lines(root),
        invoice_reference=_text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
        attachment_pdf=_attachment_pdf(root), warnings=warnings,
    )
