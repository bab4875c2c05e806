"""The staff groups have exactly their permissions: the apps grant theirs from AppConfig.ready (regie names none
of theirs), and the resulting sets are the same as when regie listed them all."""
import pytest
from django.contrib.auth.models import Group

from regie.accounts.groups import COORDINATORS, FINANCE, GROUP_PERMISSIONS, sync_groups

pytestmark = pytest.mark.slow  # no date rule: run once, not at each instant

EXPECTED = {
    COORDINATORS: {
        "auth.view_user", "auth.add_user", "auth.change_user",
        "regie.view_auditevent",
        "enterprises.view_municipality", "enterprises.add_municipality", "enterprises.change_municipality",
        "enterprises.view_postcode", "enterprises.add_postcode", "enterprises.change_postcode",
        "enterprises.delete_postcode",
        "enterprises.view_areapostcode", "enterprises.add_areapostcode", "enterprises.delete_areapostcode",
        "enterprises.view_servicecategory", "enterprises.add_servicecategory",
        "enterprises.change_servicecategory", "enterprises.delete_servicecategory",
        "enterprises.view_socialenterprise", "enterprises.add_socialenterprise",
        "enterprises.change_socialenterprise",
        "enterprises.view_firmlisting", "enterprises.change_firmlisting", "enterprises.delete_firmlisting",
        "enterprises.view_firmmembership", "enterprises.add_firmmembership",
        "enterprises.change_firmmembership", "enterprises.delete_firmmembership",
        "vouchers.view_call", "vouchers.add_call", "vouchers.change_call",
        "vouchers.view_application", "vouchers.change_application", "vouchers.erase_personal_data",
        "vouchers.view_voucher", "vouchers.change_voucher",
        "vouchers.view_redemption", "vouchers.change_redemption", "vouchers.view_payoutbatch",
        "vouchers.view_ledgercheck", "vouchers.view_followup", "vouchers.view_deminimisgrant",
        "vouchers.view_municipalityshare", "vouchers.add_municipalityshare", "vouchers.change_municipalityshare",
        "vouchers.delete_municipalityshare",
        "axes.view_accessattempt", "axes.delete_accessattempt",
        "regie.view_outgoingmail", "regie.change_outgoingmail", "regie.view_commandrun",
        "regie.view_backgroundjob", "regie.retry_backgroundjob",
        "vouchers.view_payment", "vouchers.view_bankstatement", "vouchers.view_bankstatemententry",
        "networking.view_meeting", "networking.add_meeting", "networking.change_meeting",
        "networking.delete_meeting", "networking.view_registration", "networking.change_registration",
        "networking.check_in_registration", "networking.view_attendee_list", "networking.view_introduction",
    },
    FINANCE: {
        "regie.view_auditevent",
        "enterprises.view_socialenterprise",
        "vouchers.view_call", "vouchers.view_voucher", "vouchers.view_redemption",
        "vouchers.view_payoutbatch", "vouchers.add_payoutbatch", "vouchers.change_payoutbatch",
        "vouchers.view_ledgercheck", "vouchers.view_deminimisgrant",
        "regie.view_backgroundjob", "regie.retry_backgroundjob",
        "vouchers.view_payment", "vouchers.view_bankstatement", "vouchers.add_bankstatement",
        "vouchers.view_bankstatemententry", "vouchers.change_bankstatemententry",
    },
}


def _granted(group):
    return {f"{app_label}.{codename}" for app_label, codename in
            group.permissions.values_list("content_type__app_label", "codename")}


def test_the_registry_lists_each_groups_permissions_once():
    assert {name: set(perms) for name, perms in GROUP_PERMISSIONS.items()} == EXPECTED
    assert all(len(perms) == len(set(perms)) for perms in GROUP_PERMISSIONS.values())


@pytest.mark.django_db
def test_each_group_has_exactly_its_permissions_after_migrate():
    sync_groups()
    assert {group.name: _granted(group) for group in Group.objects.all()} == EXPECTED


@pytest.mark.django_db
def test_a_permission_given_by_hand_is_taken_back():
    group = Group.objects.get(name=FINANCE)
    group.permissions.add(*Group.objects.get(name=COORDINATORS).permissions.all())
    sync_groups()
    assert _granted(group) == EXPECTED[FINANCE]
