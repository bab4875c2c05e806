"""The printable cheque: HTML from a template, rendered to PDF bytes by WeasyPrint.

Pure functions of the cheques given; the caller stores or serves the bytes. Printing
many cheques merges the PDFs stored at issue time (pypdf) instead of laying them out again. The fonts
ship in static/fonts/ and WeasyPrint's font configuration and stylesheet are built once
per process, which makes a render several times faster than WeasyPrint's defaults.
"""
import atexit
import functools
import io
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "source-sans-3"
FONT_FACES = {
    ("normal", 400): "SourceSans3_400Regular.ttf",
    ("italic", 400): "SourceSans3_400Regular_Italic.ttf",
    ("normal", 600): "SourceSans3_600SemiBold.ttf",
    ("normal", 700): "SourceSans3_700Bold.ttf",
}


def font_face_css():
    return "\n".join(
        f'@font-face {{ font-family: "Cheque Sans"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (style, weight), name in FONT_FACES.items()
    )


@functools.cache
def _weasyprint():
    """(HTML class, stylesheet, font configuration), made once per process."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = font_face_css() + (Path(__file__).parent / "cheque.css").read_text()
    stylesheet = CSS(string=css, font_config=font_config)
    return HTML, stylesheet, font_config


# Release WeasyPrint's font configuration while the interpreter is still whole.
atexit.register(_weasyprint.cache_clear)


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#07402f")


def cheque_context(voucher):
    url = voucher.get_verification_url()
    return {"voucher": voucher, "application": voucher.application, "verification_url": url,
            "qr": qr_data_uri(url), "CONTACT_EMAIL": settings.CONTACT_EMAIL, "CONTACT_PHONE": settings.CONTACT_PHONE}


def cheque_html(voucher):
    """The cheque as an HTML page, in its applicant's language."""
    with translation.override(voucher.application.language):
        page = render_to_string("vouchers/cheque_page.html", cheque_context(voucher))
    return render_to_string("vouchers/cheque_document.html", {"pages": [page]})


def render_pdf(html):
    HTML, stylesheet, font_config = _weasyprint()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet], font_config=font_config)


def render_cheque_pdf(voucher):
    return render_pdf(cheque_html(voucher))


def merge_pdfs(documents):
    """One PDF from several (the stored cheques, for "print selected cheques"), pages in order."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(io.BytesIO(document)))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
