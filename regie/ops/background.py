"""Background work that heals. Every task of the apps is a `background_task`: a run that raises is rolled back
(a run is one transaction: all of its effects or none) and recorded as a BackgroundJob, naming its object,
then retried about 1 min, 5 min, 30 min, 2 h and 12 h later; after the last try the job counts as failed: it
shows on the dashboard's attention list, on /health/ and in the admin, whose "try again" starts a fresh round.

Retries run in the worker: with the database task queue each retry is a task deferred to its time (`run_after`);
`manage.py retry_background_work` (every 10 minutes, portal-retry-background-work.timer) is the safety net for a
lost task and how retries happen in development, whose task backend cannot defer. A retry holds the job's row
lock while it runs and runs only a waiting, due job: "try again" and a scheduled retry never run it twice.
Only runs that failed are retried, so a task must be safe to run again after a failure (see vouchers/tasks.py).

A run lost without a row (the database went away mid-task, so the failure could not be written) is found by the
apps' `finds_lost_work` functions, which the command asks for the objects whose work never happened; their task is
enqueued again (it must be idempotent). Staff with the retry permission can set a failed job aside as handled by
hand, with a note: it then leaves the attention list and /health/.
"""
import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules, import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks.base import Task

from regie.audit import record, regie_id_of
from regie.models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)
RETRY_DELAYS = [datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
                datetime.timedelta(hours=2), datetime.timedelta(hours=12)]
TITLES: dict[str, str | Promise] = {}  # task path -> what it does, in a staff member's words
COMMAND = "retry_background_work"  # its timer retries what is due and forgets old jobs (retention "background_jobs")
LOST_WORK: dict[str, Callable[[], list[Any]]] = {}  # task path -> the first arguments of its runs that were lost


def background_task(*, title: str | Promise, about: str = "", **options: Any) -> Callable[..., Task[..., Any]]:
    """A django-tasks task whose failed runs are recorded and retried. `about` ("app_label.Model") says that the
    task's first argument is the primary key of the object it is about; `title` says what it does."""

    def decorate(function: Callable[..., Any]) -> Task[..., Any]:
        path = f"{function.__module__}.{function.__qualname__}"
        TITLES[path] = title

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except Exception as error:
                _record_failure(path, about, list(args), kwargs, error)
                return None

        return task(**options)(run)

    return decorate


def _about(about: str, args: list[Any]) -> dict[str, Any]:
    """The object the failed run is about, and its regie (regie.audit.regie_id_of): the regie's admin shows it."""
    if not about or not args:
        return {"regie_id": regie_id_of(None)}
    model = apps.get_model(about)
    found = model._default_manager.filter(pk=args[0]).first()
    return {"content_type": ContentType.objects.get_for_model(model), "object_id": str(args[0]),
            "object_repr": str(found)[:200] if found is not None else f"#{args[0]}", "regie_id": regie_id_of(found)}


def _record_failure(path: str, about: str, args: list[Any], kwargs: dict[str, Any], error: Exception) -> None:
    with transaction.atomic():
        job = BackgroundJob(task=path, args=args, kwargs=kwargs, **_about(about, args))
        _failed(job, error)
        job.save()
        if job.next_try_at is not None:
            _retry_after_commit(job.pk, job.next_try_at)


def _failed(job: BackgroundJob, error: Exception) -> None:
    job.attempts += 1
    job.last_try_at = timezone.now()
    job.last_error = f"{type(error).__name__}: {error}"[:2000]
    if job.attempts > len(RETRY_DELAYS):
        job.status, job.next_try_at = JobStatus.FAILED, None
        logger.error("Background task %s failed for good after %s tries: %s", job, job.attempts, job.last_error,
                     exc_info=error)
        return
    job.status, job.next_try_at = JobStatus.WAITING, job.last_try_at + RETRY_DELAYS[job.attempts - 1]
    logger.warning("Background task %s failed (try %s), retrying at %s: %s", job, job.attempts,
                   job.next_try_at.isoformat(), job.last_error, exc_info=error)


def _retry_after_commit(job_id: int, run_after: datetime.datetime | None) -> None:
    def enqueue() -> None:
        runner = retry_job
        if run_after is not None and runner.get_backend().supports_defer:
            runner = runner.using(run_after=run_after)
        elif run_after is not None:
            return  # a backend without deferred tasks (development): `manage.py retry_background_work` retries
        runner.enqueue(job_id)

    transaction.on_commit(enqueue, robust=True)


@task()
def retry_job(job_id: int) -> str | None:
    """The worker's task for one retry (enqueued by `_retry_after_commit`)."""
    return run_job(job_id)


