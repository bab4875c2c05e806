"""The firm's proof for a random check: PDF files under the same checks as invoices (vouchers/invoices.py),
JPEG and PNG images checked by their content with Pillow and re-encoded (no metadata, nothing hidden), size-
limited; several files at once, with a short note. Staff download them as invoices: in a sandbox."""
import io
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from vouchers.invoices import validate_invoice_pdf
from vouchers.models import CheckProof

MAX_FILES = 10
MAX_TOTAL_BYTES = 10 * 1024 * 1024  # all files of one request: below nginx's client_max_body_size (12m)
MAX_PIXELS = 24_000_000  # decoded per image (~100 MB at most); a phone photo has ~12 million
IMAGE_FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png"}  # MPO: a phone's multi-picture JPEG
PDF_ERRORS = {  # the invoice checks' refusals, said about proof
    "invoice_active_content": _("%(name)s contains scripts, embedded files or actions that start programs, which we "
                                "do not accept. Please export or print it to a plain PDF and upload that."),
    "invoice_unreadable": _("%(name)s cannot be read as a PDF file. Please export it again."),
}


@dataclass(frozen=True)
class ProofFile:
    """An uploaded proof that passed the checks: its content as it will be stored, and its type."""
    content: bytes
    content_type: str


def _refuse(message, code, name):
    raise ValidationError(message, code=code, params={"name": name})


def _checked_pdf(upload):
    try:
        validate_invoice_pdf(upload)
    except ValidationError as error:
        code = error.code or ""
        _refuse(PDF_ERRORS.get(code, PDF_ERRORS["invoice_unreadable"]), code.replace("invoice", "proof"), upload.name)
    upload.seek(0)
    return ProofFile(upload.read(), "application/pdf")


def _decoded(image, name):
    """The image's pixels, at most MAX_PIXELS of them: a large JPEG is decoded at 1/2, 1/4 or 1/8 of its size."""
    if image.format != "PNG":
        scale = next((s for s in (1, 2, 4, 8) if image.width * image.height <= MAX_PIXELS * s * s), 8)
        image.draft(image.mode, (image.width // scale, image.height // scale))
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError(_("%(name)s is too large an image (%(width)d × %(height)d pixels); at most %(max)d "
                                "million pixels are allowed. Send a smaller photo or a PDF."), code="proof_too_big",
                              params={"name": name, "width": image.width, "height": image.height,
                                      "max": MAX_PIXELS // 1_000_000})
    image.load()
    return ImageOps.exif_transpose(image)


def _checked_image(upload, content):
    """Decoded by Pillow (a JPEG or PNG, not too many pixels), then saved again without its metadata (a phone's
    multi-picture JPEG as its first picture)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                kind = image.format
                if kind not in IMAGE_FORMATS:
                    raise ValueError(kind)
                image = _decoded(image, upload.name)
                kind = "PNG" if kind == "PNG" else "JPEG"
                if kind == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                buffer = io.BytesIO()
                image.save(buffer, kind, **({"quality": 90} if kind == "JPEG" else {}))
    except ValidationError:
        raise
    except Exception:
        _refuse(_("%(name)s is not a PDF file nor a JPEG or PNG image that can be read."), "proof_unreadable",
                upload.name)
    return ProofFile(buffer.getvalue(), IMAGE_FORMATS[kind])


def check_proof_file(upload):
    """A ProofFile for this upload, or a ValidationError that names the file and says what is wrong."""
    if upload.size == 0:
        _refuse(_("%(name)s is empty."), "proof_empty", upload.name)
    if upload.size > settings.INVOICE_MAX_BYTES:
        raise ValidationError(_("%(name)s is too large (%(size)s); at most %(max)s per file is allowed."),
                              code="proof_too_large", params={
                                  "name": upload.name, "size": filesizeformat(upload.size),
                                  "max": filesizeformat(settings.INVOICE_MAX_BYTES)})
    upload.seek(0)
    content = upload.read()
    if content.lstrip()[:5] == b"%PDF-":
        return _checked_pdf(upload)
    return _checked_image(upload, content)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ProofFilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("Send at most %(max)d files at once."), code="proof_too_many",
                                  params={"max": MAX_FILES})
        if (total := sum(upload.size for upload in uploads)) > MAX_TOTAL_BYTES:
            raise ValidationError(_("Together the files are %(size)s; at most %(max)s can be sent at once. Send "
                                    "the others in a second go."), code="proof_total_too_large",
                                  params={"size": filesizeformat(total), "max": filesizeformat(MAX_TOTAL_BYTES)})
        errors, files = [], []
        for upload in uploads:
            try:
                files.append(check_proof_file(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files


class CheckProofForm(forms.Form):
    proof = ProofFilesField(
        label=_("Proof (PDF, JPEG or PNG)"),
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
    note = forms.CharField(label=_("Note for the coordinator (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proof"].help_text = _(
            "For example a delivery note, a timesheet signed by the customer or photos of the work. You can choose "
            "several files at once, at most %(count)d, each at most %(size)s and %(total)s in all.") % {
                "count": MAX_FILES, "size": filesizeformat(settings.INVOICE_MAX_BYTES),
                "total": filesizeformat(MAX_TOTAL_BYTES)}


def proof_response(proof: CheckProof) -> FileResponse:
    """A proof file as a download, never inline, in a sandbox if a browser opens it anyway (as invoices);
    404 once the retention schedule removed it."""
    if not proof.file:
        raise Http404
    name = f"bewijs-{proof.redemption.invoice_number}-{proof.pk}.{proof.get_extension()}"
    response = FileResponse(proof.file.open("rb"), content_type=proof.content_type, as_attachment=True,
                            filename=name)
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
