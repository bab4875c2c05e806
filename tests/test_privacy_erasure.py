"""What an erasure on request must leave alone, on the demo data: the invoices the accounts keep (until the
10-year rule), the uses finance still has to pay, the mails of other businesses (a name that is part of another,
an address two businesses share, mails still to go out to firms and coordinators), and no follow-up or reminder
brings the erased business back."""
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation

from regie.dates import add_months, add_years
from regie.mail.outbox import send_due_mails
from regie.models import MailStatus, OutgoingMail
from tests.clock import at, brussels
from tests.privacy_data import CONTACT, business, demo, houben  # noqa: F401  (demo, houben: fixtures)
from vouchers import notifications, services
from vouchers.models import Application, FollowUp, Redemption, Voucher
from vouchers.privacy.correction import correct_application
from vouchers.privacy.erasure import open_matters
from vouchers.privacy.mails import business_pattern, mail_text
from vouchers.privacy.retention import apply_retention

pytestmark = pytest.mark.django_db


def erase(number):
    call_command("erase_personal_data", number, "--yes", stdout=io.StringIO())


def mails_naming(text):
    return {mail.pk for mail in OutgoingMail.objects.all() if text.lower() in mail_text(mail)}


def test_an_erasure_keeps_the_invoices_until_the_ten_years_are_over(houben, django_capture_on_commit_callbacks):
    redemption = Redemption.objects.get(voucher=houben.voucher)
    invoice, cheque_pdf = redemption.invoice, houben.voucher.pdf
    booked = (redemption.invoice_number, redemption.invoice_date, redemption.invoice_amount, redemption.amount)
    with django_capture_on_commit_callbacks(execute=True):
        erase(houben.enterprise_number)
    redemption.refresh_from_db()
    assert redemption.invoice.name == invoice.name and invoice.storage.exists(invoice.name)  # the accounts need it
    assert (redemption.invoice_number, redemption.invoice_date, redemption.invoice_amount, redemption.amount) == booked
    assert Voucher.objects.get(pk=houben.voucher.pk).pdf.name == "" and not cheque_pdf.storage.exists(cheque_pdf.name)

    day = add_years(houben.call.closes_on, 10) + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True), at(brussels(day, 12)):
        apply_retention()
    redemption.refresh_from_db()
    assert redemption.invoice.name == "" and not invoice.storage.exists(invoice.name)
    assert Application.objects.get(pk=houben.pk).enterprise_number == ""


def test_the_export_lists_each_invoice_an_erasure_keeps_until_the_day_the_retention_removes_it(
        houben, tmp_path, django_capture_on_commit_callbacks):
    redemption = Redemption.objects.get(voucher=houben.voucher)
    with django_capture_on_commit_callbacks(execute=True):
        erase(houben.enterprise_number)
    output = tmp_path / "export.json"
    call_command("export_personal_data", houben.enterprise_number, "--output", str(output))
    kept = json.loads(output.read_text())["kept_after_erasure"]
    # 10 years after the call closed or, when later, the last payment to a firm for the cheque
    until = add_years(max(houben.call.closes_on, redemption.paid_at), 10)
    assert kept["invoices"] == [{
        "invoice_number": "DEMO-007", "invoice_date": redemption.invoice_date.isoformat(), "firm": "De Groene Hand",
        "invoice_amount_excluding_vat": "550.00", "amount_of_the_cheque_used": "500.00",
        "kept_until": until.isoformat()}]
    assert kept["enterprise_number_kept_until"] == until.isoformat()
    assert "AVG art. 6.1(c): wettelijke verplichtingen (Belgisch boekhoudrecht" in kept["why"]  # Houben reads Dutch

    with django_capture_on_commit_callbacks(execute=True), at(brussels(until, 23)):
        apply_retention()
    redemption.refresh_from_db()
    assert redemption.invoice.name != "" and Application.objects.get(pk=houben.pk).enterprise_number != ""
    with django_capture_on_commit_callbacks(execute=True), at(brussels(until + datetime.timedelta(days=1), 1)):
        apply_retention()
    redemption.refresh_from_db()
    assert redemption.invoice.name == "" and Application.objects.get(pk=houben.pk).enterprise_number == ""


def test_a_use_finance_still_has_to_pay_blocks_the_erasure_until_it_is_paid(demo):
    boulangerie = business("Boulangerie du Plateau")
    redemption = Redemption.objects.get(voucher__application=boulangerie, status="approved")
    finance, today = get_user_model().objects.get(username="finance"), timezone.localdate()

    def unpaid():
        with translation.override("en"):
            return [reason for reason in open_matters(boulangerie.enterprise_number) if "not paid yet" in reason]

    code = boulangerie.voucher.code_display
    assert unpaid() == [(f"The use of cheque {code} at Atelier Fouron is approved but not paid yet: erase the data "
                         "once it is paid.")]
    batch = services.create_payout_batch(by=finance, regie=redemption.voucher.call.regie, execution_date=today,
                                         redemption_ids=[redemption.pk])
    assert unpaid() == [(f"The use of cheque {code} at Atelier Fouron is in payout batch {batch.reference}, which is "
                         "not paid yet: erase the data once it is paid.")]
    services.mark_batch_paid(batch=batch, by=finance, paid_on=today)
    assert unpaid() == []


