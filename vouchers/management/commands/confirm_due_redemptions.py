"""Redemptions not contested by the last day of the call's contest window count as confirmed.

Works over every regie; says how many were confirmed, per regie. Idempotent; runs hourly
(deploy/systemd/portal-confirm-due-redemptions.timer).
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops.scheduled import ran
from vouchers.management.regies import SystemChanges, per_regie
from vouchers.models import Redemption
from vouchers.services import confirm_due_redemptions


class Command(BaseCommand):
    help = "Confirm redemptions whose customer did not answer within the contest window."

    def handle(self, *args, **options):
        changes = SystemChanges()
        confirmed = confirm_due_redemptions(now=timezone.now())
        split = per_regie(changes.counts("redemption.confirmed", Redemption, automatically=True))
        ran("confirm_due_redemptions", f"{confirmed} confirmed{split}")
        if confirmed or options["verbosity"] > 1:
            self.stdout.write(f"{confirmed} redemption(s) confirmed{split}.")
