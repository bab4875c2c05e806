"""Redeeming a cheque: every rule, partial use, the customer's answer, the coordinator's decision."""
import datetime
import io
import itertools
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from regie.models import AuditEvent
from tests.clock import brussels
from tests.concurrency import at_once
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import invoice_data, invoice_pdf, issued_voucher, redeem, yesterday
from vouchers import services
from vouchers.exceptions import TransitionError
from vouchers.models import Redemption, RedemptionStatus, Voucher, VoucherStatus

pytestmark = pytest.mark.django_db


def field_errors(excinfo):
    return {field: " ".join(messages) for field, messages in excinfo.value.message_dict.items()}


def test_partial_redemptions_sum_exactly_to_the_value():
    voucher = issued_voucher()
    redeem(voucher, amount="125.50")
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.PARTLY_USED
    redeem(voucher, amount="300.00")  # another firm
    redeem(voucher, amount="74.50")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00") and voucher.status == VoucherStatus.USED_UP
    with pytest.raises(ValidationError):
        redeem(voucher, amount="0.01")


@pytest.mark.parametrize("data, field", [
    ({"amount": "500.01", "invoice_amount": "900"}, "amount"),
    ({"amount": "0"}, "amount"),
    ({"amount": "-5"}, "amount"),
    ({"amount": "300", "invoice_amount": "250"}, "amount"),
    ({"service_date": 1}, "service_date"),  # days from today: tomorrow is in the future
    ({"service_date": -1}, "service_date"),  # yesterday, before the cheque was issued today
    ({"invoice_date": 3}, "invoice_date"),
])
def test_rules_give_field_errors_and_save_nothing(data, field):
    data = {name: timezone.localdate() + datetime.timedelta(days=value) if name.endswith("_date") else value
            for name, value in data.items()}
    voucher = issued_voucher()
    with pytest.raises(ValidationError) as excinfo:
        redeem(voucher, **data)
    assert field in field_errors(excinfo)
    assert not Redemption.objects.exists()
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.ISSUED


def test_code_and_enterprise_number_must_match():
    voucher = issued_voucher(enterprise_number="0123456749")
    membership = FirmMembershipFactory()
    for code, number in [(voucher.code, "0403170701"), ("ABCDEFGHKLMNPQRS", "0123456749")]:
        with pytest.raises(ValidationError):
            services.submit_redemption(code=code, customer_enterprise_number=number, enterprise=membership.enterprise,
                                       by=membership.user, submission_key=uuid.uuid4(), data=invoice_data(),
                                       invoice=invoice_pdf(), regie=voucher.call.regie)
    assert not Redemption.objects.exists()


@pytest.mark.parametrize("firm", [
    lambda: {"is_published": False}, lambda: {"accepts_cheques": False},
    lambda: {"recognition_valid_until": yesterday()}, lambda: {"recognition_valid_until": None},
], ids=["unpublished", "not-accepting", "recognition-ended", "no-recognition"])
def test_only_a_published_accepting_recognised_firm_may_redeem(firm):
    voucher = issued_voucher()
    membership = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(**firm()))
    with pytest.raises(ValidationError):
        redeem(voucher, membership)


def test_only_a_user_of_the_firm_may_redeem_for_it():
    voucher = issued_voucher()
    with pytest.raises(PermissionDenied):
        services.submit_redemption(
            code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number,
            enterprise=SocialEnterpriseFactory(), by=UserFactory(), submission_key=uuid.uuid4(),
            data=invoice_data(), invoice=invoice_pdf(), regie=voucher.call.regie)


def test_cancelled_and_expired_cheques_cannot_be_redeemed():
    cancelled = issued_voucher()
    Voucher.objects.filter(pk=cancelled.pk).update(status=VoucherStatus.CANCELLED)
    expired = issued_voucher()
    Voucher.objects.filter(pk=expired.pk).update(valid_until=yesterday() - datetime.timedelta(days=1))
    for voucher in (cancelled, expired):
        with pytest.raises(ValidationError):
            redeem(voucher, service_date=yesterday() - datetime.timedelta(days=2))


def test_resubmitting_the_same_form_records_it_once():
    voucher = issued_voucher()
    membership = FirmMembershipFactory()
    key = uuid.uuid4()
    for _ in range(3):
        services.submit_redemption(
            code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number,
            enterprise=membership.enterprise, by=membership.user, submission_key=key,
            data=invoice_data(), invoice=invoice_pdf(), regie=voucher.call.regie)
    assert Redemption.objects.count() == 1
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("374.50")


