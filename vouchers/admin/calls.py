from django.contrib import admin
from django.db import models
from django.db.models import Count, Sum
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditedModelAdmin, AuditEventInline
from vouchers.admin.common import euro
from vouchers.amounts import EuroField
from vouchers.models import ApplicationStatus, Call, Redemption, RedemptionStatus, VoucherStatus


@admin.register(Call)
class CallAdmin(AuditedModelAdmin):
    # Amounts shown and typed as in Belgium: "15.000,00".
    formfield_overrides = {models.DecimalField: {"form_class": EuroField, "localize": True}}
    list_display = ["name", "opens_on", "closes_on", "face_value", "budget", "committed", "remaining"]
    search_fields = ["name"]
    filter_horizontal = ["postcodes"]
    readonly_fields = ["committed", "overview"]
    inlines = [AuditEventInline]
    fieldsets = [
        (None, {"fields": ["name", "face_value", "budget", "committed", "overview"]}),
        (_("Rules"), {"fields": ["opens_on", "closes_on", "validity_months", "contest_days", "deminimis_ceiling",
                                 "postcodes"]}),
    ]

    @admin.display(description=_("remaining"))
    def remaining(self, call):
        return call.remaining

    @admin.display(description=_("overview"))
    def overview(self, call):
        if not call.pk:
            return "-"
        counts = dict(call.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        vouchers = dict(call.vouchers.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        rows = [(label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]
        rows += [(f"{_('cheques')}: {label}", vouchers.get(value, 0)) for value, label in VoucherStatus.choices]
        money = call_money(call)
        return format_html(
            "<table><tr>{}</tr><tr>{}</tr></table><table>{}</table>",
            format_html_join("", "<th>{}</th>", [(label,) for label, _amount in money]),
            format_html_join("", "<td>EUR {}</td>", [(euro(amount),) for _label, amount in money]),
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )


def call_money(call):
    """Budget, committed, redeemed (not rejected), paid and remaining: the figures the regie reports."""
    redemptions = Redemption.objects.filter(voucher__call=call)
    redeemed = redemptions.counting().aggregate(total=Sum("amount"))["total"] or 0
    paid = redemptions.filter(status=RedemptionStatus.PAID).aggregate(total=Sum("amount"))["total"] or 0
    return [(_("budget"), call.budget), (_("committed"), call.committed), (_("redeemed"), redeemed),
            (_("paid"), paid), (_("remaining"), call.remaining)]
