"""/health/ for monitoring: 200 when all is well, 503 when something needs a person. Anyone gets only that
status; monitoring that sends `Authorization: Bearer <HEALTH_TOKEN>`, and staff signed in (with their second
factor), get the JSON of each check: the database, the cache, the task queue, the outbox, background work that
failed for good (regie/ops/background.py), each scheduled command and the regies whose setup is incomplete (by their
short name, with what they lack). A regie's own staff read their regie's figures of the outbox, the failed work and
the regies (and what the apps' checks give them: `register`), the other regies' counted, not named. Apps add checks
with `register` from their AppConfig.ready. No personal data."""
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Min, Q
from django.http import JsonResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

from regie.models import BackgroundJob, CommandRun, JobStatus, MailStatus, OutgoingMail, Regie
from regie.models.regies import works_for
from regie.ops import background
from regie.ops.scheduled import SCHEDULE, timer_name
from regie.web.hosts import sees_shared_rows

TASK_WAIT_LIMIT = 600  # seconds a ready task may wait before the worker counts as stuck
EXTRA_CHECKS = {}
OWN_REGIE_VIEWS = {}  # check -> what a regie's own staff read of it (see register)


def register(name, check, *, of_regie=None):
    """`check()` returns a dict with at least "ok". `of_regie(regie, result)`, if given, is what a regie's own
    coordinator or finance member reads of the result instead: their regie's figures, the other regies' counted,
    not shown."""
    EXTRA_CHECKS[name] = check
    if of_regie is not None:
        OWN_REGIE_VIEWS[name] = of_regie


def _database():
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _cache():
    cache.set("health-check", "ok", 30)
    return {"ok": cache.get("health-check") == "ok"}


def _tasks():
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return {"ok": True, "queue": "runs at once (no worker)"}
    ready = DBTaskResult.objects.ready()
    waiting_since = [ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"],
                     ready.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]]
    oldest = min((at for at in waiting_since if at), default=None)
    age = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {"ok": age <= TASK_WAIT_LIMIT, "oldest_waiting_seconds": age, "waiting": ready.count()}


def _mails():
    failed = OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
    waiting = OutgoingMail.objects.filter(status=MailStatus.QUEUED).count()
    return {"ok": failed == 0, "failed": failed, "waiting": waiting}


def _own_rows(model, waiting, *, platform_rows):
    """What a regie's own staff read of the outbox's or the failed work's check: their regie's counts (with the rows
    of no regie where they see those: RegieScopedAdmin.platform_rows), and how many of the others' failed (the
    overall status may fail for another regie; this says so)."""

    def own_view(regie, check):
        rows = model.objects.filter(Q(regie=regie) | Q(regie=None) if platform_rows else Q(regie=regie))
        failed = rows.filter(status="failed").count()
        view = {"ok": check["ok"], "failed": failed, "waiting": rows.filter(status=waiting).count()}
        return view | ({"failed_elsewhere": check["failed"] - failed} if check["failed"] > failed else {})

    return own_view


def _regies():
    """Every regie can run: it has a host name, an IBAN that pays the firms and an enterprise number for the bank
    files (Regie.missing_setup). Names each incomplete regie by its short name, with what it lacks (in English)."""
    regies = list(Regie.objects.prefetch_related("hosts").order_by("short_name"))
    if not regies:
        return {"ok": False, "regies": 0, "problem": "no regie yet: manage.py create_regie"}
    with translation.override("en"):
        incomplete = {regie.short_name: missing for regie in regies if (missing := regie.missing_setup())}
    return {"ok": not incomplete, "regies": len(regies), "incomplete": incomplete}


def _installed_at():
    """When the first migration ran: a command that never ran is late once its timer's first run is."""
    return MigrationRecorder(connection).migration_qs.aggregate(at=Min("applied"))["at"]


def _command(name, last, installed, now):
    """One scheduled command: overdue once a run its timer should have started, after its last success (or after
    the first migrate when it never ran), is more than the timer's slack late."""
    since = last or installed
    due_by = SCHEDULE[name].due_by(since) if since else None
    state = {"ok": due_by is None or now <= due_by, "timer": timer_name(name),
             "last_success": last.isoformat() if last else None, "due_by": due_by.isoformat() if due_by else None}
    if not state["ok"]:
        journal = f"journalctl -u portal-command@{name}.service"  # only successes are recorded: it may run and fail
        state["problem"] = (f"never ran: systemctl enable --now {timer_name(name)} (enabled? {journal})"
                            if last is None else f"overdue: {journal}")
    return state


def _commands():
    runs = dict(CommandRun.objects.values_list("name", "last_success_at"))
    now, installed = timezone.now(), _installed_at()
    result = {name: _command(name, runs.get(name), installed, now) for name in SCHEDULE}
    return {"ok": all(item["ok"] for item in result.values()), **result}


def _safely(check):
    try:
        return check()
    except Exception as error:  # a check that cannot even run is a failing check
        return {"ok": False, "error": type(error).__name__}


def _monitoring(request):
    """The request carries the monitoring token (HEALTH_TOKEN)."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return bool(settings.HEALTH_TOKEN) and scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), settings.HEALTH_TOKEN.encode())


def _sees_every_regie(request):
    """Monitoring (the token) and platform administrators; not a regie's coordinator or finance member."""
    user = getattr(request, "user", None)
    return getattr(request, "regie", None) is None or _monitoring(request) or bool(user and user.is_superuser)


def may_see_details(request):
    """Monitoring with the token, or a staff member of the host's regie (a platform administrator on a platform
    host) signed in with their second factor where one is asked."""
    if _monitoring(request):
        return True
    user = getattr(request, "user", None)
    regie = getattr(request, "regie", None)
    if user is None or not (works_for(user, regie) if regie else user.is_authenticated and user.is_superuser):
        return False  # staff of this host's regie; on a platform host, platform administrators
    return not settings.STAFF_TWO_FACTOR or getattr(user, "is_verified", lambda: False)()


def _own_regie_only(regie, check):
    """The regies check as a regie's own staff read it: their regie by name, the others counted, not named (the
    overall status may fail for another regie; this says so)."""
    short_name = regie.short_name
    incomplete = dict(check["incomplete"])
    own = incomplete.pop(short_name, None)
    return {"ok": check["ok"], "regies": 1, "incomplete": {short_name: own} if own else {},
            "other_regies_incomplete": len(incomplete)}


@never_cache
def health(request):
    checks = {"database": _database, "cache": _cache, "tasks": _tasks, "mails": _mails,
              "background_work": background.health, "commands": _commands, "regies": _regies, **EXTRA_CHECKS}
    report = {name: _safely(check) for name, check in checks.items()}
    healthy = all(item["ok"] for item in report.values())
    answer = {"status": "ok" if healthy else "failing"}
    if may_see_details(request):
        answer["checks"] = report
        if not _sees_every_regie(request):
            platform_rows = sees_shared_rows(request)
            for name, own_view in {
                    "regies": _own_regie_only,
                    "mails": _own_rows(OutgoingMail, MailStatus.QUEUED, platform_rows=platform_rows),
                    "background_work": _own_rows(BackgroundJob, JobStatus.WAITING, platform_rows=platform_rows),
                    **OWN_REGIE_VIEWS}.items():
                if name in report and "error" not in report[name]:
                    report[name] = own_view(request.regie, report[name])
    response = JsonResponse(answer, status=200 if healthy else 503)
    # monitoring polls it: a failing answer is the monitor's to report, not a "Service Unavailable" line per poll
    response._has_been_logged = True
    return response
