from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def ledger_health():
    """For /health/: the last `check_ledger` found no mismatch."""
    from vouchers.selectors import last_ledger_check

    check = last_ledger_check()
    if check is None:
        return {"ok": True, "last_check": None}
    return {"ok": check.adds_up, "last_check": check.ran_at.isoformat(), "mismatches": check.mismatches}


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("Cheques")

    def ready(self):
        from regie.ops import health
        from regie.ops import warmup
        from vouchers.reports.programme import warm_up

        health.register("ledger", ledger_health)
        warmup.register("pdf", warm_up)  # the first report or cheque of a process takes its usual time
