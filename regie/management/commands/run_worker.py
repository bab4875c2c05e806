"""The background worker (django-tasks-db's db_worker) that survives its database going away: when
PostgreSQL restarts, it logs, waits (1 s, doubling to 30 s) and carries on, instead of exiting with 32
tasks left waiting. systemd restarts it too if it still exits (deploy/systemd/portal-worker.service).
Between tasks, once a minute, it sees whether a mail server that was away answers again: then the mails
that waited for it go at once, not at their next retry (up to 12 h later)."""
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from regie.mail.outbox import send_waiting_mails_if_the_server_is_back
from regie.ops import warmup

logger = logging.getLogger(__name__)
MAX_PAUSE = 30
MAIL_SERVER_CHECK_EVERY = 60  # seconds: waiting mails leave within a minute of the mail server's return


def between_tasks(close_old_connections):
    """db_worker's pause between tasks, plus the check for a mail server that is back, once a minute."""
    last_check = None

    def pause():
        nonlocal last_check
        close_old_connections()
        if last_check is None or time.monotonic() - last_check >= MAIL_SERVER_CHECK_EVERY:
            last_check = time.monotonic()
            send_waiting_mails_if_the_server_is_back()

    return pause


class ReconnectingWorker(db_worker.Worker):
    def run(self):
        pause = 1
        while self.running:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > 60:
                    pause = 1  # it ran fine for a while: start again from a short pause
                logger.warning("Database unavailable (%s); the worker reconnects in %s s", str(error).strip(), pause)
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)
        return None


class Command(db_worker.Command):
    help = "Run the background worker (mails, cheque PDFs); reconnects after a database restart."

    def handle(self, *args, **options):
        warmup.run()  # before the first task: its PDF is not the slow one
        original = db_worker.Worker, db_worker.close_old_connections
        db_worker.Worker, db_worker.close_old_connections = ReconnectingWorker, between_tasks(original[1])
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker, db_worker.close_old_connections = original
