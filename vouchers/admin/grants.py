"""The de-minimis grants in the admin: read only (the services record and correct them), exported as the central
register asks (the same columns as `manage.py deminimis_register`)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from regie.exports.lists import ExportMixin
from vouchers.admin.common import euro
from vouchers.models import DeMinimisGrant
from vouchers.models.grants import REGISTER_COLUMNS


@admin.register(DeMinimisGrant)
class DeMinimisGrantAdmin(RegieScopedAdmin, ExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    export_columns = REGISTER_COLUMNS
    list_display = ["granted_on", "beneficiary_name", "beneficiary", "amount_eur", "corrected_eur", "corrected_on",
                    "measure"]
    list_filter = ["correction", "measure"]
    date_hierarchy = "granted_on"
    list_select_related = ["voucher"]
    search_fields = ["beneficiary_name", "beneficiary_number", "voucher__code"]
    inlines = [AuditEventInline]
    readonly_fields = ["voucher", "beneficiary", "beneficiary_name", "amount", "granted_on", "authority_name",
                       "authority_number", "measure", "regulation", "corrected_amount", "corrected_on", "correction",
                       "correction_note"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    @admin.display(description=_("beneficiary's enterprise number"), ordering="beneficiary_number")
    def beneficiary(self, grant):
        return grant.beneficiary_number_display

    @admin.display(description=_("aid granted (EUR)"), ordering="amount")
    def amount_eur(self, grant):
        return euro(grant.amount)

    @admin.display(description=_("corrected aid (EUR)"), ordering="corrected_amount")
    def corrected_eur(self, grant):
        return "–" if grant.corrected_amount is None else euro(grant.corrected_amount)
