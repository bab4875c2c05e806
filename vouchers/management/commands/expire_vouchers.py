"""Expire cheques past their valid-until date and release their unused balance to the budget.

Works over every regie; says how many expired, per regie. Idempotent; runs daily
(deploy/systemd/portal-expire-vouchers.timer).
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops.scheduled import ran
from vouchers.management.regies import SystemChanges, per_regie
from vouchers.models import Voucher
from vouchers.services import expire_vouchers


class Command(BaseCommand):
    help = "Expire cheques past their valid-until date; their unused balance returns to the call's budget."

    def handle(self, *args, **options):
        changes = SystemChanges()
        expired = expire_vouchers(today=timezone.localdate())
        split = per_regie(changes.counts("voucher.expired", Voucher))
        ran("expire_vouchers", f"{expired} expired{split}")
        if expired or options["verbosity"] > 1:
            self.stdout.write(f"{expired} cheque(s) expired{split}.")
