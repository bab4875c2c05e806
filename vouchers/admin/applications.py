import contextlib

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from regie.exports.lists import ExportMixin
from regie.formats.numbers import normalize_enterprise_number
from vouchers import services
from vouchers.admin.common import each, euro, form_action, short_date, status_badge
from vouchers.eligibility import nace_display
from vouchers.forms import RejectForm
from vouchers.models import Application, Voucher
from vouchers.selectors import used_up_shares


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


class ConflictFilter(admin.SimpleListFilter):
    """The same enterprise number confirmed twice in a call, one of them undecided (the attention list's link)."""
    title = _("conflict: same enterprise number")
    parameter_name = "conflict"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes"))]

    def queryset(self, request, queryset):
        return queryset.filter(in_conflict=True) if self.value() == "ja" else queryset


def earlier_cheques():
    """The cheques the same business got in the regie's other calls (another regie's are not this one's to know)."""
    return Voucher.objects.filter(application__enterprise_number=OuterRef("enterprise_number"),
                                  call__regie=OuterRef("call__regie")).exclude(call=OuterRef("call"))


@admin.register(Application)
class ApplicationAdmin(RegieScopedAdmin, ExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    export_columns = [
        (_("business"), lambda a: a.company_name), (_("enterprise number"), lambda a: a.enterprise_number_display),
        (_("street"), lambda a: a.street), (_("postcode"), lambda a: a.postcode), (_("place"), lambda a: a.place),
        (_("municipality"), lambda a: a.municipality.name if a.municipality else ""),
        (_("sector"), lambda a: a.get_sector_display()), (_("size"), lambda a: a.get_size_display()),
        (_("contact"), lambda a: a.contact_name), (_("e-mail"), lambda a: a.email), (_("phone"), lambda a: a.phone),
        (_("language"), lambda a: a.language), (_("call"), lambda a: a.call.name),
        (_("status"), lambda a: a.get_status_display()),
        (_("cheque"), lambda a: a.voucher.code_display if hasattr(a, "voucher") else ""),
        (_("earlier cheque"), lambda a: a.earlier_recipient),
        (_("submitted"), lambda a: timezone.localtime(a.submitted_at)),
        (_("e-mail confirmed"), lambda a: timezone.localtime(a.verified_at) if a.verified_at else None),
        (_("de-minimis aid (EUR)"), lambda a: a.deminimis_amount),
    ]
    list_display = ["company_name", "enterprise_number_display", "municipality", "status_badge", "cheque_code",
                    "attention_flags", "submitted_on"]
    list_filter = ["status", "call", "municipality", VerifiedFilter, EarlierRecipientFilter, ConflictFilter]
    list_select_related = ["call", "municipality", "voucher"]
    search_fields = ["company_name", "enterprise_number", "email", "contact_name"]
    date_hierarchy = "submitted_at"
    actions = ["approve", "waitlist", "reject", "void"]
    inlines = [AuditEventInline]
    fieldsets = [
        (None, {"fields": ["call", "status", "cheque", "submitted_at", "verified_at", "decided_at", "decided_by",
                           "rejection_reason", "voided_at", "void_reason"]}),
        (_("Business"), {"fields": ["company_name", "enterprise_number_display", "street", "postcode", "place",
                                    "municipality", "sector", "size"]}),
        (_("Enterprise register (KBO)"), {"fields": ["register_comparison"]}),
        (_("Contact"), {"fields": ["contact_name", "email", "phone", "language"]}),
        (_("Interest and declarations"), {"fields": ["interested_categories", "interested_enterprises", "motivation",
                                                     "deminimis_amount", "accepted_terms_at"]}),
    ]
    readonly_fields = [f for _name, options in fieldsets for f in options["fields"] if isinstance(f, str)]  # all are

    def has_change_permission(self, request, obj=None):
        # Decisions are made with the actions; the application itself stays as the business sent it.
        return obj is None and request.user.has_perm("vouchers.change_application")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(earlier_recipient=Exists(earlier_cheques())).with_conflict()

    def get_search_results(self, request, queryset, search_term):
        with contextlib.suppress(ValidationError):  # not an enterprise number: searched as typed
            search_term = normalize_enterprise_number(search_term)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("enterprise no."), ordering="enterprise_number")
    def enterprise_number_display(self, application):
        return application.enterprise_number_display

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_on(self, application):
        return short_date(application.submitted_at)

    @admin.display(description=_("to check"))
    def attention_flags(self, application):
        """What the coordinator should look at before deciding, as badges in one column (the list fits 1280 px):
        a cheque in an earlier call, a conflict with another confirmed application, a number unknown to KBO."""
        flags = []
        if application.earlier_recipient:
            flags.append(format_html('<span class="badge check" title="{}">{}</span>',
                                     _("This business received a cheque in an earlier call."), _("earlier cheque")))
        if application.in_conflict:
            flags.append(format_html('<span class="badge status-contested" title="{}">⚠ {}</span>', _(
                "Another application for this enterprise number was confirmed in this call: decide which one counts."),
                _("conflict")))
        if application.not_in_register:
            flags.append(format_html('<span class="badge status-contested">{}</span>', _("not in the register")))
        return format_html_join(" ", "{}", ((flag,) for flag in flags))

    @admin.display(description=_("typed and in the register"))
    def register_comparison(self, application):
        return render_to_string("admin/vouchers/application/register_comparison.html",
                                register_comparison(application))

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, application):
        return status_badge(application)

    @admin.display(description=_("cheque"), ordering="voucher__code")
    def cheque_code(self, application):
        voucher = getattr(application, "voucher", None)
        return format_html('<span class="nowrap">{}</span>', voucher.code_display) if voucher else "–"

    @admin.display(description=_("cheque"))
    def cheque(self, application):
        voucher = getattr(application, "voucher", None)
        if voucher is None:
            return "-"
        return format_html('<a href="../../../voucher/{}/change/">{}</a>', voucher.pk, voucher.code_display)

    @admin.action(description=_("Approve and issue cheques (in order of submission)"), permissions=["change"])
    def approve(self, request, queryset):
        outcome = services.approve_applications(applications=list(queryset), by=request.user)
        self.message_user(request, approval_summary(outcome),
                          messages.SUCCESS if outcome.issued else messages.WARNING)
        for _call, municipality, share, committed in used_up_shares({v.call_id for v in outcome.issued}):
            self.message_user(request, gettext("The share of %(municipality)s is used up: EUR %(committed)s committed "
                                               "of a share of EUR %(share)s.") % {
                "municipality": municipality.name, "committed": euro(committed), "share": euro(share)},
                messages.WARNING)

    @admin.action(description=_("Put on the waiting list"), permissions=["change"])
    def waitlist(self, request, queryset):
        each(self, request, queryset, lambda a: services.waitlist_application(application=a, by=request.user),
              _("put on the waiting list"))

    @admin.action(description=_("Reject (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        def apply(data):
            reason = data["reason"]
            each(self, request, queryset,
                  lambda a: services.reject_application(application=a, by=request.user, reason=reason), _("rejected"))
        return form_action(request, queryset, title=_("Reject applications"), form_class=RejectForm,
                             apply=apply, action_name="reject")

    @admin.action(description=_("Declare void (with a reason); the business may apply again"),
                  permissions=["change"])
    def void(self, request, queryset):
        def apply(data):
            reason = data["reason"]
            each(self, request, queryset,
                  lambda a: services.void_application(application=a, by=request.user, reason=reason),
                  _("declared void"))
        return form_action(request, queryset, title=_("Declare applications void"), form_class=RejectForm,
                             apply=apply, action_name="void")


def register_comparison(application):
    """The context of the side-by-side panel: rows (label, typed, KBO, differs) and what only the register says."""
    check = application.register_check or {}
    site = check.get("site") or {}
    pairs = [(_("name"), application.company_name, check.get("name", "")),
             (_("street and number"), application.street, site.get("street", "")),
             (_("postcode"), application.postcode, site.get("postcode", "")),
             (_("place"), application.place, site.get("place", ""))]
    rows = [(label, typed, kbo, _normal(typed) != _normal(kbo)) for label, typed, kbo in pairs]
    status = gettext("active") if check.get("active") else gettext("stopped")
    nace = check.get("nace", "")
    facts = [
        (_("status"), f"{status} ({check.get('status', '')}, {check.get('situation', '')})"),
        (_("juridical form"), check.get("juridical_form", "")),
        (_("main activity"), f"{nace_display(nace)} (NACE {check.get('nace_version')})" if nace else ""),
        (_("establishment"), _site_text(site)),
    ]
    return {"check": check, "rows": rows, "facts": facts, "date": parse_date(check.get("date") or "")}


def _normal(text):
    return " ".join(str(text or "").split()).casefold()


def _site_text(site):
    if not site:
        return ""
    kind = gettext("seat") if site.get("is_seat") else gettext("establishment")
    return " ".join(filter(None, [kind, site.get("number", ""), site.get("name", "")]))


def approval_summary(outcome):
    """'3 cheques issued, 2 already decided, 5 put on the waiting list.' (only the parts that apply)"""
    parts = [
        (outcome.issued, lambda n: ngettext("%d cheque issued", "%d cheques issued", n)),
        (outcome.already_decided, lambda n: ngettext("%d already decided", "%d already decided", n)),
        (outcome.waitlisted, lambda n: ngettext("%d put on the waiting list (budget used up)",
                                                "%d put on the waiting list (budget used up)", n)),
        (outcome.still_waitlisted, lambda n: ngettext("%d stays on the waiting list (budget used up)",
                                                      "%d stay on the waiting list (budget used up)", n)),
        (outcome.not_decidable, lambda n: ngettext("%d skipped (e-mail not confirmed or withdrawn)",
                                                   "%d skipped (e-mail not confirmed or withdrawn)", n)),
        (outcome.number_approved, lambda n: ngettext(
            "%d refused: another application for the same enterprise number was already approved in this call",
            "%d refused: another application for the same enterprise number was already approved in this call",
            n)),
    ]
    said = [message(len(items)) % len(items) for items, message in parts if items]
    return (", ".join(said) if said else gettext("Nothing was selected")) + "."
