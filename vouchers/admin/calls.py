from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from regie.admin import AuditEventInline
from regie.admin_site import NamedInlineFields, RegieScopedAdmin
from vouchers import services
from vouchers.admin.common import euro
from vouchers.amounts import EuroField
from vouchers.models import ApplicationStatus, Call, MunicipalityShare, VoucherStatus
from vouchers.selectors import call_figures, last_ledger_check
from vouchers.services.calls import RULE_FIELDS, budget_error


class CallForm(forms.ModelForm):
    regie = None  # the regie of the host the coordinator works on (CallAdmin.get_form)

    class Meta:
        model = Call
        fields = [*RULE_FIELDS, "postcodes"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        regie = self.instance.regie if self.instance.pk else self.regie
        if Call.objects.filter(regie=regie, name=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This regie already has a call of this name."), code="call_name_taken")
        return name

    def clean_budget(self):
        budget = self.cleaned_data.get("budget")
        if self.instance.pk:  # what is committed now, not when the form was opened
            committed = Call.objects.filter(pk=self.instance.pk).values_list("committed", flat=True).first() or 0
            error = budget_error(budget=budget, committed=committed)
            if error is not None:
                raise error
        return budget


class MunicipalityShareInline(NamedInlineFields, admin.TabularInline):
    """Optional co-financing shares; saved through the service (audited), a warning when one is used up."""
    model = MunicipalityShare
    fields = ["municipality", "amount"]
    extra = 1
    formfield_overrides = {models.DecimalField: {"form_class": EuroField, "localize": True}}
    verbose_name_plural = _("municipalities' shares of the budget (optional)")


@admin.register(Call)
class CallAdmin(RegieScopedAdmin, admin.ModelAdmin):
    """Calls are created and edited through services (vouchers/services/calls.py), which write the audit log. The
    list and the pages show the calls of the regie whose host the admin is on; a new call is that regie's."""
    form = CallForm
    # Amounts shown and typed as in Belgium: "15.000,00".
    formfield_overrides = {models.DecimalField: {"form_class": EuroField, "localize": True}}
    list_display = ["name", "opens_on", "closes_on", "budget_eur", "committed_eur", "redeemed_eur", "paid_eur",
                    "remaining"]
    change_list_template = "admin/vouchers/call/change_list.html"
    search_fields = ["name"]
    filter_horizontal = ["postcodes"]
    readonly_fields = ["committed", "redeemed", "paid", "overview"]
    inlines = [MunicipalityShareInline, AuditEventInline]
    fieldsets = [
        (None, {"fields": ["name", "name_fr", "name_en", "face_value", "budget", "overview"]}),
        (_("Rules"), {"fields": ["opens_on", "closes_on", "validity_months", "contest_days", "followup_months",
                                 "random_check_percent", "deminimis_ceiling", "postcodes"]}),
        (_("Who cannot apply (checked with the enterprise register)"), {"fields": ["excluded_juridical_forms",
                                                                                 "excluded_nace"]}),
        (_("Funding and targets (programme report)"), {"fields": ["funding_reference", "subsidy_amount",
                                                                  "target_cheques"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"regie": request.regie})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # committed grew between the form's check and the save
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in RULE_FIELDS}
        postcodes = list(form.cleaned_data["postcodes"])
        if change:
            services.update_call(call=obj, by=request.user, changes=data, postcodes=postcodes)
        else:
            obj.pk = services.create_call(by=request.user, regie=request.regie, data=data, postcodes=postcodes).pk

    def save_related(self, request, form, formsets, change):
        """The service has set the postcodes (no form.save_m2m()); shares go through their service; the audit
        log inline saves nothing."""
        for formset in formsets:
            if formset.model is MunicipalityShare:
                shares = {f.cleaned_data["municipality"]: (None if f.cleaned_data.get("DELETE") else
                                                           f.cleaned_data.get("amount"))
                          for f in formset.forms if f.cleaned_data.get("municipality")}
                services.set_municipality_shares(call=form.instance, by=request.user, shares=shares)
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            else:
                self.save_formset(request, form, formset, change=change)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}),
                                                 "ledger_check": last_ledger_check(request.regie)})

    @admin.display(description=_("budget"), ordering="budget")
    def budget_eur(self, call):
        return euro(call.budget)

    @admin.display(description=_("committed"), ordering="committed")
    def committed_eur(self, call):
        return euro(call.committed)

    @admin.display(description=_("redeemed"), ordering="redeemed")
    def redeemed_eur(self, call):
        return euro(call.redeemed)

    @admin.display(description=_("paid"), ordering="paid")
    def paid_eur(self, call):
        return euro(call.paid)

    @admin.display(description=_("remaining"))
    def remaining(self, call):
        return euro(call.remaining)

    @admin.display(description=_("overview"))
    def overview(self, call):
        if not call.pk:
            return "-"
        counts = dict(call.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        vouchers = dict(call.vouchers.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        rows = [(label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]
        rows += [(f"{_('cheques')}: {label}", vouchers.get(value, 0)) for value, label in VoucherStatus.choices]
        money = call_figures(call)
        return format_html(
            "<table><tr>{}</tr><tr>{}</tr></table><table>{}</table>",
            format_html_join("", "<th>{}</th>", [(label,) for label, _amount in money]),
            format_html_join("", "<td>EUR {}</td>", [(euro(amount),) for _label, amount in money]),
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )
