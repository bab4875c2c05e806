"""Batches made before payments were frozen get theirs from what their bank file said, paid ones paid on the date."""
import uuid
from decimal import Decimal

import pytest

from tests.support.migrations import (  # noqa: F401 - the fixtures are used by name
    back_to_the_latest_migrations,
    migrate,
    without_the_tests_regie,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True),  # migrates back and forth; no date rule
              pytest.mark.usefixtures("without_the_tests_regie", "back_to_the_latest_migrations")]

BEFORE = [("vouchers", "0016_applications_against_the_register")]
AFTER = [("vouchers", "0017_payments_frozen")]


def _voucher(apps, call, municipality, number):
    application = apps.get_model("vouchers", "Application").objects.create(
        call=call, enterprise_number=number, company_name=f"BV {number}", status="approved", email="a@example.be",
        postcode="3700", submission_key=uuid.uuid4(), deminimis_amount=Decimal(0),
        accepted_terms_at="2026-02-01T10:00:00Z", municipality=municipality)
    return apps.get_model("vouchers", "Voucher").objects.create(
        application=application, call=call, code=f"AB{number}CDEF", face_value=Decimal(500), balance=Decimal(0),
        status="used", issued_at="2026-03-01T10:00:00Z", valid_until="2026-09-01")


def _redemption(apps, voucher, firm, batch, amount, status):
    return apps.get_model("vouchers", "Redemption").objects.create(
        submission_key=uuid.uuid4(), voucher=voucher, enterprise=firm, amount=Decimal(amount), description="Werk",
        service_date="2026-03-10", invoice_number=f"F-{uuid.uuid4().hex[:6]}", invoice_date="2026-03-10",
        invoice_amount=Decimal(amount), invoice="invoices/x.pdf", status=status, batch=batch,
        paid_at="2026-04-03" if status == "paid" else None)


def test_each_batch_gets_the_payments_its_file_held():
    apps = migrate(BEFORE)
    call = apps.get_model("vouchers", "Call").objects.create(
        name="Oproep 2026", opens_on="2026-01-01", closes_on="2026-12-31", face_value=Decimal("500.00"),
        budget=Decimal("15000.00"))
    municipality = apps.get_model("enterprises", "Municipality").objects.create(name="Riemst", slug="riemst")
    postcode = apps.get_model("enterprises", "Postcode").objects.create(code="3770", place="Riemst",
                                                                        municipality=municipality)
    firm = apps.get_model("enterprises", "SocialEnterprise").objects.create(
        name="De Groene Hand", slug="groene-hand", enterprise_number="0899002334", iban="BE21 0012 3456 7803",
        postcode=postcode)
    Batch = apps.get_model("vouchers", "PayoutBatch")
    paid = Batch.objects.create(reference="UITB-2026-0001", message_id="REGIE-UITB-2026-0001-1", status="paid",
                                execution_date="2026-04-02", paid_on="2026-04-03", file_created_at="2026-04-01T08:00Z")
    open_ = Batch.objects.create(reference="UITB-2026-0002", message_id="REGIE-UITB-2026-0002-1",
                                 one_payment_per_firm=False, execution_date="2026-12-08",
                                 file_created_at="2026-12-01T08:00Z")
    voucher = _voucher(apps, call, municipality, "0123456749")
    _redemption(apps, voucher, firm, paid, "100.00", "paid")
    _redemption(apps, voucher, firm, paid, "50.50", "paid")
    later = _redemption(apps, voucher, firm, open_, "70.00", "approved")
    after = migrate(AFTER)
    assert set(after.get_model("vouchers", "PayoutBatch").objects.values_list("books_each_payment", flat=True)) == {
        False}  # their files stay what the bank may already hold: one booking, no BIC, same message id
    payments = after.get_model("vouchers", "Payment").objects.order_by("end_to_end_id")
    assert [(p.end_to_end_id, p.amount, p.status, str(p.booked_on), p.iban, p.bic, p.redemptions.count())
            for p in payments] == [
        (f"UITB-2026-0001-F{firm.pk}", Decimal("150.50"), "paid", "2026-04-03", "BE21001234567803", "GEBABEBB", 2),
        (f"UITB-2026-0002-R{later.pk}", Decimal("70.00"), "sent", "None", "BE21001234567803", "GEBABEBB", 1),
    ]
    assert all(p.communication.startswith("+++") and p.communication.endswith("+++") for p in payments)
