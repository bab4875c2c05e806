"""Finance: payout batches with their SEPA and CSV files, and marking them paid."""
from django.contrib import admin, messages
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from vouchers import services
from vouchers.admin.common import each, euro
from vouchers.exceptions import TransitionError
from vouchers.models import PayoutBatch, Redemption
from vouchers.sepa import payout_csv, sepa_xml


class RedemptionInBatchInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Redemption
    fields = ["enterprise", "voucher", "invoice_number", "amount", "status", "paid_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "status", "execution_date", "redemption_count", "total", "paid_on", "files"]
    list_filter = ["status"]
    actions = ["mark_paid"]
    inlines = [RedemptionInBatchInline, AuditEventInline]
    fields = ["reference", "status", "one_payment_per_firm", "execution_date", "created_at", "created_by",
              "paid_on", "paid_by", "files"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("vouchers.change_payoutbatch")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("redemptions"), sum=Sum("redemptions__amount"))

    @admin.display(description=_("redemptions"), ordering="n")
    def redemption_count(self, batch):
        return batch.n

    @admin.display(description=_("total (EUR)"), ordering="sum")
    def total(self, batch):
        return euro(batch.sum or 0)

    @admin.display(description=_("files"))
    def files(self, batch):
        base = f"/admin/vouchers/payoutbatch/{batch.pk}"
        return format_html('<a href="{}/sepa.xml">SEPA (pain.001)</a> · <a href="{}/betalingen.csv">CSV</a>', base, base)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/sepa.xml", view(self.download), {"kind": "xml"}, name="vouchers_payout_sepa"),
                path("<int:pk>/betalingen.csv", view(self.download), {"kind": "csv"}, name="vouchers_payout_csv"),
                *super().get_urls()]

    def download(self, request, pk, kind):
        batch = PayoutBatch.objects.filter(pk=pk).first()
        if batch is None or not self.has_view_permission(request, batch):
            raise Http404
        content, mimetype = (sepa_xml(batch), "application/xml") if kind == "xml" else (payout_csv(batch), "text/csv")
        response = HttpResponse(content, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{kind}"'
        return response

    @admin.action(description=_("Mark as paid today"), permissions=["change"])
    def mark_paid(self, request, queryset):
        each(self, request, queryset,
             lambda b: services.mark_batch_paid(batch=b, by=request.user, paid_on=timezone.localdate()), _("paid"))


def create_batch_action(model_admin, request, queryset, one_payment_per_firm=True):
    try:
        batch = services.create_payout_batch(by=request.user, execution_date=timezone.localdate(),
                                             redemption_ids=list(queryset.values_list("pk", flat=True)),
                                             one_payment_per_firm=one_payment_per_firm)
    except TransitionError as error:
        model_admin.message_user(request, error.message, messages.ERROR)
        return None
    model_admin.message_user(request, _("Payout batch %(reference)s created.") % {"reference": batch.reference},
                             messages.SUCCESS)
    return None
