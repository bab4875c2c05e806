"""The vouchers app's checks, registered from VouchersConfig.ready: the deployment check of the payout settings
(DEBUG off only: the regie's own bank account and enterprise number, which every SEPA payout file names;
regie/ops/checks.py has the rest, and the WSGI start refuses any of them), and the ledger's line on /health/."""
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ValidationError
from stdnum import bic

from regie.numbers import normalize_enterprise_number, normalize_iban
from vouchers.selectors import last_ledger_check


def _iban_errors():
    try:
        normalize_iban(settings.PAYOUT_DEBTOR.get("IBAN"))
    except ValidationError:
        return [Error(f"PAYOUT_DEBTOR_IBAN is missing or not a valid IBAN ({settings.PAYOUT_DEBTOR.get('IBAN')!r}).",
                      hint="The regie's own bank account, which pays the firms, e.g. BE71 0961 2345 6769.",
                      id="regie.E003")]
    return []


def _enterprise_number_errors():
    try:
        normalize_enterprise_number(settings.PAYOUT_INITIATOR_ENTERPRISE_NUMBER)
    except ValidationError:
        return [Error("PAYOUT_INITIATOR_ENTERPRISE_NUMBER is missing or not a valid enterprise number "
                      f"({settings.PAYOUT_INITIATOR_ENTERPRISE_NUMBER!r}).",
                      hint="The regie's KBO/BCE number, 10 digits, e.g. 0403.170.701.", id="regie.E004")]
    return []


def _bic_errors():
    debtor_bic = settings.PAYOUT_DEBTOR.get("BIC")
    if debtor_bic and not bic.is_valid(debtor_bic):
        return [Error(f"PAYOUT_DEBTOR_BIC is not a valid BIC ({debtor_bic!r}).",
                      hint="The BIC of the regie's bank, 8 or 11 characters, e.g. GKCCBEBB; or leave it empty.",
                      id="regie.E010")]
    return []


@register(Tags.security, deploy=True)
def payout_settings(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    return _iban_errors() + _enterprise_number_errors() + _bic_errors()


def ledger_health():
    """For /health/: the last `check_ledger` found no mismatch."""
    check = last_ledger_check()
    if check is None:
        return {"ok": True, "last_check": None}
    return {"ok": check.adds_up, "last_check": check.ran_at.isoformat(), "mismatches": check.mismatches}
