"""E-invoices (UBL, Peppol BIS Billing 3.0) as proof of a redemption: read to fill in the redeem form, checked
against the cheque and the firm, one redemption per invoice number, credit notes, staff's readable view."""
import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from regie.audit import AuditEvent
from tests.concurrency import at_once
from tests.factories import FirmMembershipFactory, RegieFactory
from tests.redemption_helpers import invoice_data, invoice_pdf, issued_voucher, redeem
from tests.support.ubl_invoices import make_cii_invoice, make_invoice, make_xml_bomb, with_element_text
from vouchers import services
from vouchers.einvoices import read_einvoice
from vouchers.invoices import einvoice_errors
from vouchers.models import Redemption
from vouchers.privacy.anonymise import anonymise_applications
from vouchers.reports import attention
from vouchers.services import receive_credit_note

pytestmark = pytest.mark.django_db
FIND, DETAILS = "/nl/partner/inwisselen/", "/nl/partner/inwisselen/factuur/"


def ubl(voucher, membership, **changes):
    values = {"seller_number": membership.enterprise.enterprise_number, "seller_name": membership.enterprise.name,
              "buyer_number": voucher.application.enterprise_number, "buyer_name": voucher.application.company_name,
              "number": "F2026-001", "issue_date": timezone.localdate()}
    return make_invoice(**{**values, **changes})


def xml(content, name="factuur.xml"):
    return SimpleUploadedFile(name, content, content_type="application/xml")


def submit(voucher, membership, content, **data):
    values = {**invoice_data(), "invoice_number": "", "invoice_date": None, "invoice_amount": None, **data}
    return services.submit_redemption(
        code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number,
        enterprise=membership.enterprise, by=membership.user, submission_key=uuid.uuid4(), data=values,
        einvoice=xml(content), regie=voucher.call.regie)


def refusal(voucher, membership, content, **data):
    with pytest.raises(ValidationError) as refused:
        submit(voucher, membership, content, **data)
    return {field: [error.code for error in errors] for field, errors in refused.value.error_dict.items()}


@pytest.mark.slow
def test_wrong_buyer_is_refused_with_that_reason_and_a_right_invoice_fills_in_the_form(client):
    membership = FirmMembershipFactory()
    client.force_login(membership.user)
    voucher = issued_voucher()
    client.post(FIND, {"code": voucher.code, "enterprise_number": voucher.application.enterprise_number,
                       "firm": membership.enterprise.pk})
    key = client.get(DETAILS).context["form"].initial["submission_key"]
    wrong = ubl(voucher, membership, buyer_number="0202239951", buyer_name="Bakkerij Elders bv")
    page = client.post(DETAILS, {"submission_key": key, "cheque": voucher.pk, "read_einvoice": "1",
                                 "invoice": xml(wrong)})
    assert [e.code for e in page.context["form"].errors.as_data()["invoice"]] == ["einvoice_other_buyer"]
    assert "Bakkerij Elders bv (0202.239.951)" in page.content.decode()
    assert page.context["form"].data.get("invoice_number") in (None, "")  # nothing filled in from a refused file
    assert not page.context["form"].data["kept_invoice"] and "redeem_invoice" not in client.session  # nor kept

    right = ubl(voucher, membership, lines=[("Tuinonderhoud", Decimal("450.00")), ("Snoeiwerk", Decimal("150.00"))])
    page = client.post(DETAILS, {"submission_key": key, "cheque": voucher.pk, "read_einvoice": "1",
                                 "invoice": xml(right), "description": "Tuin"})
    form = page.context["form"]
    assert not form.errors and form.data["invoice_number"] == "F2026-001"
    assert form.data["amount"] == "500,00" and form.data["invoice_amount"] == "600,00"  # capped at the balance
    assert form.data["invoice_date"] == form.data["service_date"] == timezone.localdate().isoformat()
    assert form.data["description"] == "Tuin"  # what the firm typed stays
    kept = form.data["kept_invoice"]

    posted = {name: form.data[name] for name in ("submission_key", "cheque", "amount", "description", "service_date",
                                                 "invoice_number", "invoice_date", "invoice_amount")}
    response = client.post(DETAILS, {**posted, "kept_invoice": kept})  # the file is not chosen again
    assert response.status_code == 302
    redemption = Redemption.objects.get()
    assert redemption.amount == Decimal("500.00") and redemption.invoice_amount == Decimal("600.00")
    assert not redemption.invoice and redemption.einvoice.read() == right
    assert client.get(f"/nl/partner/inwisselingen/{redemption.public_id}/factuur.pdf")["Content-Type"] == (
        "application/xml")


