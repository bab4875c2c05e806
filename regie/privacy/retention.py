"""The retention rules of the shared data (mails, audit log, throttles, log-in attempts, sessions, background
tasks). Each rule takes today's date in Brussels and `dry_run`, and returns how many rows it removed or
anonymised (or would). The periods come from the schedule."""
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from regie.models import AuditEvent, OutgoingMail, ThrottleCounter
from regie.privacy.audit import forget_objects
from regie.privacy.schedule import period


def _delete(queryset, dry_run):
    count = queryset.count()
    if count and not dry_run:
        queryset.delete()
    return count


def mails(today, dry_run):
    """Deleted, and forgotten in the audit log ("send again" names their subject and recipients)."""
    due = OutgoingMail.objects.filter(created_at__lt=period("mails").cutoff(today))
    if not dry_run:
        forget_objects(OutgoingMail, list(due.values_list("pk", flat=True)))
    return _delete(due, dry_run)


def audit_log(today, dry_run):
    cutoff = period("audit_log").cutoff(today)
    return (_delete(AuditEvent.objects.filter(created_at__lt=cutoff), dry_run)
            + _delete(LogEntry.objects.filter(action_time__lt=cutoff), dry_run))


def audit_addresses(today, dry_run):
    events = AuditEvent.objects.filter(created_at__lt=period("audit_addresses").cutoff(today), address__isnull=False)
    count = events.count()
    if count and not dry_run:
        events.update(address=None)
    return count


def throttles(today, dry_run):
    return _delete(ThrottleCounter.objects.filter(window_start__lt=period("throttles").cutoff(today)), dry_run)


def login_attempts(today, dry_run):
    cutoff = period("login_attempts").cutoff(today)
    return sum(_delete(model.objects.filter(attempt_time__lt=cutoff), dry_run)
               for model in (AccessAttempt, AccessFailureLog, AccessLog))


def sessions(today, dry_run):
    """Expired sessions (Django gives each the age of the schedule's period, SESSION_COOKIE_AGE)."""
    return _delete(Session.objects.filter(expire_date__lt=timezone.now()), dry_run)


def task_results(today, dry_run):
    return _delete(DBTaskResult.objects.filter(finished_at__lt=period("task_results").cutoff(today)), dry_run)


RULES = {"mails": mails, "audit_log": audit_log, "audit_addresses": audit_addresses, "throttles": throttles,
         "login_attempts": login_attempts, "sessions": sessions, "task_results": task_results}
