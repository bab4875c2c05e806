"""What the staff groups may do with the vouchers app's models (granted from VouchersConfig.ready)."""
from regie.accounts.groups import COORDINATORS, FINANCE, grant


def grant_permissions():
    grant(COORDINATORS, [
        "vouchers.view_call", "vouchers.add_call", "vouchers.change_call",
        "vouchers.view_application", "vouchers.change_application", "vouchers.erase_personal_data",
        "vouchers.view_voucher", "vouchers.change_voucher",
        "vouchers.view_redemption", "vouchers.change_redemption", "vouchers.view_payoutbatch",
        "vouchers.view_ledgercheck", "vouchers.view_followup", "vouchers.view_deminimisgrant",
        "vouchers.view_municipalityshare", "vouchers.add_municipalityshare", "vouchers.change_municipalityshare",
        "vouchers.delete_municipalityshare",
        "vouchers.view_payment", "vouchers.view_bankstatement", "vouchers.view_bankstatemententry",
    ])
    grant(FINANCE, [
        "vouchers.view_call", "vouchers.view_voucher", "vouchers.view_redemption",
        "vouchers.view_payoutbatch", "vouchers.add_payoutbatch", "vouchers.change_payoutbatch",
        "vouchers.view_ledgercheck", "vouchers.view_deminimisgrant",
        "vouchers.view_payment", "vouchers.view_bankstatement", "vouchers.add_bankstatement",
        "vouchers.view_bankstatemententry", "vouchers.change_bankstatemententry",
    ])
