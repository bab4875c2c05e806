"""Finance: payout batches with their SEPA and CSV files and their payments; mark paid by hand (for a bank without
statements), cancel, or set a new date."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from regie.exports.lists import ExportMixin
from vouchers import services
from vouchers.admin.common import each, euro, form_action, status_badge
from vouchers.bank_files import FileRefused, payout_file
from vouchers.exceptions import TransitionError
from vouchers.forms import BatchCancelForm, ExecutionDateForm, PayoutBatchForm
from vouchers.models import Payment, PayoutBatch, PayoutBatchStatus, Redemption


class PaymentInBatchInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The batch's transfers as frozen when it was made, and what the bank did with each."""
    model = Payment
    readonly_fields = ["end_to_end_id", "creditor_name", "iban", "communication", "amount", "status", "booked_on",
                       "returned_on", "return_reason_code"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    extra = 0
    can_delete = False
    show_change_link = True


class RedemptionInBatchInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Redemption
    readonly_fields = ["enterprise", "voucher", "invoice_number", "amount", "status", "paid_at"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    extra = 0
    can_delete = False


@admin.register(PayoutBatch)
class PayoutBatchAdmin(RegieScopedAdmin, ExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    export_columns = [  # a plain name takes the list's own header for that column (regie/exports/lists.py)
        ("reference", lambda b: b.reference), ("status_badge", lambda b: b.get_status_display()),
        ("execution_date", lambda b: b.execution_date), ("redemption_count", lambda b: b.n),
        ("total", lambda b: b.sum or 0), ("paid_on", lambda b: b.paid_on),
        (_("SEPA message id"), lambda b: b.message_id),
    ]
    list_display = ["reference", "status_badge", "execution_date", "redemption_count", "total", "paid_on", "files"]
    list_filter = ["status"]
    actions = ["mark_paid", "reschedule", "cancel"]
    inlines = [PaymentInBatchInline, RedemptionInBatchInline, AuditEventInline]
    readonly_fields = ["reference", "status", "one_payment_per_firm", "execution_date", "message_id", "created_at",
                       "created_by", "paid_on", "paid_by", "cancelled_at", "cancelled_by", "cancel_reason", "files"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("vouchers.change_payoutbatch")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("redemptions"), sum=Sum("redemptions__amount"))

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, batch):
        return status_badge(batch)

    @admin.display(description=_("redemptions"), ordering="n")
    def redemption_count(self, batch):
        return batch.n

    @admin.display(description=_("total (EUR)"), ordering="sum")
    def total(self, batch):
        return euro(batch.sum or 0)

    @admin.display(description=_("files"))
    def files(self, batch):
        if batch.status == PayoutBatchStatus.CANCELLED:
            return "-"
        sepa = reverse("admin:vouchers_payout_sepa", args=[batch.pk])
        csv = reverse("admin:vouchers_payout_csv", args=[batch.pk])
        if batch.file_is_outdated(timezone.localdate()):
            return format_html('{} · <a href="{}">CSV</a>', _("SEPA: set a new execution date first"), csv)
        return format_html('<a href="{}">SEPA (pain.001)</a> · <a href="{}">CSV</a>', sepa, csv)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/sepa.xml", view(self.download), {"kind": "sepa"}, name="vouchers_payout_sepa"),
                path("<int:pk>/betalingen.csv", view(self.download), {"kind": "csv"}, name="vouchers_payout_csv"),
                *super().get_urls()]

    def download(self, request, pk, kind):
        batch = self.get_queryset(request).filter(pk=pk).first()  # the host's regie's batches only
        if batch is None or not self.has_view_permission(request, batch):
            raise Http404
        try:
            content, content_type, filename = payout_file(batch, kind)
        except FileRefused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:vouchers_payoutbatch_changelist"))
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description=_("Mark as paid today"), permissions=["change"])
    def mark_paid(self, request, queryset):
        each(self, request, queryset,
             lambda b: services.mark_batch_paid(batch=b, by=request.user, paid_on=timezone.localdate()), _("paid"))

    @admin.action(description=_("Set a new execution date"), permissions=["change"])
    def reschedule(self, request, queryset):
        def apply(data):
            each(self, request, queryset, lambda b: services.reschedule_payout_batch(
                batch=b, by=request.user, execution_date=data["execution_date"]), _("new execution date set"))
        return form_action(request, queryset, title=_("Set a new execution date"), form_class=ExecutionDateForm,
                           apply=apply, action_name="reschedule")

    @admin.action(description=_("Cancel unpaid batches"), permissions=["change"])
    def cancel(self, request, queryset):
        def apply(data):
            each(self, request, queryset, lambda b: services.cancel_payout_batch(
                batch=b, by=request.user, reason=data["reason"]), _("cancelled"))
        return form_action(request, queryset, title=_("Cancel payout batches"), form_class=BatchCancelForm,
                           apply=apply, action_name="cancel")


def create_batch_action(model_admin, request, queryset, *, action_name, title, one_payment_per_firm):
    """Ask for the requested execution date, then make the batch of the selected redemptions that can be paid, of
    the regie the admin is served as (its host), paid from that regie's account."""
    def apply(data):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            batch = services.create_payout_batch(by=request.user, regie=request.regie,
                                                 execution_date=data["execution_date"], redemption_ids=ids,
                                                 one_payment_per_firm=one_payment_per_firm)
        except (TransitionError, ValidationError) as error:
            model_admin.message_user(request, getattr(error, "message", None) or " ".join(error.messages),
                                     messages.ERROR)
            return
        url = reverse("admin:vouchers_payoutbatch_change", args=[batch.pk])
        model_admin.message_user(request, format_html(
            _("Payout batch {reference} created, to be executed on {date}."),
            reference=format_html('<a href="{}">{}</a>', url, batch.reference),
            date=date_format(batch.execution_date, "l d/m/Y")), messages.SUCCESS)
        for message in left_out_messages(ids, batch):
            model_admin.message_user(request, message, messages.WARNING)
        return
    return form_action(request, queryset, title=title, form_class=PayoutBatchForm, apply=apply,
                       action_name=action_name)


def left_out_messages(ids, batch):
    """Why some of the selected redemptions are not in `batch`: of another regie, already in a batch, or not
    approved."""
    left_out = Redemption.objects.filter(pk__in=ids).exclude(batch=batch)
    of_another_regie = left_out.exclude(voucher__call__regie=batch.regie_id).count()
    left_out = left_out.filter(voucher__call__regie=batch.regie_id)
    in_a_batch = left_out.filter(batch__isnull=False).count()
    not_approved = left_out.filter(batch__isnull=True).count()
    if of_another_regie:
        yield ngettext("%(count)d redemption is of another regie's call and was left out.",
                       "%(count)d redemptions are of another regie's calls and were left out.",
                       of_another_regie) % {"count": of_another_regie}
    if in_a_batch:
        yield ngettext("%(count)d redemption was already in a payout batch and was left out.",
                       "%(count)d redemptions were already in a payout batch and were left out.",
                       in_a_batch) % {"count": in_a_batch}
    if not_approved:
        yield ngettext("%(count)d redemption is not approved and was left out.",
                       "%(count)d redemptions are not approved and were left out.",
                       not_approved) % {"count": not_approved}
