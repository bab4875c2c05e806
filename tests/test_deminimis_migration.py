"""Cheques issued before grants were recorded get theirs when the migration runs (the register is complete)."""
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

BEFORE = [("vouchers", "0014_application_voiding")]
AFTER = [("vouchers", "0015_grants_for_issued_cheques")]


def test_every_cheque_issued_before_gets_its_grant_with_its_correction():
    apps = migrate(BEFORE)
    Call, Application, Voucher = (apps.get_model("vouchers", name) for name in ("Call", "Application", "Voucher"))
    call = Call.objects.create(name="Oproep 2026", opens_on="2026-01-01", closes_on="2026-12-31",
                               face_value=Decimal("500.00"), budget=Decimal("15000.00"))
    municipality = apps.get_model("enterprises", "Municipality").objects.create(name="Riemst", slug="riemst")
    states = {"0123456749": ("issued", Decimal("500.00")), "0403170701": ("cancelled", Decimal("500.00")),
              "0202239951": ("expired", Decimal("120.00"))}
    for number, (status, balance) in states.items():
        application = Application.objects.create(call=call, enterprise_number=number, company_name=f"BV {number}",
                                                 status="approved", email="a@example.be", postcode="3700",
                                                 submission_key=uuid.uuid4(), deminimis_amount=Decimal(0),
                                                 accepted_terms_at="2026-02-01T10:00:00Z",
                                                 municipality=municipality)
        Voucher.objects.create(application=application, call=call, code=f"AB{number}CDEF", face_value=Decimal(500),
                               balance=balance, status=status, issued_at="2026-03-01T23:30:00Z",
                               valid_until="2026-09-01", cancelled_at="2026-04-02T10:00:00Z"
                               if status == "cancelled" else None)
    grants = migrate(AFTER).get_model("vouchers", "DeMinimisGrant").objects.order_by("beneficiary_number")
    assert [(g.beneficiary_number, g.amount, g.corrected_amount, str(g.granted_on)) for g in grants] == [
        ("0123456749", Decimal("500.00"), None, "2026-03-02"),  # 23:30 UTC is the next day in Brussels
        ("0202239951", Decimal("500.00"), Decimal("380.00"), "2026-03-02"),  # expired: what was used
        ("0403170701", Decimal("500.00"), Decimal("0.00"), "2026-03-02"),  # cancelled: no aid
    ]
