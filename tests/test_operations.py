"""Running in production: the mail outbox survives a mail server that is away, /health/ tells monitoring
what is wrong, scheduled commands report their runs, personal pages carry the right headers."""
import datetime

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from regie.models import CommandRun, MailStatus, OutgoingMail
from regie.ops.scheduled import SCHEDULE
from tests.clock import at, brussels
from tests.factories import FirmMembershipFactory, RegieFactory
from tests.smtp import Sink, free_port, run_worker, send_through_smtp
from tests.vouchers_factories import ApplicationFactory
from vouchers import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outbox(settings):
    port = free_port()
    send_through_smtp(settings, port)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return port


def test_smtp_down_then_up_the_cheque_mail_arrives_once(outbox, staff_user):
    from regie.accounts.groups import COORDINATORS

    application = ApplicationFactory(language="fr")
    services.issue_voucher(application=application, by=staff_user(COORDINATORS))
    run_worker()  # renders the cheque, queues its mail; the mail server is down
    mail = OutgoingMail.objects.get(recipients=[application.email])
    assert mail.status == MailStatus.QUEUED and mail.attempts == 1 and "Connection refused" in mail.last_error
    assert mail.next_attempt_at - timezone.now() == pytest.approx(datetime.timedelta(minutes=1),
                                                                   abs=datetime.timedelta(seconds=30))
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=outbox)
    controller.start()
    try:
        run_worker()  # not due yet, but the worker finds the mail server back: the mail goes now
        assert len(sink.messages) == 1
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            run_worker()
            run_worker()
    finally:
        controller.stop()
    assert len(sink.messages) == 1 and sink.messages[0].rcpt_tos == [application.email]
    assert b"application/pdf" in sink.messages[0].content
    assert OutgoingMail.objects.get(pk=mail.pk).status == MailStatus.SENT


def test_a_mail_that_keeps_failing_is_retried_with_backoff_then_failed_and_can_be_sent_again(outbox, client,
                                                                                           staff_user):
    from regie.accounts.groups import COORDINATORS

    firm = FirmMembershipFactory()
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": firm.user.email})
    run_worker()
    mail = OutgoingMail.objects.get()
    waits, tried_at = [], timezone.now()
    for _ in range(5):
        mail.refresh_from_db()
        waits.append(round((mail.next_attempt_at - tried_at).total_seconds() / 60))
        tried_at = mail.next_attempt_at + datetime.timedelta(seconds=1)
        with time_machine.travel(tried_at):
            run_worker()
    mail.refresh_from_db()
    assert waits == [1, 5, 30, 120, 720] and mail.status == MailStatus.FAILED and mail.attempts == 6
    coordinator = staff_user(COORDINATORS)
    client.force_login(coordinator)
    listing = client.get("/admin/regie/outgoingmail/", {"status__exact": "failed"})
    assert firm.user.email in listing.content.decode()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=outbox)
    controller.start()
    try:
        client.post("/admin/regie/outgoingmail/", {"action": "send_again", "_selected_action": [mail.pk]})
        run_worker()
    finally:
        controller.stop()
    assert len(sink.messages) == 1 and OutgoingMail.objects.get(pk=mail.pk).status == MailStatus.SENT


def first_migrate():
    """When the portal was installed: its first migration."""
    return MigrationRecorder(connection).migration_qs.aggregate(at=Min("applied"))["at"]


def noon_after_install():
    """12:00 in Brussels the day after the first migrate: every timer has had its chance to run."""
    return brussels(timezone.localdate(first_migrate()) + datetime.timedelta(days=1), 12)


def run_every_scheduled_command():
    for name in SCHEDULE:
        call_command(name, verbosity=0) if name != "check_ledger" else call_command(name)


HEALTH_TOKEN = "monitoring-token-for-the-tests"


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = HEALTH_TOKEN


def health_details(client):
    """/health/ as monitoring asks it: with the token, for every check's details."""
    return client.get("/health/", headers={"Authorization": f"Bearer {HEALTH_TOKEN}"})


def health_at(client, instant):
    with at(instant):
        return health_details(client)


def test_health_is_200_when_all_is_well_and_503_naming_what_is_not(client, settings):
    noon = noon_after_install()
    with at(noon):
        run_every_scheduled_command()
        healthy = health_details(client)
        assert healthy.status_code == 200 and healthy.json()["status"] == "ok", healthy.json()["checks"]["commands"]
        assert set(healthy.json()["checks"]) >= {"database", "cache", "tasks", "mails", "commands", "ledger"}
        assert "no-store" in healthy["Cache-Control"]
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        services.send_applicant_link(email="x@example.be", enterprise_number="0123456749",
                                      regie=RegieFactory())  # nothing matches
        from regie.mail import outbox as tasks

        tasks.send_mail.enqueue(0)  # a task nobody runs
    stuck = health_at(client, noon + datetime.timedelta(hours=3)).json()
    assert stuck["status"] == "failing"
    assert not stuck["checks"]["tasks"]["ok"] and stuck["checks"]["tasks"]["oldest_waiting_seconds"] >= 10_000
    assert not stuck["checks"]["commands"]["confirm_due_redemptions"]["ok"]  # hourly, last ran 3 hours ago
    assert stuck["checks"]["commands"]["expire_vouchers"]["ok"]  # daily at 03:10, next run tomorrow
    assert DBTaskResult.objects.count() == 1


TIMERS = {"expire_vouchers": "portal-expire-vouchers.timer",
          "purge_unverified_applications": "portal-purge-unverified-applications.timer",
          "apply_retention": "portal-apply-retention.timer", "check_ledger": "portal-check-ledger.timer",
          "remind_expiring": "portal-remind-expiring.timer", "send_followups": "portal-send-followups.timer",
          "confirm_due_redemptions": "portal-confirm-due-redemptions.timer", "send_mails": "portal-send-mails.timer"}


def test_a_new_install_is_healthy_until_its_timers_should_have_run_then_names_every_timer_that_never_ran(client):
    fresh = health_at(client, first_migrate() + datetime.timedelta(minutes=1))
    assert fresh.status_code == 200, fresh.json()
    assert all(fresh.json()["checks"]["commands"][name]["last_success"] is None for name in TIMERS)
    forgotten = health_at(client, noon_after_install())  # the timers were never enabled
    assert forgotten.status_code == 503 and forgotten.json()["status"] == "failing"
    commands = forgotten.json()["checks"]["commands"]
    for name, timer in TIMERS.items():
        assert commands[name]["ok"] is False and commands[name]["timer"] == timer
        assert commands[name]["problem"] == (f"never ran: systemctl enable --now {timer} "
                                             f"(enabled? journalctl -u portal-command@{name}.service)")


def test_a_daily_command_is_overdue_an_hour_after_the_run_it_missed(client):
    noon = noon_after_install()
    with at(noon):
        run_every_scheduled_command()
    next_day = timezone.localdate(noon) + datetime.timedelta(days=1)
    at_0405 = health_at(client, brussels(next_day, 4, 5)).json()["checks"]["commands"]
    assert at_0405["expire_vouchers"]["ok"]  # its 03:10 run may still be on its way
    at_0415 = health_at(client, brussels(next_day, 4, 15)).json()["checks"]["commands"]
    assert not at_0415["expire_vouchers"]["ok"]
    assert at_0415["expire_vouchers"]["problem"] == "overdue: journalctl -u portal-command@expire_vouchers.service"
    assert datetime.datetime.fromisoformat(at_0415["expire_vouchers"]["last_success"]) == noon
    assert at_0415["check_ledger"]["ok"] and at_0415["remind_expiring"]["ok"]  # 03:30 and 09:00


def test_the_frequent_commands_are_overdue_minutes_after_a_missed_run(client):
    last_run = noon_after_install() + datetime.timedelta(seconds=30)
    with at(last_run):
        run_every_scheduled_command()
    later = {minutes: health_at(client, last_run + datetime.timedelta(minutes=minutes)).json()["checks"]["commands"]
             for minutes in (13, 16, 33, 36)}
    assert later[13]["send_mails"]["ok"] and not later[16]["send_mails"]["ok"]  # every 10 minutes
    assert later[16]["send_mails"]["problem"] == "overdue: journalctl -u portal-command@send_mails.service"
    assert later[33]["confirm_due_redemptions"]["ok"]  # hourly at :20
    assert not later[36]["confirm_due_redemptions"]["ok"]


def test_health_names_a_regie_whose_setup_is_incomplete_and_what_it_lacks(client):
    from tests.factories import RegieFactory

    complete = health_details(client).json()["checks"]["regies"]
    assert complete == {"ok": True, "regies": 1, "incomplete": {}}
    RegieFactory(short_name="maasland", name="Regie Maasland", iban="", enterprise_number="",
                 hosts=["maasland.example"])
    answer = health_details(client)
    assert answer.status_code == 503 and answer.json()["status"] == "failing"
    assert answer.json()["checks"]["regies"] == {
        "ok": False, "regies": 2, "incomplete": {"maasland": ["IBAN that pays the firms", "enterprise number"]}}
    assert set(client.get("/health/").json()) == {"status"}  # anyone else: the status only


def test_scheduled_commands_report_their_runs():
    call_command("expire_vouchers", verbosity=0)
    run = CommandRun.objects.get(name="expire_vouchers")
    assert run.summary == "0 expired"
    assert timezone.now() - run.last_success_at < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("path, personal", [
    ("/nl/", False), ("/nl/ondernemingen/", False), ("/nl/partner/aanmelden/", True), ("/admin/login/", True),
    ("/nl/aanvraag/link/", True),
])
def test_security_headers(client, path, personal):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert ("no-store" in response.get("Cache-Control", "")) is personal
    assert len(response["X-Request-ID"]) >= 8


@pytest.mark.postgres
def test_the_worker_carries_on_after_its_database_connection_is_cut(settings, tmp_path):
    """As when PostgreSQL restarts: the worker's connection is killed; it reconnects and runs the task."""
    import os
    import pathlib
    import subprocess
    import sys
    import time

    from django.db import connection

    from regie.mail import outbox as tasks

    name = connection.settings_dict["NAME"]
    # The worker's connections carry a name of their own (libpq reads PGAPPNAME), so that only they are cut: cutting
    # every other session cut whichever connected first, e.g. a thread left by an earlier test, and then the worker
    # connected afterwards and had nothing to reconnect from.
    env = {**os.environ, "DATABASE_URL": f"postgres:///{name}", "DJANGO_DEBUG": "true",
           "PGAPPNAME": "worker-under-test", "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
           "PORTAL_ENV_FILE": str(tmp_path / "none.env")}

    def workers_sessions():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                           "AND application_name = 'worker-under-test'")
            return {row[0] for row in cursor.fetchall()}

    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--max-tasks", "1",
                               "--no-startup-delay", "--no-reload"], cwd=pathlib.Path(__file__).parent.parent, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while not workers_sessions() and time.monotonic() < deadline:  # the worker has connected
            time.sleep(0.05)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND application_name = 'worker-under-test'")
            assert cursor.fetchall(), "the worker never connected"
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        result = tasks.send_mail.enqueue(0)  # no such mail: a task that does nothing, successfully
        output, _ = worker.communicate(timeout=60)
    finally:
        worker.kill()
    assert worker.returncode == 0, output
    assert "reconnects" in output
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