def run_job(job_id: int) -> str | None:
    """Run a waiting job whose time has come, under its row lock; on failure plan the next try or give up."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update(skip_locked=True).filter(
            pk=job_id, status=JobStatus.WAITING).first()
        if job is None or (job.next_try_at and job.next_try_at > timezone.now()):
            return None
        try:
            with transaction.atomic():
                import_string(job.task).func.__wrapped__(*job.args, **job.kwargs)
        except Exception as error:
            _failed(job, error)
            if job.next_try_at is not None:
                _retry_after_commit(job.pk, job.next_try_at)
        else:
            job.status, job.next_try_at, job.resolved_at = JobStatus.DONE, None, timezone.now()
            logger.info("Background task %s done at try %s", job, job.attempts + 1)
        job.save()
    return job.status


@transaction.atomic
def try_again(*, job: BackgroundJob, by: AbstractBaseUser | None) -> BackgroundJob:
    """Staff try a failed (or waiting) job again now, with a fresh round of retries."""
    job = BackgroundJob.objects.select_for_update().get(pk=job.pk)
    if job.status == JobStatus.DONE:
        return job
    job.status, job.attempts, job.next_try_at = JobStatus.WAITING, 0, None
    job.save(update_fields=["status", "attempts", "next_try_at"])
    record(by, "background_job.try_again", job, {"task": job.task})  # the event names the job, an erasure forgets
    _retry_after_commit(job.pk, None)
    return job


def retry_due_jobs() -> int:
    """Run every waiting job whose time has come (the safety net; development's retries); how many succeeded."""
    due = BackgroundJob.objects.filter(status=JobStatus.WAITING).exclude(next_try_at__gt=timezone.now())
    return [run_job(pk) for pk in due.values_list("pk", flat=True)].count(JobStatus.DONE)


def finds_lost_work(task_path: str) -> Callable[[Callable[[], list[Any]]], Callable[[], list[Any]]]:
    """Register a function that returns the ids of the objects whose task `task_path` was lost (no row, not done)."""

    def register(finder: Callable[[], list[Any]]) -> Callable[[], list[Any]]:
        LOST_WORK[task_path] = finder
        return finder

    return register


def enqueue_lost_work() -> int:
    """Enqueue again the runs that were lost without a trace (the safety net's second part); how many."""
    autodiscover_modules("tasks")  # the apps' tasks modules register their finders
    lost = [(path, pk) for path, finder in LOST_WORK.items() for pk in finder()]
    for path, pk in lost:
        logger.warning("Background task %s for #%s was lost; enqueued again", path, pk)
        import_string(path).enqueue(pk)
    return len(lost)


def open_jobs(task_path: str) -> list[str]:
    """The object ids of the jobs of this task that are not done: work that is retried or waits for a person."""
    return list(BackgroundJob.objects.filter(task=task_path).exclude(status=JobStatus.DONE)
                .values_list("object_id", flat=True))


@transaction.atomic
def set_aside(*, job: BackgroundJob, by: AbstractBaseUser | None, note: str) -> BackgroundJob:
    """Staff handled a failed (or waiting) job by hand: it is no longer retried nor counted as failed."""
    note = note.strip()
    if not note:
        raise ValidationError({"handled_note": _("Say what was done by hand instead.")})
    job = BackgroundJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.FAILED, JobStatus.WAITING):
        raise ValidationError(_("Only a task that failed or waits for its next try can be set aside."))
    job.status, job.next_try_at, job.resolved_at, job.handled_note = JobStatus.HANDLED, None, timezone.now(), note
    job.save(update_fields=["status", "next_try_at", "resolved_at", "handled_note"])
    record(by, "background_job.set_aside", job, {"task": job.task, "note": note})
    return job


def title(job: BackgroundJob) -> str | Promise:
    return TITLES.get(job.task) or job.task.rsplit(".", 1)[-1]


def health() -> dict[str, Any]:
    failed = BackgroundJob.objects.filter(status=JobStatus.FAILED).count()
    waiting = BackgroundJob.objects.filter(status=JobStatus.WAITING).count()
    return {"ok": failed == 0, "failed": failed, "waiting": waiting}


def forget_old_jobs(*, cutoff: datetime.datetime) -> int:
    """The retention schedule's rule ("background_jobs"): jobs done or set aside, or failed and left alone, before
    `cutoff`."""
    old = (BackgroundJob.objects.filter(status__in=(JobStatus.DONE, JobStatus.HANDLED), resolved_at__lt=cutoff)
           | BackgroundJob.objects.filter(status=JobStatus.FAILED, last_try_at__lt=cutoff))
    count, _deleted = old.delete()
    return count
