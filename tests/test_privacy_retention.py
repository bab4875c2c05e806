"""`manage.py apply_retention` on the demo data, with the clock moved to either side of each period's end:
what is due is deleted or anonymised, nothing else; the accounts still add up; a second run finds nothing."""
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from regie.dates import add_years
from regie.models import AuditEvent, CommandRun, OutgoingMail, ThrottleCounter
from regie.privacy.schedule import period
from tests.clock import at, brussels
from tests.privacy_data import demo  # noqa: F401  (a fixture)
from tests.vouchers_factories import ApplicationFactory
from vouchers import services
from vouchers.ledger import ledger_mismatches
from vouchers.models import Answer, Application, Call, FollowUp, Redemption
from vouchers.privacy.anonymise import ERASED
from vouchers.privacy.retention import apply_retention

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_call(demo):  # noqa: F811  (the fixture imported above)
    return Call.objects.get(name="Oproep 2026 (demo)")


def retention(day):
    """Run the command as if it were noon in Brussels on `day`; returns its output."""
    out = io.StringIO()
    with at(brussels(day, 12)):
        call_command("apply_retention", stdout=out)
    return out.getvalue()


def audit_text():
    return json.dumps([[e.object_repr, e.data] for e in AuditEvent.objects.all()], default=str, ensure_ascii=False)


def test_applications_without_a_cheque_are_deleted_two_years_after_the_call_closed(demo_call):
    without = set(Application.objects.filter(call=demo_call, voucher__isnull=True).values_list("pk", flat=True))
    assert len(without) == 8 and "Makelaardij Vastgoed Limburg" in audit_text()
    last_day = add_years(demo_call.closes_on, 2)
    assert "applications_without_cheque" not in retention(last_day)  # (the demo's meeting registrations go)
    assert Application.objects.filter(pk__in=without).count() == 8

    output = retention(last_day + datetime.timedelta(days=1))
    assert "applications_without_cheque: 8 deleted" in output
    assert not Application.objects.filter(pk__in=without).exists()
    assert Application.objects.filter(call=demo_call, company_name="Transport Houben").exists()
    text = audit_text()
    assert "Makelaardij Vastgoed Limburg" not in text and "buiten de regio" not in text  # name, rejection reason
    assert ledger_mismatches() == []


def test_cheques_are_anonymised_ten_years_after_the_call_and_the_accounts_still_add_up(
        demo_call, django_capture_on_commit_callbacks):
    houben = Application.objects.get(company_name="Transport Houben")
    redemption = Redemption.objects.get(voucher__application=houben)
    files = [(houben.voucher.pdf.storage, houben.voucher.pdf.name),
             (redemption.invoice.storage, redemption.invoice.name)]
    assert all(storage.exists(name) for storage, name in files)
    amounts = sorted(Redemption.objects.values_list("pk", "amount", "invoice_amount", "status", "enterprise"))
    figures = Call.objects.values_list("pk", "committed", "redeemed", "paid").order_by("pk")
    figures_before = list(figures)
    last_day = add_years(demo_call.closes_on, 10)
    retention(last_day)
    assert Application.objects.get(pk=houben.pk).company_name == "Transport Houben"

    with django_capture_on_commit_callbacks(execute=True):
        output = retention(last_day + datetime.timedelta(days=1))
    assert "cheques: 6 anonymised" in output
    houben.refresh_from_db()
    assert (houben.company_name, houben.contact_name, houben.street) == (ERASED, ERASED, ERASED)
    assert (houben.email, houben.phone, houben.enterprise_number, houben.motivation) == ("", "", "", "")
    assert houben.anonymised_at is not None and houben.municipality.name == "Bilzen-Hoeselt"
    redemption.refresh_from_db()
    assert (redemption.description, redemption.invoice.name) == ("", "")
    assert not any(storage.exists(name) for storage, name in files)
    assert sorted(Redemption.objects.values_list("pk", "amount", "invoice_amount", "status", "enterprise")) == amounts
    assert list(figures) == figures_before
    assert "Transport Houben" not in audit_text()
    with at(brussels(last_day + datetime.timedelta(days=1), 12)):
        assert ledger_mismatches() == []


