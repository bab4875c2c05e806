"""The coordinator's admin for calls, applications, cheques and redemptions. Every action calls a service."""
from vouchers.admin import applications, calls, cheques, followups, ledger, payouts, redemptions  # noqa: F401  (registers the model admins)

from django.contrib import admin  # noqa: E402

from vouchers.admin.dashboard import dashboard, report  # noqa: E402
from vouchers.privacy import admin as privacy_admin  # noqa: E402, F401  (personal data, register of processing)

admin.site.register_view("dashboard/", dashboard, "dashboard")
admin.site.register_view("dashboard/rapport.pdf", report, "programme_report")
admin.site.landing = "admin:dashboard"