@pytest.mark.slow
def test_the_same_invoice_number_proves_one_redemption_whatever_its_format():
    membership = FirmMembershipFactory()
    first = redeem(issued_voucher(), membership, invoice_number="F2026-001")  # the PDF
    other = issued_voucher()
    assert refusal(other, membership, ubl(other, membership, number="f2026-001")) == {
        "invoice": ["invoice_number_used"]}
    with pytest.raises(ValidationError) as refused:
        redeem(other, membership, invoice_number=" F2026-001")
    assert refused.value.error_dict["invoice_number"][0].code == "invoice_number_used"
    services.reject_redemption(redemption=first, by=None, reason="Wrong cheque")
    assert submit(other, membership, ubl(other, membership, number="F2026-001")).einvoice


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_invoice_number_at_the_same_moment_on_eight_cheques_is_recorded_once(monkeypatch):
    monkeypatch.setattr("vouchers.services.redemptions._proof_errors", lambda *args: {})  # the constraint alone
    membership = FirmMembershipFactory()
    vouchers = [issued_voucher() for _ in range(8)]

    def attempt(voucher):
        try:
            redeem(voucher, membership, invoice_number="F2026-777")
        except ValidationError as error:
            return error.error_dict["invoice_number"][0].code
        return "accepted"

    outcomes = at_once(attempt, [(voucher,) for voucher in vouchers])
    assert sorted(outcomes) == ["accepted"] + ["invoice_number_used"] * 7


@pytest.mark.slow
def test_bombs_other_formats_other_sellers_and_credit_notes_are_refused_with_their_reason():
    membership = FirmMembershipFactory()
    voucher = issued_voucher()
    with translation.override("en"):
        bomb = refusal(voucher, membership, make_xml_bomb())
        cii = refusal(voucher, membership, make_cii_invoice())
        with pytest.raises(ValidationError) as refused:
            submit(voucher, membership, make_cii_invoice())
    assert bomb == {"invoice": ["einvoice_doctype"]} and cii == {"invoice": ["einvoice_not_ubl"]}
    assert "not a UBL e-invoice" in refused.value.error_dict["invoice"][0].message
    assert refusal(voucher, membership, ubl(voucher, membership, seller_number="0202239951")) == {
        "invoice": ["einvoice_other_seller"]}
    assert refusal(voucher, membership, ubl(voucher, membership, credit_note=True, invoice_reference="F1")) == {
        "invoice": ["einvoice_credit_note"]}
    assert refusal(voucher, membership, ubl(voucher, membership, lines=[("Werk", Decimal("100.00"))]),
                   amount=Decimal("125.50"))["invoice"] == ["einvoice_total_too_low"]
    assert refusal(voucher, membership, ubl(voucher, membership), invoice_number="F2026-999") == {
        "invoice_number": ["einvoice_number_differs"]}
    assert not Redemption.objects.exists()


def test_invoice_dates_before_the_cheque_or_in_the_future_are_refused():
    membership = FirmMembershipFactory()
    voucher = issued_voucher()
    today = timezone.localdate()  # Brussels
    for day, code in ((today + datetime.timedelta(days=1), "einvoice_future"),
                      (today - datetime.timedelta(days=1), "einvoice_before_cheque")):
        assert refusal(voucher, membership, ubl(voucher, membership, issue_date=day))["invoice"] == [code]


