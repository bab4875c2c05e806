"""When systemd starts the networking app's scheduled commands (registered from NetworkingConfig.ready; the same
as deploy/systemd/portal-<command>.timer)."""
import datetime

from regie.ops.scheduled import Timer, register

TIMERS = {
    # hourly: the reminders are due from 10:00 the day before a meeting; a place freed later is reminded too
    "send_meeting_reminders": Timer(minute=40, slack=datetime.timedelta(minutes=15)),
    # the morning after a meeting
    "ask_meeting_wishes": Timer(at=datetime.time(9, 30)),
}


def register_timers():
    register(TIMERS)
