"""Confirming, deciding, issuing and cancelling; the budget; the stored PDF; e-mails after commit."""
import datetime
import io
import itertools
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from regie.models import AuditEvent
from tests.concurrency import at_once
from tests.factories import RegieFactory, UserFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.exceptions import BudgetExhausted, TransitionError
from vouchers.models import Application, ApplicationStatus, Call, Voucher, VoucherStatus
from vouchers.pdf import render_cheque_pdf
from vouchers.printing import merge_pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", is_staff=True)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_confirming_the_email_verifies_and_notifies(on_commit, coordinator):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None, language="fr")
    with on_commit():
        services.confirm_email(application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED and application.verified_at
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[application.email] == "Nous avons bien reçu votre demande"
    assert any("Nieuwe aanvraag" in s for s in subjects.values())  # the coordinator, in Dutch


def test_confirming_twice_changes_nothing(on_commit):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    with on_commit():
        services.confirm_email(application=application)
        services.confirm_email(application=application)
    assert AuditEvent.objects.filter(action="application.verified").count() == 1


def test_verified_application_is_waitlisted_when_the_budget_is_used_up(on_commit):
    call = CallFactory(budget=Decimal("0.00"))
    application = ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED, verified_at=None)
    with on_commit():
        services.confirm_email(application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED
    assert any("wachtlijst" in m.subject for m in mail.outbox)


def test_issuing_commits_the_budget_and_mails_the_pdf(on_commit, coordinator):
    application = ApplicationFactory(company_name="Bakkerij 's-Gravenvoeren", language="nl")
    with on_commit():
        voucher = services.issue_voucher(application=application, by=coordinator)
    voucher.refresh_from_db()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.decided_by == coordinator
    assert voucher.call.committed == Decimal("500.00") and voucher.face_value == Decimal("500.00")
    months_later = voucher.valid_until - timezone.localdate()
    assert datetime.timedelta(days=180) <= months_later <= datetime.timedelta(days=185)
    assert voucher.pdf  # rendered once, stored
    message = mail.outbox[-1]
    assert message.subject == "Je Kennismakingscheque"
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and voucher.code_display in name
    assert voucher.code_display in pdf_text(content)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"application.approved", "voucher.issued"}


def test_emails_are_sent_only_after_commit(django_capture_on_commit_callbacks, coordinator):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.issue_voucher(application=application, by=coordinator)
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_failing_mail_server_loses_no_cheque(on_commit, coordinator, settings):
    settings.EMAIL_BACKEND = "tests.test_cheques.BrokenBackend"
    application = ApplicationFactory()
    with on_commit():
        voucher = services.issue_voucher(application=application, by=coordinator)
    assert Voucher.objects.filter(pk=voucher.pk).exists()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_budget_is_never_exceeded(coordinator):
    call = CallFactory(budget=Decimal("1000.00"))
    first, second, third = [ApplicationFactory(call=call) for _ in range(3)]
    services.issue_voucher(application=first, by=coordinator)
    services.issue_voucher(application=second, by=coordinator)
    with pytest.raises(BudgetExhausted):
        services.issue_voucher(application=third, by=coordinator)
    assert Call.objects.get(pk=call.pk).committed == Decimal("1000.00")
    assert Voucher.objects.count() == 2


def test_approving_many_issues_in_order_of_submission_and_waitlists_the_rest(coordinator):
    call = CallFactory(budget=Decimal("1000.00"))
    applications = [ApplicationFactory(call=call) for _ in range(4)]
    outcome = services.approve_applications(applications=list(reversed(applications)), by=coordinator)
    assert [v.application_id for v in outcome.issued] == [applications[0].pk, applications[1].pk]
    assert {a.pk for a in outcome.waitlisted} == {applications[2].pk, applications[3].pk}
    assert set(Application.objects.filter(status="waitlisted").values_list("pk", flat=True)) == {
        a.pk for a in outcome.waitlisted}


def test_illegal_transitions_raise_and_change_nothing(coordinator):
    submitted = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    with pytest.raises(TransitionError):
        services.issue_voucher(application=submitted, by=coordinator)
    rejected = ApplicationFactory(status=ApplicationStatus.REJECTED)
    with pytest.raises(TransitionError):
        services.issue_voucher(application=rejected, by=coordinator)
    with pytest.raises(TransitionError):
        services.waitlist_application(application=rejected, by=coordinator)
    assert not Voucher.objects.exists()
    assert Call.objects.get(pk=submitted.call_id).committed == 0


