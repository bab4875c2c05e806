"""A registration (inschrijving) for a meeting, of a regular business or of a social-economy firm's user; and
the after-meeting wish of one attendee to meet another again."""
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from enterprises.fields import EnterpriseNumberField
from enterprises.models import ServiceCategory, SocialEnterprise
from regie.formats.numbers import format_enterprise_number
from regie.models.regies import RegieScopedQuerySet


class RegistrationKind(models.TextChoices):
    BUSINESS = "business", _("Regular business")
    FIRM = "firm", _("Social-economy firm")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


def new_check_in_code():
    """The secret in the personal QR code: 128 bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


class RegistrationQuerySet(RegieScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def registered(self):
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting_in_order(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "id")

    def attended(self):
        return self.filter(checked_in_at__isnull=False)


class Registration(models.Model):
    regie_path = "meeting__regie"
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False,
                                      help_text="Makes a resubmitted form harmless.")
    meeting = models.ForeignKey("networking.Meeting", verbose_name=_("networking moment"), on_delete=models.PROTECT,
                                related_name="registrations")
    kind = models.CharField(_("kind"), max_length=10, choices=RegistrationKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True)
    contact_name = models.CharField(_("name"), max_length=150)
    company_name = models.CharField(_("company"), max_length=150)
    enterprise_number = EnterpriseNumberField(_("enterprise number"), blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("preferred language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    looking_for = models.TextField(_("what you would like to find"), blank=True, validators=[MaxLengthValidator(1000)])
    interested_categories = models.ManyToManyField(ServiceCategory, verbose_name=_("services of interest"),
                                                   blank=True, related_name="+")
    interested_enterprises: "models.ManyToManyField[SocialEnterprise, models.Model]" = models.ManyToManyField(
        SocialEnterprise, verbose_name=_("enterprises of interest"), blank=True, related_name="+")
    enterprise = models.ForeignKey(SocialEnterprise, verbose_name=_("social-economy enterprise"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="registrations",
                                   help_text=_("For a firm's registration: the firm."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("firm user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="meeting_registrations")
    consented_to_introductions_at = models.DateTimeField(
        _("agreed to introductions"), null=True, blank=True,
        help_text=_("When the business agreed that the firms it is interested in receive its contact details. "
                    "Empty: nothing is shared."))
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed"), null=True, blank=True,
        help_text=_("When the registrant confirmed the address from the link in the mail (a firm's user: at once). "
                    "Introductions go out only then."))
    listed_for_attendees = models.BooleanField(
        _("listed for the other attendees"), default=False,
        help_text=_("The company's name may be shown to the other attendees after the meeting."))
    check_in_code = models.CharField(max_length=32, unique=True, default=new_check_in_code, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    wishes_asked_at = models.DateTimeField(_("after-meeting mail sent"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "created_at", "id"]
        constraints = [
            # One place per address per meeting: registering twice with one address is refused (a cancelled
            # registration frees the address).
            models.UniqueConstraint(Lower("email"), "meeting", condition=Q(status__in=["registered", "waiting"]),
                                    name="registration_one_active_per_email"),
            models.CheckConstraint(condition=Q(kind="business") | Q(enterprise__isnull=False),
                                   name="registration_firm_has_enterprise"),
        ]

    def __str__(self):
        return f"{self.contact_name} ({self.company_name})"

    @property
    def enterprise_number_display(self):
        return format_enterprise_number(self.enterprise_number) if self.enterprise_number else ""

    @property
    def is_active(self):
        return self.status in ACTIVE

    @property
    def has_consent(self):
        return self.consented_to_introductions_at is not None


class Wish(models.Model):
    """After the meeting, one attendee would like to meet another again. Two wishes that meet become an
    introduction (networking.services.wishes)."""

    meeting = models.ForeignKey("networking.Meeting", on_delete=models.CASCADE, related_name="wishes")
    wisher = models.ForeignKey(Registration, verbose_name=_("from"), on_delete=models.CASCADE,
                               related_name="wishes_made")
    wished = models.ForeignKey(Registration, verbose_name=_("to meet"), on_delete=models.CASCADE,
                               related_name="wishes_received")
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("wish to meet again")
        verbose_name_plural = _("wishes to meet again")
        constraints = [
            models.UniqueConstraint(fields=["wisher", "wished"], name="wish_once"),
            models.CheckConstraint(condition=~Q(wisher=models.F("wished")), name="wish_not_oneself"),
        ]

    def __str__(self):
        return f"{self.wisher} → {self.wished}"
