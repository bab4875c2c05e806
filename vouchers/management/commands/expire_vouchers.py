"""Expire cheques past their valid-until date and release their unused balance to the budget.

Idempotent; run it daily from cron, e.g.
    10 3 * * *  cd /srv/portal && .venv/bin/python manage.py expire_vouchers
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from vouchers.services import expire_vouchers


class Command(BaseCommand):
    help = "Expire cheques past their valid-until date; their unused balance returns to the call's budget."

    def handle(self, *args, **options):
        expired = expire_vouchers(today=timezone.localdate())
        if expired or options["verbosity"] > 1:
            self.stdout.write(f"{expired} cheque(s) expired.")
