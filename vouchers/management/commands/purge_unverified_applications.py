"""Delete applications whose e-mail address was not confirmed within 30 days.

Idempotent and quiet unless something was deleted; runs daily
(deploy/systemd/portal-purge-unverified-applications.timer).
"""
from argparse import ArgumentTypeError
from datetime import timedelta

from django.core.management.base import BaseCommand

from regie.operations import ran
from vouchers.services import purge_unverified_applications


def positive_days(text):
    if not text.isdigit() or int(text) < 1:
        raise ArgumentTypeError(f"expected a whole number of days, at least 1, not {text!r}")
    return int(text)


class Command(BaseCommand):
    help = "Delete applications whose e-mail address was never confirmed, after 30 days (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=positive_days, default=30, help="days to wait for a confirmation (30)")

    def handle(self, *args, days, **options):
        deleted = purge_unverified_applications(older_than=timedelta(days=days))
        ran("purge_unverified_applications", f"{deleted} deleted")
        if deleted or options["verbosity"] > 1:
            self.stdout.write(f"{deleted} unverified application(s) deleted.")
