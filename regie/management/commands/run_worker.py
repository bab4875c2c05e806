"""The background worker (django-tasks-db's db_worker) that survives its database going away: when
PostgreSQL restarts, it logs, waits (1 s, doubling to 30 s) and carries on, instead of exiting with 32
tasks left waiting. systemd restarts it too if it still exits (deploy/systemd/portal-worker.service)."""
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from regie import warmup

logger = logging.getLogger(__name__)
MAX_PAUSE = 30


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
        original, db_worker.Worker = db_worker.Worker, ReconnectingWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