def test_a_second_run_the_same_day_finds_nothing_and_records_nothing(demo_call):
    day = add_years(demo_call.closes_on, 10) + datetime.timedelta(days=1)
    assert retention(day) != ""
    events = AuditEvent.objects.filter(action="privacy.retention_applied").count()
    assert retention(day) == "" and AuditEvent.objects.filter(action="privacy.retention_applied").count() == events
    with at(brussels(day, 13)):
        assert all(outcome.count == 0 for outcome in apply_retention(dry_run=True))


def test_follow_up_comments_go_after_five_years_and_the_answers_stay(demo_call):
    followup = FollowUp.objects.get(answer=Answer.STILL, comment__startswith="Demo:")
    first_comment = followup.comment
    services.answer_followup(followup=followup, answer=Answer.STILL, comment="Jan: elke maand, nu ook de parking.")
    assert first_comment in audit_text()  # the answer it replaced
    asked_on = timezone.localdate(followup.sent_at)
    retention(add_years(asked_on, 5))
    assert FollowUp.objects.get(pk=followup.pk).comment != ""
    retention(add_years(asked_on, 5) + datetime.timedelta(days=1))
    followup.refresh_from_db()
    assert (followup.answer, followup.comment, followup.may_quote) == (Answer.STILL, "", False)
    assert first_comment not in audit_text() and "elke maand" not in audit_text()
    assert AuditEvent.objects.filter(action="followup.answered", object_id=str(followup.pk)).count() == 2


def test_the_reason_a_payout_batch_was_cancelled_goes_after_ten_years_also_from_the_audit_log(demo_call):
    finance = get_user_model().objects.get(username="finance")
    approved = Redemption.objects.get(status="approved")
    batch = services.create_payout_batch(by=finance, regie=approved.voucher.call.regie,
                                         execution_date=timezone.localdate(), redemption_ids=[approved.pk])
    with at(timezone.now() + datetime.timedelta(days=20)):  # the event outlives the batch's ten years by 20 days
        services.cancel_payout_batch(batch=batch, by=finance, reason="Verkeerde IBAN doorgegeven door Atelier Fouron")
    assert "Verkeerde IBAN" in audit_text()
    retention(add_years(timezone.localdate(batch.created_at), 10) + datetime.timedelta(days=1))
    batch.refresh_from_db()
    assert batch.cancel_reason == "" and "Verkeerde IBAN" not in audit_text()
    assert AuditEvent.objects.get(action="payout.cancelled").data["redemptions"] == [approved.pk]


def test_the_ten_years_of_a_cheque_count_from_its_last_payment_when_that_is_after_the_call_closed(demo_call):
    houben = Application.objects.get(company_name="Transport Houben")
    paid_on = demo_call.closes_on + datetime.timedelta(days=45)  # a late invoice, booked when it was paid
    Redemption.objects.filter(voucher__application=houben).update(paid_at=paid_on)
    assert "cheques: 6 anonymised" in retention(add_years(demo_call.closes_on, 10) + datetime.timedelta(days=1))
    assert "cheques" not in retention(add_years(paid_on, 10))
    assert Application.objects.get(pk=houben.pk).company_name == "Transport Houben"
    assert "cheques: 1 anonymised" in retention(add_years(paid_on, 10) + datetime.timedelta(days=1))
    assert Application.objects.get(pk=houben.pk).company_name == ERASED


def test_a_dry_run_says_what_each_rule_would_do_and_changes_nothing(demo_call):
    day = add_years(demo_call.closes_on, 10) + datetime.timedelta(days=1)
    before = (Application.objects.count(), audit_text())
    out = io.StringIO()
    with at(brussels(day, 12)):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "applications_without_cheque: 8 would be deleted (kept 2 years after the closing date" in out.getvalue()
    assert "cheques: 7 would be anonymised" in out.getvalue()  # with the 2025 call's cheque
    assert "mails: 0 would be deleted (kept 90 days after" in out.getvalue()  # the demo sends no mail
    assert (Application.objects.count(), audit_text()) == before
    assert not CommandRun.objects.filter(name="apply_retention").exists()


