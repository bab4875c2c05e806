"""The coordinator's admin for calls, applications, cheques and redemptions. Every action calls a service."""
from typing import cast

from django.contrib import admin

from regie.admin_site import PortalAdminSite
from vouchers.admin import (  # noqa: F401  (registers the model admins)
    applications,
    calls,
    cheques,
    followups,
    grants,
    ledger,
    payouts,
    redemptions,
    statements,
)
from vouchers.admin.dashboard import dashboard, report
from vouchers.privacy import admin as privacy_admin  # noqa: F401  (personal data, register of processing)

site = cast(PortalAdminSite, admin.site)  # the project's site: regie.apps sets it as the default
site.register_view("dashboard/", dashboard, "dashboard")
site.register_view("dashboard/rapport.pdf", report, "programme_report")
site.landing = "admin:dashboard"
