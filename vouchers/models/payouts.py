"""A payout batch (uitbetaling): approved redemptions paid to the firms in one SEPA transfer file."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PayoutBatchStatus(models.TextChoices):
    OPEN = "open", _("Created, to be paid")
    PAID = "paid", _("Paid")


class PayoutBatch(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=5, choices=PayoutBatchStatus.choices,
                              default=PayoutBatchStatus.OPEN)
    one_payment_per_firm = models.BooleanField(_("one payment per firm"), default=True,
                                               help_text=_("Otherwise one payment per redemption."))
    execution_date = models.DateField(_("requested execution date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked paid by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference
