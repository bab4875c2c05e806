"""De-minimis aid (Regulation (EU) 2023/2831): every issued cheque is a grant recorded with what the central register
asks, corrected when the cheque is cancelled (to 0) or expires with balance left (to the amount used); the approval
mail and the cheque PDF carry the written notice in the holder's language."""
import datetime
from decimal import Decimal

import pypdfium2
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from regie.models import AuditEvent
from regie.privacy.schedule import period
from tests.factories import RegieFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.eligibility import eligibility_errors
from vouchers.models import DeMinimisGrant, Voucher
from vouchers.models.grants import anonymise_grants, grants_due_for_anonymising
from vouchers.pdf import render_cheque_pdf
from vouchers.services.grants import undo_expiry_correction

pytestmark = pytest.mark.django_db

AUTHORITY = "Regie sociale economie Zuidoost-Limburg"
NOTICE_EN = ["De-minimis aid", "This cheque is aid of EUR 500.00, granted on",
             f"by {AUTHORITY} (enterprise number 0899.000.057)",
             ("Commission Regulation (EU) 2023/2831 of 13 December 2023 on the application of Articles 107 and 108 of "
              "the Treaty on the Functioning of the European Union to de minimis aid (OJ L, 2023/2831, 15.12.2023)")]


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", is_staff=True)


def issue(coordinator, **fields):
    return services.issue_voucher(application=ApplicationFactory(**fields), by=coordinator)


def test_the_grant_names_the_regie_of_the_cheques_call_as_its_authority(coordinator):
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", legal_name="Welzijnsregie Maasland",
                            enterprise_number="0403170701", hosts=["maasland.example"])
    voucher = issue(coordinator, call=CallFactory(regie=maasland))
    grant = DeMinimisGrant.objects.get(voucher=voucher)
    assert (grant.authority_name, grant.authority_number) == ("Welzijnsregie Maasland", "0403170701")


def test_issuing_a_cheque_records_its_grant(coordinator):
    call = CallFactory(name="Oproep 2027", funding_reference="Vlaamse overheid, besluit 2026/123")
    voucher = issue(coordinator, call=call, company_name="Bakkerij Janssens", enterprise_number="0123456749")
    grant = DeMinimisGrant.objects.get(voucher=voucher)
    assert (grant.beneficiary_number, grant.beneficiary_name) == ("0123456749", "Bakkerij Janssens")
    assert grant.amount == Decimal("500.00") and grant.current_amount == Decimal("500.00")
    assert grant.granted_on == timezone.localdate(voucher.issued_at)
    assert (grant.authority_name, grant.authority_number) == (AUTHORITY, "0899000057")
    assert grant.measure == "Oproep 2027 – Vlaamse overheid, besluit 2026/123" and grant.regulation == "2023/2831"
    assert AuditEvent.objects.filter(action="deminimis.granted", object_id=str(grant.pk)).count() == 1


def test_the_grant_keeps_what_was_granted_when_the_application_changes_later(coordinator):
    voucher = issue(coordinator, company_name="Oude Naam")
    voucher.application.company_name = "Nieuwe Naam"
    voucher.application.save()
    assert DeMinimisGrant.objects.get(voucher=voucher).beneficiary_name == "Oude Naam"


def test_cancelling_the_cheque_corrects_the_grant_to_zero(coordinator):
    voucher = issue(coordinator)
    services.cancel_voucher(voucher=voucher, by=coordinator, reason="Dubbele aanvraag")
    grant = DeMinimisGrant.objects.get(voucher=voucher)
    assert grant.amount == Decimal("500.00") and grant.corrected_amount == Decimal("0.00")
    assert grant.corrected_on == timezone.localdate() and grant.correction == "cancelled"
    assert grant.correction_note == "Dubbele aanvraag"
    assert AuditEvent.objects.filter(action="deminimis.corrected", object_id=str(grant.pk)).count() == 1


def test_expiring_with_balance_left_corrects_the_grant_to_the_amount_used(coordinator):
    voucher = issue(coordinator)
    redeem(voucher, amount="125.50")
    untouched = issue(coordinator)
    Voucher.objects.filter(pk__in=[voucher.pk, untouched.pk]).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1))
    call_command("expire_vouchers", verbosity=0)
    call_command("expire_vouchers", verbosity=0)
    used, unused = (DeMinimisGrant.objects.get(voucher=v) for v in (voucher, untouched))
    assert (used.corrected_amount, used.correction) == (Decimal("125.50"), "expired")
    assert (unused.corrected_amount, unused.current_amount) == (Decimal("0.00"), Decimal("0.00"))
    assert AuditEvent.objects.filter(action="deminimis.corrected").count() == 2  # the second run changes nothing


