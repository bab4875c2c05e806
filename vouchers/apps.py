from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _

# The applicant's pages, by their Dutch address whatever the page's language (regie.web.addresses.dutch_path).
APPLICANT_PAGES = r"^/[a-z]{2}/(aanvraag|aanvragen/verstuurd|opvolging)/"


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("Cheques")

    def ready(self):
        """Tell regie what this app has: its health check, warm-up, private pages, permissions per staff group,
        scheduled commands and retention schedule entries; keep its database rules through SQLite's table rebuilds."""
        # The modules below load models, which exist only once the apps are ready.
        from enterprises.models import TIES_TO_OTHER_REGIES  # noqa: PLC0415 late: AppConfig.ready
        from regie.models.regies import require_for_setup  # noqa: PLC0415 late: AppConfig.ready
        from regie.ops import health, warmup  # noqa: PLC0415 late: AppConfig.ready
        from regie.web import headers  # noqa: PLC0415 late: AppConfig.ready
        from vouchers import database_rules  # noqa: PLC0415 late: AppConfig.ready
        from vouchers.permissions import grant_permissions  # noqa: PLC0415 late: AppConfig.ready
        from vouchers.privacy.schedule import register_schedule  # noqa: PLC0415 late: AppConfig.ready
        from vouchers.reports.programme import warm_up  # noqa: PLC0415 late: AppConfig.ready
        from vouchers.selectors import firms_redeeming_for_other_regies  # noqa: PLC0415 late: AppConfig.ready
        from vouchers.system_checks import (  # noqa: PLC0415 late: AppConfig.ready
            admits_applicants,
            ledger_health,
            ledger_health_of,
        )
        from vouchers.timers import register_timers  # noqa: PLC0415 late: AppConfig.ready

        TIES_TO_OTHER_REGIES.append(firms_redeeming_for_other_regies)
        health.register("ledger", ledger_health, of_regie=ledger_health_of)
        require_for_setup(_("area (postcodes)"), admits_applicants)
        warmup.register("pdf", warm_up)  # the first report or cheque of a process takes its usual time
        headers.register(APPLICANT_PAGES)
        grant_permissions()
        register_timers()
        register_schedule()
        pre_migrate.connect(database_rules.drop_before_migrate, sender=self, dispatch_uid="vouchers-rules-drop")
        post_migrate.connect(database_rules.create_after_migrate, sender=self, dispatch_uid="vouchers-rules-create")
