"""A redemption (inwisseling): a firm deducts (part of) a cheque from its invoice."""
import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from enterprises.models import SocialEnterprise
from regie.models.regies import RegieScopedQuerySet
from vouchers.models.vouchers import private_storage


def invoice_path(redemption, filename):
    """Stored under a name of our own: never the uploader's file name, never a collision."""
    return f"invoices/{timezone.localtime(redemption.submitted_at):%Y}/{redemption.public_id}.pdf"


def einvoice_path(redemption, filename):
    """The UBL e-invoice beside the PDF invoices, under our own name."""
    return f"invoices/{timezone.localtime(redemption.submitted_at):%Y}/{redemption.public_id}.xml"


def credit_note_path(redemption, filename):
    return f"invoices/{timezone.localtime(redemption.submitted_at):%Y}/{redemption.public_id}-credit-note.xml"


def invoice_number_key(number):
    """The invoice number as compared for "the same invoice twice": case and spaces do not count."""
    return "".join(str(number or "").split()).upper()


class CheckOutcome(models.TextChoices):
    PENDING = "pending", _("Proof asked")
    PASSED = "passed", _("Proof accepted")
    FAILED = "failed", _("Proof not accepted")


class RedemptionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the customer")
    CONFIRMED = "confirmed", _("Confirmed by the customer")
    CONTESTED = "contested", _("Contested by the customer")
    APPROVED = "approved", _("Approved, awaiting payment")
    REJECTED = "rejected", pgettext_lazy("a redemption", "Rejected")  # masculine in French: un encaissement
    PAID = "paid", _("Paid")


COUNTING = (RedemptionStatus.SUBMITTED, RedemptionStatus.CONFIRMED, RedemptionStatus.CONTESTED,
            RedemptionStatus.APPROVED, RedemptionStatus.PAID)  # everything but rejected uses the balance
DECIDABLE = (RedemptionStatus.CONFIRMED, RedemptionStatus.CONTESTED)


class RedemptionQuerySet(RegieScopedQuerySet):
    def counting(self):
        return self.filter(status__in=COUNTING)

    def payable(self):
        return self.filter(status=RedemptionStatus.APPROVED, batch__isnull=True)


class Redemption(models.Model):
    regie_path = "voucher__call__regie"
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission_key = models.UUIDField(unique=True, editable=False)
    voucher = models.ForeignKey("vouchers.Voucher", verbose_name=_("cheque"), on_delete=models.PROTECT,
                                related_name="redemptions")
    enterprise = models.ForeignKey(SocialEnterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="redemptions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    amount = models.DecimalField(_("amount of the cheque used"), max_digits=8, decimal_places=2)
    description = models.TextField(_("service delivered"), max_length=1000)
    service_date = models.DateField(_("service date"))
    invoice_number = models.CharField(_("invoice number"), max_length=50)
    invoice_date = models.DateField(_("invoice date"))
    invoice_amount = models.DecimalField(_("invoice amount excluding VAT"), max_digits=10, decimal_places=2)
    invoice = models.FileField(_("invoice (PDF)"), storage=private_storage, upload_to=invoice_path, blank=True)
    einvoice = models.FileField(_("e-invoice (UBL)"), storage=private_storage, upload_to=einvoice_path, blank=True)
    # invoice_number_key: null only for redemptions recorded before the rule, whose number an older one already had
    invoice_number_key = models.CharField(  # noqa: DJ001 NULL, not "": the uniqueness rule must skip those rows
        _("invoice number (as compared)"), max_length=50, null=True, editable=False)
    credit_note = models.FileField(_("credit note (UBL)"), storage=private_storage, upload_to=credit_note_path,
                                   blank=True)
    credit_note_number = models.CharField(_("credit note number"), max_length=50, blank=True)
    credit_note_received_at = models.DateTimeField(_("credit note received"), null=True, blank=True)
    files_removed_at = models.DateTimeField(_("invoice files removed"), null=True, blank=True, editable=False,
                                            help_text=_("At the end of the retention period, or by an erasure."))
    credit_note_attention = models.BooleanField(_("credit note to look at"), default=False, help_text=_(
        "The firm sent a credit note against this invoice: check whether the redemption still stands."))
    status = models.CharField(_("status"), max_length=10, choices=RedemptionStatus.choices,
                              default=RedemptionStatus.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("customer answered"), null=True, blank=True)
    confirmed_automatically = models.BooleanField(_("confirmed by the contest window"), default=False)
    contest_reason = models.TextField(_("reason given by the customer"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    random_check = models.CharField(_("random check"), max_length=7, choices=CheckOutcome.choices, blank=True,
                             help_text=_("Drawn at random for an extra check before approval."))
    check_note = models.TextField(_("check note"), blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    batch = models.ForeignKey("vouchers.PayoutBatch", verbose_name=_("payout batch"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="redemptions")
    paid_at = models.DateField(_("paid on"), null=True, blank=True)

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="redemption_amount_positive"),
            models.CheckConstraint(condition=Q(amount__lte=F("invoice_amount")), name="redemption_within_invoice"),
            # Only approved redemptions go into a batch, and a paid one always has its batch.
            models.CheckConstraint(condition=Q(batch__isnull=True) | Q(status__in=["approved", "paid"]),
                                   name="redemption_batch_only_when_approved"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(batch__isnull=False, paid_at__isnull=False),
                                   name="redemption_paid_through_a_batch"),
            models.CheckConstraint(condition=~Q(invoice="") | ~Q(einvoice="") | Q(files_removed_at__isnull=False),
                                   name="redemption_has_an_invoice"),
            # The same invoice proves one redemption of the firm, whatever its format; a rejected one frees it.
            models.UniqueConstraint(fields=["enterprise", "invoice_number_key"], condition=~Q(status="rejected"),
                                    name="redemption_invoice_once_per_firm"),
        ]
        indexes = [
            # The few rows the dashboard counts or groups (its attention list, random checks): small partial indexes
            # instead of reading every redemption of the regie.
            models.Index(fields=["credit_note_attention"], condition=Q(credit_note_attention=True),
                         name="redemption_credit_note_todo"),
            models.Index(fields=["random_check"], condition=~Q(random_check=""), name="redemption_random_drawn"),
        ]

    def __str__(self):
        return f"{self.voucher.code_display} – {self.enterprise} – EUR {self.amount}"

    @property
    def is_decidable(self):
        return self.status in DECIDABLE

    @property
    def awaits_check(self):
        """Drawn for a check, and the proof can still change a decision (not rejected, approved or paid)."""
        return self.random_check == CheckOutcome.PENDING and self.status in (RedemptionStatus.SUBMITTED, *DECIDABLE)

    @property
    def contest_until(self):
        """Last day (in Brussels) on which the customer can still contest; after it the use counts as confirmed."""
        return timezone.localdate(self.submitted_at) + datetime.timedelta(days=self.voucher.call.contest_days)
