"""The results of `manage.py check_ledger`, read-only: on a regie's host, the checks of that regie's ledger (its
calls, cheques and payments; no regie column, every row is the host's regie's)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regie.admin import ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from vouchers.models import LedgerCheck


@admin.register(LedgerCheck)
class LedgerCheckAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["ran_at", "adds_up", "mismatches", "seconds"]
    list_filter = ["mismatches"]
    readonly_fields = ["ran_at", "mismatches", "seconds", "report"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    @admin.display(boolean=True, description=_("adds up"))
    def adds_up(self, check):
        return check.adds_up
