"""Every rule that depends on a date turns at midnight in Brussels, not at midnight UTC.

Each test pins the clock one second before and one second after midnight in Brussels (when
it is 22:59:59 / 23:00:01 UTC in winter, 21:59:59 / 22:00:01 in summer: the UTC date has
not turned yet). Dates are computed from the run's "now" (see tests/clock.py).
"""
import datetime
import io
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from regie.dates import add_months
from tests.clock import at, brussels, just_after_midnight, just_before_midnight
from tests.factories import FirmMembershipFactory, PostcodeFactory, SocialEnterpriseFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.vouchers_factories import CallFactory
from vouchers import links, services
from vouchers.models import Redemption, RedemptionStatus, VoucherStatus

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
QUIET = {"stdout": io.StringIO()}


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def apply(call):
    return services.submit_application(call=call, submission_key=uuid.uuid4(), data={
        "company_name": "Bakkerij Nacht", "enterprise_number": "0123456749", "street": "Markt 1", "postcode": "3700",
        "place": "Tongeren", "sector": "retail", "size": "1-9", "contact_name": "An", "email": "an@example.be",
        "phone": "012", "language": "nl", "motivation": "Kennismaken", "deminimis_amount": Decimal("0")})


def test_a_call_accepts_applications_until_midnight_in_brussels_on_its_closing_day(client):
    last_day = in_a_week()
    call = CallFactory(closes_on=last_day)
    PostcodeFactory(code="3700", place_nl="Tongeren", place="Tongeren")
    with at(just_after_midnight(last_day)):
        assert "<form" not in client.get("/nl/aanvragen/").content.decode().split("<main")[1]
        with pytest.raises(ValidationError, match=r"gesloten|closed"):
            apply(call)
    with at(just_before_midnight(last_day)):
        assert client.get("/nl/aanvragen/").context["call"] == call
        assert apply(call).call == call


def test_a_call_opens_at_midnight_in_brussels(client):
    first_day = in_a_week()
    call = CallFactory(opens_on=first_day, closes_on=first_day + datetime.timedelta(days=30), name="Volgende oproep")
    with at(just_before_midnight(first_day - DAY)):
        body = client.get("/nl/aanvragen/").content.decode()
        assert "Volgende oproep" in body and "<form" not in body.split("<main")[1]
    with at(just_after_midnight(first_day - DAY)):
        assert client.get("/nl/aanvragen/").context["call"] == call


@pytest.mark.parametrize("side, issue_day", [("before", 0), ("after", 1)])
def test_validity_counts_from_the_day_of_issue_in_brussels(side, issue_day):
    day = timezone.localdate() + datetime.timedelta(days=3)
    instant = just_before_midnight(day) if side == "before" else just_after_midnight(day)
    with at(instant):
        voucher = issued_voucher()
    expected_issue_day = day + datetime.timedelta(days=issue_day)
    assert timezone.localdate(voucher.issued_at) == expected_issue_day
    assert voucher.valid_until == add_months(expected_issue_day, voucher.call.validity_months)


def test_a_cheque_issued_just_after_midnight_in_brussels_can_be_used_that_same_day():
    """The service date is the day in Brussels, even while it is still the day before in UTC."""
    day = timezone.localdate() + DAY
    with at(just_after_midnight(day)):
        voucher = issued_voucher()
        assert redeem(voucher, service_date=day + DAY, invoice_date=day + DAY).service_date == day + DAY
        with pytest.raises(ValidationError, match="service_date"):
            redeem(voucher, amount="10", service_date=day, invoice_date=day + DAY)


def test_a_cheque_is_valid_through_its_last_day_in_brussels_then_expires(client):
    voucher = issued_voucher()
    last_day = voucher.valid_until
    with at(just_before_midnight(last_day)):
        call_command("expire_vouchers", **QUIET)
        assert client.get(f"/nl/cheque/{voucher.code}/").context["status"] == VoucherStatus.ISSUED
        redeem(voucher, amount="100", service_date=last_day, invoice_date=last_day)
    with at(just_after_midnight(last_day)):
        assert client.get(f"/nl/cheque/{voucher.code}/").context["status"] == VoucherStatus.EXPIRED
        with pytest.raises(ValidationError):
            redeem(voucher, amount="10", service_date=last_day, invoice_date=last_day)
        call_command("expire_vouchers", **QUIET)
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.EXPIRED
    assert voucher.call.committed == Decimal("100.00")  # the unused 400 went back to the budget


def test_the_contest_window_ends_at_midnight_in_brussels_after_its_last_day(client, django_capture_on_commit_callbacks):
    """Submitted at 00:30 in Brussels (still the day before in UTC): the days count from the Brussels date,
    and the customer is told the last day, in the mail and on their page."""
    voucher = issued_voucher()
    submitted_on = timezone.localdate() + DAY
    with at(brussels(submitted_on, 0, 30)), django_capture_on_commit_callbacks(execute=True):
        redemption = redeem(voucher)
    last_day = submitted_on + datetime.timedelta(days=voucher.call.contest_days)
    assert redemption.contest_until == last_day
    told = f"Zonder antwoord uiterlijk op {last_day:%d/%m/%Y}"
    assert told in mail.outbox[-1].body
    assert told in client.get(urlsplit(links.applicant_url(voucher.application)).path).content.decode()
    with at(just_before_midnight(last_day)):
        call_command("confirm_due_redemptions", **QUIET)
        assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.SUBMITTED
    with at(just_after_midnight(last_day)):
        call_command("confirm_due_redemptions", **QUIET)
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.CONFIRMED


def a_tuesday_when_banks_are_open():
    """The first Tuesday after tomorrow that is not a TARGET closing day (1 January, 1 May, 25 and 26 December)."""
    day = timezone.localdate() + 2 * DAY
    while day.weekday() != 1 or (day.month, day.day) in {(1, 1), (5, 1), (12, 25), (12, 26)}:
        day += DAY
    return day


def test_payout_batches_are_dated_in_brussels(client, admin_user):
    """A batch made at 00:30 in Brussels on a Tuesday is offered, and asks the bank to pay on, that Tuesday: not the
    UTC day before (a Monday, a business day too)."""
    firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(iban="BE21001234567803"))
    redemption = redeem(issued_voucher(), firm)
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=admin_user)
    tuesday = a_tuesday_when_banks_are_open()
    with at(brussels(tuesday, 0, 30)):
        client.force_login(admin_user)
        chosen = {"action": "pay_per_firm", "_selected_action": [redemption.pk]}
        form = client.post("/admin/vouchers/redemption/", chosen)
        assert f'name="execution_date" value="{tuesday.isoformat()}"' in form.content.decode()
        client.post("/admin/vouchers/redemption/", {**chosen, "confirmed": "1", "execution_date": tuesday.isoformat()})
    assert Redemption.objects.get(pk=redemption.pk).batch.execution_date == tuesday
