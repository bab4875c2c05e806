"""The host regie's area in its admin: the postcodes (with their places) where businesses may be established to apply
to its calls that have no postcode list of their own. Municipalities and postcodes themselves are Belgium's, shared by
every regie; a coordinator adds one of them to the area, or takes it out."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enterprises import services
from enterprises.models import AreaPostcode
from regie.admin_site import AutocompleteFields, RegieScopedAdmin


class AddToAreaForm(forms.ModelForm):
    class Meta:
        model = AreaPostcode
        fields = ["postcode"]

    regie = None  # the host's, set by the admin

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        if AreaPostcode.objects.filter(regie=self.regie, postcode=postcode).exists():
            raise ValidationError(_("This postcode is already in the area."), code="in_area")
        return postcode


@admin.register(AreaPostcode)
class AreaPostcodeAdmin(RegieScopedAdmin, AutocompleteFields, admin.ModelAdmin):
    list_display = ["code", "place", "municipality"]
    autocomplete_fields = ["postcode"]  # Belgium's postcodes, typed: 3630 or Eisden
    list_filter = ["postcode__municipality"]
    search_fields = ["postcode__code", "postcode__place", "postcode__municipality__name"]
    list_select_related = ["postcode__municipality"]
    actions = None

    @admin.display(description=_("postcode"), ordering="postcode__code")
    def code(self, obj):
        return obj.postcode.code

    @admin.display(description=_("place"), ordering="postcode__place")
    def place(self, obj):
        return obj.postcode.place

    @admin.display(description=_("municipality"), ordering="postcode__municipality__name")
    def municipality(self, obj):
        return obj.postcode.municipality.name

    def has_change_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **{**kwargs, "form": AddToAreaForm})
        return type("AddToThisArea", (form,), {"regie": request.regie})

    def save_model(self, request, obj, form, change):
        row = services.add_to_area(regie=request.regie, postcode=obj.postcode, by=request.user)
        obj.pk, obj.regie = row.pk, row.regie  # the row the admin logs

    def delete_model(self, request, obj):
        services.remove_from_area(row=obj, by=request.user)
