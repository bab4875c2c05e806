"""Delete applications whose e-mail address was not confirmed within 30 days (the retention schedule's period,
regie/privacy/schedule.py), and forget their names in the audit log.

Works over every regie and says how many were deleted, per regie. Idempotent and quiet unless something was
deleted; runs daily (deploy/systemd/portal-purge-unverified-applications.timer).
"""
from argparse import ArgumentTypeError
from datetime import timedelta

from django.core.management.base import BaseCommand

from regie.ops.scheduled import ran
from regie.privacy.schedule import period
from vouchers.management.regies import SystemChanges, per_regie
from vouchers.services import purge_unverified_applications


def positive_days(text):
    if not text.isdigit() or int(text) < 1:
        raise ArgumentTypeError(f"expected a whole number of days, at least 1, not {text!r}")
    return int(text)


class Command(BaseCommand):
    help = "Delete applications whose e-mail address was never confirmed, after 30 days (or --days)."

    def add_arguments(self, parser):
        days = period("unconfirmed_applications").days
        parser.add_argument("--days", type=positive_days, default=days,
                            help=f"days to wait for a confirmation ({days}, from the retention schedule)")

    def handle(self, *args, days, **options):
        changes = SystemChanges()
        deleted = purge_unverified_applications(older_than=timedelta(days=days))
        split = per_regie(changes.counts_by_call("application.purged"))
        ran("purge_unverified_applications", f"{deleted} deleted{split}")
        if deleted or options["verbosity"] > 1:
            self.stdout.write(f"{deleted} unverified application(s) deleted{split}.")
