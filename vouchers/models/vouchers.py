"""The cheque (kennismakingscheque) issued to an approved application."""
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.codes import format_code


def private_storage():
    return storages["private"]


def cheque_path(voucher, filename):
    """cheques/<year of issue in Brussels>/<code>.pdf"""
    return f"cheques/{timezone.localtime(voucher.issued_at):%Y}/{filename}"


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("Valid")
    PARTLY_USED = "partly_used", _("Partly used")
    USED_UP = "used_up", _("Used up")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


SPENDABLE = (VoucherStatus.ISSUED, VoucherStatus.PARTLY_USED)


class Voucher(models.Model):
    application = models.OneToOneField("vouchers.Application", verbose_name=_("application"),
                                       on_delete=models.PROTECT, related_name="voucher")
    call = models.ForeignKey("vouchers.Call", verbose_name=_("call"), on_delete=models.PROTECT, related_name="vouchers")
    code = models.CharField(_("code"), max_length=16, unique=True)
    face_value = models.DecimalField(_("face value"), max_digits=8, decimal_places=2)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=12, choices=VoucherStatus.choices,
                              default=VoucherStatus.ISSUED, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=cheque_path, blank=True, editable=False)

    class Meta:
        verbose_name = _("cheque")
        verbose_name_plural = _("cheques")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(face_value__gt=0), name="voucher_face_value_positive"),
            models.CheckConstraint(condition=Exact(Length("code"), 16), name="voucher_code_length"),
        ]

    def __str__(self):
        return self.code_display

    @property
    def code_display(self):
        return format_code(self.code)

    @property
    def balance(self):
        """What is left to spend: the face value less every redemption that is not rejected (one query)."""
        used = self.redemptions.counting().aggregate(total=Sum("amount"))["total"] or 0
        return self.face_value - used

    def current_status(self, day=None):
        """The status as a visitor sees it today: a spendable cheque past its date is expired."""
        day = day or timezone.localdate()
        if self.status in SPENDABLE and day > self.valid_until:
            return VoucherStatus.EXPIRED
        return self.status

    def is_downloadable(self, day=None):
        return self.current_status(day) not in (VoucherStatus.CANCELLED, VoucherStatus.EXPIRED)

    def get_verification_url(self):
        """The address printed as QR code: always the stable Dutch path /nl/cheque/<code>/."""
        with translation.override("nl"):
            return settings.SITE_URL + reverse("vouchers:verify", kwargs={"code": self.code})
