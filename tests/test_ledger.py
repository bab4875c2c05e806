"""The ledger (vouchers/ledger.py): every euro figure agrees with the rows, on every path."""
import contextlib
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, settings as hypothesis_settings, strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.demo import seed_demo
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.support.demo_snapshot import demo_data
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.exceptions import TransitionError
from vouchers.ledger import ledger_mismatches
from vouchers.models import Call, LedgerCheck, PayoutBatch, Redemption, Voucher, VoucherStatus

pytestmark = pytest.mark.django_db
IBAN = "BE21001234567803"


def check_ledger():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_ledger", stdout=out, stderr=err)
        return 0, err.getvalue()
    except SystemExit as exit:
        return exit.code, err.getvalue()


def test_check_ledger_passes_on_demo_data_and_names_a_call_changed_behind_its_back(request):
    demo_data(request, "demo", seed_demo)
    assert check_ledger() == (0, "")
    call = Call.objects.get(name="Oproep 2026 (demo)")
    Call.objects.filter(pk=call.pk).update(committed=F("committed") - 100)
    code, report = check_ledger()
    assert code == 1
    assert f"call Oproep 2026 (demo) (#{call.pk}): committed expected {call.committed}, found {call.committed - 100}" \
        in report
    assert LedgerCheck.objects.order_by("-ran_at").first().mismatches == 1


def test_a_cheque_balance_changed_behind_its_back_is_reported():
    coordinator = UserFactory(is_staff=True)
    voucher = services.issue_voucher(application=ApplicationFactory(), by=coordinator)
    Voucher.objects.filter(pk=voucher.pk).update(balance=Decimal("400.00"))
    assert [(m.kind, m.field, m.expected, m.found) for m in ledger_mismatches()] == [
        ("cheque", "balance", Decimal("500.00"), Decimal("400.00"))]


def test_the_last_check_shows_on_the_calls_page(client, staff_user):
    from regie.accounts.groups import COORDINATORS

    client.force_login(staff_user(COORDINATORS))
    assert "nog niet gecontroleerd" in client.get("/admin/vouchers/call/").content.decode()
    check_ledger()
    assert "elke oproep en elke cheque klopt" in client.get("/admin/vouchers/call/").content.decode()


def test_rejecting_after_the_cheque_expired_returns_the_amount_to_the_budget():
    coordinator = UserFactory(is_staff=True)
    voucher = services.issue_voucher(application=ApplicationFactory(), by=coordinator)
    redemption = redeem(voucher, amount="200.00")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
        services.expire_vouchers(today=timezone.localdate())
        assert Call.objects.get(pk=voucher.call_id).committed == Decimal("200.00")
        services.contest_redemption(redemption=redemption, reason="Niet geleverd")
        services.reject_redemption(redemption=redemption, by=coordinator, reason="Klant heeft gelijk")
        assert Call.objects.get(pk=voucher.call_id).committed == Decimal("0.00")
        assert ledger_mismatches() == []


def test_rejecting_the_last_use_of_a_cheque_past_its_date_expires_it():
    coordinator = UserFactory(is_staff=True)
    voucher = services.issue_voucher(application=ApplicationFactory(), by=coordinator)
    redemption = redeem(voucher, amount="500.00", invoice_amount="500.00")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
        services.expire_vouchers(today=timezone.localdate())  # used up: nothing to expire
        assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.USED_UP
        services.reject_redemption(redemption=redemption, by=coordinator, reason="Dubbele factuur")
        voucher.refresh_from_db()
        assert voucher.status == VoucherStatus.EXPIRED and voucher.balance == Decimal("500.00")
        assert voucher.call.committed == Decimal("0.00") and ledger_mismatches() == []