def test_customer_is_mailed_and_confirms(django_capture_on_commit_callbacks):
    voucher = issued_voucher(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        redemption = redeem(voucher)
    assert "confirmer" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_redemption(redemption=redemption)
    assert "bevestigd" in mail.outbox[-1].subject and mail.outbox[-1].to == [
        redemption.enterprise.memberships.first().user.email]
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.CONFIRMED
    with pytest.raises(TransitionError):
        services.contest_redemption(redemption=redemption, reason="te laat")


def test_contesting_needs_a_reason_and_tells_the_coordinator(django_capture_on_commit_callbacks):
    redemption = redeem(issued_voucher())
    with pytest.raises(ValidationError):
        services.contest_redemption(redemption=redemption, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.contest_redemption(redemption=redemption, reason="Dienst nooit geleverd")
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.CONTESTED
    assert "betwist" in mail.outbox[-1].subject.lower()


def test_auto_confirmation_only_after_the_last_day_of_the_contest_window():
    voucher = issued_voucher()
    old, recent = redeem(voucher), redeem(voucher, amount="10")
    days = voucher.call.contest_days
    # submitted `days` + 1 days ago: its last day was yesterday; `days` ago: today is its last day
    today = timezone.localdate()
    Redemption.objects.filter(pk=old.pk).update(submitted_at=brussels(today - datetime.timedelta(days=days + 1), 12))
    Redemption.objects.filter(pk=recent.pk).update(submitted_at=brussels(today - datetime.timedelta(days=days), 12))
    call_command("confirm_due_redemptions", stdout=io.StringIO())
    call_command("confirm_due_redemptions", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.status == RedemptionStatus.CONFIRMED and old.confirmed_automatically
    assert Redemption.objects.get(pk=recent.pk).status == RedemptionStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="redemption.confirmed").count() == 1


def test_approval_needs_a_customer_answer():
    coordinator = UserFactory(is_staff=True)
    redemption = redeem(issued_voucher())
    with pytest.raises(TransitionError):
        services.approve_redemption(redemption=redemption, by=coordinator)
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=coordinator)
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.APPROVED


def test_rejection_returns_the_amount_to_the_balance(django_capture_on_commit_callbacks):
    coordinator = UserFactory(is_staff=True)
    voucher = issued_voucher()
    redemption = redeem(voucher, amount="500.00", invoice_amount="500.00")
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.USED_UP
    services.contest_redemption(redemption=redemption, reason="Niet besteld")
    with pytest.raises(ValidationError):
        services.reject_redemption(redemption=redemption, by=coordinator, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_redemption(redemption=redemption, by=coordinator, reason="Klant bestelde dit niet")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("500.00") and voucher.status == VoucherStatus.ISSUED
    assert "Klant bestelde dit niet" in mail.outbox[-1].body
    redeem(voucher, amount="500.00", invoice_amount="500.00")  # usable again


def test_a_used_cheque_can_no_longer_be_cancelled():
    voucher = issued_voucher()
    redeem(voucher, amount="10")
    with pytest.raises(TransitionError):
        services.cancel_voucher(voucher=voucher, by=UserFactory(), reason="x")


def test_expiry_releases_only_the_unused_part():
    voucher = issued_voucher()
    redeem(voucher, amount="200")
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=yesterday())
    services.expire_vouchers(today=timezone.localdate())
    voucher.call.refresh_from_db()
    assert voucher.call.committed == Decimal("200.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_full_redemptions_accept_exactly_one():
    voucher = issued_voucher()

    def attempt(membership):
        outcomes = []
        for _ in range(25):
            try:
                redeem(voucher, membership, amount="500.00", invoice_amount="500.00")
                outcomes.append("accepted")
            except ValidationError:
                outcomes.append("refused")
        return outcomes

    outcomes = list(itertools.chain.from_iterable(at_once(attempt, [(FirmMembershipFactory(),) for _ in range(8)])))
    assert outcomes.count("accepted") == 1 and outcomes.count("refused") == 199
    assert Redemption.objects.filter(voucher=voucher).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_partial_redemptions_never_exceed_the_value():
    voucher = issued_voucher()

    def attempt(membership):
        outcomes = []
        for _ in range(10):
            try:
                redeem(voucher, membership, amount="37.00")
                outcomes.append("accepted")
            except ValidationError as error:
                outcomes.append(error.message_dict.get("amount", error.messages))
        return outcomes

    outcomes = list(itertools.chain.from_iterable(at_once(attempt, [(FirmMembershipFactory(),) for _ in range(8)])))
    refusals = [outcome for outcome in outcomes if outcome != "accepted"]
    assert outcomes.count("accepted") == 13 and len(refusals) == 67
    assert all(any("resterende saldo" in message for message in refusal) for refusal in refusals), refusals
    total = sum(r.amount for r in Redemption.objects.filter(voucher=voucher))
    assert total == Decimal("37.00") * 13 and total <= Decimal("500.00")  # 13 x 37 = 481, a 14th would exceed
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("19.00")


def test_the_balance_in_the_message_is_in_belgian_notation():
    voucher = issued_voucher()
    redeem(voucher, amount="499.00", invoice_amount="2000.00")
    with pytest.raises(ValidationError) as excinfo:
        redeem(voucher, amount="1500.00", invoice_amount="2000.00")
    assert "EUR 1,00" in field_errors(excinfo)["amount"]
