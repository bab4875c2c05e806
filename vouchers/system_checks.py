"""The vouchers app's line on /health/: the ledger (registered from VouchersConfig.ready).

The regie's bank account and enterprise number, which every SEPA payout file names, are the regie's row now, not
settings: /health/ names a regie whose setup is incomplete (regie/ops/health.py) and a payout batch of such a regie
is refused with a message (vouchers/services/payouts.py)."""
from vouchers.models import LedgerCheck


def ledger_health():
    """For /health/: the last `check_ledger` of every regie found no mismatch (the regies counted, not named: a
    regie's staff read this too; `check_ledger` and each regie's admin name them)."""
    checks = list(LedgerCheck.objects.last_of_each_regie())
    if not checks:
        return {"ok": True, "last_check": None}
    return {"ok": all(check.adds_up for check in checks), "last_check": min(c.ran_at for c in checks).isoformat(),
            "mismatches": sum(check.mismatches for check in checks),
            "regies_with_mismatches": sum(not check.adds_up for check in checks)}
