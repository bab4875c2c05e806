"""The de-minimis aid each issued cheque grants (Commission Regulation (EU) 2023/2831), as the central register
asks for it: the beneficiary, the amount, the grant date, the granting authority and the measure, copied when the
cheque is issued so that later edits of the application or the call do not rewrite what was granted; a cancelled
cheque corrects the grant to 0, a cheque that expired with balance left to the amount used
(vouchers/services/grants.py writes them)."""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.fields import EnterpriseNumberField
from regie.dates import add_months
from regie.formats.numbers import format_enterprise_number
from regie.models import Regie
from regie.models.regies import RegieScopedQuerySet

REGULATION = "2023/2831"  # Commission Regulation (EU) 2023/2831 of 13 December 2023, OJ L, 2023/2831, 15.12.2023
REGULATION_URL = "http://data.europa.eu/eli/reg/2023/2831/oj"
PERIOD_MONTHS = 36  # the regulation's ceiling holds over any period of three years


@dataclass(frozen=True)
class GrantingAuthority:
    name: str
    enterprise_number: str  # 10 digits


def granting_authority(regie: Regie) -> GrantingAuthority:
    """The regie that grants the aid (the regie of the cheque's call): the legal entity its row names. The one place
    that says where it comes from."""
    return GrantingAuthority(name=regie.legal_name, enterprise_number=regie.enterprise_number)


def measure_name(call) -> str:
    """The aid measure as the register names it: the call, and the funder's decision where the call gives it."""
    return " – ".join(part for part in (call.name, call.funding_reference) if part)


class Correction(models.TextChoices):
    CANCELLED = "cancelled", _("Cheque cancelled: no aid")
    EXPIRED = "expired", _("Cheque expired: aid reduced to the amount used")


class GrantQuerySet(RegieScopedQuerySet):
    def granted_in(self, year):
        return self.filter(granted_on__year=year)

    def of_enterprise(self, enterprise_number):
        return self.filter(beneficiary_number=enterprise_number).exclude(beneficiary_number="")

    def in_three_years_before(self, day: datetime.date):
        """Granted in the three years up to and including `day` (the regulation's rolling period)."""
        return self.filter(granted_on__gt=add_months(day, -PERIOD_MONTHS), granted_on__lte=day)

    def total(self) -> Decimal:
        """What these grants amount to after their corrections."""
        return self.aggregate(total=Sum(Coalesce("corrected_amount", "amount")))["total"] or Decimal("0.00")


class DeMinimisGrant(models.Model):
    regie_path = "voucher__call__regie"
    voucher = models.OneToOneField("vouchers.Voucher", verbose_name=_("cheque"), on_delete=models.PROTECT,
                                   related_name="deminimis_grant")
    beneficiary_number = EnterpriseNumberField(_("beneficiary's enterprise number"), blank=True)
    beneficiary_name = models.CharField(_("beneficiary"), max_length=150, blank=True)
    amount = models.DecimalField(_("aid granted (EUR)"), max_digits=12, decimal_places=2)
    granted_on = models.DateField(_("grant date"), db_index=True)
    authority_name = models.CharField(_("granting authority"), max_length=200)
    authority_number = EnterpriseNumberField(_("granting authority's enterprise number"), blank=True)
    measure = models.CharField(_("aid measure"), max_length=320)
    regulation = models.CharField(_("regulation"), max_length=20, default=REGULATION)
    corrected_amount = models.DecimalField(_("corrected aid (EUR)"), max_digits=12, decimal_places=2,
                                           null=True, blank=True)
    corrected_on = models.DateField(_("correction date"), null=True, blank=True)
    correction = models.CharField(_("correction"), max_length=12, choices=Correction.choices, blank=True)
    correction_note = models.TextField(_("reason for the correction"), blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True, editable=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("de-minimis grant")
        verbose_name_plural = _("de-minimis grants")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deminimis_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(corrected_amount__isnull=True)
                | (Q(corrected_amount__gte=0) & Q(corrected_amount__lte=models.F("amount"))),
                name="deminimis_correction_within_amount"),
        ]

    def __str__(self):  # names no one: the audit log keeps it longer than the grant keeps the business's name
        return f"{self.voucher.code_display} ({self.granted_on:%d/%m/%Y}): EUR {self.current_amount}"

    @classmethod
    def for_voucher(cls, voucher) -> "DeMinimisGrant":
        """The grant a cheque makes, not saved: the beneficiary, the authority and the measure as they are now."""
        application, call = voucher.application, voucher.call
        authority = granting_authority(call.regie)
        return cls(voucher=voucher, beneficiary_number=application.enterprise_number,
                   beneficiary_name=application.company_name, amount=voucher.face_value,
                   granted_on=timezone.localdate(voucher.issued_at), authority_name=authority.name,
                   authority_number=authority.enterprise_number, measure=measure_name(call))

    @classmethod
    def notice_for(cls, voucher) -> "DeMinimisGrant":
        """What the written notice (approval mail, cheque) states: the recorded grant, or for a cheque issued
        before grants were recorded, the one it makes."""
        try:
            return voucher.deminimis_grant
        except cls.DoesNotExist:
            return cls.for_voucher(voucher)

    @property
    def current_amount(self) -> Decimal:
        """The aid after its correction, if any."""
        return self.amount if self.corrected_amount is None else self.corrected_amount

    @property
    def beneficiary_number_display(self) -> str:
        return format_enterprise_number(self.beneficiary_number) if self.beneficiary_number else ""

    @property
    def authority_number_display(self) -> str:
        return format_enterprise_number(self.authority_number) if self.authority_number else ""


def _corrected(grant):
    return grant.corrected_amount


# The columns of the de-minimis register (the admin's export and `manage.py deminimis_register`): what the central
# register of de-minimis aid asks for each grant, with its correction.
REGISTER_COLUMNS = [
    (_("beneficiary's enterprise number"), lambda g: g.beneficiary_number_display),
    (_("beneficiary"), lambda g: g.beneficiary_name),
    (_("aid granted (EUR)"), lambda g: g.amount),
    (_("grant date"), lambda g: g.granted_on),
    (_("granting authority"), lambda g: g.authority_name),
    (_("granting authority's enterprise number"), lambda g: g.authority_number_display),
    (_("aid measure"), lambda g: g.measure),
    (_("regulation"), lambda g: f"(EU) {g.regulation}"),
    (_("corrected aid (EUR)"), _corrected),
    (_("correction date"), lambda g: g.corrected_on),
    (_("correction"), lambda g: g.get_correction_display()),
    (_("cheque"), lambda g: g.voucher.code_display),
]


def grants_due_for_anonymising(cutoff: datetime.date):
    """Grants still naming the business whose retention ran out before `cutoff` (the schedule's period before
    today): kept for 10 fiscal years (calendar years) after the year they were granted in, so a grant of 2026 is
    anonymised from 1 January 2037 (the entry "deminimis_grants" of vouchers/privacy/schedule.py)."""
    return DeMinimisGrant.objects.filter(granted_on__year__lt=cutoff.year, anonymised_at__isnull=True)


def anonymise_grants(grants) -> int:
    """Remove the business's enterprise number and name (and the free text) from these grants."""
    return grants.update(beneficiary_number="", beneficiary_name="", correction_note="", anonymised_at=timezone.now())
