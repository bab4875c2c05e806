"""Redemptions in the admin: review (approve, reject with a reason), the invoice for staff, payout batches."""
from functools import partial

from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from regie.exports.lists import ExportMixin
from vouchers import services
from vouchers.admin.common import each, euro, form_action, short_date, status_badge
from vouchers.admin.payouts import create_batch_action
from vouchers.check_forms import proof_response
from vouchers.codes import normalize_code
from vouchers.forms import CheckNoteForm, RejectForm
from vouchers.invoices import einvoice_file_response, invoice_response, render_einvoice
from vouchers.models import CheckProof, Redemption, RedemptionStatus
from vouchers.reports.attention import waiting_for_approval


class ContestedFilter(admin.SimpleListFilter):
    title = _("contested")
    parameter_name = "betwist"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes"))]

    def queryset(self, request, queryset):
        return queryset.filter(status=RedemptionStatus.CONTESTED) if self.value() == "ja" else queryset


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for approval")
    parameter_name = "wacht"

    def lookups(self, request, model_admin):
        return [("7", _("more than 7 days"))]

    def queryset(self, request, queryset):
        return waiting_for_approval(queryset) if self.value() == "7" else queryset


class ToPayFilter(admin.SimpleListFilter):
    """What finance can put in a payout batch now."""
    title = _("payout batch")
    parameter_name = "uitbetaling"

    def lookups(self, request, model_admin):
        return [("nog_niet", _("Approved, not yet in a payout batch"))]

    def queryset(self, request, queryset):
        return queryset.payable() if self.value() == "nog_niet" else queryset


class CheckProofInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The proof a firm sent for a random check, beside the redemption: each file a download (sandboxed)."""
    model = CheckProof
    fields = readonly_fields = ("download", "uploaded_at", "uploaded_by", "note")
    extra = max_num = 0
    can_delete = False
    verbose_name_plural = _("proof for the random check")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("vouchers.view_redemption")

    @admin.display(description=_("file"))
    def download(self, proof):
        if not proof.file:
            return _("removed")
        url = reverse("admin:vouchers_redemption_proof", args=[proof.redemption_id, proof.pk])
        return format_html('<a href="{}">{} {}</a>', url, _("Download"), proof.get_extension().upper())

    @staticmethod
    def download_view(model_admin, request, pk, proof):
        redemption = model_admin.get_queryset(request).filter(pk=pk).first()
        found = CheckProof.objects.filter(redemption=redemption, pk=proof).select_related("redemption").first()
        if redemption is None or found is None or not model_admin.has_view_permission(request, redemption):
            raise Http404
        return proof_response(found)


@admin.register(Redemption)
class RedemptionAdmin(RegieScopedAdmin, ExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    export_columns = [  # a plain name takes the list's own header for that column (regie/exports/lists.py)
        ("submitted_on", lambda r: timezone.localtime(r.submitted_at)), ("cheque", lambda r: r.voucher.code_display),
        ("customer", lambda r: r.voucher.application.company_name), ("enterprise", lambda r: r.enterprise.name),
        ("amount_eur", lambda r: r.amount), (_("service date"), lambda r: r.service_date),
        (_("invoice number"), lambda r: r.invoice_number), (_("invoice date"), lambda r: r.invoice_date),
        (_("invoice amount excluding VAT"), lambda r: r.invoice_amount),
        ("status_badge", lambda r: r.get_status_display()),
        (_("random check"), lambda r: r.get_random_check_display()), ("paid_at", lambda r: r.paid_at),
    ]
    list_display = ["submitted_on", "cheque", "customer", "enterprise", "amount_eur", "status_badge", "paid_at"]
    list_filter = ["status", ToPayFilter, ContestedFilter, WaitingFilter, "random_check",
                   ("enterprise", admin.RelatedOnlyFieldListFilter), "voucher__call"]
    list_select_related = ["voucher__application", "enterprise"]
    search_fields = ["voucher__code", "invoice_number", "enterprise__name", "voucher__application__company_name"]
    date_hierarchy = "submitted_at"
    actions = ["approve", "reject", "proof_accepted", "proof_refused", "pay_per_firm", "pay_per_redemption",
               "credit_note_settled"]
    inlines = [CheckProofInline, AuditEventInline]
    readonly_fields = ["voucher", "enterprise", "submitted_by", "submitted_at", "amount", "description", "service_date",
                       "invoice_number", "invoice_date", "invoice_amount", "invoice_link", "einvoice_rendered",
                       "credit_note_attention", "status", "answered_at",
                       "confirmed_automatically", "contest_reason", "decided_at", "decided_by", "rejection_reason",
                       "random_check", "check_note", "checked_at", "checked_by", "batch", "paid_at"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("vouchers.change_redemption")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_code(search_term) or search_term)

    def get_urls(self):
        invoice = self.admin_site.admin_view(self.invoice_view)
        proof = self.admin_site.admin_view(partial(CheckProofInline.download_view, self))
        return [path("<int:pk>/factuur/", invoice, name="vouchers_redemption_invoice"),
                path("<int:pk>/bewijs/<int:proof>/", proof, name="vouchers_redemption_proof"),
                path("<int:pk>/e-factuur/<slug:part>/", self.admin_site.admin_view(self.einvoice_view),
                     name="vouchers_redemption_einvoice"), *super().get_urls()]

    def einvoice_view(self, request, pk, part):
        """The e-invoice's XML, the PDF inside it, or the credit note: downloads under the invoice's checks."""
        redemption = self.get_queryset(request).filter(pk=pk).first()
        if redemption is None or not self.has_view_permission(request, redemption):
            raise Http404
        return einvoice_file_response(redemption, part)

    @admin.display(description=_("e-invoice"))
    def einvoice_rendered(self, redemption):
        return render_einvoice(redemption) or "-"

    def invoice_view(self, request, pk):
        redemption = self.get_queryset(request).filter(pk=pk).first()
        if redemption is None or not self.has_view_permission(request, redemption):
            raise Http404
        return invoice_response(redemption)

    @admin.display(description=_("invoice"))
    def invoice_link(self, redemption):
        url = reverse("admin:vouchers_redemption_invoice", args=[redemption.pk])
        return format_html('<a href="{}">{} ({})</a>', url, redemption.invoice_number,
                           "PDF" if redemption.invoice else "XML")

    @admin.display(description=_("cheque"), ordering="voucher__code")
    def cheque(self, redemption):
        return format_html('<span class="nowrap">{}</span>', redemption.voucher.code_display)

    @admin.display(description=_("customer"), ordering="voucher__application__company_name")
    def customer(self, redemption):
        return redemption.voucher.application.company_name

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, redemption):
        badge = status_badge(redemption)
        if redemption.random_check:
            return format_html('{} <span class="badge check">{}</span>', badge, redemption.get_random_check_display())
        return badge

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_on(self, redemption):
        return short_date(redemption.submitted_at)

    @admin.display(description=_("amount (EUR)"), ordering="amount")
    def amount_eur(self, redemption):
        return euro(redemption.amount)

    def has_payout_permission(self, request):
        return request.user.has_perm("vouchers.add_payoutbatch")

    @admin.action(description=_("Create a payout batch: one payment per firm"), permissions=["payout"])
    def pay_per_firm(self, request, queryset):
        return create_batch_action(self, request, queryset, action_name="pay_per_firm", one_payment_per_firm=True,
                                   title=_("Create a payout batch: one payment per firm"))

    @admin.action(description=_("Create a payout batch: one payment per redemption"), permissions=["payout"])
    def pay_per_redemption(self, request, queryset):
        return create_batch_action(self, request, queryset, action_name="pay_per_redemption",
                                   one_payment_per_firm=False,
                                   title=_("Create a payout batch: one payment per redemption"))

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

    @admin.action(description=_("Credit note looked at: off the attention list"), permissions=["change"])
    def credit_note_settled(self, request, queryset):
        each(self, request, queryset, lambda r: services.settle_credit_note(redemption=r, by=request.user),
             _("credit note looked at"))

    @admin.action(description=_("Random check: proof accepted"), permissions=["change"])
    def proof_accepted(self, request, queryset):
        each(self, request, queryset, lambda r: services.record_check(redemption=r, by=request.user, passed=True,
                                                                      note=""), _("proof accepted"))

    @admin.action(description=_("Random check: proof not accepted (with a note)"), permissions=["change"])
    def proof_refused(self, request, queryset):
        def apply(data):
            each(self, request, queryset, lambda r: services.record_check(redemption=r, by=request.user,
                                                                          passed=False, note=data["note"]),
                 _("proof not accepted"))
        return form_action(request, queryset, title=_("Proof not accepted"), form_class=CheckNoteForm, apply=apply,
                           action_name="proof_refused")
