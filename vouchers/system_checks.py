"""The vouchers app's line on /health/: the ledger (registered from VouchersConfig.ready).

The regie's bank account and enterprise number, which every SEPA payout file names, are the regie's row now, not
settings: /health/ names a regie whose setup is incomplete (regie/ops/health.py) and a payout batch of such a regie
is refused with a message (vouchers/services/payouts.py)."""
from django.utils import timezone

from enterprises.region import covered_postcodes
from vouchers.models import Call, LedgerCheck


def ledger_health():
    """For /health/: the last `check_ledger` of every regie found no mismatch (the regies counted, not named: a
    regie's staff read this too; `check_ledger` and each regie's admin name them)."""
    checks = list(LedgerCheck.objects.last_of_each_regie())
    if not checks:
        return {"ok": True, "last_check": None}
    return {"ok": all(check.adds_up for check in checks), "last_check": min(c.ran_at for c in checks).isoformat(),
            "mismatches": sum(check.mismatches for check in checks),
            "regies_with_mismatches": sum(not check.adds_up for check in checks)}


def ledger_health_of(regie, install):
    """The ledger line as a regie's own staff read it (regie.ops.health.register): their regie's last check, the
    other regies' mismatches counted by regie, not shown."""
    own = LedgerCheck.objects.last_of(regie)
    own_failing = own is not None and not own.adds_up
    return {"ok": install["ok"], "last_check": own.ran_at.isoformat() if own else None,
            "mismatches": own.mismatches if own else 0,
            "other_regies_with_mismatches": install.get("regies_with_mismatches", 0) - own_failing}


def admits_applicants(regie) -> bool:
    """For a regie's setup (regie.models.regies.require_for_setup): a regie whose open or coming call has no postcode
    list of its own needs an area, or every applicant is turned away."""
    calls_on_area = Call.objects.filter(regie=regie, closes_on__gte=timezone.localdate(), postcodes=None)
    return covered_postcodes(regie).exists() or not calls_on_area.exists()
