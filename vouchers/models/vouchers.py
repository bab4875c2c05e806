"""The cheque (kennismakingscheque) issued to an approved application."""
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from regie.models.regies import RegieScopedQuerySet
from vouchers.codes import format_code


class PrivateStorage(LazyObject):
    """storages["private"], looked up when first used, and again after the STORAGES setting changes.

    A FileField evaluates its storage callable once, when the model class is built; this proxy
    makes the files follow the configured backend (local disk, or S3 on several hosts) all the same.
    """

    def _setup(self):
        self._wrapped = storages["private"]


PRIVATE_STORAGE = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        PRIVATE_STORAGE._wrapped = empty


def private_storage():
    return PRIVATE_STORAGE


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


def status_for(balance, face_value):
    """The status of a cheque that can still be spent, from what is left of it."""
    if balance <= 0:
        return VoucherStatus.USED_UP
    return VoucherStatus.ISSUED if balance == face_value else VoucherStatus.PARTLY_USED


class Voucher(models.Model):
    regie_path = "call__regie"
    application = models.OneToOneField("vouchers.Application", verbose_name=_("application"),
                                       on_delete=models.PROTECT, related_name="voucher")
    call = models.ForeignKey("vouchers.Call", verbose_name=_("call"), on_delete=models.PROTECT, related_name="vouchers")
    code = models.CharField(_("code"), max_length=16, unique=True)
    face_value = models.DecimalField(_("face value"), max_digits=8, decimal_places=2)
    balance = models.DecimalField(
        _("balance"), max_digits=8, decimal_places=2, editable=False,
        help_text=_("Face value less every redemption that is not rejected (see vouchers/ledger.py)."))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=12, choices=VoucherStatus.choices,
                              default=VoucherStatus.ISSUED, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    reminded_30_at = models.DateTimeField(_("reminded 30 days before"), null=True, blank=True, editable=False)
    reminded_7_at = models.DateTimeField(_("reminded 7 days before"), null=True, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=cheque_path, blank=True, editable=False)
    cheque_mailed_at = models.DateTimeField(
        _("cheque mailed"), null=True, blank=True, editable=False,
        help_text=_("When the approval mail with the cheque went out: it goes once (vouchers.tasks.deliver_cheque)."))

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cheque")
        verbose_name_plural = _("cheques")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(face_value__gt=0), name="voucher_face_value_positive"),
            models.CheckConstraint(condition=Q(balance__gte=0) & Q(balance__lte=F("face_value")),
                                   name="voucher_balance_within_face_value"),
            models.CheckConstraint(condition=Exact(Length("code"), 16), name="voucher_code_length"),
        ]
        indexes = [
            # The cheques that can still be spent, by their last day: the dashboard's "expiring within 30 days"
            # (vouchers.reports.attention.expiring_soon asks with exactly this condition).
            models.Index(fields=["valid_until"], condition=Q(status__in=["issued", "partly_used"], balance__gt=0),
                         name="voucher_spendable_until"),
        ]

    def __str__(self):
        return self.code_display

    @property
    def code_display(self):
        return format_code(self.code)

    def status_for_balance(self):
        """issued, partly used or used up, from the stored balance (for a cheque that can still be spent)."""
        return status_for(self.balance, self.face_value)

    def current_status(self, day=None):
        """The status as a visitor sees it today: a spendable cheque past its date is expired."""
        day = day or timezone.localdate()
        if self.status in SPENDABLE and day > self.valid_until:
            return VoucherStatus.EXPIRED
        return self.status

    def is_downloadable(self, day=None):
        return self.current_status(day) not in (VoucherStatus.CANCELLED, VoucherStatus.EXPIRED)

    def get_verification_url(self, language="nl"):
        """The address printed as QR code, on the host of its call's regie, in the holder's language:
        /nl/cheque/<code>/ (on every cheque printed before there were others), /fr/cheque/<code>/ or
        /en/cheque/<code>/; all three stay valid."""
        with translation.override(language):
            return self.call.regie.url(reverse("vouchers:verify", kwargs={"code": self.code}))
