from django.contrib import admin, messages
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from vouchers import services
from vouchers.admin.common import each, reason_action
from vouchers.admin.payouts import create_batch_action
from vouchers.codes import normalize_code
from vouchers.exceptions import TransitionError
from vouchers.forms import CancelForm, RejectForm
from vouchers.models import Redemption, RedemptionStatus, Voucher
from vouchers.pdf import merge_pdfs


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code_display", "company", "call", "face_value", "valid_until", "status", "issued_at"]
    list_filter = ["status", "call"]
    list_select_related = ["application", "call"]
    search_fields = ["code", "application__company_name", "application__enterprise_number"]
    actions = ["print_cheques", "cancel"]
    inlines = [AuditEventInline]
    fields = ["code_display", "application", "call", "face_value", "issued_at", "valid_until", "status",
              "cancelled_at", "cancel_reason"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("vouchers.change_voucher")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_code(search_term) or search_term)

    @admin.display(description=_("code"), ordering="code")
    def code_display(self, voucher):
        return format_html('<span style="white-space: nowrap">{}</span>', voucher.code_display)

    @admin.display(description=_("business"), ordering="application__company_name")
    def company(self, voucher):
        return voucher.application.company_name

    @admin.action(description=_("Print selected cheques (one PDF)"), permissions=["view"])
    def print_cheques(self, request, queryset):
        vouchers = queryset.select_related("application", "call").order_by("issued_at", "pk")
        printable = [v for v in vouchers if v.is_downloadable()]
        if not printable:
            self.message_user(request, _("Cancelled and expired cheques are not printed."), messages.WARNING)
            return None
        pdf = merge_pdfs([services.store_cheque_pdf(voucher=voucher) for voucher in printable])
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="kennismakingscheques.pdf"'
        return response

    @admin.action(description=_("Cancel unused cheques (with a reason)"), permissions=["change"])
    def cancel(self, request, queryset):
        def apply(reason):
            done = 0
            for voucher in queryset:
                try:
                    services.cancel_voucher(voucher=voucher, by=request.user, reason=reason)
                    done += 1
                except TransitionError:
                    self.message_user(request, _("%(code)s cannot be cancelled: only an unused valid cheque can.")
                                      % {"code": voucher.code_display}, messages.ERROR)
            if done:
                self.message_user(request, ngettext("%d cheque cancelled; its value returns to the budget.",
                                                    "%d cheques cancelled; their value returns to the budget.",
                                                    done) % done, messages.SUCCESS)
        return reason_action(request, queryset, title=_("Cancel cheques"), form_class=CancelForm, apply=apply,
                             action_name="cancel")


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
        return FileResponse(redemption.invoice.open("rb"), content_type="application/pdf")

    @admin.display(description=_("invoice"))
    def invoice_link(self, redemption):
        return format_html('<a href="../factuur/">{} (PDF)</a>', redemption.invoice_number)

    @admin.display(description=_("cheque"), ordering="voucher__code")
    def cheque(self, redemption):
        return format_html('<span style="white-space: nowrap">{}</span>', redemption.voucher.code_display)

    @admin.display(description=_("business"), ordering="voucher__application__company_name")
    def customer(self, redemption):
        return redemption.voucher.application.company_name

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, redemption):
        if redemption.status == RedemptionStatus.CONTESTED:
            return format_html('<strong style="color:#a1121b">⚠ {}</strong>', redemption.get_status_display())
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
        def apply(reason):
            each(self, request, queryset,
                  lambda r: services.reject_redemption(redemption=r, by=request.user, reason=reason), _("rejected"))
        return reason_action(request, queryset, title=_("Reject redemptions"), form_class=RejectForm, apply=apply,
                             action_name="reject")
