"""The enterprise register's entry in the retention schedule (regie/privacy/schedule.py), registered from
RegisterConfig.ready."""
from django.utils.translation import gettext_lazy as _

from regie.privacy import schedule
from regie.privacy.schedule import PUBLIC_TASK, Retention, Then

ENTERPRISE_REGISTER = Retention(
    "enterprise_register", _("The enterprise register (KBO open data)"),
    _("What the Crossroads Bank for Enterprises publishes as open data about the enterprises of the region and "
      "of the catalogue: enterprise and establishment numbers, status, juridical form, names, addresses of the "
      "seat and the establishments, activities (NACE codes). For a sole trader the name is a person's name."),
    _("Enterprises with their seat or an establishment in the region, sole traders (natural persons) included, "
      "and the social-economy enterprises of the catalogue."),
    _("Checking that an applying business exists, is active and has an establishment in the region, and filling "
      "in its name and address from the public register."), PUBLIC_TASK,
    _("The coordinator; the applicant sees the names and addresses of the enterprise they apply for."),
    None, _("the next monthly extract"), Then.DELETE,
    _("Each monthly extract replaces the register: what the KBO no longer publishes, or what is no longer in "
      "the region, is deleted."),
    ("register.Extract", "register.Enterprise", "register.Establishment", "register.Denomination",
     "register.Address", "register.Activity"), command="import_kbo")


def register_schedule():
    schedule.register([ENTERPRISE_REGISTER])