def test_rejection_needs_a_reason_and_mails_it(on_commit, coordinator):
    application = ApplicationFactory(language="en")
    with pytest.raises(ValidationError):
        services.reject_application(application=application, by=coordinator, reason="  ")
    with on_commit():
        services.reject_application(application=application, by=coordinator, reason="Not in the region.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED and application.rejection_reason == "Not in the region."
    assert "Not in the region." in mail.outbox[-1].body


def test_cancelling_an_unused_cheque_releases_its_budget(on_commit, coordinator):
    call = CallFactory(budget=Decimal("500.00"))
    voucher = services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    with on_commit():
        services.cancel_voucher(voucher=voucher, by=coordinator, reason="Dubbel uitgereikt")
    assert Call.objects.get(pk=call.pk).committed == 0
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.CANCELLED
    with pytest.raises(TransitionError):
        services.cancel_voucher(voucher=voucher, by=coordinator, reason="again")
    assert Call.objects.get(pk=call.pk).committed == 0
    services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)  # budget free again


def test_applicant_withdraws_before_a_decision_only(coordinator):
    application = ApplicationFactory()
    services.withdraw_application(application=application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN
    approved = ApplicationFactory()
    services.issue_voucher(application=approved, by=coordinator)
    with pytest.raises(TransitionError):
        services.withdraw_application(application=approved)


def test_purge_deletes_only_old_unverified_applications_and_is_idempotent():
    old = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    Application.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=31))
    recent = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    verified_old = ApplicationFactory()
    Application.objects.filter(pk=verified_old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=90))
    call_command("purge_unverified_applications", stdout=io.StringIO())
    call_command("purge_unverified_applications", stdout=io.StringIO())
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, verified_old.pk}
    assert AuditEvent.objects.filter(action="application.purged").count() == 1


def test_pdf_shows_what_the_business_and_a_firm_need(coordinator):
    application = ApplicationFactory(company_name="Brasserie d'Fouron", enterprise_number="0123456749", language="nl")
    voucher = services.issue_voucher(application=application, by=coordinator)
    text = pdf_text(render_cheque_pdf(voucher))
    assert "Kennismakingscheque" in text
    assert voucher.code_display in text
    assert "EUR 500,00" in text
    assert "Brasserie d'Fouron" in text and "0123.456.749" in text
    assert voucher.valid_until.strftime("%d/%m/%Y") in text
    assert f"http://testserver/nl/cheque/{voucher.code}/" in text.replace("\n", "")  # the regie's primary host
    assert "exclusief btw" in text


def test_pdf_is_in_the_applicants_language(coordinator):
    voucher = services.issue_voucher(application=ApplicationFactory(language="fr"), by=coordinator)
    assert "hors TVA" in pdf_text(render_cheque_pdf(voucher))


def test_printing_many_cheques_gives_one_page_each(coordinator):
    call = CallFactory()
    vouchers = [services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator) for _ in range(3)]
    reader = PdfReader(io.BytesIO(merge_pdfs([services.store_cheque_pdf(voucher=v) for v in vouchers])))
    assert len(reader.pages) == 3
    assert vouchers[2].code_display in reader.pages[2].extract_text()


def test_printing_many_reads_each_stored_file_as_it_is_and_renders_only_a_cheque_never_rendered(coordinator,
                                                                                                 monkeypatch):
    call = CallFactory()
    vouchers = [services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator) for _ in range(3)]
    stored = [services.store_cheque_pdf(voucher=v) for v in vouchers[:2]]
    rendered = []
    monkeypatch.setattr("vouchers.pdf.render_cheque_pdf", lambda voucher: rendered.append(voucher.code) or b"%PDF-new")
    read_before = Voucher.objects.filter(call=call).order_by("pk")

    documents = services.stored_cheque_pdfs(vouchers=list(read_before))

    assert documents[:2] == stored and documents[2] == b"%PDF-new"  # the files their holders download
    assert rendered == [vouchers[2].code]
    assert Voucher.objects.get(pk=vouchers[2].pk).pdf  # stored now: printed again, it is read


