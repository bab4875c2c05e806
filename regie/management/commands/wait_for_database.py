"""Wait until the database answers, then exit 0 (1 when it has not answered after --timeout seconds).

systemd runs it before each timer's command (ExecStartPre= in deploy/systemd/portal-command@.service): a
command that falls due while PostgreSQL restarts or is stopped waits for it and then runs, instead of
failing until its next turn (a day later for the daily ones). It logs one line when it has to wait and one
when the database is back."""
import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, connection

from regie.web.outage import database_is_away

logger = logging.getLogger(__name__)
MAX_PAUSE = 30


def database_answers():
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError) as error:
        if not database_is_away(error):
            raise
        connection.close()
        return error
    return None


class Command(BaseCommand):
    help = "Wait until the database answers (before a scheduled command)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=600, help="seconds to wait at most (default 600)")

    def handle(self, *args, timeout, **options):
        started, pause = time.monotonic(), 1
        error = database_answers()
        if error is None:
            return
        logger.warning("Database unavailable (%s); waiting for it", str(error).strip())
        while error is not None:
            if time.monotonic() - started + pause > timeout:
                raise CommandError(f"The database has not answered for {timeout:.0f} s: {str(error).strip()}")
            time.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE)
            error = database_answers()
        logger.warning("Database back after %.0f s", time.monotonic() - started)
