"""The coordinator's admin for calls, applications and cheques. Every action calls a service."""
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.utils.formats import number_format
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _, ngettext

from enterprises.numbers import normalize_enterprise_number
from regie.admin import AuditedModelAdmin, AuditEventInline, ReadOnlyAdminMixin
from vouchers import services
from vouchers.amounts import EuroField
from vouchers.codes import normalize_code
from vouchers.exceptions import TransitionError
from vouchers.forms import CancelForm, RejectForm
from vouchers.models import Application, ApplicationStatus, Call, Voucher, VoucherStatus
from vouchers.pdf import merge_pdfs


@admin.register(Call)
class CallAdmin(AuditedModelAdmin):
    formfield_overrides = {models.DecimalField: {"form_class": EuroField}}  # "15.000,00" as typed in Belgium
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
        return format_html(
            "<p>{}: EUR {} · {}: EUR {} · {}: EUR {}</p><table>{}</table>",
            _("budget"), euro(call.budget), _("committed"), euro(call.committed), _("remaining"), euro(call.remaining),
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )


def euro(amount):
    return number_format(amount, 2, force_grouping=True)


class VerifiedFilter(admin.SimpleListFilter):
    title = _("e-mail confirmed")
    parameter_name = "bevestigd"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes")), ("nee", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(verified_at__isnull=self.value() == "nee")
        return queryset


class EarlierRecipientFilter(admin.SimpleListFilter):
    title = _("cheque in an earlier call")
    parameter_name = "eerder"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes")), ("nee", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(earlier_recipient=self.value() == "ja")
        return queryset


def earlier_cheques():
    return Voucher.objects.filter(application__enterprise_number=OuterRef("enterprise_number")).exclude(
        call=OuterRef("call"))


def reason_action(request, queryset, *, title, form_class, apply, action_name):
    """Ask for a reason on an intermediate page, then apply the service to each selected object."""
    form = form_class(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        return apply(form.cleaned_data["reason"])
    return TemplateResponse(request, "admin/vouchers/reason_form.html", {
        "title": title, "form": form, "objects": queryset, "action": action_name,
        "opts": queryset.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["company_name", "enterprise_number_display", "municipality", "call", "status", "verified",
                    "earlier_recipient_flag", "submitted_at"]
    list_filter = ["status", "call", "municipality", VerifiedFilter, EarlierRecipientFilter]
    list_select_related = ["call", "municipality"]
    search_fields = ["company_name", "enterprise_number", "email", "contact_name"]
    date_hierarchy = "submitted_at"
    actions = ["approve", "waitlist", "reject"]
    inlines = [AuditEventInline]
    fieldsets = [
        (None, {"fields": ["call", "status", "cheque", "submitted_at", "verified_at", "decided_at", "decided_by",
                           "rejection_reason"]}),
        (_("Business"), {"fields": ["company_name", "enterprise_number_display", "street", "postcode", "place",
                                    "municipality", "sector", "size"]}),
        (_("Contact"), {"fields": ["contact_name", "email", "phone", "language"]}),
        (_("Interest and declarations"), {"fields": ["interested_categories", "interested_enterprises", "motivation",
                                                     "deminimis_amount", "accepted_terms_at"]}),
    ]
    readonly_fields = [f for fs in fieldsets for f in fs[1]["fields"]]

    def has_change_permission(self, request, obj=None):
        # Decisions are made with the actions; the application itself stays as the business sent it.
        return obj is None and request.user.has_perm("vouchers.change_application")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(earlier_recipient=Exists(earlier_cheques()))

    def get_search_results(self, request, queryset, search_term):
        try:
            search_term = normalize_enterprise_number(search_term)
        except Exception:
            pass
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("enterprise number"), ordering="enterprise_number")
    def enterprise_number_display(self, application):
        return application.enterprise_number_display

    @admin.display(description=_("e-mail confirmed"), boolean=True, ordering="verified_at")
    def verified(self, application):
        return application.verified_at is not None

    @admin.display(description=_("earlier cheque"), boolean=True, ordering="earlier_recipient")
    def earlier_recipient_flag(self, application):
        return application.earlier_recipient or None

    @admin.display(description=_("cheque"))
    def cheque(self, application):
        voucher = getattr(application, "voucher", None)
        if voucher is None:
            return "-"
        return format_html('<a href="../../../voucher/{}/change/">{}</a>', voucher.pk, voucher.code_display)

    @admin.action(description=_("Approve and issue cheques (in order of submission)"), permissions=["change"])
    def approve(self, request, queryset):
        issued, waitlisted = services.approve_applications(applications=list(queryset), by=request.user)
        self.message_user(request, ngettext("%d cheque issued.", "%d cheques issued.", len(issued)) % len(issued),
                          messages.SUCCESS)
        if waitlisted:
            self.message_user(request, ngettext(
                "The budget is used up: %d application was put on the waiting list.",
                "The budget is used up: %d applications were put on the waiting list.", len(waitlisted),
            ) % len(waitlisted), messages.WARNING)
        skipped = len(queryset) - len(issued) - len(waitlisted)
        if skipped:
            self.message_user(request, ngettext(
                "%d application was skipped: only verified or waitlisted applications can be approved.",
                "%d applications were skipped: only verified or waitlisted applications can be approved.", skipped,
            ) % skipped, messages.WARNING)

    @admin.action(description=_("Put on the waiting list"), permissions=["change"])
    def waitlist(self, request, queryset):
        self._each(request, queryset, lambda a: services.waitlist_application(application=a, by=request.user),
                   _("put on the waiting list"))

    @admin.action(description=_("Reject (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        def apply(reason):
            self._each(request, queryset,
                       lambda a: services.reject_application(application=a, by=request.user, reason=reason),
                       _("rejected"))
        return reason_action(request, queryset, title=_("Reject applications"), form_class=RejectForm,
                             apply=apply, action_name="reject")

    def _each(self, request, queryset, change, done):
        succeeded = 0
        for obj in queryset:
            try:
                change(obj)
                succeeded += 1
            except TransitionError as error:
                self.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        if succeeded:
            self.message_user(request, f"{succeeded} × {done}", messages.SUCCESS)


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
        return voucher.code_display

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
