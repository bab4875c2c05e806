"""Background work that heals (regie/ops/background.py): a cheque whose PDF could not be stored reaches its holder
once storage is back, exactly once; work that fails for good shows on the attention list, on /health/ and in the
admin, whose "try again" runs it."""
import contextlib
import datetime
import threading

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import AuditEvent, BackgroundJob, JobStatus
from regie.ops import background
from tests.clock import at
from tests.factories import RegieFactory
from tests.smtp import run_worker
from tests.vouchers_factories import ApplicationFactory
from vouchers import notifications, services, tasks
from vouchers.models import ApplicationStatus, Voucher
from vouchers.privacy.erasure import erase_personal_data
from vouchers.reports import attention

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
SECOND = datetime.timedelta(seconds=1)


def _no_capture(execute=True):
    """Stands in for django_capture_on_commit_callbacks where the commits are real (transactional tests)."""
    return contextlib.nullcontext()


@pytest.fixture
def storage_away(monkeypatch):
    """away(times): the cheque storage refuses the next `times` saves (None: until further notice), then works."""
    storage = storages["private"]  # the one behind Voucher.pdf (vouchers.models.vouchers.PRIVATE_STORAGE)
    original = storage.save
    state = {"left": 0}

    def save(*args, **kwargs):
        if state["left"] is None or state["left"] > 0:
            state["left"] = None if state["left"] is None else state["left"] - 1
            raise OSError("object storage unreachable")
        return original(*args, **kwargs)

    monkeypatch.setattr(storage, "save", save)
    return lambda times: state.update(left=times)


def approve(coordinator, capture):
    application = ApplicationFactory(email="zaakvoerder@bakkerij.example", language="nl")
    with capture(execute=True):
        services.approve_applications(applications=[application], by=coordinator)
    return Voucher.objects.get(application=application)


def retry_at(instant, capture):
    with at(instant), capture(execute=True):
        call_command("retry_background_work", verbosity=0)


def cheque_mails(voucher):
    return [message for message in mail.outbox if message.to == [voucher.application.email]
            and any(name.endswith(".pdf") for name, _content, _type in message.attachments)]


