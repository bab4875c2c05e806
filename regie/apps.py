from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegieConfig(AppConfig):
    name = "regie"
    verbose_name = _("Portal")

    def ready(self):
        from regie.groups import sync_groups

        post_migrate.connect(sync_groups, dispatch_uid="regie.sync_groups")
