import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from enterprises.fields import EnterpriseNumberFormField
from enterprises.models import ServiceCategory, SocialEnterprise
from enterprises.region import area_names
from enterprises.selectors import firms_by_municipality
from networking.forms import CONSENT
from vouchers.amounts import EuroField
from vouchers.bank_files.business_days import business_day_from, is_business_day
from vouchers.eligibility import (
    RegisterCheck,
    check_register,
    eligibility_errors,
    in_language,
    normalize_postcode,
    register_errors,
    site_address,
)
from vouchers.models import Application


class ApplicationForm(forms.ModelForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # The establishment whose name and address a lookup last filled in: a lookup again (Enter pressed in any field
    # makes one: it is the form's first button) keeps what the applicant corrected, unless another one was chosen.
    filled_from = forms.CharField(widget=forms.HiddenInput, required=False)
    site = forms.ChoiceField(label=_("Establishment in the region"), required=False,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             help_text=_("As the enterprise register knows it. Name and address below are filled in "
                                         "from it: correct them if they are not right."))
    postcode = forms.CharField(label=_("Postcode"), max_length=8, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "postal-code"}))
    accept_terms = forms.BooleanField(
        label=_("I accept the programme's terms and have read the privacy statement."),
        error_messages={"required": _("You must accept the terms and the privacy statement to apply.")},
    )
    consent_to_introductions = forms.BooleanField(label=CONSENT, required=False)  # the registration form's words

    class Meta:
        model = Application
        fields = [
            "company_name", "enterprise_number", "street", "postcode", "place", "sector", "size",
            "contact_name", "email", "phone", "language", "interested_categories", "interested_enterprises",
            "motivation", "deminimis_amount",
        ]
        widgets = {
            "interested_categories": forms.CheckboxSelectMultiple,
            "interested_enterprises": forms.CheckboxSelectMultiple,
            "motivation": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "place": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "enterprise_number": _("As in the KBO, e.g. 0123.456.749 or BE0123456749."),
            "interested_enterprises": _("Optional. Tick as many as you like."),
            "motivation": _("In a few sentences: what would you like to try, and why? At most 2,000 characters."),
            "deminimis_amount": _("Total of the de-minimis state aid your business received in the current and the "
                                  "two previous years, in euro. Enter 0 if none."),
            "language": _("We write to you and print your cheque in this language."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["postcode"].help_text = _("Of the establishment in %(area)s.") % {
            "area": area_names(call.region_postcodes())}
        self.fields["enterprise_number"] = EnterpriseNumberFormField(
            label=_("Enterprise number"), max_length=32, help_text=self.Meta.help_texts["enterprise_number"])
        self.fields["interested_categories"].queryset = ServiceCategory.objects.of_regie(call.regie)
        self.fields["interested_enterprises"].queryset = SocialEnterprise.objects.published_by(call.regie)
        self.fields["interested_enterprises"].choices = firms_by_municipality(call.regie)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["deminimis_amount"] = EuroField(
            label=_("De-minimis aid in the last three years (EUR)"), min_value=0,
            help_text=self.Meta.help_texts["deminimis_amount"])
        self.fields["phone"].required = True
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.looked_up = False
        self.register = self._check_register()
        self.fields["site"].choices = [(site.number, site_label(site)) for site in self.register.sites]

    def _check_register(self):
        """What the register says about the number typed (a bound form only): its sites become the choices."""
        self.number_error = None
        if not self.is_bound:
            return RegisterCheck()
        try:
            number = self.fields["enterprise_number"].clean(self.data.get(self.add_prefix("enterprise_number")))
        except ValidationError as error:
            self.number_error = error
            return RegisterCheck()
        return check_register(self.call, number) if number else RegisterCheck()

    def look_up(self):
        """The "Look up in the enterprise register" button: nothing is checked or stored; the sites are offered
        and name and address filled in from the chosen one (or the first), the number's problem shown."""
        self.cleaned_data, self._errors, self.looked_up = {}, ErrorDict(), True
        error = self.number_error or self.register.error
        if error is not None:
            self.add_error("enterprise_number", error)
            return
        site = self.register.site(self.data.get("site")) or next(iter(self.register.sites), None)
        if site is None:
            return
        street, postcode, place = site_address(site)
        found = {"company_name": in_language(self.register.enterprise.names), "street": street,
                 "postcode": postcode, "place": place}
        same_site = self.data.get("filled_from") == site.number
        self.data = self.data.copy()
        self.data.update({name: value for name, value in found.items() if not (same_site and self.data.get(name))})
        self.data.update({"site": site.number, "filled_from": site.number})

    def clean_postcode(self):
        return normalize_postcode(self.cleaned_data["postcode"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        self.resubmitted = Application.objects.filter(submission_key=cleaned.get("submission_key")).first()
        if self.resubmitted is not None:  # double click or back-and-resend: not a second application
            return cleaned
        errors = eligibility_errors(
            call=self.call, enterprise_number=cleaned.get("enterprise_number"),
            postcode=cleaned.get("postcode") if "postcode" in cleaned else None,
            deminimis_amount=cleaned.get("deminimis_amount"), email=cleaned.get("email"),
        )
        if "enterprise_number" not in errors:
            register, _snapshot = register_errors(
                call=self.call, enterprise_number=cleaned.get("enterprise_number"), site=cleaned.get("site"))
            errors.update(register)
        for field, error in errors.items():
            if field is None or field in self.fields:
                self.add_error(field, error)
        return cleaned


def site_label(site):
    """"Seat: Kerkstraat 10, 3700 Tongeren (De Linde 10)" for the choice of an establishment."""
    street, postcode, place = site_address(site)
    address = f"{street}, {postcode} {place}"
    kind = _("Seat") if site.is_seat else _("Establishment %(number)s") % {"number": format_site_number(site)}
    name = in_language(site.names)
    return f"{kind}: {address}" + (f" ({name})" if name else "")


def format_site_number(site):
    number = site.number
    return f"{number[0]}.{number[1:4]}.{number[4:7]}.{number[7:]}"


def add_errors(form, error):
    """Show a service's ValidationError on the form: next to its field, or at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ApplicantLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the application"))
    enterprise_number = EnterpriseNumberFormField(label=_("Enterprise number"), max_length=32)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (mailed to the applicant)"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=2000)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (mailed to the business)"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class BatchCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class ExecutionDateForm(forms.Form):
    """The day the bank is asked to pay: not in the past, and a bank business day. For a day the banks are
    closed the next business day is proposed, filled in, rather than moved silently: the date goes into the
    bank file, so finance sees it change, and one click confirms it."""
    execution_date = forms.DateField(label=_("New requested execution date"),
                                     initial=lambda: business_day_from(timezone.localdate()),
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_execution_date(self):
        day = self.cleaned_data["execution_date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The execution date cannot lie in the past."), code="past")
        if not is_business_day(day):
            proposal = business_day_from(day)
            self.data = self.data.copy()
            self.data[self.add_prefix("execution_date")] = proposal.isoformat()
            raise forms.ValidationError(
                _("Banks execute no transfers on %(day)s (a weekend or TARGET closing day). The next business "
                  "day, %(proposal)s, is filled in: confirm it or choose another date."), code="bank_closed",
                params={"day": date_format(day, "l d/m/Y"), "proposal": date_format(proposal, "l d/m/Y")})
        return day


class PayoutBatchForm(ExecutionDateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["execution_date"].label = _("Requested execution date")


class ExtendForm(forms.Form):
    valid_until = forms.DateField(label=_("New valid-until date"),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class CheckNoteForm(forms.Form):
    note = forms.CharField(label=_("What is wrong with the proof? (kept in the audit log)"),
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class FindChequeForm(forms.Form):
    code = forms.CharField(label=_("Cheque code"), max_length=40,
                           help_text=_("16 characters, e.g. ABCD-EFGH-KLMN-PQRS."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))
    enterprise_number = EnterpriseNumberFormField(label=_("Enterprise number of the customer"), max_length=32)
    firm: "forms.ModelChoiceField[SocialEnterprise]" = forms.ModelChoiceField(
        label=_("Your enterprise"), queryset=SocialEnterprise.objects.none(), empty_label=None)

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms
        if len(firms) == 1:
            self.fields["firm"].widget = forms.HiddenInput()
            self.fields["firm"].initial = firms[0].pk
