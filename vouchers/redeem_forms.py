"""The redeem form (the invoice as a PDF or a Peppol UBL e-invoice, read to prefill the form) and the credit note
form."""
import base64
import hashlib
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from vouchers.amounts import EuroField
from vouchers.einvoices import EInvoiceRefused, looks_like_einvoice, read_einvoice
from vouchers.invoices import einvoice_errors, validate_invoice_pdf


@dataclass(frozen=True)
class KeptFile:
    """An invoice file uploaded on an earlier post of the redeem form, kept in the session (by its SHA-256) so that
    the firm need not choose it again after reading it or after an error elsewhere on the form."""
    sha256: str
    name: str
    content: bytes

    @classmethod
    def of(cls, name, content):
        return cls(hashlib.sha256(content).hexdigest(), name[-100:], content)

    @classmethod
    def from_session(cls, value):
        try:
            return cls(value["sha256"], value["name"], base64.b64decode(value["content"]))
        except (TypeError, KeyError, ValueError):
            return None

    def for_session(self):
        return {"sha256": self.sha256, "name": self.name, "content": base64.b64encode(self.content).decode("ascii")}

    @property
    def is_xml(self):
        """An XML document (read as an e-invoice, whose messages then say what is wrong with it); else a PDF."""
        start = self.content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
        return start.startswith(b"<?xml") or looks_like_einvoice(self.content)

    def upload(self):
        return SimpleUploadedFile(self.name, self.content, content_type="application/xml" if self.is_xml else
                                  "application/pdf")


class RedemptionForm(forms.Form):
    """The invoice first: a UBL e-invoice (the button "Read the e-invoice" fills in amount, number and dates from
    it) or a PDF (number, date and total typed). Invoice number, date and total are required for a PDF only."""
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    cheque = forms.CharField(widget=forms.HiddenInput, required=False)  # the cheque this form is for (step 1's)
    kept_invoice = forms.CharField(widget=forms.HiddenInput, required=False)
    invoice = forms.FileField(
        label=_("Invoice (PDF or Peppol UBL e-invoice), at most 5 MB"), required=False,
        help_text=_("Your invoicing software exports the e-invoice it sends over Peppol as a UBL file (.xml); with "
                    "it, “Read the e-invoice” fills in the amount, invoice number and dates. A PDF is possible too."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml,.pdf,application/pdf"}))
    amount = EuroField(label=_("Amount of the cheque to use (EUR, excluding VAT)"))
    description = forms.CharField(label=_("Service delivered"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    service_date = forms.DateField(label=_("Service date"),
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=50, required=False)
    invoice_date = forms.DateField(label=_("Invoice date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    invoice_amount = EuroField(label=_("Invoice amount excluding VAT (EUR)"), required=False)
    PDF_ONLY = ("invoice_number", "invoice_date", "invoice_amount")

    def __init__(self, *args, cheque, kept=None, **kwargs):
        """`cheque`: the id of the cheque found in step 1 (the session's); `kept`: the file kept for it."""
        super().__init__(*args, **kwargs)
        self.kept, self.read = None, False
        self.other_cheque = self.is_bound and self.data.get(self.add_prefix("cheque")) != str(cheque)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial["cheque"] = str(cheque)
        elif kept is not None and self.data.get("kept_invoice") == kept.sha256 and not self.other_cheque:
            self.kept = kept

    def _refuse_other_cheque(self):
        """A form of another tab: step 1 found another cheque since this form was opened."""
        self.add_error(None, ValidationError(_("You opened another cheque in the meantime: find this cheque again."),
                                             code="other_cheque"))

    def file_to_keep(self):
        """The invoice file to keep for the next post, or None: never one refused, nor one of another cheque."""
        if self.other_cheque or "invoice" in self.errors:
            self.kept = None
            self.data = self.data.copy()
            self.data[self.add_prefix("kept_invoice")] = ""
        return self.kept

    def _take_upload(self):
        """A newly chosen file replaces the kept one (size-limited); returns a field error or None."""
        upload = self.files.get(self.add_prefix("invoice"))
        if upload is None:
            return None
        if upload.size > max(settings.INVOICE_MAX_BYTES, settings.EINVOICE_MAX_BYTES):
            return ValidationError(_("The invoice is too large (%(size)s); at most %(max)s is allowed."),
                                   code="invoice_too_large", params={"size": filesizeformat(upload.size),
                                                                     "max": filesizeformat(settings.INVOICE_MAX_BYTES)})
        self.kept = KeptFile.of(upload.name or "invoice", upload.read())
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_invoice")] = self.kept.sha256
        return None

    def clean_invoice(self):
        if error := self._take_upload():
            self.kept = None
            raise error
        if self.kept is not None and not self.kept.is_xml:
            validate_invoice_pdf(self.kept.upload())
        return self.kept

    def clean(self):
        cleaned = super().clean()
        if self.other_cheque:
            self._refuse_other_cheque()
        if "invoice" in self.errors or self.other_cheque:
            return cleaned
        if self.kept is None:
            self.add_error("invoice", ValidationError(_("Add the invoice: a Peppol e-invoice (UBL, XML) or a PDF."),
                                                      code="invoice_missing"))
        elif not self.kept.is_xml:
            for name in self.PDF_ONLY:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned

    def invoice_arguments(self):
        """invoice= (a PDF) or einvoice= (a UBL file) for services.submit_redemption."""
        return {"einvoice" if self.kept.is_xml else "invoice": self.kept.upload()}

    def read_einvoice(self, *, voucher, firm):
        """The "Read the e-invoice" button: nothing is stored; the file is checked against this cheque and firm and,
        if it proves the redemption, amount, invoice number and dates are filled in from it."""
        self.cleaned_data, self._errors, self.read = {}, ErrorDict(), True
        if self.other_cheque:
            self._refuse_other_cheque()
            return
        if (error := self._take_upload()) or self.kept is None or not self.kept.is_xml:
            self.add_error("invoice", error or ValidationError(
                _("Choose the e-invoice (the UBL file, .xml) to read."), code="einvoice_missing"))
            return
        try:
            einvoice = read_einvoice(self.kept.content)
        except EInvoiceRefused as refused:
            self.add_error("invoice", ValidationError(refused.message, code=f"einvoice_{refused.code}"))
            return
        if problems := einvoice_errors(einvoice, voucher=voucher, enterprise=firm):
            self.add_error("invoice", problems)
            return
        self._fill_in(einvoice, voucher.balance)

    def _fill_in(self, einvoice, balance):
        """The file's number, date and total; amount, service and service date where the firm typed none."""
        self.data = self.data.copy()
        self.data.update({"invoice_number": einvoice.number, "invoice_date": einvoice.issue_date.isoformat(),
                          "invoice_amount": number_format(einvoice.total_without_vat, 2)})
        typed_or = {"amount": number_format(min(einvoice.total_without_vat, balance), 2),
                    "service_date": einvoice.issue_date.isoformat(),
                    "description": "; ".join(line.description for line in einvoice.lines)[:1000]}
        self.data.update({name: value for name, value in typed_or.items() if not self.data.get(name)})


class CreditNoteForm(forms.Form):
    credit_note = forms.FileField(
        label=_("Credit note: Peppol e-invoice (UBL CreditNote, XML)"),
        help_text=_("The credit note your invoicing software sent over Peppol, against the invoice of this "
                    "redemption."), widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}))
