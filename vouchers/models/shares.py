"""A municipality's share of a call's budget (co-financing): counted and warned about, never a hard limit."""
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityShare(models.Model):
    call = models.ForeignKey("vouchers.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="shares")
    municipality = models.ForeignKey("enterprises.Municipality", verbose_name=_("municipality"),
                                     on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("share of the budget"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        verbose_name = _("municipality's share")
        verbose_name_plural = _("municipalities' shares")
        ordering = ["municipality__name"]
        constraints = [models.UniqueConstraint(fields=["call", "municipality"], name="share_once_per_call")]

    def __str__(self):
        return f"{self.municipality}: EUR {self.amount}"
