"""A mail server that was away and comes back: the mails that waited for it leave within a minute, not at
their next retry (1, 5, 30 min, 2 h, 12 h after their failures)."""
import datetime

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as django_mail
from django.utils import timezone

from regie.models import MailStatus, OutgoingMail
from tests.clock import at
from tests.smtp import Sink, free_port, run_worker, send_through_smtp

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mail_server(settings):
    """The mail server's address; nothing answers there until the test starts it (`start()`)."""
    port = free_port()
    send_through_smtp(settings, port)
    sink, controllers = Sink(), []

    def start():
        controllers.append(Controller(sink, hostname="127.0.0.1", port=port))
        controllers[-1].start()
        return sink

    yield start
    for controller in controllers:
        controller.stop()


def mails_failing_while_the_server_is_away(settings):
    """Three mails that failed 4, 2 and 1 times: their next attempts lie 2 h, 5 min and 1 min ahead."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    moment = timezone.now()
    for number, failures in enumerate([4, 2, 1], start=1):
        with at(moment):
            django_mail.send_mail(f"Mail {number}", "Body", None, [f"person{number}@example.be"])
            run_worker()
        for _ in range(failures - 1):
            moment = OutgoingMail.objects.get(subject=f"Mail {number}").next_attempt_at + datetime.timedelta(seconds=1)
            with at(moment):
                run_worker()
    waiting = OutgoingMail.objects.order_by("subject")
    assert [mail.attempts for mail in waiting] == [4, 2, 1] and {mail.status for mail in waiting} == {"queued"}
    assert [round((mail.next_attempt_at - moment).total_seconds() / 60) for mail in waiting] == [119, 5, 1]
    return moment


def test_the_worker_sends_every_waiting_mail_within_a_minute_of_the_mail_servers_return(settings, mail_server):
    now = mails_failing_while_the_server_is_away(settings)
    sink = mail_server()  # the mail server is back; no new mail is written
    with at(now + datetime.timedelta(seconds=59)):
        run_worker()
    assert sorted(sink.recipients) == ["person1@example.be", "person2@example.be", "person3@example.be"]
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}


def test_once_one_mail_goes_through_every_mail_that_waited_for_the_server_goes_too(settings, mail_server):
    now = mails_failing_while_the_server_is_away(settings)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # development
    sink = mail_server()
    with at(now):
        django_mail.send_mail("A new mail", "Body", None, ["newcomer@example.be"])
    assert sorted(sink.recipients) == ["newcomer@example.be", "person1@example.be", "person2@example.be",
                                       "person3@example.be"]
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}


def test_a_mail_the_server_refused_keeps_its_schedule_when_the_others_go(settings, mail_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    sink = mail_server()
    django_mail.send_mail("Refused", "Body", None, ["nobody@example.be"])
    refused = OutgoingMail.objects.get()
    assert refused.attempts == 1 and refused.last_error.startswith("SMTPRecipientsRefused")
    django_mail.send_mail("Another", "Body", None, ["other@example.be"])
    refused.refresh_from_db()
    assert sink.recipients == ["other@example.be"]
    assert refused.status == MailStatus.QUEUED and refused.attempts == 1
    assert refused.next_attempt_at - timezone.now() > datetime.timedelta(seconds=50)
