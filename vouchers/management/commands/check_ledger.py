"""Recompute every call's committed / redeemed / paid and every cheque's balance and status from the
rows; print each mismatch and exit 1 when there is one (0 when all adds up). The result is kept
and shown in the admin. Runs daily (deploy/systemd/portal-check-ledger.timer).
"""
import time

from django.core.management.base import BaseCommand

from regie.ops.scheduled import ran
from vouchers.ledger import ledger_mismatches
from vouchers.models import LedgerCheck


class Command(BaseCommand):
    help = "Check that every stored euro figure (calls and cheques) agrees with the rows; exit 1 on a mismatch."

    def handle(self, *args, **options):
        started = time.perf_counter()
        mismatches = ledger_mismatches()
        seconds = time.perf_counter() - started
        report = "\n".join(str(m) for m in mismatches)
        LedgerCheck.objects.create(mismatches=len(mismatches), report=report, seconds=seconds)
        ran("check_ledger", f"{len(mismatches)} mismatch(es)")
        if mismatches:
            self.stderr.write(report)
            self.stderr.write(f"{len(mismatches)} mismatch(es) in the ledger.")
            raise SystemExit(1)
        if options["verbosity"] > 1:
            self.stdout.write(f"The ledger adds up ({seconds:.2f} s).")
