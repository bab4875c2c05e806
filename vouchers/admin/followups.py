"""Follow-up answers, read-only: what businesses and firms said some months after the cheque."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from vouchers.admin.common import short_date
from vouchers.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["customer", "enterprise", "respondent", "answer", "may_quote", "asked_on", "answered_on"]
    list_filter = ["respondent", "answer", "may_quote", "voucher__call"]
    list_select_related = ["voucher__application", "enterprise"]
    search_fields = ["voucher__application__company_name", "enterprise__name", "comment"]
    readonly_fields = ["voucher", "enterprise", "respondent", "sent_at", "reminded_at", "answer", "reason", "comment",
                       "may_quote", "answered_at"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    inlines = [AuditEventInline]

    @admin.display(description=_("business"), ordering="voucher__application__company_name")
    def customer(self, followup):
        return followup.voucher.application.company_name

    @admin.display(description=_("asked on"), ordering="sent_at")
    def asked_on(self, followup):
        return short_date(followup.sent_at)

    @admin.display(description=_("answered on"), ordering="answered_at")
    def answered_on(self, followup):
        return short_date(followup.answered_at)
