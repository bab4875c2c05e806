"""The results of `manage.py check_ledger`, read-only."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regie.admin import ReadOnlyAdminMixin
from vouchers.models import LedgerCheck


@admin.register(LedgerCheck)
class LedgerCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["ran_at", "adds_up", "mismatches", "seconds"]
    list_filter = ["mismatches"]
    readonly_fields = ["ran_at", "mismatches", "seconds", "report"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    @admin.display(boolean=True, description=_("adds up"))
    def adds_up(self, check):
        return check.adds_up
