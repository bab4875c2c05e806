"""The regies and their host names in the admin, for platform administrators (superusers) only: coordinators and
finance do not see them. Saved through regie/regies/services.py (audited); a bad value gets its message beside
the field."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from regie.admin.audit import AuditEventInline
from regie.admin_site import NamedInlineFields
from regie.formats.numbers import MAX_TYPED_LENGTH
from regie.models import Regie, RegieHost
from regie.regies import services as regies


def _typed(name):
    """A form field for a number typed with spaces or dots ("0403.170.701"), stored without them."""
    field = Regie._meta.get_field(name)
    return forms.CharField(label=field.verbose_name, required=False, max_length=MAX_TYPED_LENGTH)


class RegieForm(forms.ModelForm):
    enterprise_number = _typed("enterprise_number")
    iban = _typed("iban")
    bic = _typed("bic")

    class Meta:
        model = Regie
        fields = ["short_name", "name", "region_name", "programme_name", "introduction", "is_demo", "legal_name",
                  "enterprise_number", "iban", "bic", "postal_address", "contact_email", "contact_phone",
                  "sender_email", "primary_colour", "accent_colour", "logo"]

    def _normalised(self, name):
        values, errors = regies.normalised({name: self.cleaned_data.get(name) or ""})
        if errors:
            raise ValidationError(errors[name])
        return values[name]

    def clean_enterprise_number(self):
        return self._normalised("enterprise_number")

    def clean_iban(self):
        return self._normalised("iban")

    def clean_bic(self):
        return self._normalised("bic")


class RegieHostForm(forms.ModelForm):
    class Meta:
        model = RegieHost
        fields = ["name", "is_primary"]

    def validate_unique(self):
        """Not per row: the formset checks the names and the one primary host over all rows at once (moving the
        primary mark from one row to another is not two primaries), the service saves them in the right order."""

    def clean_name(self):
        """A bare host name, not one another regie has (the message beside the field, naming nothing of it)."""
        name = regies.host_name(self.cleaned_data["name"])
        if RegieHost.objects.filter(name__iexact=name).exclude(regie_id=self.instance.regie_id).exists():
            raise ValidationError(regies.HOST_TAKEN, code="host_taken")
        return name


class RegieHostFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        rows = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        names = [form.cleaned_data["name"] for form in rows if form.cleaned_data.get("name")]
        for problem in regies.host_errors(names, regie=self.instance):
            if problem.code in ("host_twice", "no_host", "platform_host"):
                raise problem
        removed_printed = regies.printed_hosts_kept(self.instance, names)
        if removed_printed:
            raise ValidationError(removed_printed)
        if sum(bool(form.cleaned_data.get("is_primary")) for form in rows) > 1:
            raise ValidationError(_("A regie has one primary host name."), code="primaries")

    def host_names(self):
        """The names kept, the primary first (the first one when none is marked)."""
        rows = [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        return [row["name"] for row in sorted(rows, key=lambda row: not row.get("is_primary"))]


class RegieHostInline(NamedInlineFields, admin.TabularInline):
    model = RegieHost
    form = RegieHostForm
    formset = RegieHostFormSet
    extra = 1
    min_num = 0


@admin.register(Regie)
class RegieAdmin(TranslationAdmin):
    """The regies, for platform administrators (superusers) only; saved through regie/regies/services.py (audited)."""

    form = RegieForm
    list_display = ["short_name", "name", "region_name", "primary_host", "is_demo"]
    search_fields = ["short_name", "name", "hosts__name"]
    inlines = [RegieHostInline, AuditEventInline]
    fieldsets = [  # RegieForm.Meta.fields, in groups
        (None, {"fields": ["short_name", "name", "region_name", "programme_name", "introduction", "is_demo"]}),
        (_("Legal entity and bank account"), {"fields": ["legal_name", "enterprise_number", "iban", "bic"]}),
        (_("Contact"), {"fields": ["postal_address", "contact_email", "contact_phone", "sender_email"]}),
        (_("Brand colours and logo"), {"fields": ["primary_colour", "accent_colour", "logo"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hosts")

    @admin.display(description=_("primary host name"))
    def primary_host(self, regie):
        return regie.primary_host

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # its calls, payouts and audit trail stay

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # a host name taken by another regie between the check and the save
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """Nothing yet: the service saves the regie and its host names at once (save_related)."""

    def save_related(self, request, form, formsets, change):
        """The service saves the host names; the audit log inline saves nothing."""
        hosts = next(formset for formset in formsets if formset.model is RegieHost).host_names()
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        data = {name: form.cleaned_data[name] for name in regies.REGIE_FIELDS if name in form.cleaned_data}
        if change:
            regies.update_regie(by=request.user, regie=form.instance, changes=data, hosts=hosts)
        else:
            form.instance.pk = regies.create_regie(by=request.user, data=data, hosts=hosts).pk


def my_regies(request):
    """Admin page (admin:my_regies): the regies the staff member works for, each a link to its own admin (each
    regie's admin is on its own host; the log-in there is that host's)."""
    regies_of_user = Regie.objects.staffed_by(request.user).prefetch_related("hosts").order_by("name")
    return TemplateResponse(request, "admin/my_regies.html", {
        **admin.site.each_context(request), "title": _("Your regies"),
        "regies": [(regie, regie.url(reverse("admin:index"))) for regie in regies_of_user if regie.primary_host]})
