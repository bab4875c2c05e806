"""A call (oproep): one yearly round of cheques with its own rules and budget."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _

from enterprises.models import Postcode
from enterprises.region import covered_postcodes
from regie.models.regies import RegieScopedQuerySet

CENT = Decimal("0.01")
# The KBO juridical forms of public bodies (code.csv, JuridicalForm): the state, regions, communities, provinces,
# municipalities, OCMWs, police and rescue zones, intermunicipal associations, public institutions and companies.
PUBLIC_JURIDICAL_FORMS = "110, 114, 116, 117, 121, 124, 126-129, 155, 160, 301-393, 400-422, 451, 452"
# NACE prefixes: 84, public administration and defence; compulsory social security.
PUBLIC_NACE = "84"


def juridical_form_codes(text):
    """"301-303, 411" -> {"301", "302", "303", "411"}; ValidationError for anything else."""
    codes = set()
    for part in filter(None, (part.strip() for part in (text or "").replace(";", ",").split(","))):
        first, _dash, last = part.partition("-")
        first, last = first.strip(), (last or first).strip()
        if not (len(first) == len(last) == 3 and first.isdigit() and last.isdigit() and first <= last):
            raise ValidationError(_("%(part)s is not a juridical form code of three digits or a range such as "
                                    "400-422."), code="juridical_form", params={"part": part})
        codes.update(f"{code:03d}" for code in range(int(first), int(last) + 1))
    return codes


def nace_prefixes(text):
    """"84, 88.99" -> ["84", "8899"]: NACE codes or their beginnings, dots and spaces ignored."""
    prefixes = []
    for part in filter(None, (part.strip() for part in (text or "").replace(";", ",").split(","))):
        prefix = part.replace(".", "").replace(" ", "")
        if not prefix.isdigit() or len(prefix) > 7:
            raise ValidationError(_("%(part)s is not a NACE code or the beginning of one, such as 84 or 88.99."),
                                  code="nace", params={"part": part})
        prefixes.append(prefix)
    return prefixes


class CallQuerySet(RegieScopedQuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Call(models.Model):
    regie_path = "regie"
    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT, related_name="calls")
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("In Dutch; also the name staff see. "
                                        "Give French and English names for the public."))
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    face_value = models.DecimalField(
        _("face value"), max_digits=8, decimal_places=2, default=Decimal("500.00"),
        validators=[MinValueValidator(CENT)],
        help_text=_("Value of one cheque, excluding VAT."),
    )
    budget = models.DecimalField(
        _("budget"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Total value of the cheques this call may issue, e.g. 15,000.00 for 30 cheques of 500."),
    )
    committed = models.DecimalField(
        _("committed"), max_digits=10, decimal_places=2, default=Decimal("0"), editable=False,
        help_text=_("Face value of the cheques issued and not cancelled, less what expired cheques left unused."),
    )
    redeemed = models.DecimalField(
        _("redeemed"), max_digits=10, decimal_places=2, default=Decimal("0"), editable=False,
        help_text=_("Redemptions approved by the coordinator, paid or not."),
    )
    paid = models.DecimalField(
        _("paid"), max_digits=10, decimal_places=2, default=Decimal("0"), editable=False,
        help_text=_("Redemptions paid to the firms."),
    )
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"),
                                 help_text=_("Last day on which applications are accepted."))
    validity_months = models.PositiveSmallIntegerField(
        _("cheque validity (months)"), default=6, validators=[MinValueValidator(1)]
    )
    contest_days = models.PositiveSmallIntegerField(
        _("contest window (days)"), default=14,
        help_text=_("Days a business has to contest a redemption before it counts as confirmed."),
    )
    followup_months = models.PositiveSmallIntegerField(
        _("follow-up after (months)"), default=3, validators=[MinValueValidator(1)],
        help_text=_("Months after a cheque is used up (or expires after some use) before the business and the "
                    "firm are asked whether they still work together."),
    )
    random_check_percent = models.PositiveSmallIntegerField(
        _("random checks (%)"), default=0, validators=[MaxValueValidator(100)],
        help_text=_("Share of redemptions drawn at random for an extra check (proof asked) before approval."),
    )
    deminimis_ceiling = models.DecimalField(
        _("de-minimis ceiling"), max_digits=12, decimal_places=2, default=Decimal("300000.00"),
        help_text=_("State aid over three years, the cheque included, may not exceed this amount."),
    )
    funding_reference = models.CharField(
        _("funding reference"), max_length=200, blank=True,
        help_text=_("The funder and the reference of its decision, as the programme report names them, e.g. "
                    "Flemish government, subsidy decision 2026/123."),
    )
    subsidy_amount = models.DecimalField(
        _("subsidy (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The part of the funder's grant this call accounts for, e.g. 50,000.00 for the one call of a "
                    "year; a report over several calls adds up their parts."),
    )
    target_cheques = models.PositiveIntegerField(
        _("target number of cheques"), null=True, blank=True,
        help_text=_("How many businesses the funder expects to try a social-economy enterprise with a cheque, "
                    "e.g. 30; the report sets what was reached against it."),
    )
    excluded_juridical_forms = models.CharField(
        _("excluded juridical forms"), max_length=500, blank=True, default=PUBLIC_JURIDICAL_FORMS,
        validators=[juridical_form_codes],
        help_text=_("KBO juridical form codes (three digits, ranges such as 400-422) that cannot apply, checked "
                    "when the enterprise register is loaded. The default excludes public bodies: 110-160 public-law "
                    "forms, 301-393 federal, regional and community authorities, 400-422 provinces, "
                    "municipalities, OCMWs, police and rescue zones and intermunicipal associations."),
    )
    excluded_nace = models.CharField(
        _("excluded activities (NACE)"), max_length=500, blank=True, default=PUBLIC_NACE, validators=[nace_prefixes],
        help_text=_("NACE codes or their beginnings, separated by commas, e.g. 84 or 88.99: an enterprise whose main "
                    "activity in the enterprise register starts with one cannot apply. The default, 84, is public "
                    "administration; add the codes of the social-economy enterprises (e.g. sheltered work)."),
    )
    postcodes = models.ManyToManyField(
        Postcode, verbose_name=_("region postcodes"), blank=True, related_name="calls",
        help_text=_("Leave empty for the regie's area (the postcodes it covers)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(committed__gte=0) & Q(committed__lte=models.F("budget")),
                                   name="call_committed_within_budget"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=models.F("redeemed"))
                                   & Q(redeemed__lte=models.F("committed")), name="call_paid_redeemed_committed"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="call_closes_after_opening"),
            models.CheckConstraint(condition=Q(face_value__gt=0), name="call_face_value_positive"),
            models.UniqueConstraint(fields=["regie", "name"], name="one_call_name_per_regie",
                                    violation_error_message=_("This regie already has a call of this name.")),
        ]

    def __str__(self):
        return self.public_name()  # in the admin's, the report's or the page's language

    def public_name(self, language=None):
        """The name in `language` (default: the active one), Dutch where no translation was given."""
        language = (language or get_language() or "nl")[:2]
        return {"fr": self.name_fr, "en": self.name_en}.get(language) or self.name

    @property
    def remaining(self):
        return self.budget - self.committed

    def has_budget_for_one_more(self):
        return self.remaining >= self.face_value

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def excluded_forms(self):
        return juridical_form_codes(self.excluded_juridical_forms)

    def excluded_nace_prefixes(self):
        return nace_prefixes(self.excluded_nace)

    def region_postcodes(self):
        """The postcodes where applicants may be established: the call's own list, else its regie's area."""
        own = self.pk and self.postcodes.exists()
        return self.postcodes.all() if own else covered_postcodes(self.regie_id)
