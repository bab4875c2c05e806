"""The coordinator's admin for networking moments, their registrations and the introductions.

A meeting is saved through networking.services (audited; the capacity is never set below the places taken,
raising it moves the waiting list up). A registration's personal data is read-only: it changes only by the
action "Cancel registration" (the service moves the first one waiting up). Introductions are read-only: the
firm marks what came of them on its partner page. On a business's request (e.g. when its link expired), the
coordinator withdraws its consent to introductions by an action on its registrations or introductions.
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext
from modeltranslation.admin import TranslationAdmin

from networking import services
from networking.exceptions import RegistrationRefused
from networking.models import Introduction, Meeting, Registration
from networking.services.meetings import MEETING_FIELDS, capacity_error, publication_error, slug_error
from regie.admin import AuditEventInline, ReadOnlyAdminMixin
from regie.admin_site import RegieScopedAdmin
from regie.audit import record


def _when(moment):
    """dd/mm/yyyy hh:mm in Brussels (the site's date format), for narrow list columns."""
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else "–"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        # The admin's fieldsets choose the fields. Not `fields`: modeltranslation's admin copies a form's
        # Meta.fields onto the admin, which then has both fields and fieldsets (admin.E005 at the next check).
        exclude = ()  # noqa: DJ006 the fieldsets choose (see above)

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if self.instance.pk:  # the places taken now, not when the form was opened
            error = capacity_error(capacity=capacity, taken=self.instance.registrations.registered().count())
            if error is not None:
                raise error
        return capacity

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if (error := slug_error(slug)) is not None:
            raise error
        return slug

    def clean(self):
        cleaned = super().clean()
        if (error := publication_error(cleaned)) is not None:
            self.add_error(None, error)
        return cleaned


def withdraw_consents(modeladmin, request, pairs):
    """Withdraw the consent behind each (registration, application public id), once each; says how many."""
    withdrawn = 0
    for registration, application_public_id in dict.fromkeys(pairs):
        if registration is None and application_public_id is None:
            continue  # nothing to withdraw from (an introduction whose source was erased)
        withdrawn += services.withdraw_consent(registration=registration, application_public_id=application_public_id,
                                               by=request.user)
    modeladmin.message_user(request, ngettext(
        "Consent withdrawn: %(count)d introduction is no longer shown to the firm.",
        "Consent withdrawn: %(count)d introductions are no longer shown to the firms.", withdrawn) % {
        "count": withdrawn}, messages.SUCCESS)


@admin.register(Meeting)
class MeetingAdmin(RegieScopedAdmin, TranslationAdmin):
    """Created and changed through networking.services.meetings, which writes the audit log."""

    form = MeetingForm
    # One labelled date-and-time field each (a phone's own picker), not the admin's two unlabelled inputs.
    formfield_overrides = {models.DateTimeField: {"form_class": forms.DateTimeField, "widget": forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}}
    list_display = ["title", "starts", "place_name", "capacity", "registered", "waiting", "attended", "links"]
    list_filter = ["is_published", "audience"]
    search_fields = ["title_nl", "title_fr", "title_en", "place_name", "city"]
    prepopulated_fields = {"slug": ["title_nl"]}
    inlines = [AuditEventInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "text", "is_published", "audience"]}),
        (_("Date and time"), {"fields": ["starts_at", "ends_at", "registration_closes_at"]}),
        (_("Place"), {"fields": ["place_name", "street", "postcode", "city", "capacity"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # places were taken between the form's check and the save
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in MEETING_FIELDS if name in form.cleaned_data}
        if change:
            services.update_meeting(meeting=obj, by=request.user, changes=data)
        else:
            created = services.create_meeting(by=request.user, regie=request.regie, **data)
            obj.pk, obj.public_id = created.pk, created.public_id

    def delete_model(self, request, obj):
        """Only a meeting nobody registered for can go (the registrations protect it); audited."""
        record(request.user, "meeting.deleted", obj, {"slug": obj.slug})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            record(request.user, "meeting.deleted", meeting, {"slug": meeting.slug})
        super().delete_queryset(request, queryset)

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, meeting):
        return _when(meeting.starts_at)

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, meeting):
        return meeting.registered_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, meeting):
        return meeting.waiting_count

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, meeting):
        return meeting.attended_count

    @admin.display(description=_("at the door"))
    def links(self, meeting):
        kwargs = {"slug": meeting.slug}
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("networking:door", kwargs=kwargs), _("check-in"),
            reverse("networking:attendees_pdf", kwargs=kwargs), _("list (PDF)"),
            reverse("networking:attendees_xlsx", kwargs=kwargs), _("list (XLSX)"))


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "aanwezig"

    def lookups(self, request, model_admin):
        return [("ja", _("checked in")), ("nee", _("not checked in"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(checked_in_at__isnull=self.value() == "nee")
        return queryset


@admin.register(Registration)
class RegistrationAdmin(RegieScopedAdmin, admin.ModelAdmin):
    list_display = ["contact_name", "company_name", "meeting", "kind", "status", "checked_in"]
    list_filter = ["meeting", "status", "kind", CheckedInFilter]
    list_select_related = ["meeting"]
    search_fields = ["contact_name", "company_name", "email", "enterprise_number"]
    actions = ["cancel", "withdraw_consent"]
    inlines = [AuditEventInline]
    readonly_fields = ["meeting", "kind", "status", "contact_name", "company_name", "enterprise_number", "email",
                       "language", "enterprise", "looking_for", "consented_to_introductions_at",
                       "listed_for_attendees", "created_at", "promoted_at", "cancelled_at", "checked_in_at",
                       "checked_in_by"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("networking.change_registration")

    def has_delete_permission(self, request, obj=None):
        return False  # personal data goes through the privacy erasure

    @admin.display(description=_("checked in"), ordering="checked_in_at")
    def checked_in(self, registration):
        return _when(registration.checked_in_at) if registration.checked_in_at else "–"

    @admin.action(description=_("Cancel registration"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = 0
        for registration in queryset:
            try:
                moved = services.cancel_registration(registration=registration, by=request.user)
            except RegistrationRefused as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)
                continue
            cancelled += 1
            if moved is not None:
                self.message_user(request, _("%(name)s moved up from the waiting list.") % {"name": moved},
                                  messages.INFO)
        if cancelled:
            self.message_user(request, ngettext("%(count)d registration cancelled.",
                                                "%(count)d registrations cancelled.", cancelled) % {"count": cancelled},
                              messages.SUCCESS)

    @admin.action(description=_("Withdraw consent to introductions"), permissions=["change"])
    def withdraw_consent(self, request, queryset):
        withdraw_consents(self, request, [(registration, None) for registration in queryset])


@admin.register(Introduction)
class IntroductionAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enterprise", "company_name", "source", "outcome", "created_at"]
    list_filter = ["source", "outcome"]
    list_select_related = ["enterprise"]
    search_fields = ["company_name", "enterprise__name"]
    readonly_fields = ["enterprise", "source", "company_name", "contact_name", "email", "phone", "looking_for",
                       "chosen_directly", "outcome", "outcome_at", "created_at", "withdrawn_at"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    actions = ["withdraw_consent"]

    def has_withdraw_permission(self, request):
        """Introductions are read-only; withdrawing a consent is a change of the registrations (coordinators)."""
        return request.user.has_perm("networking.change_registration")

    @admin.action(description=_("Withdraw consent to introductions"), permissions=["withdraw"])
    def withdraw_consent(self, request, queryset):
        withdraw_consents(self, request, [(introduction.registration, introduction.application_public_id)
                                          for introduction in queryset.select_related("registration")])
