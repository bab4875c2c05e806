"""Scheduled commands: when systemd starts each one (SCHEDULE, the same as deploy/systemd/portal-<command>.timer)
and the record of their last successful run (shown on /health/ and in the admin). regie schedules its own
command here; each app adds its commands' timers with `register` from its AppConfig.ready."""
import dataclasses
import datetime
import zoneinfo

from django.core.management.base import CommandError
from django.utils import timezone

from regie.models import CommandRun

TIMER_ZONE = zoneinfo.ZoneInfo("Europe/Brussels")  # the zone the daily timers name in OnCalendar=


@dataclasses.dataclass(frozen=True)
class Timer:
    """When a command runs: daily `at` a wall-clock time in Brussels (monthly when `day` names the day of the
    month, 1-28), or else every `every` minutes from `minute` past the hour. A run missed by more than `slack`
    makes the command overdue on /health/."""

    at: datetime.time | None = None
    day: int | None = None
    minute: int = 0
    every: int = 60
    slack: datetime.timedelta = datetime.timedelta(hours=1)

    def __post_init__(self):
        if self.day is not None and (self.at is None or not 1 <= self.day <= 28):
            raise ValueError("a monthly Timer runs `at` a time on a `day` from 1 to 28 (every month has it)")

    @property
    def on_calendar(self):
        """The timer's OnCalendar= in systemd's words."""
        if self.at is not None:
            day = "*" if self.day is None else f"{self.day:02d}"
            return f"*-*-{day} {self.at:%H:%M:%S} Europe/Brussels"
        if self.every == 60:
            return f"*-*-* *:{self.minute:02d}:00"
        return f"*:{self.minute}/{self.every}"

    def next_run_after(self, instant):
        """The first moment after `instant` at which systemd starts the command."""
        if self.day is not None:
            return self._next_monthly_run_after(instant)
        if self.at is not None:
            day = instant.astimezone(TIMER_ZONE).date()
            moment = datetime.datetime.combine(day, self.at, tzinfo=TIMER_ZONE)
            if moment <= instant:
                moment = datetime.datetime.combine(day + datetime.timedelta(days=1), self.at, tzinfo=TIMER_ZONE)
            return moment
        # Brussels is a whole number of hours from UTC: the minutes past the hour are the same in both.
        moment = instant.astimezone(datetime.UTC).replace(minute=self.minute, second=0, microsecond=0)
        step = datetime.timedelta(minutes=self.every)
        while moment > instant:
            moment -= step
        while moment <= instant:
            moment += step
        return moment

    def _next_monthly_run_after(self, instant):
        assert self.at is not None and self.day is not None  # __post_init__
        local = instant.astimezone(TIMER_ZONE).date()
        moment = datetime.datetime.combine(local.replace(day=self.day), self.at, tzinfo=TIMER_ZONE)
        if moment <= instant:
            following = (local.replace(day=1) + datetime.timedelta(days=32)).replace(day=self.day)
            moment = datetime.datetime.combine(following, self.at, tzinfo=TIMER_ZONE)
        return moment

    def due_by(self, since):
        """When the command counts as overdue if it has not succeeded after `since`."""
        return self.next_run_after(since) + self.slack


def timer_name(command):
    return f"portal-{command.replace('_', '-')}.timer"


SCHEDULE: dict[str, Timer] = {}


def register(timers, *, first=False):
    """Schedule an app's management commands (from its AppConfig.ready), `timers` {command: Timer}: systemd starts
    each by deploy/systemd/portal-<command>.timer, and /health/ counts it overdue by its Timer; listed after the
    others, or `first`."""
    merged = {**timers, **SCHEDULE, **timers} if first else {**SCHEDULE, **timers}
    SCHEDULE.clear()
    SCHEDULE.update(merged)


register({"send_mails": Timer(minute=0, every=10, slack=datetime.timedelta(minutes=5)),
          # regie/ops/background.py: failed background tasks that are due (the worker's safety net)
          "retry_background_work": Timer(minute=5, every=10, slack=datetime.timedelta(minutes=5))})


def ran(name, summary=""):
    """Record that the scheduled command `name` ran to its end now."""
    CommandRun.objects.update_or_create(name=name, defaults={"last_success_at": timezone.now(),
                                                             "summary": str(summary)[:200]})


def write_output(path, content):
    """Write a command's --output file; a path that cannot be written is a clear CommandError, not a traceback."""
    try:
        with open(path, "wb") as file:
            file.write(content)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
