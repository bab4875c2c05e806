"""The after-meeting wishes page's form: the other attendees' companies, one checkbox each."""
from django import forms
from django.utils.translation import gettext_lazy as _

from networking.models import Registration


class CompanyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.company_name


class WishForm(forms.Form):
    wished = CompanyChoiceField(
        label=_("I would like to meet again"), queryset=Registration.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one company."),
                        "invalid_choice": _("Choose among the companies listed."),
                        "invalid_pk_value": _("Choose among the companies listed.")})

    def __init__(self, *args, choices, **kwargs):
        """`choices`: the registrations this attendee may still wish to meet again."""
        super().__init__(*args, **kwargs)
        self.fields["wished"].queryset = choices
