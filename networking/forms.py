"""The public registration form of a networking moment (a regular business's; a firm's user registers in one
click from the partner portal)."""
import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from enterprises.fields import EnterpriseNumberFormField
from enterprises.models import ServiceCategory, SocialEnterprise
from enterprises.selectors import firms_by_municipality
from enterprises.validators import ControlCharacterValidator
from networking.models import Registration

# The consent to introductions, in the same words on the registration form and the cheque application form
# (vouchers.forms imports it: networking never imports vouchers).
CONSENT = _("Yes, pass my name, company, contact details and what I am looking for to the social-economy firms I "
            "ticked or that offer the services I ticked. I can withdraw this at any time from my personal page.")
LISTED = _("Yes, after the meeting my company's name may be shown to the other attendees, so that they can ask to "
           "meet me again.")


class RegistrationForm(forms.ModelForm):
    resubmitted: Registration | None = None  # the registration this very form already made (clean)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(label=CONSENT, required=False)
    listed = forms.BooleanField(label=LISTED, required=False)

    class Meta:
        model = Registration
        fields = ["contact_name", "company_name", "enterprise_number", "email", "language", "looking_for",
                  "interested_categories", "interested_enterprises"]
        labels = {"contact_name": _("Your name"), "company_name": _("Company"), "email": _("E-mail address")}
        widgets = {
            "interested_categories": forms.CheckboxSelectMultiple,
            "interested_enterprises": forms.CheckboxSelectMultiple,
            "looking_for": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "email": _("We send your confirmation, calendar invitation and personal QR code to this address."),
            "language": _("We write to you in this language."),
            "looking_for": _("Optional. For example: catering for our staff party, green maintenance of our site. "
                             "At most 1,000 characters."),
            "interested_categories": _("Optional. Tick as many as you like."),
            "interested_enterprises": _("Optional. Tick as many as you like."),
        }

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["enterprise_number"] = EnterpriseNumberFormField(
            label=_("Enterprise number"), max_length=32, required=False,
            help_text=_("Optional. As in the KBO, e.g. 0123.456.749 or BE0123456749."))
        self.fields["language"].choices = settings.LANGUAGES
        for name in ("contact_name", "company_name", "looking_for"):  # typed text: no invisible characters
            self.fields[name].validators.append(ControlCharacterValidator(multiline=name == "looking_for"))
        regie = meeting.regie if meeting is not None else None
        self.fields["interested_categories"].queryset = ServiceCategory.objects.of_regie(regie)
        self.fields["interested_enterprises"].queryset = SocialEnterprise.objects.published_by(regie)
        self.fields["interested_enterprises"].choices = firms_by_municipality(regie)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.resubmitted = None

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("submission_key")
        if self.meeting is not None and key is not None:  # without the meeting, register_business knows the key
            self.resubmitted = Registration.objects.filter(meeting_id=self.meeting.pk, submission_key=key).first()
        return cleaned

    def service_arguments(self) -> dict:
        """The cleaned form as register_business takes it (besides the meeting)."""
        data = self.cleaned_data
        return {"contact_name": data["contact_name"], "company_name": data["company_name"], "email": data["email"],
                "language": data["language"], "enterprise_number": data.get("enterprise_number") or "",
                "looking_for": data.get("looking_for", ""), "categories": list(data["interested_categories"]),
                "enterprises": list(data["interested_enterprises"]), "consent": data["consent"],
                "listed": data["listed"], "submission_key": data["submission_key"]}
