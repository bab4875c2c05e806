"""The staff groups and what each may do in the admin (least privilege).

Kept in code so every installation has the same groups; `migrate` brings them in line.
"""

COORDINATORS = "Coördinatoren"
FINANCE = "Financiën"

GROUP_PERMISSIONS = {
    COORDINATORS: [
        "auth.view_user", "auth.add_user", "auth.change_user",
        "regie.view_auditevent",
        "enterprises.view_municipality", "enterprises.add_municipality", "enterprises.change_municipality",
        "enterprises.view_postcode", "enterprises.add_postcode", "enterprises.change_postcode",
        "enterprises.delete_postcode",
        "enterprises.view_servicecategory", "enterprises.add_servicecategory",
        "enterprises.change_servicecategory", "enterprises.delete_servicecategory",
        "enterprises.view_socialenterprise", "enterprises.add_socialenterprise",
        "enterprises.change_socialenterprise",
        "enterprises.view_firmmembership", "enterprises.add_firmmembership",
        "enterprises.change_firmmembership", "enterprises.delete_firmmembership",
        "vouchers.view_call", "vouchers.add_call", "vouchers.change_call",
        "vouchers.view_application", "vouchers.change_application", "vouchers.erase_personal_data",
        "vouchers.view_voucher", "vouchers.change_voucher",
        "vouchers.view_redemption", "vouchers.change_redemption", "vouchers.view_payoutbatch",
        "vouchers.view_ledgercheck", "vouchers.view_followup",
        "vouchers.view_municipalityshare", "vouchers.add_municipalityshare", "vouchers.change_municipalityshare",
        "vouchers.delete_municipalityshare",
        "axes.view_accessattempt", "axes.delete_accessattempt",
        "regie.view_outgoingmail", "regie.change_outgoingmail", "regie.view_commandrun",
    ],
    FINANCE: [
        "regie.view_auditevent",
        "enterprises.view_socialenterprise",
        "vouchers.view_call", "vouchers.view_voucher", "vouchers.view_redemption",
        "vouchers.view_payoutbatch", "vouchers.add_payoutbatch", "vouchers.change_payoutbatch",
        "vouchers.view_ledgercheck",
    ],
}


def sync_groups(app_config=None, **kwargs):
    """Create the groups and give each exactly its permissions (idempotent).

    Runs after the last app migrated, when every app's permissions exist.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if app_config is not None and app_config != list(apps.get_app_configs())[-1]:
        return

    for name, perms in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
