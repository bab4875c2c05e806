"""Remind holders of cheques with balance left 30 and 7 days before the cheque expires, over every regie (the
summary counts per regie). Idempotent; runs daily (deploy/systemd/portal-remind-expiring.timer)."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops.scheduled import ran
from vouchers.management.regies import SystemChanges, per_regie
from vouchers.models import Voucher
from vouchers.services import remind_expiring


class Command(BaseCommand):
    help = "Mail the holders of cheques that expire within 30 (or 7) days and still have balance left."

    def handle(self, *args, **options):
        changes = SystemChanges()
        sent = remind_expiring(today=timezone.localdate())
        split = per_regie(changes.counts("voucher.expiry_reminder", Voucher))
        ran("remind_expiring", f"{sent} reminded{split}")
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"{sent} reminder(s) sent{split}.")
