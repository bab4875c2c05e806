"""The printable cheque: HTML from a template, rendered to a tagged PDF (PDF/UA) by WeasyPrint.

Pure functions of the cheques given; the caller stores or serves the bytes. Everything on a cheque
(text, document title, language, QR code, file name) is in its holder's language. Printing many
cheques merges the PDFs stored at issue time (vouchers.printing) instead of laying them out again.
The fonts ship in static/fonts/ and WeasyPrint's font configuration and stylesheet are built once
per process, which makes a render several times faster than WeasyPrint's defaults.
"""
import atexit
import functools
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from enterprises.models import Municipality
from vouchers.models import DeMinimisGrant

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "source-sans-3"
FONT_FACES = {
    ("normal", 400): "SourceSans3_400Regular.ttf",
    ("italic", 400): "SourceSans3_400Regular_Italic.ttf",
    ("normal", 600): "SourceSans3_600SemiBold.ttf",
    ("normal", 700): "SourceSans3_700Bold.ttf",
}
PDF_VARIANT = "pdf/ua-1"  # tagged: structure, /Lang and the title shown by PDF readers


def font_face_css():
    return "\n".join(
        f'@font-face {{ font-family: "Cheque Sans"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (style, weight), name in FONT_FACES.items()
    )


@functools.cache
def _weasyprint():
    """(HTML class, stylesheet, font configuration), made once per process."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 late: 0.65 s to import; only a process that renders needs it
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 late: as above

    font_config = FontConfiguration()
    css = font_face_css() + (Path(__file__).parent / "cheque.css").read_text()
    stylesheet = CSS(string=css, font_config=font_config)
    return HTML, stylesheet, font_config


# Release WeasyPrint's font configuration while the interpreter is still whole.
atexit.register(_weasyprint.cache_clear)


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#07402f")


def holder_language(voucher):
    return voucher.application.language


def region_places():
    """The municipalities of the programme as the data has them, in the active language."""
    return " · ".join(sorted((m.name for m in Municipality.objects.all()), key=str.casefold))


def cheque_title(voucher):
    """The document title, in the active language."""
    return _("Introduction cheque %(code)s") % {"code": voucher.code_display}


def cheque_filename(voucher):
    """kennismakingscheque-<code>.pdf, cheque-decouverte-<code>.pdf or introduction-cheque-<code>.pdf."""
    with translation.override(holder_language(voucher)):
        name = slugify(_("Introduction cheque"))
    return f"{name}-{voucher.code_display}.pdf"


def cheque_context(voucher):
    language = holder_language(voucher)
    url = voucher.get_verification_url(language)
    return {"voucher": voucher, "application": voucher.application, "language": language,
            "call_name": voucher.call.public_name(language), "places": region_places(),
            "verification_url": url, "qr": qr_data_uri(url),
            "CONTACT_EMAIL": settings.CONTACT_EMAIL, "CONTACT_PHONE": settings.CONTACT_PHONE}


def cheque_html(voucher):
    """The cheque as an HTML document, in its holder's language, with the written notice of its de-minimis aid
    (Regulation (EU) 2023/2831, art. 6(1)) under it."""
    language = holder_language(voucher)
    with translation.override(language):
        page = render_to_string("vouchers/cheque_page.html", cheque_context(voucher))
        sheet = {"page": page, "grant": DeMinimisGrant.notice_for(voucher)}
        return render_to_string("vouchers/cheque_document.html", {
            "sheets": [sheet], "language": language, "title": cheque_title(voucher)})


def render_pdf(html):
    """HTML to a tagged PDF; its title and language come from <title> and <html lang>."""
    HTML, stylesheet, font_config = _weasyprint()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant=PDF_VARIANT)


def render_cheque_pdf(voucher):
    return render_pdf(cheque_html(voucher))
