from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Social-economy enterprises")

    def ready(self):
        """Tell regie what this app has: permissions per staff group, the partner portal's private pages and
        second factor, its retention schedule entries, the names of a regie's area."""
        # The modules below load models, which exist only once the apps are ready.
        from enterprises import catalogue_cache  # noqa: PLC0415 late: AppConfig.ready
        from enterprises.permissions import grant_permissions  # noqa: PLC0415 late: AppConfig.ready
        from enterprises.portal import register_partner_portal  # noqa: PLC0415 late: AppConfig.ready
        from enterprises.privacy import register_schedule  # noqa: PLC0415 late: AppConfig.ready
        from enterprises.region import region_line  # noqa: PLC0415 late: AppConfig.ready
        from regie.privacy.register import register_area_names  # noqa: PLC0415 late: AppConfig.ready

        catalogue_cache.connect()  # a change to what the catalogue shows gives it a new version
        grant_permissions()
        register_partner_portal()
        register_schedule()
        register_area_names(region_line)  # the register of processing activities names the area's municipalities
