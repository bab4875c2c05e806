"""Recompute every call's committed / redeemed / paid and every cheque's balance and status from the rows, each
regie's ledger apart (its calls, their cheques and payments); print each mismatch, prefixed with the regie's short
name, and exit 1 when a regie has one (0 when all adds up). Each regie's result is kept (a LedgerCheck) and shown in
its admin. Runs daily (deploy/systemd/portal-check-ledger.timer) over every regie:

    manage.py check_ledger                   every regie, by short name
    manage.py check_ledger --regie zuidoost  one regie (not recorded as the scheduled run)
"""
import time
from collections import Counter

from django.core.management.base import BaseCommand

from regie.ops.scheduled import ran
from vouchers.ledger import ledger_mismatches
from vouchers.management.regies import per_regie, regies_named
from vouchers.models import Call, LedgerCheck


class Command(BaseCommand):
    help = ("Check that every stored euro figure (calls and cheques) agrees with the rows, each regie apart; exit 1 "
            "on a mismatch.")

    def add_arguments(self, parser):
        parser.add_argument("--regie", help="check only this regie (its short name); default: every regie")

    def handle(self, *args, **options):
        counts = []
        for regie in regies_named(options.get("regie")):
            started = time.perf_counter()
            mismatches = ledger_mismatches(calls=Call.objects.of_regie(regie))
            seconds = time.perf_counter() - started
            report = "\n".join(str(m) for m in mismatches)
            LedgerCheck.objects.create(regie=regie, mismatches=len(mismatches), report=report, seconds=seconds)
            counts.append((regie.short_name, len(mismatches)))
            if mismatches:
                self.stderr.write("\n".join(f"{regie.short_name}: {m}" for m in mismatches))
                self.stderr.write(f"{len(mismatches)} mismatch(es) in the ledger of {regie.short_name}.")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{regie.short_name}: the ledger adds up ({seconds:.2f} s).")
        if not options.get("regie"):  # a check of one regie is not the scheduled check of them all
            total = sum(n for _name, n in counts)
            ran("check_ledger", f"{total} mismatch(es) in {len(counts)} regie(s){per_regie(Counter(dict(counts)))}")
        if any(n for _name, n in counts):
            raise SystemExit(1)
