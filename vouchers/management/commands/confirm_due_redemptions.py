"""Redemptions not contested within the call's contest window count as confirmed.

Idempotent; run it daily (or hourly) from cron, e.g.
    20 3 * * *  cd /srv/portal && .venv/bin/python manage.py confirm_due_redemptions
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from vouchers.services import confirm_due_redemptions


class Command(BaseCommand):
    help = "Confirm redemptions whose customer did not answer within the contest window."

    def handle(self, *args, **options):
        confirmed = confirm_due_redemptions(now=timezone.now())
        if confirmed or options["verbosity"] > 1:
            self.stdout.write(f"{confirmed} redemption(s) confirmed.")
