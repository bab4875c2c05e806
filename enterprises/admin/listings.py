"""The firms a regie lists, on its host: a coordinator decides on the regie's listing of a firm (published in its
catalogue, accepting its cheques, its service categories: also for a firm another regie lists, whose profile only the
platform administrator changes) and removes it (a firm they add under "Social-economy enterprises" is listed at
once); the platform administrator lists a firm already in the portal for
this regie too, by its enterprise number, so that no list of every regie's firms is shown."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from enterprises import services
from enterprises.fields import EnterpriseNumberFormField
from enterprises.models import FirmListing, ServiceCategory, SocialEnterprise
from regie.admin_site import RegieScopedAdmin


class ListFirmForm(forms.ModelForm):
    enterprise_number = EnterpriseNumberFormField(
        label=capfirst(_("enterprise number")), max_length=32,
        help_text=_("The enterprise number of a firm already in the portal (listed by another regie), e.g. "
                    "0123.456.749."))

    class Meta:
        model = FirmListing
        fields: list[str] = []

    regie = None  # the host's, set by the admin

    def clean_enterprise_number(self):
        number = self.cleaned_data["enterprise_number"]
        firm = SocialEnterprise.objects.filter(enterprise_number=number).first()
        if firm is None:
            raise ValidationError(_("No social-economy enterprise with this number is in the portal yet: add it under "
                                    "Social-economy enterprises."), code="unknown_firm")
        if firm.listings.filter(regie=self.regie).exists():
            raise ValidationError(_("This regie already lists %(firm)s.") % {"firm": firm.name}, code="listed")
        self.instance.enterprise = firm
        return number


class ListingForm(forms.ModelForm):
    """What the host's regie decides on its listing: published, accepts cheques, and its service categories of the
    firm (another regie's stay)."""

    categories = forms.ModelMultipleChoiceField(
        label=capfirst(_("service categories")), required=False, queryset=ServiceCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text=_("The services this regie's catalogue shows the firm for."))

    class Meta:
        model = FirmListing
        fields = ["is_published", "accepts_cheques"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regie = self.instance.regie
        self.fields["categories"].queryset = ServiceCategory.objects.of_regie(regie).order_by("name", "pk")
        self.fields["categories"].initial = self.instance.enterprise.categories.of_regie(regie)


@admin.register(FirmListing)
class FirmListingAdmin(RegieScopedAdmin, admin.ModelAdmin):
    list_display = ["enterprise", "is_published", "accepts_cheques", "created_at"]
    list_filter = ["is_published", "accepts_cheques"]
    readonly_fields = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__enterprise_number"]
    list_select_related = ["enterprise"]
    ordering = ["enterprise__name", "pk"]
    actions = None

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def get_fields(self, request, obj=None):
        return ["enterprise", "is_published", "accepts_cheques", "categories"] if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **{**kwargs, "form": ListingForm})
        form = super().get_form(request, obj, change=change, **{**kwargs, "form": ListFirmForm, "fields": []})
        return type("ListForThisRegie", (form,), {"regie": request.regie})

    def save_model(self, request, obj, form, change):
        if change:
            services.change_listing(listing=obj, by=request.user, is_published=obj.is_published,
                                    accepts_cheques=obj.accepts_cheques, categories=form.cleaned_data["categories"])
            return
        listing = services.list_firm(regie=request.regie, enterprise=obj.enterprise, by=request.user)
        obj.pk, obj.regie, obj.created_at = listing.pk, listing.regie, listing.created_at  # the row the admin logs

    def delete_model(self, request, obj):
        services.delist_firm(listing=obj, by=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        listing = self.get_object(request, unquote(object_id))
        if listing is not None and self.has_delete_permission(request, listing) and listing.is_the_firms_last():
            # said at once, not after "Yes, I'm sure"
            return self._refused(request, services.last_listing_refused(listing.enterprise))
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:  # it became the firm's last listing meanwhile: nothing was deleted
            return self._refused(request, error)

    def _refused(self, request, error):
        self.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect("admin:enterprises_firmlisting_changelist")
