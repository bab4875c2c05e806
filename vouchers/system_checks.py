"""The vouchers app's line on /health/: the ledger (registered from VouchersConfig.ready).

The regie's bank account and enterprise number, which every SEPA payout file names, are the regie's row now, not
settings: /health/ names a regie whose setup is incomplete (regie/ops/health.py) and a payout batch of such a regie
is refused with a message (vouchers/services/payouts.py)."""
from vouchers.selectors import last_ledger_check


def ledger_health():
    """For /health/: the last `check_ledger` found no mismatch."""
    check = last_ledger_check()
    if check is None:
        return {"ok": True, "last_check": None}
    return {"ok": check.adds_up, "last_check": check.ran_at.isoformat(), "mismatches": check.mismatches}