def test_grants_of_an_enterprise_in_the_three_years_before_a_day(coordinator):
    first = issue(coordinator, enterprise_number="0123456749")
    issue(coordinator, enterprise_number="0123456749", call=CallFactory())
    services.cancel_voucher(voucher=first, by=coordinator, reason="x")
    issue(coordinator)  # another business
    today = timezone.localdate()
    grants = DeMinimisGrant.objects.of_enterprise("0123456749")
    assert grants.in_three_years_before(today).total() == Decimal("500.00")
    assert grants.in_three_years_before(today + datetime.timedelta(days=3 * 366)).total() == Decimal("0.00")


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_approval_mail_gives_the_written_notice(coordinator, django_capture_on_commit_callbacks, language):
    with django_capture_on_commit_callbacks(execute=True):
        voucher = issue(coordinator, language=language)
    body = " ".join(mail.outbox[-1].body.split())
    day = timezone.localdate(voucher.issued_at).strftime("%d/%m/%Y")
    for fact in ["2023/2831", "500", AUTHORITY, "0899.000.057", day, "15.12.2023"]:
        assert fact in body
    if language == "en":
        assert all(text in body for text in NOTICE_EN)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_cheque_gives_the_written_notice_on_its_one_page(coordinator, language):
    voucher = issue(coordinator, language=language)
    document = pypdfium2.PdfDocument(render_cheque_pdf(voucher))
    assert len(document) == 1
    text = " ".join(document[0].get_textpage().get_text_range().split())
    day = timezone.localdate(voucher.issued_at).strftime("%d/%m/%Y")
    for fact in ["2023/2831", "500", AUTHORITY, "0899.000.057", day, "15.12.2023"]:
        assert fact in text
    if language == "en":
        assert all(" ".join(part.split()) in text for part in NOTICE_EN)


def test_an_old_cheque_without_a_recorded_grant_still_gets_the_notice(coordinator):
    voucher = issue(coordinator, language="en")
    DeMinimisGrant.objects.filter(voucher=voucher).delete()
    voucher = Voucher.objects.get(pk=voucher.pk)
    with translation.override("en"):
        text = pypdfium2.PdfDocument(render_cheque_pdf(voucher))[0].get_textpage().get_text_range()
    assert "2023/2831" in text and AUTHORITY in " ".join(text.split())


def test_an_expired_cheque_extended_grants_its_face_value_again(coordinator):
    voucher = issue(coordinator)
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    call_command("expire_vouchers", verbosity=0)
    assert DeMinimisGrant.objects.get(voucher=voucher).current_amount == Decimal("0.00")
    grant = undo_expiry_correction(voucher=voucher, by=coordinator)
    assert grant is not None and (grant.current_amount, grant.corrected_on, grant.correction) == (
        Decimal("500.00"), None, "")


def test_grants_name_the_business_for_ten_fiscal_years_after_the_year_of_the_grant(coordinator):
    voucher = issue(coordinator)
    DeMinimisGrant.objects.filter(voucher=voucher).update(granted_on=datetime.date(2026, 3, 1))
    ten_years = period("deminimis_grants")
    assert not grants_due_for_anonymising(ten_years.before(datetime.date(2036, 12, 31))).exists()
    due = grants_due_for_anonymising(ten_years.before(datetime.date(2037, 1, 1)))
    assert anonymise_grants(due) == 1
    grant = DeMinimisGrant.objects.get(voucher=voucher)
    assert (grant.beneficiary_number, grant.beneficiary_name, grant.amount) == ("", "", Decimal("500.00"))


def test_the_ceiling_counts_the_grants_this_portal_recorded_in_the_three_years_before(coordinator):
    issue(coordinator, enterprise_number="0123456749")  # an earlier call's cheque: EUR 500 granted
    call = CallFactory(deminimis_ceiling=Decimal("900.00"))
    errors = eligibility_errors(call=call, enterprise_number="0123456749", postcode=None,
                                deminimis_amount=Decimal("0.00"))
    assert errors["deminimis_amount"].code == "deminimis_ceiling"  # declared 0, but 500 granted here + 500 > 900
    assert not eligibility_errors(call=call, enterprise_number="0403170701", postcode=None,
                                  deminimis_amount=Decimal("0.00"))
