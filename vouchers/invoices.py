"""Invoices are PDF files or UBL e-invoices (Peppol BIS Billing 3.0), checked by their content (not their name),
size-limited, PDFs without active content, and only ever handed out as a download in a sandbox.

`einvoice_errors` holds the rules an e-invoice must meet to prove a redemption, for the redeem form (on reading the
file) and for the service (on recording it) alike; `credit_note_errors` those of a credit note against one."""
import io
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from regie.formats.numbers import format_enterprise_number
from vouchers.einvoices import EInvoice, EInvoiceRefused, read_einvoice
from vouchers.models.redemptions import invoice_number_key

# PDF names that make a document do something when opened: scripts, launching programs, embedded files.
ACTIVE_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA",
                "/SubmitForm", "/ImportData", "/GoToE"}
MAX_NUMBER_LENGTH, MAX_TOTAL = 50, Decimal("1E8")  # the redemption's invoice number and amount (10 digits, 2 decimals)
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


def _sandboxed(response):
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def invoice_response(redemption):
    """The stored invoice as a download, never shown inline, in a sandbox if a browser opens it anyway: the PDF,
    or the e-invoice (XML) when the firm sent only that. 404 once the file was removed (erasure on request, end of
    the retention period)."""
    if not redemption.invoice:
        return einvoice_response(redemption)
    return _sandboxed(FileResponse(redemption.invoice.open("rb"), content_type="application/pdf", as_attachment=True,
                                   filename=f"factuur-{redemption.invoice_number}.pdf"))


def einvoice_response(redemption, *, credit_note=False):
    """The stored e-invoice (or credit note) as an XML download, like the PDF."""
    file, name = ((redemption.credit_note, f"creditnota-{redemption.credit_note_number}.xml") if credit_note else
                  (redemption.einvoice, f"factuur-{redemption.invoice_number}.xml"))
    if not file:
        raise Http404
    return _sandboxed(FileResponse(file.open("rb"), content_type="application/xml", as_attachment=True,
                                   filename=name))


def embedded_pdf_errors(einvoice):
    """The PDF an e-invoice carries, if any, under the same checks as an uploaded invoice: [] or its errors."""
    if einvoice.attachment_pdf is None:
        return []
    try:
        validate_invoice_pdf(SimpleUploadedFile("embedded.pdf", einvoice.attachment_pdf))
    except ValidationError as error:
        return [ValidationError(_("The PDF inside the e-invoice: %(problem)s"), code=f"embedded_{err.code}",
                                params={"problem": message})
                for err, message in zip(error.error_list, error.messages, strict=True)]
    return []


def embedded_pdf_response(redemption, einvoice):
    """The PDF embedded in the stored e-invoice, as a sandboxed download; 404 if it has none or fails the checks."""
    if einvoice is None or einvoice.attachment_pdf is None or embedded_pdf_errors(einvoice):
        raise Http404
    return _sandboxed(FileResponse(io.BytesIO(einvoice.attachment_pdf), content_type="application/pdf",
                                   as_attachment=True, filename=f"factuur-{redemption.invoice_number}.pdf"))


def _party_text(party, expected=None):
    """Its name and the Belgian number it states (the first that is not `expected`, when one is given)."""
    numbers = [number for number in party.belgian_numbers if number != expected] or list(party.belgian_numbers)
    return f"{party.name} ({format_enterprise_number(numbers[0])})" if numbers else party.name


def _other_party(party, expected):
    """A party that states no Belgian number, or any other than `expected`, is not the expected enterprise."""
    return not party.belgian_numbers or any(number != expected for number in party.belgian_numbers)


