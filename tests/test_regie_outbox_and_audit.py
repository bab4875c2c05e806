"""Each regie's outbox, audit log and failed background work (DESIGN.md 5, "Several regies, one install"): a mail is
kept as the regie's whose mail it is, an event as the regie's whose host it happened on, or else whose row it is
about, a failed task as the regie's of the row it is about. A regie's staff read
and send again their own; the platform's own (no regie) are for platform administrators, on any host. An install
that ran one regie keeps every mail and event so far as that regie's; one that ran several sorts its mails by
sender."""
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail as django_mail
from django.core.mail import mail_admins
from django.utils import translation

from regie.accounts.groups import COORDINATORS
from regie.audit import record, record_many
from regie.mail import messages
from regie.models import AuditEvent, BackgroundJob, JobStatus, MailStatus, OutgoingMail
from regie.ops import background
from regie.web import hosts
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers.reports import attention

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

OUTBOX, AUDIT_LOG = "/admin/regie/outgoingmail/", "/admin/regie/auditevent/"


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    settings.ADMINS = [("Platform", "platform@example.org")]


def _mail(regie, subject):
    message = messages.message(regie=regie, subject_template="emails/voucher_cancelled_subject.txt",
                               body_template="emails/voucher_cancelled.txt", language="nl",
                               context={"application": {"company_name": subject}}, to=["info@example.org"])
    message.subject = subject
    message.send()


def _coordinator_of(regie):
    coordinator = UserFactory(is_staff=True, regies=[regie])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return coordinator


def _listed(client, url, host):
    return {str(row) for row in client.get(url, HTTP_HOST=host).context_data["cl"].result_list}


def test_each_regies_outbox_holds_its_own_mails_and_the_platforms_are_the_platform_administrators(
        client, regie, outbox):
    other = maasland()
    _mail(regie, "Voor Zuidoost")
    _mail(other, "Voor Maasland")
    mail_admins("Fout op het platform", "Een fout.")
    assert dict(OutgoingMail.objects.values_list("subject", "regie__short_name")) == {
        "Voor Zuidoost": "zuidoost", "Voor Maasland": "maasland", "[Django] Fout op het platform": None}
    client.force_login(_coordinator_of(other))
    assert {row.split(" → ")[0] for row in _listed(client, OUTBOX, MAASLAND_HOST)} == {"Voor Maasland"}
    theirs = OutgoingMail.objects.get(subject="Voor Zuidoost")
    assert client.get(f"{OUTBOX}{theirs.pk}/change/", HTTP_HOST=MAASLAND_HOST).status_code == 302
    own = OutgoingMail.objects.get(subject="Voor Maasland")
    OutgoingMail.objects.filter(pk__in=[own.pk, theirs.pk]).update(status=MailStatus.FAILED)
    client.post(OUTBOX, {"action": "send_again", "_selected_action": [own.pk, theirs.pk]}, HTTP_HOST=MAASLAND_HOST)
    assert OutgoingMail.objects.get(pk=own.pk).status == MailStatus.QUEUED
    assert OutgoingMail.objects.get(pk=theirs.pk).status == MailStatus.FAILED
    assert "regie" not in client.get(OUTBOX, HTTP_HOST=MAASLAND_HOST).context_data["cl"].list_display
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert {row.split(" → ")[0] for row in _listed(client, OUTBOX, MAASLAND_HOST)} == {
        "Voor Maasland", "[Django] Fout op het platform"}
    assert "regie" in client.get(OUTBOX, HTTP_HOST=MAASLAND_HOST).context_data["cl"].list_display  # whose is which


def test_a_password_reset_asked_on_a_regies_host_is_in_its_outbox(client, regie, outbox):
    maasland()
    UserFactory(email="an@maasgroen.example")
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": "an@maasgroen.example"}, HTTP_HOST=MAASLAND_HOST)
    assert [(m.regie.short_name, m.recipients) for m in OutgoingMail.objects.all()] == [
        ("maasland", ["an@maasgroen.example"])]


def test_an_event_is_the_regie_of_the_host_else_of_the_row_it_is_about(client, regie):
    other = maasland()
    call = CallFactory(regie=other, name="Oproep Maasland")
    application = ApplicationFactory(call=call)
    record(None, "test.about_a_row", application)  # a scheduled command: no host, the row's regie
    record(None, "test.a_regie", other)
    record(None, "test.of_no_regie")
    record_many(None, "test.many", [(application, {}), (ApplicationFactory(), {})])
    found = sorted(AuditEvent.objects.filter(action__startswith="test.").values_list("action", "regie__short_name"))
    assert found == [("test.a_regie", "maasland"), ("test.about_a_row", "maasland"), ("test.many", "maasland"),
                     ("test.many", "zuidoost"), ("test.of_no_regie", None)]
    coordinator = _coordinator_of(other)
    client.force_login(coordinator)
    response = client.post("/admin/mijn-taal/", {"language": "fr"}, HTTP_HOST=MAASLAND_HOST)  # a change on B's host
    assert response.status_code == 302
    assert [e.regie.short_name for e in AuditEvent.objects.filter(actor=coordinator)] == ["maasland"]
    listed = {row for row in _listed(client, AUDIT_LOG, MAASLAND_HOST) if row.startswith("test.")}
    assert listed == {f"test.about_a_row {application}", "test.a_regie Regie Maasland", f"test.many {application}"}
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "test.of_no_regie " in _listed(client, AUDIT_LOG, MAASLAND_HOST)


