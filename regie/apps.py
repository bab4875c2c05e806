from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegieConfig(AppConfig):
    default = True
    name = "regie"
    verbose_name = _("Portal")

    def ready(self):
        # The modules below load models, which exist only once the apps are ready.
        from regie.accounts.groups import sync_groups  # noqa: PLC0415 late: AppConfig.ready
        from regie.accounts.languages import remember_browser_language  # noqa: PLC0415 late: AppConfig.ready
        from regie.ops import checks, warmup  # noqa: F401, PLC0415 late: AppConfig.ready; checks: deployment checks
        from regie.web import hosts, release  # noqa: PLC0415 late: AppConfig.ready

        post_migrate.connect(sync_groups, dispatch_uid="regie.sync_groups")
        user_logged_in.connect(remember_browser_language, dispatch_uid="regie.remember_browser_language")
        hosts.connect()  # a host's regie is kept in the cache until the regie or its host names change
        warmup.register("release", release.token)  # the pages' ETags read it; reading the code takes ~0.1-0.3 s


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site (second factor for staff)."""

    default = False  # regie's own AppConfig is RegieConfig
    default_site = "regie.admin_site.PortalAdminSite"
