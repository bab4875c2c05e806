"""After the cheque: follow-up questions, reminders before expiry, extending a cheque, random checks,
municipalities' shares. Dates come from the run's "now" and each rule is pinned at midnight in Brussels."""
import datetime
import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from regie.dates import add_months
from regie.models import AuditEvent
from tests.clock import at, just_after_midnight, just_before_midnight
from tests.factories import FirmMembershipFactory, MunicipalityFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import links, services
from vouchers.exceptions import BudgetExhausted, TransitionError
from vouchers.ledger import ledger_mismatches
from vouchers.models import Answer, CheckOutcome, FollowUp, Redemption, Voucher, VoucherStatus

pytestmark = pytest.mark.django_db
QUIET = {"stdout": io.StringIO()}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def used_up(language="nl"):
    """A cheque used up today at one firm, its redemption approved."""
    firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(email="info@firm.example"))
    voucher = issued_voucher(language=language)
    redemption = redeem(voucher, firm, amount="500.00", invoice_amount="500.00")
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    return Voucher.objects.get(pk=voucher.pk), firm


def test_followup_is_asked_months_after_the_cheque_was_used_up_and_reminded_once(on_commit):
    voucher, firm = used_up(language="fr")
    due = add_months(timezone.localdate(), voucher.call.followup_months)
    with at(just_before_midnight(due - datetime.timedelta(days=1))):
        call_command("send_followups", **QUIET)
    assert not FollowUp.objects.exists()
    asked = just_after_midnight(due - datetime.timedelta(days=1))
    with at(asked), on_commit():
        call_command("send_followups", **QUIET)
        call_command("send_followups", **QUIET)  # idempotent
    business = FollowUp.objects.get(respondent="business")
    assert FollowUp.objects.filter(respondent="firm", enterprise=firm.enterprise).count() == 1
    to_business = next(m for m in mail.outbox if m.to == [voucher.application.email])
    assert "/fr/suivi/" in to_business.body and firm.enterprise.name in to_business.subject
    assert any(firm.user.email in m.to for m in mail.outbox)
    sent = len(mail.outbox)
    with at(asked + datetime.timedelta(days=13)):
        call_command("send_followups", **QUIET)
    with at(asked + datetime.timedelta(days=15)), on_commit():
        call_command("send_followups", **QUIET)
        call_command("send_followups", **QUIET)
    assert len(mail.outbox) == sent + 2  # one reminder each, once
    assert FollowUp.objects.get(pk=business.pk).reminded_at is not None


def test_no_reminder_after_an_answer_and_a_second_answer_replaces_the_first(client, on_commit):
    voucher, _firm = used_up()
    with at(timezone.now() + datetime.timedelta(days=200)), on_commit():
        call_command("send_followups", **QUIET)
    business = FollowUp.objects.get(respondent="business")
    page = urlsplit(links.followup_url(business, "nl")).path
    assert "Hoe gaat het?" in client.get(page).content.decode()
    client.post(page, {"answer": "planned", "comment": "Ze komen in de lente terug.", "may_quote": "on"})
    thanks = client.post(page, {"answer": "still", "comment": "Ze onderhouden onze tuin.", "may_quote": "on"})
    assert "Bedankt" in thanks.content.decode()
    business.refresh_from_db()
    assert (business.answer, business.comment, business.may_quote) == (Answer.STILL, "Ze onderhouden onze tuin.", True)
    events = AuditEvent.objects.filter(action="followup.answered", object_id=str(business.pk)).order_by("pk")
    assert events.count() == 2 and events.last().data["replaces"]["answer"] == "planned"
    sent = len(mail.outbox)
    with at(timezone.now() + datetime.timedelta(days=230)), on_commit():
        call_command("send_followups", **QUIET)
    reminders = mail.outbox[sent:]
    assert len(reminders) == 1 and voucher.application.email not in reminders[0].to  # only the firm, who did not answer


def test_a_tampered_or_expired_followup_link_gets_a_clear_page(client):
    _voucher, _firm = used_up()
    with at(timezone.now() + datetime.timedelta(days=200)):
        call_command("send_followups", **QUIET)
        path = urlsplit(links.followup_url(FollowUp.objects.first(), "nl")).path
        tampered = client.get(path[:-3] + "xx/")
    assert tampered.status_code == 410 and "niet meer geldig" in tampered.content.decode()
    with at(timezone.now() + datetime.timedelta(days=200 + 91)):
        assert client.get(path).status_code == 410
        assert client.post(path, {"answer": "still"}).status_code == 410
    assert not FollowUp.objects.exclude(answer="").exists()


def test_an_answer_must_be_one_of_the_choices(client):
    _voucher, _firm = used_up()
    with at(timezone.now() + datetime.timedelta(days=200)):
        call_command("send_followups", **QUIET)
    path = urlsplit(links.followup_url(FollowUp.objects.first(), "nl")).path
    assert client.post(path, {"answer": "maybe"}).status_code == 400
    with pytest.raises(ValidationError):
        services.answer_followup(followup=FollowUp.objects.first(), answer="")


