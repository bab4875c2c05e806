"""Invoices are PDF files, checked by their content (not their name) and size-limited."""
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def validate_invoice_pdf(file):
    if file.size == 0:
        raise ValidationError(_("The invoice file is empty."), code="invoice_empty")
    if file.size > settings.INVOICE_MAX_BYTES:
        raise ValidationError(
            _("The invoice is too large (%(size)s); at most %(max)s is allowed."), code="invoice_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(settings.INVOICE_MAX_BYTES)})
    file.seek(0)
    content = file.read()
    file.seek(0)
    if not content.lstrip()[:5] == b"%PDF-":
        raise ValidationError(_("The invoice must be a PDF file."), code="invoice_not_pdf")
    try:
        from pypdf import PdfReader

        if len(PdfReader(io.BytesIO(content)).pages) < 1:
            raise ValueError("no pages")
    except Exception:
        raise ValidationError(_("This PDF file cannot be read. Please export the invoice again."),
                              code="invoice_unreadable") from None
