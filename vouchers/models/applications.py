"""An application (aanvraag) of a regular business for a cheque."""
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from enterprises.fields import EnterpriseNumberField
from enterprises.models import Municipality, ServiceCategory, SocialEnterprise
from regie.formats.numbers import format_enterprise_number
from regie.models.regies import RegieScopedQuerySet


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (e-mail not confirmed)")
    VERIFIED = "verified", _("Verified, awaiting decision")
    WAITLISTED = "waitlisted", _("On the waiting list")
    APPROVED = "approved", _("Approved, cheque issued")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    VOIDED = "voided", _("Declared void by the coordinator")


DECIDABLE = (ApplicationStatus.VERIFIED, ApplicationStatus.WAITLISTED)
# Applications that count for "one per business per call": confirmed ones and the decisions on them. An
# unconfirmed (submitted), withdrawn or voided application never counts, so nobody blocks a business by
# typing its number.
COUNTED = (*DECIDABLE, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction and installation")
    MANUFACTURING = "manufacturing", _("Manufacturing and crafts")
    RETAIL = "retail", _("Retail and wholesale")
    HOSPITALITY = "hospitality", _("Hospitality, catering and tourism")
    AGRICULTURE = "agriculture", _("Agriculture and horticulture")
    TRANSPORT = "transport", _("Transport and logistics")
    SERVICES = "services", _("Business services")
    CARE = "care", _("Health and care")
    LIBERAL = "liberal", _("Liberal profession")
    NONPROFIT = "nonprofit", _("Non-profit organisation")
    OTHER = "other", _("Other")


class CompanySize(models.TextChoices):
    SOLO = "0", _("Self-employed, no staff")
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-249", _("50 to 249 employees")
    LARGE = "250+", _("250 employees or more")


class ApplicationQuerySet(RegieScopedQuerySet):
    def unverified_before(self, moment):
        return self.filter(status=ApplicationStatus.SUBMITTED, submitted_at__lt=moment)

    def counted(self, *, call, enterprise_number):
        """The applications of this call that count for this enterprise number (see COUNTED)."""
        return self.filter(call=call, enterprise_number=enterprise_number, status__in=COUNTED).exclude(
            enterprise_number="")

    def with_conflict(self):
        """Annotated `in_conflict`: the same enterprise number counts twice in the call and one of the two still
        waits for a decision (verified or waitlisted). The coordinator decides: reject, void or approve one."""
        others = self.model._default_manager.filter(
            call=OuterRef("call"), enterprise_number=OuterRef("enterprise_number"), status__in=COUNTED,
        ).exclude(pk=OuterRef("pk")).exclude(enterprise_number="")
        conflict = (Q(status__in=DECIDABLE) & Exists(others)
                    | Q(status__in=COUNTED) & Exists(others.filter(status__in=DECIDABLE)))
        return self.annotate(in_conflict=Case(When(conflict, then=Value(True)), default=Value(False),
                                              output_field=BooleanField()))

    def in_conflict(self):
        return self.with_conflict().filter(in_conflict=True)

    def conflict_count(self) -> int:
        """How many of these applications are in conflict (`in_conflict().count()` in one grouped pass): a
        business's counted applications in a call are all in conflict when there are two or more and one of them
        still waits for a decision."""
        groups = (self.filter(status__in=COUNTED).exclude(enterprise_number="")
                  .values("call", "enterprise_number")
                  .annotate(counted=Count("pk"), waiting=Count("pk", filter=Q(status__in=DECIDABLE)))
                  .filter(counted__gte=2, waiting__gte=1))
        return sum(group["counted"] for group in groups)


class Application(models.Model):
    regie_path = "call__regie"
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission_key = models.UUIDField(unique=True, editable=False, help_text="Makes a resubmitted form harmless.")
    call = models.ForeignKey("vouchers.Call", verbose_name=_("call"), on_delete=models.PROTECT,
                             related_name="applications")
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    company_name = models.CharField(_("company name"), max_length=150)
    enterprise_number = EnterpriseNumberField(_("enterprise number"))
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=4)
    place = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="applications")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=8, choices=CompanySize.choices)
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30)
    language = models.CharField(_("preferred language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    interested_categories = models.ManyToManyField(ServiceCategory, verbose_name=_("services of interest"),
                                                   blank=True, related_name="+")
    interested_enterprises: "models.ManyToManyField[SocialEnterprise, models.Model]" = models.ManyToManyField(
        SocialEnterprise, verbose_name=_("enterprises of interest"), blank=True, related_name="+")
    motivation = models.TextField(_("motivation"), validators=[MaxLengthValidator(2000)])
    deminimis_amount = models.DecimalField(_("de-minimis aid in the last three years"), max_digits=12,
                                           decimal_places=2, validators=[MinValueValidator(0)])
    accepted_terms_at = models.DateTimeField(_("terms and privacy notice accepted"))
    consented_to_introductions_at = models.DateTimeField(
        _("agreed to introductions"), null=True, blank=True,
        help_text=_("When the business agreed that the firms it is interested in receive its contact details "
                    "(networking.Introduction). Empty: nothing is shared."))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    verified_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    voided_at = models.DateTimeField(_("declared void"), null=True, blank=True)
    void_reason = models.TextField(_("reason for declaring it void"), blank=True)
    register_check = models.JSONField(
        _("enterprise register at submission"), default=dict, blank=True, editable=False,
        help_text=_("What the enterprise register (KBO) said when the application was sent: the extract, whether "
                    "the number was in it, status, name, the chosen establishment's address, juridical form and "
                    "main NACE code. Empty when no register was loaded."))
    anonymised_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False,
        help_text=_("When names, contact details and free texts were erased on request or at the end of the "
                    "retention period (vouchers/privacy/)."))

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "id"]
        constraints = [
            # One cheque per business per call, whatever the race: at most one approved application per
            # enterprise number (an anonymised one, its number removed after the retention period, no longer counts).
            models.UniqueConstraint(fields=["call", "enterprise_number"],
                                    condition=Q(status="approved") & ~Q(enterprise_number=""),
                                    name="application_one_approved_per_call"),
        ]
        # A business's applications in a call: the conflict check (with_conflict, conflict_count) and the rule of one
        # counted application per business look them up per row; without it a call of 10,000 scans 10,000 x 10,000.
        indexes = [models.Index(fields=["call", "enterprise_number"], name="application_business_call")]
        permissions = [("erase_personal_data", _("Can export, correct and erase a business's personal data"))]

    def __str__(self):
        return f"{self.company_name} ({self.enterprise_number_display})"

    @property
    def enterprise_number_display(self):
        return format_enterprise_number(self.enterprise_number)

    @property
    def not_in_register(self):
        """The register was loaded but did not know the number (it may be newer than the extract)."""
        return self.register_check.get("found") is False

    @property
    def is_decidable(self):
        return self.status in DECIDABLE

    @property
    def has_live_cheque(self):
        """A cheque was issued and not cancelled: the application stands (cancel the cheque to void it)."""
        voucher = getattr(self, "voucher", None)
        return voucher is not None and voucher.status != "cancelled"

    @property
    def can_be_voided(self):
        return self.status not in (ApplicationStatus.WITHDRAWN, ApplicationStatus.VOIDED) and not self.has_live_cheque

    @property
    def can_be_withdrawn(self):
        return self.status in (ApplicationStatus.SUBMITTED, *DECIDABLE)