def test_committed_always_matches_the_cheques(coordinator):
    call = CallFactory(budget=Decimal("2000.00"))
    vouchers = [services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator) for _ in range(3)]
    services.cancel_voucher(voucher=vouchers[0], by=coordinator, reason="x")
    call.refresh_from_db()
    live = sum(v.face_value for v in Voucher.objects.filter(call=call).exclude(status=VoucherStatus.CANCELLED))
    assert call.committed == live == Decimal("1000.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_approvals_issue_exactly_thirty(coordinator):
    call = CallFactory(budget=Decimal("15000.00"))
    applications = [ApplicationFactory(call=call) for _ in range(50)]

    def approve(batch):
        outcomes = []
        for application in batch:
            try:
                services.issue_voucher(application=application, by=coordinator)
                outcomes.append("issued")
            except BudgetExhausted:
                outcomes.append("budget")
        return outcomes

    outcomes = list(itertools.chain.from_iterable(at_once(approve, [(applications[i::10],) for i in range(10)])))
    assert outcomes.count("issued") == 30 and outcomes.count("budget") == 20
    assert Voucher.objects.filter(call=call).count() == 30
    assert Call.objects.get(pk=call.pk).committed == Decimal("15000.00")


def test_the_widest_possible_code_stays_on_one_line(coordinator):
    voucher = services.issue_voucher(application=ApplicationFactory(), by=coordinator)
    Voucher.objects.filter(pk=voucher.pk).update(code="WMWM" * 4)
    voucher.refresh_from_db()
    assert "WMWM-WMWM-WMWM-WMWM" in pdf_text(render_cheque_pdf(voucher))


def test_expiry_releases_the_unused_balance_once(coordinator):
    call = CallFactory(budget=Decimal("1000.00"))
    old, current = [services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator) for _ in range(2)]
    Voucher.objects.filter(pk=old.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    call_command("expire_vouchers", stdout=io.StringIO())
    call_command("expire_vouchers", stdout=io.StringIO())
    assert Voucher.objects.get(pk=old.pk).status == VoucherStatus.EXPIRED
    assert Voucher.objects.get(pk=current.pk).status == VoucherStatus.ISSUED
    assert Call.objects.get(pk=call.pk).committed == Decimal("500.00")
    assert AuditEvent.objects.filter(action="voucher.expired").count() == 1
    services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)  # the released budget is usable


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_are_kept_until_confirmed_and_give_one_cheque():
    """An unconfirmed application never blocks another (issue 17: nobody blocks a business); the database lets
    one of them become a cheque, also when both are approved at the same moment."""
    from tests.factories import MunicipalityFactory, PostcodeFactory

    PostcodeFactory(code="3700", place_nl="Tongeren", municipality=MunicipalityFactory(slug="tongeren"))
    call = CallFactory()
    data = {"company_name": "Dubbel BV", "enterprise_number": "0123456749", "street": "Markt 1", "postcode": "3700",
            "place": "Tongeren", "sector": "retail", "size": "1-9", "contact_name": "An", "email": "an@example.be",
            "phone": "012", "language": "nl", "motivation": "x", "deminimis_amount": Decimal("0")}

    def submit():
        return services.submit_application(call=call, submission_key=uuid.uuid4(), data=data).pk

    stored = at_once(submit, [(), ()])
    assert len(set(stored)) == 2
    for application in Application.objects.filter(pk__in=stored):
        services.confirm_email(application=application)
    outcomes = at_once(lambda pk: services.approve_applications(
        applications=[Application.objects.get(pk=pk)], by=None), [(pk,) for pk in stored])
    assert sorted(len(outcome.issued) for outcome in outcomes) == [0, 1]
    assert Voucher.objects.filter(application__call=call, application__enterprise_number="0123456749").count() == 1


def test_the_verify_page_of_another_regies_cheque_answers_as_a_code_that_does_not_exist(client, coordinator):
    """On regie Maasland's host a cheque of Zuidoost-Limburg is unknown: the same status and the same page as a
    code no cheque has; on its own regie's host it is valid."""
    RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])
    voucher = services.issue_voucher(application=ApplicationFactory(), by=coordinator)
    unknown_code = "ABCDEFGHKLMNPQRS"

    other = client.get(f"/nl/cheque/{voucher.code}/", HTTP_HOST="maasland.example")
    unknown = client.get(f"/nl/cheque/{unknown_code}/", HTTP_HOST="maasland.example")

    assert other.status_code == unknown.status_code == 404
    assert "Onbekende code" in other.content.decode()
    assert other.content.decode().replace(voucher.code, "X") == unknown.content.decode().replace(unknown_code, "X")
    own = client.get(f"/nl/cheque/{voucher.code}/")
    assert own.status_code == 200 and "Geldig" in own.content.decode()
