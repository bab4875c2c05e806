"""Redemptions not contested by the last day of the call's contest window count as confirmed.

Idempotent; runs hourly (deploy/systemd/portal-confirm-due-redemptions.timer).
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops.scheduled import ran
from vouchers.services import confirm_due_redemptions


class Command(BaseCommand):
    help = "Confirm redemptions whose customer did not answer within the contest window."

    def handle(self, *args, **options):
        confirmed = confirm_due_redemptions(now=timezone.now())
        ran("confirm_due_redemptions", f"{confirmed} confirmed")
        if confirmed or options["verbosity"] > 1:
            self.stdout.write(f"{confirmed} redemption(s) confirmed.")
