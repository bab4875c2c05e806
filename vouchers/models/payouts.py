"""A payout batch (uitbetaling): approved redemptions paid to the firms in one SEPA transfer file."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayoutBatchStatus(models.TextChoices):
    OPEN = "open", _("Created, to be paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class PayoutBatch(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=9, choices=PayoutBatchStatus.choices,
                              default=PayoutBatchStatus.OPEN)
    one_payment_per_firm = models.BooleanField(_("one payment per firm"), default=True,
                                               help_text=_("Otherwise one payment per redemption."))
    execution_date = models.DateField(_("requested execution date"))
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