def test_a_shorter_name_does_not_erase_the_mails_of_a_business_whose_name_contains_it(houben):
    correct_application(application=houben, changes={"company_name": "Hoek"}, by=None)
    notifications.mail_applicant(business("Slagerij Op 't Hoekske"), "applicant_link")
    send_due_mails()
    slagerij = mails_naming("Slagerij Op 't Hoekske")
    assert slagerij and all("hoek" in mail_text(mail) for mail in OutgoingMail.objects.filter(pk__in=slagerij))
    erase(houben.enterprise_number)
    assert mails_naming("Slagerij Op 't Hoekske") == slagerij


def test_the_business_own_queued_mails_go_but_queued_mails_to_others_still_go_out(houben):
    before = set(OutgoingMail.objects.values_list("pk", flat=True))
    notifications.mail_applicant(houben, "applicant_link")
    notifications.mail_coordinators(houben)  # names the enterprise number
    queued = OutgoingMail.objects.exclude(pk__in=before)
    assert {mail.status for mail in queued} == {MailStatus.QUEUED}
    own = {mail.pk for mail in queued if mail.recipients == [CONTACT["email"]]}
    to_coordinators = {mail.pk for mail in queued} - own
    assert own and to_coordinators
    erase(houben.enterprise_number)
    assert set(OutgoingMail.objects.filter(pk__in=own | to_coordinators).values_list("pk", flat=True)) == (
        to_coordinators)


def test_mails_to_an_address_shared_with_another_business_stay_with_that_business(houben, tmp_path):
    bakkerij = business("Bakkerij Het Gouden Korenaar")
    shared = bakkerij.email  # e.g. their common accountant
    correct_application(application=houben, changes={"email": shared}, by=None)
    houben.refresh_from_db()
    notifications.mail_applicant(houben, "applicant_link")
    send_due_mails()
    notifications.mail_applicant(bakkerij, "applicant_link")  # still waiting to be sent
    bakkerij_mails = mails_naming("Bakkerij Het Gouden Korenaar")
    to_shared = {mail.pk for mail in OutgoingMail.objects.all() if mail.recipients == [shared]}
    assert len(bakkerij_mails) == 2 and len(mails_naming("Transport Houben") & to_shared) == 1

    output = tmp_path / "export.json"
    call_command("export_personal_data", houben.enterprise_number, "--output", str(output))
    assert [mail["to"] for mail in json.loads(output.read_text())["emails"]] == [[shared]]  # Houben's, not the bakery's
    erase(houben.enterprise_number)
    assert mails_naming("Bakkerij Het Gouden Korenaar") == bakkerij_mails
    assert mails_naming("Transport Houben") == set()


@pytest.mark.parametrize("text, found", [
    ("Beste transport houben,", True), ("... van Transport\nHouben.", True), ("TRANSPORT HOUBEN", True),
    ("Transport Houbenaers", False), ("Houben", False), ("Slagerij Op 't Hoekske", False),
    ("0403.170.701", True), ("BE 0403 170 701", True), ("BE0403170701", True), ("nr. 403.170.701)", True),
    ("0403170701", True), ("04031707019", False), ("10403170701", False), ("0403.170.702", False)])
def test_a_business_is_named_by_its_full_name_or_its_number_in_any_notation(text, found):
    pattern = business_pattern("0403170701", ["Transport Houben", "Hoek"])
    assert bool(pattern.search(text)) == found


def test_no_follow_up_is_asked_after_the_erasure(houben):
    FollowUp.objects.filter(voucher=houben.voucher).delete()  # not asked yet
    erase(houben.enterprise_number)
    services.send_followups(today=add_months(timezone.localdate(), 13))
    assert not FollowUp.objects.filter(voucher=houben.voucher).exists()


def test_an_open_follow_up_question_is_not_reminded_after_the_erasure(houben):
    FollowUp.objects.filter(voucher=houben.voucher).delete()
    services.send_followups(today=add_months(timezone.localdate(), 13))
    assert FollowUp.objects.filter(voucher=houben.voucher, answer="").count() == 2
    erase(houben.enterprise_number)
    with at(timezone.now() + datetime.timedelta(days=15)):
        _asked, reminded = services.send_followups(today=timezone.localdate())
    assert reminded == 0 and not FollowUp.objects.filter(voucher=houben.voucher, reminded_at__isnull=False).exists()


def test_no_expiry_reminder_goes_to_an_erased_business_or_an_empty_address(demo):
    slagerij = business("Slagerij Op 't Hoekske")  # its cheque is unused and can still be used
    soon = slagerij.voucher.valid_until - datetime.timedelta(days=5)
    Application.objects.filter(pk=slagerij.pk).update(email="", anonymised_at=timezone.now())
    services.remind_expiring(today=soon)
    voucher = Voucher.objects.get(pk=slagerij.voucher.pk)
    assert (voucher.reminded_30_at, voucher.reminded_7_at) == (None, None)
