"""Write Peppol BIS Billing 3.0 e-invoices (UBL 2.1 Invoice and CreditNote) in exactly the official layout.

`make_invoice` returns the bytes of a document that passes the UBL 2.1 schema and the official EN 16931 and Peppol
BIS 3.0 rules: CustomizationID and ProfileID of BIS Billing 3.0, seller and buyer with endpoint 0208:<enterprise
number>, Belgian VAT numbers, one standard-rated VAT breakdown whose totals add up, a due date (invoice) or payment
terms (credit note), an optional embedded PDF. Tests make the typical mistakes by editing its bytes
(`with_element_text`)."""
import base64
import datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.utils import timezone

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CENT = Decimal("0.01")


def _money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _party(role, *, number, name, street, city, postcode, endpoint_scheme):
    endpoint = number if endpoint_scheme == "0208" else f"BE{number}"
    return f"""  <cac:{role}>
    <cac:Party>
      <cbc:EndpointID schemeID="{endpoint_scheme}">{endpoint}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>{escape(name)}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>{escape(street)}</cbc:StreetName>
        <cbc:CityName>{escape(city)}</cbc:CityName>
        <cbc:PostalZone>{postcode}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>BE{number}</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{escape(name)}</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0208">{number}</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:{role}>
"""


def _tax_category(tag, vat_rate):
    code = "S" if vat_rate > 0 else "Z"
    return (f"<cac:{tag}><cbc:ID>{code}</cbc:ID><cbc:Percent>{vat_rate}</cbc:Percent>"
            f"<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:{tag}>")


def _line(index, description, amount, *, currency, vat_rate, credit_note):
    kind, quantity_tag = ("CreditNoteLine", "CreditedQuantity") if credit_note else ("InvoiceLine", "InvoicedQuantity")
    return f"""  <cac:{kind}>
    <cbc:ID>{index}</cbc:ID>
    <cbc:{quantity_tag} unitCode="C62">1</cbc:{quantity_tag}>
    <cbc:LineExtensionAmount currencyID="{currency}">{_money(amount)}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>{escape(description)}</cbc:Name>
      {_tax_category("ClassifiedTaxCategory", vat_rate)}
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="{currency}">{_money(amount)}</cbc:PriceAmount></cac:Price>
  </cac:{kind}>
"""


def _totals(net, vat, *, currency, vat_rate):
    return f"""  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="{currency}">{vat}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="{currency}">{net}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="{currency}">{vat}</cbc:TaxAmount>
      {_tax_category("TaxCategory", vat_rate)}
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="{currency}">{net}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="{currency}">{net}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="{currency}">{net + vat}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="{currency}">{net + vat}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
"""


def _references(*, buyer_reference, invoice_reference, embedded_pdf):
    parts = [f"  <cbc:BuyerReference>{escape(buyer_reference)}</cbc:BuyerReference>\n"] if buyer_reference else []
    if invoice_reference:
        parts.append("  <cac:BillingReference><cac:InvoiceDocumentReference>"
                     f"<cbc:ID>{escape(invoice_reference)}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>\n")
    if embedded_pdf is not None:
        data = base64.b64encode(embedded_pdf).decode("ascii")
        parts.append("  <cac:AdditionalDocumentReference><cbc:ID>invoice.pdf</cbc:ID>"
                     "<cbc:DocumentDescription>Invoice</cbc:DocumentDescription><cac:Attachment>"
                     '<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="invoice.pdf">'
                     f"{data}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n")
    return "".join(parts)


def _header(*, credit_note, number, issue_date, currency):
    root, ns = ("CreditNote", CREDIT_NOTE_NS) if credit_note else ("Invoice", INVOICE_NS)
    type_code = ("  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>\n" if credit_note else
                 f"  <cbc:DueDate>{issue_date + datetime.timedelta(days=30)}</cbc:DueDate>\n"
                 "  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{ns}" xmlns:cac="{CAC}" xmlns:cbc="{CBC}">\n'
            f"  <cbc:CustomizationID>{CUSTOMIZATION_ID}</cbc:CustomizationID>\n"
            f"  <cbc:ProfileID>{PROFILE_ID}</cbc:ProfileID>\n"
            f"  <cbc:ID>{escape(number)}</cbc:ID>\n  <cbc:IssueDate>{issue_date}</cbc:IssueDate>\n{type_code}"
            f"  <cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>\n")


