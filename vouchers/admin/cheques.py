"""Cheques in the admin: print (one PDF for the selection) and cancel unused ones."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from regie.exports.lists import ExportMixin
from vouchers import services
from vouchers.admin.common import euro, form_action, short_date, status_badge
from vouchers.codes import normalize_code
from vouchers.exceptions import TransitionError
from vouchers.forms import CancelForm, ExtendForm
from vouchers.models import Voucher
from vouchers.printing import print_cheques
from vouchers.reports.attention import expiring_soon


class ExpiringFilter(admin.SimpleListFilter):
    title = _("expiring")
    parameter_name = "vervalt"

    def lookups(self, request, model_admin):
        return [("30", _("within 30 days, balance left"))]

    def queryset(self, request, queryset):
        return expiring_soon(queryset) if self.value() == "30" else queryset


@admin.register(Voucher)
class VoucherAdmin(RegieScopedAdmin, ExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    export_columns = [
        (_("code"), lambda v: v.code_display), (_("business"), lambda v: v.application.company_name),
        (_("enterprise number"), lambda v: v.application.enterprise_number_display), (_("call"), lambda v: v.call.name),
        (_("face value (EUR)"), lambda v: v.face_value), (_("balance (EUR)"), lambda v: v.balance),
        (_("issued"), lambda v: timezone.localtime(v.issued_at)), (_("valid until"), lambda v: v.valid_until),
        (_("status"), lambda v: v.get_status_display()),
    ]
    list_display = ["code_display", "company", "balance_eur", "valid_until", "status_badge", "issued_on"]
    list_filter = ["status", ExpiringFilter, "call"]
    list_select_related = ["application", "call"]
    search_fields = ["code", "application__company_name", "application__enterprise_number"]
    actions = ["print_cheques", "cancel", "extend"]
    inlines = [AuditEventInline]
    readonly_fields = ["code_display", "application", "call", "face_value", "balance", "issued_at", "valid_until",
                       "status", "cancelled_at", "cancel_reason"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("vouchers.change_voucher")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_code(search_term) or search_term)

    @admin.display(description=_("code"), ordering="code")
    def code_display(self, voucher):
        return format_html('<span class="nowrap">{}</span>', voucher.code_display)

    @admin.display(description=_("issued"), ordering="issued_at")
    def issued_on(self, voucher):
        return short_date(voucher.issued_at)

    @admin.display(description=_("balance (EUR)"), ordering="balance")
    def balance_eur(self, voucher):
        return euro(voucher.balance)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, voucher):
        return status_badge(voucher)

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
        pdf, filename = print_cheques(printable, services.stored_cheque_pdfs(vouchers=printable))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description=_("Cancel unused cheques (with a reason)"), permissions=["change"])
    def cancel(self, request, queryset):
        def apply(data):
            reason = data["reason"]
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
        return form_action(request, queryset, title=_("Cancel cheques"), form_class=CancelForm, apply=apply,
                             action_name="cancel")

    @admin.action(description=_("Extend the validity (with a reason)"), permissions=["change"])
    def extend(self, request, queryset):
        def apply(data):
            for voucher in queryset:
                try:
                    services.extend_voucher(voucher=voucher, by=request.user, valid_until=data["valid_until"],
                                            reason=data["reason"])
                except (TransitionError, ValidationError) as error:
                    message = getattr(error, "message", None) or " ".join(error.messages)
                    self.message_user(request, f"{voucher.code_display}: {message}", messages.ERROR)
                else:
                    self.message_user(request, _("%(code)s is valid until %(date)s.") % {
                        "code": voucher.code_display, "date": data["valid_until"].strftime("%d/%m/%Y")},
                        messages.SUCCESS)
        return form_action(request, queryset, title=_("Extend cheques"), form_class=ExtendForm, apply=apply,
                           action_name="extend")