class LedgerMachine(RuleBasedStateMachine):
    """Random sequences of every operation that moves money; the ledger must add up after each step."""

    start = None  # every run starts at the same instant, so a replayed run behaves the same

    def __init__(self):
        super().__init__()
        LedgerMachine.start = LedgerMachine.start or timezone.now()
        self.clock = time_machine.travel(LedgerMachine.start, tick=False)
        self.traveller = self.clock.start()
        self.coordinator = UserFactory(is_staff=True)
        # Each run has its own call (checked on its own) with short-lived cheques, so expiry comes soon.
        self.call = CallFactory(budget=Decimal("1500.00"), validity_months=1,
                                opens_on=timezone.localdate(), closes_on=timezone.localdate())
        self.firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(iban=IBAN))

    def teardown(self):
        self.clock.stop()

    cheques = Bundle("cheques")
    redemptions = Bundle("redemptions")

    @rule(target=cheques)
    def issue(self):
        outcome = services.approve_applications(applications=[ApplicationFactory(call=self.call)], by=self.coordinator)
        return multiple(*[voucher.pk for voucher in outcome.issued])

    @rule(cheque=cheques)
    def cancel(self, cheque):
        with contextlib.suppress(TransitionError):
            services.cancel_voucher(voucher=Voucher(pk=cheque, call_id=self.call.pk), by=self.coordinator, reason="x")

    @rule(days=st.integers(min_value=1, max_value=20))
    def time_passes(self, days):
        self.traveller.shift(datetime.timedelta(days=days))
        services.expire_vouchers(today=timezone.localdate())
        services.confirm_due_redemptions(now=timezone.now())

    @rule(target=redemptions, cheque=cheques, cents=st.integers(min_value=1, max_value=25_000))
    def redeem(self, cheque, cents):
        amount = str(Decimal(cents) / 100)
        try:
            return redeem(Voucher.objects.get(pk=cheque), self.firm, amount=amount, invoice_amount="500.00").pk
        except ValidationError:
            return multiple()

    @rule(redemption=redemptions, answer=st.sampled_from(["confirm", "contest"]))
    def customer_answers(self, redemption, answer):
        try:
            if answer == "confirm":
                services.confirm_redemption(redemption=Redemption(pk=redemption, voucher_id=self._cheque(redemption)))
            else:
                services.contest_redemption(redemption=Redemption(pk=redemption, voucher_id=self._cheque(redemption)),
                                            reason="x")
        except TransitionError:
            pass

    @rule(redemption=redemptions, decision=st.sampled_from(["approve", "reject"]))
    def coordinator_decides(self, redemption, decision):
        target = Redemption.objects.get(pk=redemption)
        try:
            if decision == "approve":
                services.approve_redemption(redemption=target, by=self.coordinator)
            else:
                services.reject_redemption(redemption=target, by=self.coordinator, reason="x")
        except TransitionError:
            pass

    @precondition(lambda self: Redemption.objects.payable().filter(voucher__call=self.call).exists())
    @rule(per_firm=st.booleans())
    def batch(self, per_firm):
        payable = Redemption.objects.payable().filter(voucher__call=self.call).values_list("pk", flat=True)
        services.create_payout_batch(by=self.coordinator, regie=RegieFactory(), execution_date=timezone.localdate(),
                                     redemption_ids=list(payable), one_payment_per_firm=per_firm)

    @precondition(lambda self: self._open_batch() is not None)
    @rule(pay=st.booleans())
    def settle_a_batch(self, pay):
        batch = self._open_batch()
        if pay:
            services.mark_batch_paid(batch=batch, by=self.coordinator, paid_on=timezone.localdate())
        else:
            services.cancel_payout_batch(batch=batch, by=self.coordinator, reason="x")

    def _open_batch(self):
        return PayoutBatch.objects.filter(status="open", redemptions__voucher__call=self.call).first()

    def _cheque(self, redemption):
        return Redemption.objects.values_list("voucher_id", flat=True).get(pk=redemption)

    @invariant()
    def ledger_adds_up(self):
        assert ledger_mismatches(calls=Call.objects.filter(pk=self.call.pk)) == []

    @invariant()
    def nothing_is_spent_twice(self):
        call = Call.objects.get(pk=self.call.pk)
        assert Decimal("0") <= call.paid <= call.redeemed <= call.committed <= call.budget


@pytest.mark.slow
def test_random_sequences_of_every_operation_keep_the_ledger_true():
    run_state_machine_as_test(LedgerMachine, settings=hypothesis_settings(
        max_examples=40, stateful_step_count=40, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
