"""Retry the failed background tasks whose time has come, enqueue again those lost without a trace (a cheque
never mailed, see vouchers.printing.lost_cheques), and forget old ones (the retention schedule's
"background_jobs"). The worker retries by itself; the timer runs this as a safety net (and it is how retries
happen in development, whose task backend cannot defer)."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops import background
from regie.ops.scheduled import ran
from regie.privacy.schedule import period


class Command(BaseCommand):
    help = ("Retry the failed background tasks that are due, enqueue lost ones again; delete those resolved longer ago "
            "than the schedule says.")

    def handle(self, *args, **options):
        done = background.retry_due_jobs()
        lost = background.enqueue_lost_work()
        forgotten = background.forget_old_jobs(cutoff=period("background_jobs").cutoff(timezone.localdate()))
        ran(background.COMMAND, f"{done} done, {lost} lost enqueued again, {forgotten} forgotten")
        if done or lost or forgotten or options["verbosity"] > 1:
            self.stdout.write(f"{done} task(s) done, {lost} lost one(s) enqueued again, {forgotten} old one(s) "
                              "deleted.")