def make_invoice(*, seller_number="0123456749", seller_name="Kringwinkel Haspengouw vzw",
                 buyer_number="0202239951", buyer_name="Bakkerij Janssens bv", number="F2026-001",
                 issue_date=None, currency="EUR", lines=(("Tuinonderhoud", Decimal("600.00")),),
                 vat_rate=Decimal("21"), credit_note=False, invoice_reference="", embedded_pdf=None,
                 endpoint_scheme="0208", buyer_reference="Cheque"):
    """A Peppol BIS Billing 3.0 Invoice (or CreditNote with credit_note=True) as UTF-8 bytes.

    issue_date defaults to today; endpoint_scheme "0208" (enterprise number) or "9925" (BE VAT number)."""
    issue_date = issue_date or timezone.localdate()
    net = sum((_money(amount) for _, amount in lines), Decimal("0.00"))
    vat = _money(net * Decimal(vat_rate) / 100)
    body = [
        _header(credit_note=credit_note, number=number, issue_date=issue_date, currency=currency),
        _references(buyer_reference=buyer_reference, invoice_reference=invoice_reference, embedded_pdf=embedded_pdf),
        _party("AccountingSupplierParty", number=seller_number, name=seller_name, street="Stationsstraat 1",
               city="Tongeren", postcode="3700", endpoint_scheme=endpoint_scheme),
        _party("AccountingCustomerParty", number=buyer_number, name=buyer_name, street="Markt 5",
               city="Bilzen", postcode="3740", endpoint_scheme=endpoint_scheme),
        "  <cac:PaymentTerms><cbc:Note>30 days</cbc:Note></cac:PaymentTerms>\n" if credit_note else "",
        _totals(net, vat, currency=currency, vat_rate=Decimal(vat_rate)),
        *(_line(i, text, amount, currency=currency, vat_rate=Decimal(vat_rate), credit_note=credit_note)
          for i, (text, amount) in enumerate(lines, start=1)),
        "</CreditNote>\n" if credit_note else "</Invoice>\n",
    ]
    return "".join(body).encode("utf-8")


def with_element_text(content, tag, text, *, occurrence=1):
    """The document with the text of the n-th `<tag ...>` element (e.g. "cbc:TaxInclusiveAmount") replaced."""
    source = content.decode("utf-8")
    start = -1
    for _ in range(occurrence):
        start = source.index(f"<{tag}", start + 1)
    open_end = source.index(">", start) + 1
    close = source.index(f"</{tag}>", open_end)
    return (source[:open_end] + text + source[close:]).encode("utf-8")


def without_element(content, tag):
    """The document without its first `<tag>...</tag>` element (e.g. "cbc:BuyerReference")."""
    source = content.decode("utf-8")
    start = source.index(f"<{tag}")
    end = source.index(f"</{tag}>", start) + len(f"</{tag}>")
    return (source[:start] + source[end:]).encode("utf-8")


def make_cii_invoice():
    """A minimal UN/CEFACT CII invoice (the other EN 16931 syntax), which the portal does not take."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CrossIndustryInvoice '
            b'xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">'
            b"<rsm:ExchangedDocument/></rsm:CrossIndustryInvoice>\n")


def make_xml_bomb():
    """A "billion laughs" document: entities that expand exponentially, declared in a DOCTYPE."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE Invoice [{"".join(entities)}]>\n'
            f'<Invoice xmlns="{INVOICE_NS}">&lol9;</Invoice>\n').encode()


def make_xxe():
    """A document whose DOCTYPE declares an external entity that reads a local file."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            f'<Invoice xmlns="{INVOICE_NS}"><cbc:ID xmlns:cbc="{CBC}">&x;</cbc:ID></Invoice>\n').encode()
