"""Redemptions in the admin: review (approve, reject with a reason), the invoice for staff, payout batches."""
from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from vouchers import services
from vouchers.admin.common import each, form_action
from vouchers.admin.payouts import create_batch_action
from vouchers.codes import normalize_code
from vouchers.forms import RejectForm
from vouchers.invoices import invoice_response
from vouchers.models import Redemption, RedemptionStatus


class ContestedFilter(admin.SimpleListFilter):
    title = _("contested")
    parameter_name = "betwist"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes"))]

    def queryset(self, request, queryset):
        return queryset.filter(status=RedemptionStatus.CONTESTED) if self.value() == "ja" else queryset


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["submitted_at", "cheque", "customer", "enterprise", "amount", "service_date", "status_badge",
                    "paid_at"]
    list_filter = ["status", ContestedFilter, ("enterprise", admin.RelatedOnlyFieldListFilter), "voucher__call"]
    list_select_related = ["voucher__application", "enterprise"]
    search_fields = ["voucher__code", "invoice_number", "enterprise__name", "voucher__application__company_name"]
    date_hierarchy = "submitted_at"
    actions = ["approve", "reject", "pay_per_firm", "pay_per_redemption"]
    inlines = [AuditEventInline]
    fields = ["voucher", "enterprise", "submitted_by", "submitted_at", "amount", "description", "service_date",
              "invoice_number", "invoice_date", "invoice_amount", "invoice_link", "status", "answered_at",
              "confirmed_automatically", "contest_reason", "decided_at", "decided_by", "rejection_reason", "batch", "paid_at"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("vouchers.change_redemption")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_code(search_term) or search_term)

    def get_urls(self):
        invoice = self.admin_site.admin_view(self.invoice_view)
        return [path("<int:pk>/factuur/", invoice, name="vouchers_redemption_invoice"), *super().get_urls()]

    def invoice_view(self, request, pk):
        redemption = self.get_queryset(request).filter(pk=pk).first()
        if redemption is None or not self.has_view_permission(request, redemption):
            raise Http404
        return invoice_response(redemption)

    @admin.display(description=_("invoice"))
    def invoice_link(self, redemption):
        url = reverse("admin:vouchers_redemption_invoice", args=[redemption.pk])
        return format_html('<a href="{}">{} (PDF)</a>', url, redemption.invoice_number)

    @admin.display(description=_("cheque"), ordering="voucher__code")
    def cheque(self, redemption):
        return format_html('<span class="nowrap">{}</span>', redemption.voucher.code_display)

    @admin.display(description=_("business"), ordering="voucher__application__company_name")
    def customer(self, redemption):
        return redemption.voucher.application.company_name

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, redemption):
        if redemption.status == RedemptionStatus.CONTESTED:
            return format_html('<strong class="contested">⚠ {}</strong>', redemption.get_status_display())
        return redemption.get_status_display()

    def has_payout_permission(self, request):
        return request.user.has_perm("vouchers.add_payoutbatch")

    @admin.action(description=_("Create a payout batch: one payment per firm"), permissions=["payout"])
    def pay_per_firm(self, request, queryset):
        return create_batch_action(self, request, queryset, one_payment_per_firm=True)

    @admin.action(description=_("Create a payout batch: one payment per redemption"), permissions=["payout"])
    def pay_per_redemption(self, request, queryset):
        return create_batch_action(self, request, queryset, one_payment_per_firm=False)

    @admin.action(description=_("Approve (confirmed or contested)"), permissions=["change"])
    def approve(self, request, queryset):
        each(self, request, queryset.order_by("submitted_at"),
              lambda r: services.approve_redemption(redemption=r, by=request.user), _("approved"))

    @admin.action(description=_("Reject (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        def apply(data):
            reason = data["reason"]
            each(self, request, queryset,
                  lambda r: services.reject_redemption(redemption=r, by=request.user, reason=reason), _("rejected"))
        return form_action(request, queryset, title=_("Reject redemptions"), form_class=RejectForm, apply=apply,
                             action_name="reject")