def test_holders_are_reminded_30_and_7_days_before_expiry_once_each(on_commit):
    voucher = issued_voucher(language="en")
    redeem(voucher, amount="120.00")
    for days_before, expected in [(31, 0), (30, 1), (29, 0), (7, 1), (6, 0)]:
        with at(just_after_midnight(voucher.valid_until - datetime.timedelta(days=days_before + 1))), on_commit():
            assert services.remind_expiring(today=timezone.localdate()) == expected
    reminders = [m for m in mail.outbox if "expires" in m.subject]
    assert len(reminders) == 2 and "EUR 380.00" in reminders[0].body and "/en/enterprises/" in reminders[0].body


def test_no_reminder_for_a_used_up_cheque():
    voucher = issued_voucher()
    redeem(voucher, amount="500.00", invoice_amount="500.00")
    with at(just_after_midnight(voucher.valid_until - datetime.timedelta(days=8))):
        assert services.remind_expiring(today=timezone.localdate()) == 0


def test_the_coordinator_extends_an_expired_cheque_and_the_ledger_stays_right(on_commit):
    coordinator = UserFactory(is_staff=True)
    voucher = issued_voucher()
    redeem(voucher, amount="100.00")
    later = voucher.valid_until + datetime.timedelta(days=10)
    with at(just_after_midnight(later)):
        services.expire_vouchers(today=timezone.localdate())
        assert Voucher.objects.get(pk=voucher.pk).call.committed == Decimal("100.00")
        with pytest.raises(ValidationError):
            services.extend_voucher(voucher=voucher, by=coordinator, valid_until=later, reason="")
        with on_commit():
            services.extend_voucher(voucher=voucher, by=coordinator, valid_until=later + datetime.timedelta(days=60),
                                    reason="Ziekte van de zaakvoerder")
        voucher.refresh_from_db()
        assert voucher.status == VoucherStatus.PARTLY_USED and voucher.call.committed == Decimal("500.00")
        assert ledger_mismatches() == [] and "nu geldig tot" in mail.outbox[-1].subject.lower()
        assert AuditEvent.objects.get(action="voucher.extended").data["reason"] == "Ziekte van de zaakvoerder"


def test_an_expired_cheque_is_not_extended_beyond_the_budget():
    coordinator = UserFactory(is_staff=True)
    call = CallFactory(budget=Decimal("500.00"))
    voucher = services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    with at(just_after_midnight(voucher.valid_until)):
        services.expire_vouchers(today=timezone.localdate())
        services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)  # the budget is used again
        with pytest.raises(BudgetExhausted):
            services.extend_voucher(voucher=voucher, by=coordinator, valid_until=timezone.localdate()
                                    + datetime.timedelta(days=30), reason="x")
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.EXPIRED


def test_random_checks_hold_approval_until_the_proof_is_accepted(on_commit):
    coordinator = UserFactory(is_staff=True)
    voucher = issued_voucher()
    type(voucher.call).objects.filter(pk=voucher.call_id).update(random_check_percent=100)
    firm = FirmMembershipFactory()
    with on_commit():
        redemption = redeem(voucher, firm)
    assert redemption.random_check == CheckOutcome.PENDING
    asked = [m for m in mail.outbox if "steekproef" in m.subject.lower()]
    assert len(asked) == 1 and asked[0].to == [firm.user.email]
    services.confirm_redemption(redemption=redemption)
    with pytest.raises(TransitionError):
        services.approve_redemption(redemption=redemption, by=coordinator)
    with pytest.raises(ValidationError):
        services.record_check(redemption=redemption, by=coordinator, passed=False, note="")
    services.record_check(redemption=redemption, by=coordinator, passed=True, note="")
    services.approve_redemption(redemption=redemption, by=coordinator)
    assert Redemption.objects.get(pk=redemption.pk).status == "approved"
    assert list(AuditEvent.objects.filter(object_id=str(redemption.pk), action__startswith="redemption.check")
                .values_list("action", flat=True).order_by("pk")) == ["redemption.check_drawn",
                                                                      "redemption.check_recorded"]


def test_no_random_check_at_zero_percent():
    voucher = issued_voucher()
    assert all(not redeem(voucher, amount="10").random_check for _ in range(20))


def test_municipalities_shares_are_set_audited_and_warned_about_when_used_up(admin_client):
    coordinator = UserFactory(is_staff=True)
    call = CallFactory(budget=Decimal("5000.00"))
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    services.set_municipality_shares(call=call, by=coordinator, shares={tongeren: Decimal("500.00")})
    assert AuditEvent.objects.filter(action="call.shares_changed").count() == 1
    applications = [ApplicationFactory(call=call, municipality=tongeren) for _ in range(2)]
    page = admin_client.post("/admin/vouchers/application/", {"action": "approve", "_selected_action":
                                                              [a.pk for a in applications]}, follow=True)
    assert "2 cheques uitgereikt" in page.content.decode()
    assert "aandeel van Tongeren" in page.content.decode()  # the share is used up (and beyond)
    dashboard = admin_client.get(f"/admin/dashboard/?call={call.pk}").content.decode()
    assert "Aandeel in het budget (EUR)" in dashboard
    assert "500,00 <strong class=\"warn\">opgebruikt</strong>" in dashboard
    other_call = CallFactory()  # no shares: no share column
    assert "Aandeel in het budget" not in admin_client.get(f"/admin/dashboard/?call={other_call.pk}").content.decode()