def party_errors(einvoice, *, seller_number, seller_name, buyer_number=None, buyer_name=""):
    """The seller (and buyer, if given) of an e-invoice are these enterprises: every Belgian number it states."""
    errors = []
    if _other_party(einvoice.seller, seller_number):
        errors.append(ValidationError(
            _("The e-invoice was issued by %(seller)s, not by your enterprise %(firm)s (%(number)s)."),
            code="einvoice_other_seller", params={
                "seller": _party_text(einvoice.seller, seller_number), "firm": seller_name,
                "number": format_enterprise_number(seller_number)}))
    if buyer_number is not None and _other_party(einvoice.buyer, buyer_number):
        errors.append(ValidationError(
            _("The e-invoice is made out to %(buyer)s, not to the cheque's holder %(holder)s (%(number)s)."),
            code="einvoice_other_buyer", params={
                "buyer": _party_text(einvoice.buyer, buyer_number), "holder": buyer_name,
                "number": format_enterprise_number(buyer_number)}))
    return errors


def einvoice_errors(einvoice, *, voucher, enterprise, amount=None, today=None):
    """[ValidationError] for every way the e-invoice fails to prove a redemption of `voucher` by `enterprise`."""
    if einvoice.kind != "invoice":
        return [ValidationError(_("This is a credit note; a credit note cannot prove a redemption. Upload the "
                                  "invoice itself."), code="einvoice_credit_note")]
    application = voucher.application
    errors = party_errors(einvoice, seller_number=enterprise.enterprise_number, seller_name=enterprise.name,
                          buyer_number=application.enterprise_number, buyer_name=application.company_name)
    if einvoice.currency != "EUR":
        errors.append(ValidationError(_("The e-invoice is in %(currency)s; only invoices in euro (EUR) are "
                                        "accepted."), code="einvoice_currency", params={"currency": einvoice.currency}))
    errors += _date_errors(einvoice, voucher, today or timezone.localdate()) + _size_errors(einvoice)
    if amount is not None and einvoice.total_without_vat < amount:
        errors.append(ValidationError(
            _("The e-invoice's total excluding VAT (EUR %(total)s) is less than the amount of the cheque to use."),
            code="einvoice_total_too_low", params={"total": number_format(einvoice.total_without_vat, 2, True)}))
    return errors + embedded_pdf_errors(einvoice)


def _size_errors(einvoice):
    """Number and total must fit what a redemption stores (50 characters; less than EUR 100,000,000)."""
    errors = []
    if len(einvoice.number) > MAX_NUMBER_LENGTH:
        errors.append(ValidationError(_("The e-invoice's number is longer than %(max)d characters."),
                                      code="einvoice_number_too_long", params={"max": MAX_NUMBER_LENGTH}))
    if abs(einvoice.total_without_vat) >= MAX_TOTAL:
        errors.append(ValidationError(_("The e-invoice's total excluding VAT is too large for a cheque."),
                                      code="einvoice_total_too_large"))
    return errors


def _date_errors(einvoice, voucher, today):
    issued = timezone.localdate(voucher.issued_at)
    if einvoice.issue_date > today:
        return [ValidationError(_("The e-invoice's date (%(date)s) is in the future."), code="einvoice_future",
                                params={"date": einvoice.issue_date.strftime("%d/%m/%Y")})]
    if einvoice.issue_date < issued:
        return [ValidationError(_("The e-invoice's date (%(date)s) is before the cheque was issued (%(issued)s)."),
                                code="einvoice_before_cheque",
                                params={"date": einvoice.issue_date.strftime("%d/%m/%Y"),
                                        "issued": issued.strftime("%d/%m/%Y")})]
    return []


def typed_value_errors(einvoice, data):
    """Invoice number, date and total typed on the form must be the e-invoice's own (where typed at all)."""
    errors = {}
    if data.get("invoice_number") and invoice_number_key(data["invoice_number"]) != invoice_number_key(
            einvoice.number):
        errors["invoice_number"] = ValidationError(_("The e-invoice's number is %(number)s."),
                                                   code="einvoice_number_differs", params={"number": einvoice.number})
    if data.get("invoice_date") and data["invoice_date"] != einvoice.issue_date:
        errors["invoice_date"] = ValidationError(_("The e-invoice's date is %(date)s."), code="einvoice_date_differs",
                                                 params={"date": einvoice.issue_date.strftime("%d/%m/%Y")})
    if data.get("invoice_amount") is not None and data["invoice_amount"] != einvoice.total_without_vat:
        errors["invoice_amount"] = ValidationError(
            _("The e-invoice's total excluding VAT is EUR %(total)s."), code="einvoice_total_differs",
            params={"total": number_format(einvoice.total_without_vat, 2, True)})
    return errors


