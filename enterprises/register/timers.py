"""When systemd starts the register's import (deploy/systemd/portal-import-kbo.timer): monthly, after the KBO
publishes its extract on the first Sunday of the month (or the Monday after)."""
import datetime

from regie.ops.scheduled import Timer, register

TIMERS = {"import_kbo": Timer(at=datetime.time(4, 0), day=10, slack=datetime.timedelta(days=1))}


def register_timers():
    register(TIMERS)
