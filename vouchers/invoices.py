"""Invoices are PDF files, checked by their content (not their name), size-limited, without active
content, and only ever handed out as a download in a sandbox."""
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# PDF names that make a document do something when opened: scripts, launching programs, embedded files.
ACTIVE_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA",
                "/SubmitForm", "/ImportData", "/GoToE"}
MAX_OBJECTS = 200_000  # an invoice needs far fewer; a file with more is refused rather than walked for ever


class ActiveContent(Exception):
    pass


def _walk(root):
    """Every dictionary and array reachable from `root`, each indirect object visited once."""
    seen, stack, visited = set(), [root], 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            names = {str(k) for k in item} | {str(v) for k, v in item.items() if k == "/S"}
            if names & ACTIVE_NAMES:
                raise ActiveContent(sorted(names & ACTIVE_NAMES))
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


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
        reader = PdfReader(io.BytesIO(content))
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        _walk(reader.trailer)
    except ActiveContent:
        raise ValidationError(
            _("This PDF contains scripts, embedded files or actions that start programs, which we do not accept. "
              "Please export or print the invoice to a plain PDF and upload that."), code="invoice_active_content",
        ) from None
    except Exception:
        raise ValidationError(_("This PDF file cannot be read. Please export the invoice again."),
                              code="invoice_unreadable") from None


def invoice_response(redemption):
    """The stored invoice as a download, never shown inline, in a sandbox if a browser opens it anyway.
    404 once the file was removed (erasure on request, end of the retention period)."""
    if not redemption.invoice:
        raise Http404
    response = FileResponse(redemption.invoice.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"factuur-{redemption.invoice_number}.pdf")
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
