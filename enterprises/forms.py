from django import forms
from django.utils.translation import gettext_lazy as _, pgettext

from enterprises.models import EnterpriseKind, ServiceCategory, SocialEnterprise


class CatalogueFilterForm(forms.Form):
    """The catalogue's search box and filters; unknown values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    gemeente = forms.ChoiceField(label=_("Municipality"), required=False)
    categorie = forms.ChoiceField(label=_("Service"), required=False)
    soort = forms.ChoiceField(label=_("Kind of enterprise"), required=False)
    particulier = forms.BooleanField(label=_("Also for private households"), required=False)

    def __init__(self, data, *, municipalities, categories):
        super().__init__(data)
        self.municipalities = {m.slug: m for m in municipalities}
        self.categories = {c.slug: c for c in categories}
        everything = [("", _("All"))]
        every_municipality = [("", pgettext("municipalities", "All"))]  # French: "Toutes" (la commune)
        self.fields["gemeente"].choices = every_municipality + [(m.slug, m.name) for m in municipalities]
        self.fields["categorie"].choices = everything + [(c.slug, c.name) for c in categories]
        self.fields["soort"].choices = everything + list(EnterpriseKind.choices)

    def filters(self):
        """The valid filters as arguments of `selectors.catalogue`; invalid ones are dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": (data.get("q") or "").strip(),
            "municipality": self.municipalities.get(data.get("gemeente")),
            "category": self.categories.get(data.get("categorie")),
            "kind": data.get("soort") or "",
            "households": bool(data.get("particulier")),
        }


class EnterpriseProfileForm(forms.ModelForm):
    """What a firm keeps up to date itself; the coordinator manages the rest."""

    class Meta:
        model = SocialEnterprise
        fields = [
            "summary_nl", "summary_fr", "summary_en",
            "description_nl", "description_fr", "description_en",
            "services_nl", "services_fr", "services_en",
            "categories", "serves_households", "website", "email", "phone", "logo",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "description_nl": forms.Textarea(attrs={"rows": 5}),
            "description_fr": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "services_nl": forms.Textarea(attrs={"rows": 4}),
            "services_fr": forms.Textarea(attrs={"rows": 4}),
            "services_en": forms.Textarea(attrs={"rows": 4}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        labels = {
            "summary_nl": _("Short description (Dutch)"),
            "summary_fr": _("Short description (French)"),
            "summary_en": _("Short description (English)"),
            "description_nl": _("Description (Dutch)"),
            "description_fr": _("Description (French)"),
            "description_en": _("Description (English)"),
            "services_nl": _("Services offered (Dutch)"),
            "services_fr": _("Services offered (French)"),
            "services_en": _("Services offered (English)"),
            "serves_households": _("We also work for private households"),
        }
        help_texts = {
            "serves_households": _("The catalogue then shows your firm with the label “Also for private households” "
                                   "and in that filter."),
        }

    def __init__(self, *args, regie, **kwargs):
        """`regie`: the host's; the firm chooses among its service categories (when it lists the firm), and keeps
        those another regie that lists it gave it (update_enterprise_profile)."""
        super().__init__(*args, **kwargs)
        self.fields["summary_nl"].required = True
        self.fields["categories"].queryset = ServiceCategory.objects.of_regie(regie).filter(
            regie__firm_listings__enterprise=self.instance)
        self.initial["categories"] = list(self.instance.categories.of_regie(regie)) if self.instance.pk else []
        for name in ("services_nl", "services_fr", "services_en"):
            self.fields[name].help_text = _("One service per line.")
