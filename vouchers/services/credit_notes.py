"""Credit notes: a firm that credits the invoice of a redemption sends the UBL credit note; it is checked, stored and
audited, and the redemption waits on the coordinator's attention list until looked at."""
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.services import can_manage_enterprise
from regie.audit import record
from vouchers.einvoices import EInvoice, EInvoiceRefused, read_einvoice
from vouchers.exceptions import TransitionError
from vouchers.invoices import credit_note_errors
from vouchers.models import Redemption, RedemptionStatus
from vouchers.services.locks import lock_redemption


def receive_credit_note(*, redemption: Redemption, credit_note: File, by: User) -> Redemption:
    """The firm sends a UBL credit note against the invoice of its redemption: checked (this firm's, against this
    invoice), stored, audited, and the redemption goes on the coordinator's attention list."""
    credit_note.seek(0)
    content = credit_note.read()
    try:
        parsed = read_einvoice(content)
    except EInvoiceRefused as refused:
        raise ValidationError({"credit_note": ValidationError(refused.message, code=f"einvoice_{refused.code}")},
                              ) from None
    stored: list[FieldFile] = []
    try:
        return _receive_credit_note(redemption, parsed, content, by, stored)
    except BaseException:
        for file in stored:
            file.delete(save=False)
        raise


@transaction.atomic
def _receive_credit_note(redemption: Redemption, parsed: EInvoice, content: bytes, by: User,
                         stored: list[FieldFile]) -> Redemption:
    if not can_manage_enterprise(by, redemption.enterprise):
        raise PermissionDenied
    _voucher, redemption = lock_redemption(redemption)
    if redemption.status == RedemptionStatus.REJECTED or redemption.credit_note:
        raise ValidationError({"credit_note": ValidationError(
            _("This redemption was rejected or already has a credit note; no other one is taken."),
            code="credit_note_not_expected")})
    errors = credit_note_errors(parsed, redemption=redemption)
    if errors:
        raise ValidationError({"credit_note": errors})
    redemption.credit_note.save("credit-note.xml", ContentFile(content), save=False)
    stored.append(redemption.credit_note)
    redemption.credit_note_number, redemption.credit_note_received_at = parsed.number[:50], timezone.now()
    redemption.credit_note_attention = True
    redemption.save(update_fields=["credit_note", "credit_note_number", "credit_note_received_at",
                                   "credit_note_attention"])
    record(by, "redemption.credit_note_received", redemption, {
        "number": parsed.number, "total_without_vat": parsed.total_without_vat, "invoice": redemption.invoice_number})
    return redemption


@transaction.atomic
def settle_credit_note(*, redemption: Redemption, by: User | None) -> Redemption:
    """The coordinator looked at the redemption whose invoice the firm credited: off the attention list."""
    _voucher, redemption = lock_redemption(redemption)
    if not redemption.credit_note_attention:
        raise TransitionError(_("No credit note of this redemption waits to be looked at."))
    redemption.credit_note_attention = False
    redemption.save(update_fields=["credit_note_attention"])
    record(by, "redemption.credit_note_settled", redemption, {"credit_note": redemption.credit_note_number})
    return redemption
