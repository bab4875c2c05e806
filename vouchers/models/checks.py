"""Proof for a random check: files a firm uploads for a redemption drawn for a check (vouchers/services/checks.py),
stored in private storage beside the invoice and kept as long as it (vouchers/privacy/schedule.py)."""
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.models.regies import RegieScopedQuerySet
from regie.privacy.files import delete_after_commit
from vouchers.models.vouchers import private_storage

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def proof_path(proof, filename):
    """Stored under a name of our own: never the uploader's file name, never a collision."""
    extension = EXTENSIONS[proof.content_type]
    return f"proofs/{timezone.localtime(proof.uploaded_at):%Y}/{proof.redemption.public_id}-{uuid.uuid4()}.{extension}"


class CheckProofQuerySet(RegieScopedQuerySet):
    def forget(self, *, keep_files):
        """For the retention schedule and erasures (with the redemptions' invoices): the notes go, the files too
        unless `keep_files` (an erasure on request keeps them as it keeps the invoices). Returns files deleted."""
        files = [] if keep_files else list(self.exclude(file="").values_list("file", flat=True))
        self.update(note="", **({} if keep_files else {"file": ""}))
        delete_after_commit(CheckProof._meta.get_field("file").storage, files)
        return len(files)


class CheckProof(models.Model):
    regie_path = "redemption__voucher__call__regie"
    redemption = models.ForeignKey("vouchers.Redemption", verbose_name=_("redemption"), on_delete=models.CASCADE,
                                   related_name="check_proofs")
    file = models.FileField(_("file"), storage=private_storage, upload_to=proof_path, blank=True)
    content_type = models.CharField(_("type of file"), max_length=20,
                                    choices=[(key, key) for key in EXTENSIONS])
    uploaded_at = models.DateTimeField(_("sent"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=1000)

    objects = CheckProofQuerySet.as_manager()

    class Meta:
        verbose_name = _("proof for a random check")
        verbose_name_plural = _("proof for random checks")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.redemption_id} – {self.get_extension().upper()}"

    def get_extension(self):
        return EXTENSIONS.get(self.content_type, "bin")