@pytest.mark.slow
def test_a_credit_note_puts_the_redemption_on_the_attention_list_and_staff_see_the_invoice(
        staff_user, django_capture_on_commit_callbacks):
    membership = FirmMembershipFactory()
    voucher = issued_voucher()
    redemption = submit(voucher, membership, ubl(voucher, membership, embedded_pdf=invoice_pdf().read()))
    client = Client()
    client.force_login(membership.user)
    url = f"/nl/partner/inwisselingen/{redemption.public_id}/creditnota/"
    assert url in client.get("/nl/partner/").content.decode()
    stranger = Client()
    stranger.force_login(FirmMembershipFactory().user)  # another firm's user: as if the redemption did not exist
    assert (stranger.get(url).status_code, stranger.post(url, {}).status_code) == (404, 404)
    other = make_invoice(seller_number=membership.enterprise.enterprise_number, number="C-1", credit_note=True,
                         invoice_reference="F2026-002")
    page = client.post(url, {"credit_note": xml(other)})
    assert [e.code for e in page.context["form"].errors.as_data()["credit_note"]] == ["credit_note_other_invoice"]
    credit = make_invoice(seller_number=membership.enterprise.enterprise_number, number="C-1", credit_note=True,
                          invoice_reference="F2026-001", lines=[("Korting", Decimal("100.00"))])
    assert client.post(url, {"credit_note": xml(credit)}).status_code == 302
    redemption.refresh_from_db()
    assert redemption.credit_note_attention and redemption.credit_note.read() == credit
    assert AuditEvent.objects.filter(action="redemption.credit_note_received").count() == 1
    with translation.override("en"):
        item = next(i for i in attention.items(RegieFactory()) if "credit note" in str(i["label"]))
    assert item["count"] == 1
    with pytest.raises(ValidationError):  # one credit note per redemption
        receive_credit_note(redemption=redemption, credit_note=xml(credit), by=membership.user)

    admin = Client()
    coordinator = staff_user(COORDINATORS)
    choose_language(user=coordinator, language="en", by=coordinator)
    admin.force_login(coordinator)
    page = admin.get(f"/admin/vouchers/redemption/{redemption.pk}/change/").content.decode()
    for shown in (membership.enterprise.name, voucher.application.company_name, "F2026-001", "Tuinonderhoud",
                  "600.00", "726.00", "Credit note C-1"):
        assert shown in page
    assert admin.get(item["url"]).context["cl"].result_count == 1
    for part, content_type in (("xml", "application/xml"), ("pdf", "application/pdf"),
                               ("credit-note", "application/xml")):
        download = admin.get(f"/admin/vouchers/redemption/{redemption.pk}/e-factuur/{part}/")
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Content-Security-Policy"] == "sandbox" and download["Content-Type"] == content_type

    admin.post("/admin/vouchers/redemption/", {"action": "credit_note_settled", "_selected_action": [redemption.pk]})
    assert admin.get(item["url"]).context["cl"].result_count == 0

    files = [(file.storage, file.name) for file in (redemption.einvoice, redemption.credit_note)]
    with django_capture_on_commit_callbacks(execute=True):  # the end of the retention period: like the PDF
        anonymise_applications([voucher.application_id], on_request=False)
    redemption.refresh_from_db()
    assert (redemption.einvoice.name, redemption.credit_note.name) == ("", "") and redemption.files_removed_at
    assert not any(storage.exists(name) for storage, name in files)


@pytest.mark.slow
def test_every_belgian_number_of_a_party_is_checked_and_values_too_large_to_store_are_refused():
    membership = FirmMembershipFactory()
    voucher = issued_voucher()
    other = "0403170701" if voucher.application.enterprise_number != "0403170701" else "0899002334"
    right = ubl(voucher, membership)
    # the buyer's endpoint is the holder, its VAT number (3rd CompanyID) and legal id (4th) another company's
    other_company = with_element_text(with_element_text(right, "cbc:CompanyID", f"BE{other}", occurrence=3),
                                      "cbc:CompanyID", other, occurrence=4)
    assert refusal(voucher, membership, other_company) == {"invoice": ["einvoice_other_buyer"]}
    seller_vat = with_element_text(right, "cbc:CompanyID", f"BE{other}", occurrence=1)  # the seller's VAT number
    assert refusal(voucher, membership, seller_vat) == {"invoice": ["einvoice_other_seller"]}
    assert refusal(voucher, membership, ubl(voucher, membership, number="F" * 51)) == {
        "invoice": ["einvoice_number_too_long"]}
    huge = ubl(voucher, membership, lines=(("Werk", Decimal("100000000.00")),))
    assert refusal(voucher, membership, huge) == {"invoice": ["einvoice_total_too_large"]}
    assert not Redemption.objects.exists()
    with translation.override("en"):
        assert [m for e in einvoice_errors(read_einvoice(huge), voucher=voucher, enterprise=membership.enterprise)
                for m in e.messages] == [
            "The e-invoice's total excluding VAT is too large for a cheque."]
    assert submit(voucher, membership, ubl(voucher, membership, number="F" * 50)).invoice_number == "F" * 50
