"""An introduction (introductie): a business that said a firm or its services interest it, and agreed to be
introduced, is presented to that firm, on the firm's partner page and by mail. The firm marks what came of it.

The business's details are copied when it is introduced (what it agreed to share, then); withdrawing the
consent (its personal page) withdraws its introductions: the firm keeps the fact, not the contact details.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.fields import EnterpriseNumberField
from enterprises.models import ServiceCategory, SocialEnterprise
from regie.formats.numbers import format_enterprise_number
from regie.models.regies import RegieScopedQuerySet


class IntroductionSource(models.TextChoices):
    APPLICATION = "application", _("Cheque application")
    REGISTRATION = "registration", _("Registration for a networking moment")
    WISH = "wish", _("Both wished to meet again after a networking moment")


class IntroductionOutcome(models.TextChoices):
    NEW = "new", _("Not yet contacted")
    CONTACTED = "contacted", _("Contacted")
    QUOTE = "quote", _("Quote sent")
    CUSTOMER = "customer", _("Became a customer")
    NOTHING = "nothing", _("Nothing came of it")


class IntroductionQuerySet(RegieScopedQuerySet):
    def visible(self):
        """Introductions whose business still agrees: the ones a firm sees with contact details."""
        return self.filter(withdrawn_at__isnull=True, anonymised_at__isnull=True)

    def of_enterprise(self, enterprise):
        return self.filter(enterprise=enterprise)


class Introduction(models.Model):
    regie_path = "regie"
    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT,
                              related_name="introductions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enterprise = models.ForeignKey(SocialEnterprise, verbose_name=_("introduced to"), on_delete=models.PROTECT,
                                   related_name="introductions")
    source = models.CharField(_("where it comes from"), max_length=12, choices=IntroductionSource.choices)
    application_public_id = models.UUIDField(
        null=True, blank=True, editable=False, db_index=True,
        help_text="The cheque application it comes from (vouchers.Application.public_id), if any.")
    registration = models.ForeignKey("networking.Registration", verbose_name=_("registration"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="introductions")
    company_name = models.CharField(_("company"), max_length=150)
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    enterprise_number = EnterpriseNumberField(_("enterprise number"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    looking_for = models.TextField(_("looking for"), blank=True)
    categories = models.ManyToManyField(ServiceCategory, verbose_name=_("services asked for"), blank=True,
                                        related_name="+",
                                        help_text=_("The services the business ticked that this firm offers."))
    chosen_directly = models.BooleanField(_("chose this firm"), default=False,
                                          help_text=_("The business named this firm itself."))
    outcome = models.CharField(_("what came of it"), max_length=10, choices=IntroductionOutcome.choices,
                               default=IntroductionOutcome.NEW)
    outcome_at = models.DateTimeField(_("outcome marked"), null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("outcome marked by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("introduced"), auto_now_add=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True, editable=False)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A business is introduced to a firm once per application and once per registration (an anonymised
            # introduction no longer counts: consent given again after it introduces anew).
            models.UniqueConstraint(fields=["enterprise", "application_public_id"],
                                    condition=Q(application_public_id__isnull=False, anonymised_at__isnull=True),
                                    name="introduction_once_per_application"),
            models.UniqueConstraint(fields=["enterprise", "registration"],
                                    condition=Q(registration__isnull=False, anonymised_at__isnull=True),
                                    name="introduction_once_per_registration"),
        ]

    def __str__(self):
        return f"{self.company_name} → {self.enterprise}"

    @property
    def enterprise_number_display(self):
        return format_enterprise_number(self.enterprise_number) if self.enterprise_number else ""

    @property
    def is_visible(self):
        return self.withdrawn_at is None and self.anonymised_at is None
