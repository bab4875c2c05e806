"""Reading Peppol BIS Billing 3.0 e-invoices (vouchers.einvoices): what a valid invoice and credit note give back,
which official rule a typical mistake breaks, and how every kind of bad file is refused."""
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from tests.support.ubl_invoices import (
    make_cii_invoice,
    make_invoice,
    make_xml_bomb,
    make_xxe,
    with_element_text,
    without_element,
)
from vouchers.einvoices import EInvoiceRefused, enterprise_number_of, looks_like_einvoice, read_einvoice

pytestmark = pytest.mark.slow

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAIN_001 = (b'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">'
            b"<CstmrCdtTrfInitn/></Document>")


def refusal(content):
    with translation.override("en"), pytest.raises(EInvoiceRefused) as caught:
        read_einvoice(content)
    return caught.value


def test_an_invoice_and_its_credit_note_read_back_with_every_field():
    issued = datetime.date(2026, 3, 2)
    invoice = read_einvoice(make_invoice(
        number="F2026-017", issue_date=issued, embedded_pdf=PDF,
        lines=[("Tuinonderhoud", Decimal("600.00")), ("Snoeiafval afvoeren", Decimal("45.50"))]))

    assert (invoice.kind, invoice.number, invoice.currency) == ("invoice", "F2026-017", "EUR")
    assert (invoice.issue_date, invoice.due_date) == (issued, datetime.date(2026, 4, 1))
    assert (invoice.total_without_vat, invoice.total_with_vat, invoice.payable) == (
        Decimal("645.50"), Decimal("781.06"), Decimal("781.06"))
    assert [(line.description, line.quantity, line.net_amount) for line in invoice.lines] == [
        ("Tuinonderhoud", Decimal("1"), Decimal("600.00")), ("Snoeiafval afvoeren", Decimal("1"), Decimal("45.50"))]
    assert (invoice.seller.name, invoice.seller.endpoint_scheme, invoice.seller.endpoint_id) == (
        "Kringwinkel Haspengouw vzw", "0208", "0123456749")
    assert (invoice.buyer.vat_number, invoice.buyer.company_id) == ("BE0202239951", "0202239951")
    assert (enterprise_number_of(invoice.seller), invoice.enterprise_number_of(invoice.buyer)) == (
        "0123456749", "0202239951")
    assert invoice.attachment_pdf == PDF
    assert (invoice.invoice_reference, invoice.warnings) == ("", ())

    credit_note = read_einvoice(make_invoice(credit_note=True, number="C2026-003", invoice_reference="F2026-017",
                                             lines=[("Tuinonderhoud", Decimal("100.00"))]))
    assert (credit_note.kind, credit_note.number, credit_note.invoice_reference) == (
        "credit_note", "C2026-003", "F2026-017")
    assert (credit_note.total_without_vat, credit_note.payable, credit_note.due_date) == (
        Decimal("100.00"), Decimal("121.00"), None)
    assert [line.net_amount for line in credit_note.lines] == [Decimal("100.00")]
    assert credit_note.attachment_pdf is None

    with_uuid = make_invoice().replace(b"<cbc:IssueDate>", b"<cbc:UUID>9f1c</cbc:UUID><cbc:IssueDate>", 1)
    assert read_einvoice(with_uuid).warnings == (("UBL-CR-005", "A UBL invoice should not include the UUID"),)

    by_vat_endpoint = read_einvoice(make_invoice(endpoint_scheme="9925"))
    assert by_vat_endpoint.seller.endpoint_id == "BE0123456749"
    assert enterprise_number_of(by_vat_endpoint.seller) == "0123456749"


def test_typical_mistakes_break_the_official_rules_named_by_their_ids():
    valid = make_invoice()
    wrong_total = refusal(with_element_text(valid, "cbc:TaxInclusiveAmount", "700.00"))
    assert wrong_total.code == "rules"
    assert [rule for rule, _text in wrong_total.findings] == ["BR-CO-15", "BR-CO-16"]
    assert wrong_total.message.startswith("The e-invoice breaks the Peppol BIS 3.0 / EN 16931 rules: BR-CO-15: "
                                          "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT")

    lines_do_not_add_up = refusal(with_element_text(valid, "cbc:LineExtensionAmount", "500.00"))
    assert "BR-CO-10" in [rule for rule, _text in lines_do_not_add_up.findings]

    no_buyer_reference = refusal(without_element(valid, "cbc:BuyerReference"))
    assert no_buyer_reference.findings == [
        ("PEPPOL-EN16931-R003", "A buyer reference or purchase order reference MUST be provided.")]

    assert {rule for rule, _text in refusal(make_invoice(seller_number="0123456748")).findings} == {
        "PEPPOL-COMMON-R043"}  # Belgian enterprise number with wrong check digits
    assert "BR-CL-04" in [rule for rule, _text in refusal(make_invoice(currency="EURO")).findings]


def test_every_kind_of_bad_file_is_refused_with_its_own_code(settings):
    truncated = make_invoice()[:700]
    cases = {
        "doctype": [make_xml_bomb(), make_xxe(), make_xxe().decode().replace('"1.0"', '"1.0" encoding="UTF-16"', 1)
                    .encode("utf-16")],
        "not_ubl": [make_cii_invoice(), PAIN_001],
        "broken_xml": [truncated],
        "not_xml": [PDF, b"\x00\x01garbage"],
        "empty": [b""],
        "schema": [with_element_text(make_invoice(), "cbc:IssueDate", "02/03/2026")],
    }
    for code, contents in cases.items():
        for content in contents:
            assert refusal(content).code == code, (code, content[:60])
    assert refusal(make_cii_invoice()).message.startswith(
        "This XML file is not a UBL e-invoice (Peppol BIS Billing 3.0 Invoice or CreditNote) but a "
        "“CrossIndustryInvoice” document.")
    assert refusal(cases["schema"][0]).findings[0][1] == (
        "Element 'cbc:IssueDate': '02/03/2026' is not a valid value of the atomic type 'xs:date'.")

    assert [looks_like_einvoice(content) for content in (make_invoice(), truncated, make_cii_invoice(), PDF)] == [
        True, True, False, False]
    settings.EINVOICE_MAX_BYTES = 2048
    too_large = refusal(make_invoice())
    assert (too_large.code, too_large.message) == (
        "too_large", "The e-invoice is too large (3.8\xa0KB); at most 2.0\xa0KB is allowed.")
    assert looks_like_einvoice(make_invoice())  # an e-invoice still, refused for its size