def test_a_cheque_whose_pdf_failed_twice_reaches_its_holder_once_storage_is_back(
        staff_user, stand_in_cheques, storage_away, django_capture_on_commit_callbacks):
    storage_away(2)
    voucher = approve(staff_user(COORDINATORS), django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert (job.task, job.args, job.attempts, job.status) == ("vouchers.tasks.deliver_cheque", [voucher.pk], 1,
                                                             JobStatus.WAITING)
    assert job.content_type.model == "voucher" and job.object_repr == str(voucher)  # the row names its cheque
    assert job.last_error == "OSError: object storage unreachable" and cheque_mails(voucher) == []
    assert job.next_try_at - job.last_try_at == datetime.timedelta(minutes=1)
    first_retry = job.next_try_at
    retry_at(first_retry - SECOND, django_capture_on_commit_callbacks)  # not due yet: nothing runs
    assert BackgroundJob.objects.get().attempts == 1
    retry_at(first_retry + SECOND, django_capture_on_commit_callbacks)  # storage still away
    job.refresh_from_db()
    assert job.attempts == 2 and job.next_try_at - job.last_try_at == datetime.timedelta(minutes=5)
    retry_at(job.next_try_at + SECOND, django_capture_on_commit_callbacks)  # storage is back
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.resolved_at is not None
    [sent] = cheque_mails(voucher)
    assert sent.attachments[0][1].startswith(b"%PDF")
    voucher.refresh_from_db()
    assert voucher.pdf and voucher.cheque_mailed_at is not None
    with django_capture_on_commit_callbacks(execute=True):  # run again (a double enqueue, a retry after the mail)
        tasks.deliver_cheque.enqueue(voucher.pk)
        tasks.deliver_cheque.enqueue(voucher.pk)
    retry_at(voucher.cheque_mailed_at + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert len(cheque_mails(voucher)) == 1
    assert AuditEvent.objects.filter(action="voucher.cheque_mailed", object_id=str(voucher.pk)).count() == 1


def test_work_that_failed_for_good_is_on_the_attention_list_and_health_and_try_again_mails_once(
        client, staff_user, stand_in_cheques, storage_away, django_capture_on_commit_callbacks):
    storage_away(None)
    coordinator = staff_user(COORDINATORS)
    voucher = approve(coordinator, django_capture_on_commit_callbacks)
    for _retry in range(5):  # 1 min, 5 min, 30 min, 2 h, 12 h
        retry_at(BackgroundJob.objects.get().next_try_at + SECOND, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert (job.status, job.attempts, job.next_try_at) == (JobStatus.FAILED, 6, None)
    with translation.override("en"):
        failed = {str(item["label"]): item["count"] for item in attention.items(RegieFactory())}
    assert failed["Background work that failed"] == 1

    client.force_login(staff_user(FINANCE))
    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["checks"]["background_work"] == {"ok": False, "failed": 1, "waiting": 0}
    changelist = reverse("admin:regie_backgroundjob_changelist")
    page = client.get(changelist)
    assert "Cheque-pdf en goedkeuringsmail" in page.content.decode() and str(voucher) in page.content.decode()

    storage_away(0)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(changelist, {"action": "try_again", "_selected_action": [job.pk]}, follow=True)
    assert answer.status_code == 200
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and len(cheque_mails(voucher)) == 1
    assert AuditEvent.objects.filter(action="background_job.try_again", actor=coordinator).count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # trying a done job again changes nothing
        client.post(changelist, {"action": "try_again", "_selected_action": [job.pk]})
    assert len(cheque_mails(voucher)) == 1 and client.get("/health/").json()["checks"]["background_work"]["ok"]


@pytest.mark.django_db(transaction=True)
def test_in_production_the_worker_runs_each_retry_at_its_time(settings, staff_user, stand_in_cheques, storage_away):
    """The database task queue: the retry is a task deferred to its time, run by the worker (no timer needed)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    storage_away(1)
    voucher = approve(staff_user(COORDINATORS), _no_capture)
    run_worker()
    job = BackgroundJob.objects.get()
    with at(job.next_try_at - SECOND):
        run_worker()
    assert BackgroundJob.objects.get().attempts == 1 and cheque_mails(voucher) == []
    with at(job.next_try_at + SECOND):
        run_worker()
    assert BackgroundJob.objects.get().status == JobStatus.DONE and len(cheque_mails(voucher)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_try_again_while_a_retry_runs_does_not_run_the_job_twice(staff_user, monkeypatch):
    """The retry holds the job's row: a second retry skips it, "try again" waits for it and then finds it done."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL); SQLite has no row locks")
    coordinator = staff_user(COORDINATORS, email="coordinator@regie.example")
    original, calls, others, results = notifications.mail_coordinators, [], [], []

    def in_thread(action):
        def run():
            try:
                results.append(action())
            finally:
                connection.close()
        return threading.Thread(target=run)

    def mail_coordinators(application):
        calls.append(application.pk)
        if len(calls) == 1:
            raise RuntimeError("template missing")
        if len(calls) == 2:  # the retry runs: meanwhile a second retry and "try again" come for the same job
            second = in_thread(lambda: background.run_job(job.pk))
            second.start()
            second.join()
            others.append(in_thread(lambda: background.try_again(job=job, by=coordinator).status))
            others[0].start()
        original(application)

    monkeypatch.setattr(notifications, "mail_coordinators", mail_coordinators)
    tasks.mail_coordinators.enqueue(ApplicationFactory().pk)
    job = BackgroundJob.objects.get()
    with at(job.next_try_at + SECOND):
        assert background.run_job(job.pk) == JobStatus.DONE
    others[0].join()
    assert results == [None, JobStatus.DONE] and len(calls) == 2
    assert [message.to for message in mail.outbox] == [["coordinator@regie.example"]]



def files_of(voucher):
    storage = storages["private"]
    folder = f"cheques/{timezone.localtime(voucher.issued_at):%Y}"
    return [name for name in storage.listdir(folder)[1] if voucher.code in name]


def test_a_cheque_mail_that_failed_after_its_pdf_was_stored_leaves_one_file(
        staff_user, stand_in_cheques, monkeypatch, django_capture_on_commit_callbacks):
    original, calls = notifications.mail_applicant, []

    def flaky(application, kind, **kwargs):
        calls.append(kind)
        if calls.count("application_approved") == 1:
            raise RuntimeError("template error")
        return original(application, kind, **kwargs)

    monkeypatch.setattr(notifications, "mail_applicant", flaky)
    voucher = approve(staff_user(COORDINATORS), django_capture_on_commit_callbacks)
    assert files_of(voucher) == []  # the rolled-back run took its file along
    retry_at(BackgroundJob.objects.get().next_try_at + SECOND, django_capture_on_commit_callbacks)
    voucher.refresh_from_db()
    assert len(cheque_mails(voucher)) == 1 and files_of(voucher) == [f"{voucher.code}.pdf"]
    assert voucher.pdf.name.endswith(f"/{voucher.code}.pdf")


def test_a_cheque_whose_task_was_lost_is_mailed_once_by_the_safety_net(
        staff_user, stand_in_cheques, django_capture_on_commit_callbacks):
    """The database went away mid-task: no BackgroundJob row. 15 minutes after issue the command enqueues it."""
    application = ApplicationFactory(email="zaakvoerder@bakkerij.example", language="nl")
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost
        services.approve_applications(applications=[application], by=staff_user(COORDINATORS))
    voucher = Voucher.objects.get(application=application)
    retry_at(voucher.issued_at + datetime.timedelta(minutes=14), django_capture_on_commit_callbacks)
    assert cheque_mails(voucher) == []
    for minutes in (16, 30):  # the second run finds it mailed
        retry_at(voucher.issued_at + datetime.timedelta(minutes=minutes), django_capture_on_commit_callbacks)
    assert len(cheque_mails(voucher)) == 1 and not BackgroundJob.objects.exists()


def test_a_failed_job_set_aside_by_hand_leaves_the_attention_list_and_health(
        client, staff_user, stand_in_cheques, storage_away, django_capture_on_commit_callbacks):
    storage_away(None)
    coordinator = staff_user(COORDINATORS)
    approve(coordinator, django_capture_on_commit_callbacks)
    BackgroundJob.objects.update(status=JobStatus.FAILED, next_try_at=None)
    job = BackgroundJob.objects.get()
    client.force_login(coordinator)
    url = reverse("admin:regie_backgroundjob_change", args=[job.pk])
    assert client.post(url, {"handled_note": " "}).status_code == 200  # a note is required
    assert client.get("/health/").json()["checks"]["background_work"] == {"ok": False, "failed": 1, "waiting": 0}
    answer = client.post(url, {"handled_note": "Cheque handed over at the counter"})
    assert answer.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.handled_note) == (JobStatus.HANDLED, "Cheque handed over at the counter")
    event = AuditEvent.objects.get(action="background_job.set_aside")
    assert event.actor == coordinator and event.data["note"] == "Cheque handed over at the counter"
    with translation.override("en"):
        counts = {str(i["label"]): i["count"] for i in attention.items(RegieFactory())}
        assert counts["Background work that failed"] == 0
    # only this check: the others (scheduled commands) depend on how long ago the test database was made
    assert client.get("/health/").json()["checks"]["background_work"] == {"ok": True, "failed": 0, "waiting": 0}
    assert client.post(url, {"handled_note": "again"}).status_code == 403  # handled: read-only now


def test_an_erasure_deletes_the_failed_jobs_about_the_business_and_forgets_their_events(
        staff_user, monkeypatch, django_capture_on_commit_callbacks):
    application = ApplicationFactory(company_name="Bakkerij Janssens", status=ApplicationStatus.VERIFIED)
    other = ApplicationFactory(company_name="Slagerij Peeters", status=ApplicationStatus.VERIFIED)
    coordinator = staff_user(COORDINATORS)
    monkeypatch.setattr(notifications, "mail_applicant", lambda *args, **kwargs: 1 / 0)
    for each in (application, other):
        with django_capture_on_commit_callbacks(execute=True):
            services.reject_application(application=each, by=coordinator, reason="Zaakvoerder heeft RSZ-schulden")
    job = BackgroundJob.objects.get(object_id=str(application.pk))
    background.try_again(job=job, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(enterprise_number=application.enterprise_number, by=coordinator)
    assert list(BackgroundJob.objects.values_list("object_id", flat=True)) == [str(other.pk)]
    event = AuditEvent.objects.get(action="background_job.try_again")
    assert "Janssens" not in event.object_repr and "Janssens" not in str(event.data)