def credit_note_errors(einvoice, *, redemption):
    """[ValidationError] for a credit note that is not this firm's credit note against this redemption's invoice."""
    if einvoice.kind != "credit_note":
        return [ValidationError(_("This is an invoice, not a credit note."), code="credit_note_is_invoice")]
    errors = party_errors(einvoice, seller_number=redemption.enterprise.enterprise_number,
                          seller_name=redemption.enterprise.name)
    if invoice_number_key(einvoice.invoice_reference) != invoice_number_key(redemption.invoice_number):
        errors.append(ValidationError(
            _("The credit note refers to invoice %(reference)s, not to invoice %(number)s of this redemption."),
            code="credit_note_other_invoice",
            params={"reference": einvoice.invoice_reference or "-", "number": redemption.invoice_number}))
    return errors


class Proof(NamedTuple):
    """The invoice a redemption is proven by: a PDF, or a UBL e-invoice (its bytes and what they say)."""
    pdf: File | None
    xml: bytes | None
    einvoice: EInvoice | None


def read_proof(*, invoice: File | None, einvoice: File | None) -> Proof:
    """The uploaded invoice read (an e-invoice parsed and validated); ValidationError on the invoice field."""
    if einvoice is None:
        if invoice is None:
            raise ValidationError({"invoice": ValidationError(
                _("Add the invoice: a Peppol e-invoice (UBL, XML) or a PDF."), code="invoice_missing")})
        return Proof(invoice, None, None)
    einvoice.seek(0)
    content = einvoice.read()
    try:
        return Proof(None, content, read_einvoice(content))
    except EInvoiceRefused as refused:
        raise ValidationError({"invoice": ValidationError(refused.message, code=f"einvoice_{refused.code}")}) from None


def stored_einvoice(redemption, *, credit_note=False):
    """The stored e-invoice (or credit note) read again, or None (none stored, removed, or no longer readable)."""
    file = redemption.credit_note if credit_note else redemption.einvoice
    if not file:
        return None
    with file.open("rb") as handle:
        content = handle.read()
    try:
        return read_einvoice(content)
    except EInvoiceRefused:
        return None


def einvoice_file_response(redemption, part):
    """Staff's downloads of a redemption's e-invoice files: "xml", "pdf" (embedded in it) or "credit-note"."""
    if part == "pdf":
        return embedded_pdf_response(redemption, stored_einvoice(redemption))
    if part in ("xml", "credit-note"):
        return einvoice_response(redemption, credit_note=part == "credit-note")
    raise Http404


def render_einvoice(redemption):
    """The e-invoice (and a credit note against it) as a readable invoice for staff, with its downloads."""
    if not (redemption.einvoice or redemption.credit_note):
        return ""
    einvoice = stored_einvoice(redemption)
    url = partial_url(redemption)
    context = {"redemption": redemption, "einvoice": einvoice,
               "credit_note": stored_einvoice(redemption, credit_note=True),
               "xml_url": url("xml"), "pdf_url": url("pdf"), "credit_note_url": url("credit-note")}
    if einvoice is not None:
        context.update(seller=_party_text(einvoice.seller), buyer=_party_text(einvoice.buyer),
                       pdf_problems=[text for error in embedded_pdf_errors(einvoice) for text in error.messages])
    return render_to_string("admin/vouchers/einvoice.html", context)


def partial_url(redemption):
    return lambda part: reverse("admin:vouchers_redemption_einvoice", args=[redemption.pk, part])
