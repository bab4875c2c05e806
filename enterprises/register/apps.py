"""The enterprise register: what the KBO/BCE open data says about Belgian enterprises in the regie's area
(existence, status, juridical form, establishments, names, activities), imported monthly by `import_kbo`."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "enterprises.register"
    label = "register"
    verbose_name = _("Enterprise register (KBO)")

    def ready(self):
        """Tell regie what this app has: its monthly import's timer and its retention schedule entry."""
        # The modules below load models, which exist only once the apps are ready.
        from enterprises.register.privacy import register_schedule  # noqa: PLC0415 late: AppConfig.ready
        from enterprises.register.timers import register_timers  # noqa: PLC0415 late: AppConfig.ready

        register_timers()
        register_schedule()
