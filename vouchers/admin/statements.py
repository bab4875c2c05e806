"""Finance: the bank's statements (upload one: camt.053 or CODA), their entries (assign or ignore those that matched
nothing), and the payments of the batches with what the bank did with them. Every write calls a service."""
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy as _

from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from vouchers import services
from vouchers.admin.common import each, euro, form_action, status_badge
from vouchers.exceptions import TransitionError
from vouchers.models import BankStatement, BankStatementEntry, EntryOutcome, Payment, PaymentStatus
from vouchers.models.statements import OTHER_REASON, RETURN_REASONS


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Statement file"), help_text=_(
        "The bank's statement of the regie's account: camt.053 (XML) or CODA. A statement imported before changes "
        "nothing."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.BANK_STATEMENT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(_("The file is larger than %(size)d MB, the most a bank statement may be.")
                                  % {"size": limit // (1024 * 1024)}, code="too_large")
        return upload


def reason_choices():
    """The ISO return reasons with their readable texts, and "another reason" with finance's own text."""
    return [("", "---------"), *[(code, f"{code}: {text}") for code, text in RETURN_REASONS.items()],
            (OTHER_REASON, gettext("Another reason (say which below)"))]


class ReturnReasonForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Why the bank sent it back"), choices=())
    reason = forms.CharField(label=_("Reason in your words"), max_length=200, required=False,
                             help_text=_("Only for \"another reason\"."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = reason_choices()

    def clean(self):
        data = super().clean()
        if data.get("reason_code") == OTHER_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the bank sent the money back."))
        return data


class AssignForm(ReturnReasonForm):
    payment = forms.ModelChoiceField(label=_("Payment"), queryset=Payment.objects.none(), help_text=_(
        "Payments of the same amount that are still with the bank; for money in, every payment sent or paid (a "
        "return may come back without the bank's costs)."))
    field_order = ["payment", "reason_code", "reason"]

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        if entry.credit:
            self.fields["payment"].queryset = Payment.objects.of_regie(entry.statement.regie).filter(
                status__in=[PaymentStatus.SENT, PaymentStatus.PAID]).select_related("batch")
            self.fields["reason_code"].required = not entry.return_reason
            self.fields["reason_code"].help_text = _("The bank gave %(code)s.") % {"code": entry.return_reason} \
                if entry.return_reason else ""
        else:
            self.fields["payment"].queryset = Payment.objects.of_regie(entry.statement.regie).filter(
                status=PaymentStatus.SENT, amount=entry.amount)
            del self.fields["reason_code"], self.fields["reason"]


class ReturnForm(ReturnReasonForm):
    """The admin action "Mark returned", for a bank without statements."""
    returned_on = forms.DateField(label=_("Returned on"), initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    field_order = ["returned_on", "reason_code", "reason"]


class IgnoreForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(BankStatement)
class BankStatementAdmin(RegieScopedAdmin, admin.ModelAdmin):
    list_display = ["imported_at", "statement_id", "kind", "file_name", "entry_count", "paid_count",
                    "returned_count", "unmatched_count", "duplicate_count", "imported_by"]
    readonly_fields = ["kind", "statement_id", "account_iban", "file_name", "sha256", "imported_at", "imported_by",
                       "entry_count", "paid_count", "returned_count", "unmatched_count", "duplicate_count",
                       "entries_link"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    list_select_related = ["imported_by"]
    inlines = [AuditEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("entries"))
    def entries_link(self, statement):
        url = reverse("admin:vouchers_bankstatemententry_changelist")
        return format_html('<a href="{}?statement__id__exact={}">{}</a>', url, statement.pk,
                           gettext("The statement's entries"))

    def add_view(self, request, form_url="", extra_context=None):
        """The upload page: the file goes to the import service; its refusal is shown next to the field."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StatementUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.import_bank_statement(content=upload.read(), filename=upload.name, by=request.user,
                                                         regie=request.regie)
            except ValidationError as error:
                form.add_error("file", error.messages)
            except TransitionError as error:
                form.add_error("file", str(error.message))
            else:
                self.message_user(request, str(result), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:vouchers_bankstatement_changelist"))
        return TemplateResponse(request, "admin/vouchers/bankstatement/upload.html", {
            **self.admin_site.each_context(request), "title": gettext("Import a bank statement"), "form": form,
            "opts": self.model._meta})


@admin.register(BankStatementEntry)
class BankStatementEntryAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["booking_date", "direction", "amount_eur", "counterparty_name", "outcome_badge",
                    "payment_reference", "short_note", "resolve"]  # fits 1280 px; the whole entry on its page
    list_filter = ["outcome", "credit", "statement"]
    search_fields = ["key", "end_to_end_id", "communication", "counterparty_name", "counterparty_iban"]
    list_select_related = ["payment"]
    readonly_fields = ["statement", "key", "position", "booking_date", "value_date", "amount", "credit",
                       "end_to_end_id", "communication", "free_text", "counterparty_name", "counterparty_iban",
                       "return_reason", "outcome", "payment", "note", "resolved_by", "resolved_at", "resolve"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    inlines = [AuditEventInline]

    @admin.display(description=_("in / out"), ordering="credit")
    def direction(self, entry):
        return gettext("in") if entry.credit else gettext("out")

    @admin.display(description=_("amount (EUR)"), ordering="amount")
    def amount_eur(self, entry):
        return euro(entry.amount)

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_badge(self, entry):
        return status_badge(entry, "outcome")

    @admin.display(description=_("payment"), ordering="payment__end_to_end_id")
    def payment_reference(self, entry):
        return entry.payment.end_to_end_id if entry.payment else entry.end_to_end_id or "-"

    @admin.display(description=_("note"))
    def short_note(self, entry):
        return Truncator(entry.note).chars(90) or "-"

    @admin.display(description=_("to do"))
    def resolve(self, entry):
        if entry.outcome != EntryOutcome.UNMATCHED:
            return "-"
        url = reverse("admin:vouchers_bankstatemententry_resolve", args=[entry.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Assign or ignore"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/resolve/", view(self.resolve_view), name="vouchers_bankstatemententry_resolve"),
                *super().get_urls()]

    def resolve_view(self, request, pk):
        entry = self.get_queryset(request).filter(pk=pk).select_related("statement").first()  # the host's regie's
        if entry is None or not self.has_view_permission(request, entry):
            raise Http404
        if not request.user.has_perm("vouchers.change_bankstatemententry"):
            raise PermissionDenied
        doing = request.POST.get("do") if request.method == "POST" else None
        assign = AssignForm(request.POST if doing == "assign" else None, entry=entry, prefix="assign")
        ignore = IgnoreForm(request.POST if doing == "ignore" else None, prefix="ignore")
        if doing in ("assign", "ignore") and (assign if doing == "assign" else ignore).is_valid():
            done = self._apply(request, entry, doing, assign, ignore)
            if done:
                return HttpResponseRedirect(reverse("admin:vouchers_bankstatemententry_changelist"))
        return TemplateResponse(request, "admin/vouchers/bankstatemententry/resolve.html", {
            **self.admin_site.each_context(request), "title": gettext("Assign or ignore a bank statement entry"),
            "entry": entry, "assign": assign, "ignore": ignore, "opts": self.model._meta})

    def _apply(self, request, entry, doing, assign, ignore):
        try:
            if doing == "assign":
                services.assign_statement_entry(entry=entry, payment=assign.cleaned_data["payment"], by=request.user,
                                                reason_code=assign.cleaned_data.get("reason_code", ""),
                                                reason=assign.cleaned_data.get("reason", ""))
            else:
                services.ignore_statement_entry(entry=entry, by=request.user, reason=ignore.cleaned_data["reason"])
        except ValidationError as error:
            (assign if doing == "assign" else ignore).add_error(None, error.messages)
            return False
        except TransitionError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return False
        self.message_user(request, gettext("Entry %(key)s: done.") % {"key": entry.key}, messages.SUCCESS)
        return True


@admin.register(Payment)
class PaymentAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["end_to_end_id", "batch", "creditor_name", "amount_eur", "status_badge", "booked_on",
                    "returned_on", "reason"]
    list_filter = ["status"]
    search_fields = ["end_to_end_id", "creditor_name", "iban", "communication"]
    list_select_related = ["batch"]
    readonly_fields = ["batch", "end_to_end_id", "enterprise", "creditor_name", "iban", "bic", "communication",
                       "amount", "status", "booked_on", "marked_paid_by", "returned_on", "return_reason_code",
                       "reason", "redemptions"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    inlines = [AuditEventInline]
    actions = ["mark_returned"]

    def has_mark_returned_permission(self, request):
        return request.user.has_perm("vouchers.change_payoutbatch")

    @admin.action(description=_("Mark returned by the bank"), permissions=["mark_returned"])
    def mark_returned(self, request, queryset):
        """For a bank without statements: the transfer came back (date, reason); audited like a statement's return."""
        def apply(data):
            code, text = (("NARR", data["reason"].strip()) if data["reason_code"] == OTHER_REASON
                          else (data["reason_code"], ""))
            each(self, request, queryset, lambda payment: services.mark_payment_returned(
                payment=payment, by=request.user, returned_on=data["returned_on"], reason_code=code, reason=text),
                gettext("returned"))
        return form_action(request, queryset, title=_("Mark payments returned by the bank"), form_class=ReturnForm,
                           apply=apply, action_name="mark_returned")

    @admin.display(description=_("amount (EUR)"), ordering="amount")
    def amount_eur(self, payment):
        return euro(payment.amount)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, payment):
        return status_badge(payment)

    @admin.display(description=_("return reason"))
    def reason(self, payment):
        if not payment.return_reason_code:
            return "-"
        return f"{payment.return_reason_code}: {gettext(payment.return_reason)}" if payment.return_reason else \
            payment.return_reason_code
