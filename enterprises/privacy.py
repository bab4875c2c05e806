"""The enterprises app's part of the retention schedule (regie/privacy/schedule.py): the firms' profiles, and
the firm memberships of user accounts; registered from EnterprisesConfig.ready."""
from django.utils.translation import gettext_lazy as _

from regie.privacy import schedule
from regie.privacy.schedule import PUBLIC_TASK, Retention, Then

FIRM_PROFILES = Retention(
    "firm_profiles", _("Profiles of the social-economy enterprises"),
    _("Name, enterprise number, address, contact e-mail address and phone, website, description, logo, "
      "recognition and bank account (never public)."),
    _("Social-economy enterprises and the people named in their contact details."),
    _("The public catalogue; redemptions and payouts."), PUBLIC_TASK,
    _("Everyone (the public profile); the bank account only the finance staff."),
    None, _("as long as the enterprise takes part"), Then.BY_HAND,
    _("The coordinator unpublishes the profile and clears the contact details it no longer needs; the "
      "enterprise itself stays in the accounts of the cheques it redeemed."),
    ("enterprises.SocialEnterprise",), command=None, by_hand=("enterprises.change_socialenterprise",))


def register_schedule():
    schedule.extend("user_accounts", models=["enterprises.FirmMembership"],
                    by_hand=["enterprises.delete_firmmembership"])
    schedule.register([FIRM_PROFILES])
    schedule.free_of_personal_data("enterprises.Municipality", "enterprises.Postcode", "enterprises.ServiceCategory",
                                   "enterprises.AreaPostcode", "enterprises.FirmListing")
