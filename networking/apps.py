from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The personal pages of a registration (and the page right after registering, which shows the address typed) and
# the door, by their Dutch address whatever the page's language.
REGISTRATION_PAGES = (r"^/[a-z]{2}/ontmoetingen/(inschrijving|inchecken)/"
                      r"|^/[a-z]{2}/ontmoetingen/[^/]+/(deur|aanwezigen|ingeschreven)")


class NetworkingConfig(AppConfig):
    name = "networking"
    verbose_name = _("Bringing them together")

    def ready(self):
        """Tell regie what this app has: private pages, permissions per staff group, scheduled commands and
        retention schedule entries."""
        from enterprises.models import TIES_TO_OTHER_REGIES  # noqa: PLC0415 late: AppConfig.ready
        from networking.models import Introduction, Registration  # noqa: PLC0415 late: AppConfig.ready
        from networking.permissions import grant_permissions  # noqa: PLC0415 late: AppConfig.ready
        from networking.privacy import register_schedule  # noqa: PLC0415 late: AppConfig.ready
        from networking.timers import register_timers  # noqa: PLC0415 late: AppConfig.ready
        from regie.web import headers  # noqa: PLC0415 late: AppConfig.ready

        TIES_TO_OTHER_REGIES.append(lambda regie: Introduction.objects.exclude(regie=regie).values("enterprise"))
        TIES_TO_OTHER_REGIES.append(lambda regie: Registration.objects.exclude(meeting__regie=regie)
                                    .exclude(enterprise=None).values("enterprise"))
        headers.register(REGISTRATION_PAGES)
        grant_permissions()
        register_timers()
        register_schedule()