@pytest.mark.parametrize("several", [False, True])
def test_an_upgrade_keeps_the_mails_and_events_so_far_as_its_regies(regie, several):
    """vouchers 0034 on rows written before the field: one regie takes them all; with several, mails go by sender."""
    other = maasland() if several else None
    rows = [OutgoingMail.objects.create(sender=f'"Regie" <{sender}>', recipients=["x@example.org"], subject=sender,
                                        message=b"") for sender in (regie.sender_email, "noreply@maasland.example")]
    event = AuditEvent.objects.create(action="old.event")
    migration = importlib.import_module("vouchers.migrations.0034_mails_and_events_of_regie_1")
    migration.mails_and_events_of_their_regie(apps, None)
    kept = [OutgoingMail.objects.get(pk=row.pk).regie for row in rows]
    assert kept == ([regie, other] if several else [regie, regie])
    assert AuditEvent.objects.get(pk=event.pk).regie == (None if several else regie)
    assert not django_mail.outbox


def test_each_regies_failed_background_work_is_its_own_on_its_dashboard_and_in_its_admin(client, regie):
    other = maasland()
    for application in (ApplicationFactory(company_name="Bakkerij Zuid"),
                        ApplicationFactory(call=CallFactory(regie=other), company_name="Brouwerij Maas")):
        background._record_failure("vouchers.tasks.mail_applicant", "vouchers.Application", [application.pk], {},
                                   ConnectionRefusedError("the mail server is away"))
    BackgroundJob.objects.update(status=JobStatus.FAILED)
    assert {repr.split(" (")[0]: regie for repr, regie in BackgroundJob.objects.values_list(
        "object_repr", "regie__short_name")} == {"Bakkerij Zuid": "zuidoost", "Brouwerij Maas": "maasland"}
    client.force_login(_coordinator_of(other))
    listed = _listed(client, "/admin/regie/backgroundjob/", MAASLAND_HOST)
    assert [row.split(" (")[0] for row in listed] == ["mail_applicant: Brouwerij Maas"]
    with translation.override("en"):
        counts = {str(item["label"]): item["count"] for item in attention.items(other)}
    assert counts["Background work that failed"] == 1


def test_health_tells_a_regies_staff_their_own_failed_mails_and_counts_the_others(client, regie, outbox):
    other = maasland()
    _mail(regie, "Voor Zuidoost")
    _mail(regie, "Nog voor Zuidoost")
    _mail(other, "Voor Maasland")
    OutgoingMail.objects.update(status=MailStatus.FAILED)
    client.force_login(_coordinator_of(other))
    assert client.get("/health/", HTTP_HOST=MAASLAND_HOST).json()["checks"]["mails"] == {
        "ok": False, "failed": 1, "waiting": 0, "failed_elsewhere": 2}
    client.force_login(_coordinator_of(regie))
    assert client.get("/health/").json()["checks"]["mails"] == {
        "ok": False, "failed": 2, "waiting": 0, "failed_elsewhere": 1}


def test_an_error_mail_of_a_request_on_a_regies_host_and_the_work_done_on_it_stay_the_platforms(
        client, regie, outbox):
    """The admins' error mail of a request on B's host is not B's; a platform administrator sending it again on A's
    host, or changing B's firm user there, leaves nothing in A's audit log."""
    other = maasland()
    token = hosts.current.set(other)
    try:
        mail_admins("Fout op Maasland", "Een fout.")
    finally:
        hosts.current.reset(token)
    error_mail = OutgoingMail.objects.get()
    assert error_mail.regie is None
    OutgoingMail.objects.update(status=MailStatus.FAILED)
    platform = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(platform)
    client.post(OUTBOX, {"action": "send_again", "_selected_action": [error_mail.pk]})
    assert AuditEvent.objects.get(action="mail.send_again").regie is None
    theirs = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(listed_by=[other])).user
    record(platform, "user.changed", theirs)  # as the admin records it, in a request on A's host
    token = hosts.current.set(regie)
    try:
        record(platform, "user.changed", theirs)
        record(_coordinator_of(regie), "user.language_chosen", theirs)
    finally:
        hosts.current.reset(token)
    assert list(AuditEvent.objects.filter(object_id=str(theirs.pk)).values_list("regie__short_name", flat=True)
                .order_by("pk")) == [None, None, "zuidoost"]


def test_with_one_regie_its_staff_read_the_platforms_mails_and_events_too(client, regie, outbox):
    mail_admins("Fout op het platform", "Een fout.")
    _mail(regie, "Voor Zuidoost")
    record(None, "privacy.retention_applied", None, {"counts": {}})
    client.force_login(_coordinator_of(regie))
    assert {row.split(" → ")[0] for row in _listed(client, OUTBOX, "testserver")} == {
        "[Django] Fout op het platform", "Voor Zuidoost"}
    assert "privacy.retention_applied " in _listed(client, AUDIT_LOG, "testserver")
    OutgoingMail.objects.update(status=MailStatus.FAILED)
    assert client.get("/health/").json()["checks"]["mails"] == {"ok": False, "failed": 2, "waiting": 0}
