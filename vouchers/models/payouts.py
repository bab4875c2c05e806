"""A payout batch (uitbetaling): approved redemptions paid to the firms in one SEPA transfer file."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _

from regie.models.regies import RegieScopedQuerySet


class PayoutBatchStatus(models.TextChoices):
    OPEN = "open", _("Created, to be paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class PayoutBatch(models.Model):
    regie_path = "regie"
    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT,
                              related_name="payout_batches")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=9, choices=PayoutBatchStatus.choices,
                              default=PayoutBatchStatus.OPEN)
    one_payment_per_firm = models.BooleanField(_("one payment per firm"), default=True,
                                               help_text=_("Otherwise one payment per redemption."))
    execution_date = models.DateField(_("requested execution date"))
    # Since payments are frozen, the file asks the bank to book each payment on its own (BtchBookg false) so the
    # statement says which was paid when. A batch made before keeps the file it had (one booking, no BIC), byte for
    # byte: the bank may hold it already, and the same message id with other content would be refused.
    books_each_payment = models.BooleanField(_("one booking per payment"), default=True, editable=False)
    # The SEPA file's identity: the same bytes at every download, a new message when the date changes,
    # so the bank can refuse a file uploaded twice.
    message_id = models.CharField(_("SEPA message id"), max_length=35, unique=True, editable=False)
    file_created_at = models.DateTimeField(_("SEPA file created"), editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked paid by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False), name="payout_paid_has_date"),
        ]

    def __str__(self):
        return self.reference

    @property
    def payment_info_id(self):
        return f"{self.message_id}-1"

    def file_is_outdated(self, today):
        """An open batch whose requested execution date has passed: a new date is needed first."""
        return self.status == PayoutBatchStatus.OPEN and self.execution_date < today


class PaymentStatus(models.TextChoices):
    SENT = "sent", _("Sent to the bank")
    PAID = "paid", _("Paid")
    RETURNED = "returned", _("Returned by the bank")
    CANCELLED = "cancelled", _("Cancelled with its batch")


class PaymentQuerySet(RegieScopedQuerySet):
    def sent(self):
        return self.filter(status=PaymentStatus.SENT)


class Payment(models.Model):
    """One credit transfer of a batch, frozen when the batch is made: the bank file, the statement matching and the
    payment advice read these fields, never the firm's current ones. The redemptions it covers stay listed after a
    return, when they go back among those finance can pay again."""
    regie_path = "batch__regie"
    batch = models.ForeignKey(PayoutBatch, verbose_name=_("payout batch"), on_delete=models.PROTECT,
                              related_name="payments")
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35, unique=True)
    enterprise = models.ForeignKey("enterprises.SocialEnterprise", verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="payments")
    creditor_name = models.CharField(_("creditor name"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    communication = models.CharField(_("structured communication"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    redemptions = models.ManyToManyField("vouchers.Redemption", verbose_name=_("redemptions"),
                                         related_name="payments")
    status = models.CharField(_("status"), max_length=9, choices=PaymentStatus.choices, default=PaymentStatus.SENT)
    booked_on = models.DateField(_("booked on"), null=True, blank=True,
                                 help_text=_("The bank's booking date, or the date finance marked it paid."))
    marked_paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked paid by"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+",
                                       help_text=_("Empty when the bank's statement marked it paid."))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason_code = models.CharField(_("return reason code"), max_length=4, blank=True)
    return_reason = models.CharField(_("return reason"), max_length=200, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["batch", "creditor_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(booked_on__isnull=False),
                                   name="payment_paid_has_booking_date"),
            models.CheckConstraint(condition=~Q(status="returned") | Q(returned_on__isnull=False),
                                   name="payment_returned_has_date"),
        ]

    def __str__(self):
        return f"{self.end_to_end_id} – {self.creditor_name} – EUR {self.amount}"

    @property
    def return_reason_text(self):
        """The bank's reason in the reader's language: stored as the catalogues' English text of its ISO code (or
        as finance typed it), so it is translated when shown."""
        return gettext(self.return_reason) if self.return_reason else self.return_reason_code