def test_the_run_is_recorded_and_audited_with_counts_only(demo_call):
    retention(add_years(demo_call.closes_on, 10) + datetime.timedelta(days=1))
    event = AuditEvent.objects.get(action="privacy.retention_applied")
    assert event.actor is None and event.data["counts"]["applications_without_cheque"] == 8
    assert "@" not in json.dumps(event.data) and "Houben" not in json.dumps(event.data)
    assert CommandRun.objects.get(name="apply_retention").summary.startswith("applications_without_cheque 8")


def test_mails_go_after_90_days_and_audit_addresses_after_a_year(db):
    today = timezone.localdate()
    old, recent = (OutgoingMail.objects.create(sender="a@example.org", recipients=["klant@example.be"], subject=s,
                                               message=b"Subject: x\n\nhallo") for s in ("old", "recent"))
    OutgoingMail.objects.filter(pk=old.pk).update(created_at=period("mails").cutoff(today) - datetime.timedelta(
        seconds=1))
    OutgoingMail.objects.filter(pk=recent.pk).update(created_at=period("mails").cutoff(today))
    event = AuditEvent.objects.create(action="x.done", address="192.0.2.7")
    AuditEvent.objects.filter(pk=event.pk).update(created_at=period("audit_addresses").cutoff(today)
                                                  - datetime.timedelta(minutes=1))
    apply_retention(today=today)
    assert list(OutgoingMail.objects.values_list("subject", flat=True)) == ["recent"]
    event.refresh_from_db()
    assert event.address is None and event.action == "x.done"


def test_audit_events_go_after_ten_years(db):
    today = timezone.localdate()
    old, kept = AuditEvent.objects.create(action="old.event"), AuditEvent.objects.create(action="kept.event")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=period("audit_log").cutoff(today) - datetime.timedelta(
        seconds=1))
    apply_retention(today=today)
    assert list(AuditEvent.objects.exclude(action="privacy.retention_applied").values_list("pk", flat=True)) == [
        kept.pk]


def test_counters_sessions_and_failed_logins_do_not_outlive_their_use(db):
    from axes.models import AccessAttempt

    today = timezone.localdate()
    ThrottleCounter.objects.create(key="mail-recipient:klant@example.be", window_start=period("throttles").cutoff(
        today) - datetime.timedelta(hours=1), count=3)
    current = ThrottleCounter.objects.create(key="mail-recipient:klant@example.be", window_start=timezone.now())
    expired, live = SessionStore(), SessionStore()
    expired.set_expiry(-1), live.set_expiry(3600)
    expired.save(), live.save()
    attempt = AccessAttempt.objects.create(username="an", ip_address="192.0.2.8", user_agent="x", http_accept="*/*",
                                           path_info="/nl/partner/login/", get_data="", post_data="",
                                           failures_since_start=1)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=period("login_attempts").cutoff(today)
                                                       - datetime.timedelta(seconds=1))
    apply_retention(today=today)
    assert list(ThrottleCounter.objects.values_list("pk", flat=True)) == [current.pk]
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert not AccessAttempt.objects.exists()


def test_purging_unconfirmed_applications_also_forgets_their_names_in_the_audit_log(db):
    application = ApplicationFactory(status="submitted", company_name="Frituur Nooitbevestigd", verified_at=None)
    AuditEvent.objects.create(action="application.submitted", content_type_id=_content_type(Application),
                              object_id=str(application.pk), object_repr=str(application))
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=31))
    assert services.purge_unverified_applications(older_than=datetime.timedelta(days=30)) == 1
    assert "Nooitbevestigd" not in audit_text()
    assert AuditEvent.objects.filter(object_repr=f"application #{application.pk}").exists()


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
