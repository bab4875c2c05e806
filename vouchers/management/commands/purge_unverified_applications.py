"""Delete applications whose e-mail address was not confirmed within 30 days.

Idempotent and quiet unless something was deleted: run it daily from cron, e.g.
    15 3 * * *  cd /srv/portal && .venv/bin/python manage.py purge_unverified_applications
"""
from datetime import timedelta

from django.core.management.base import BaseCommand

from vouchers.services import purge_unverified_applications


class Command(BaseCommand):
    help = "Delete applications whose e-mail address was never confirmed, after 30 days (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        deleted = purge_unverified_applications(older_than=timedelta(days=days))
        if deleted or options["verbosity"] > 1:
            self.stdout.write(f"{deleted} unverified application(s) deleted.")
