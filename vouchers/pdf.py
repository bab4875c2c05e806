"""The printable cheque: HTML from a template, rendered to a tagged PDF (PDF/UA) by WeasyPrint.

Pure functions of the cheques given; the caller stores or serves the bytes. Everything on a cheque
(text, document title, language, QR code, file name) is in its holder's language; the issuer named on it, its
contact lines and the host its QR code and printed address lead to are those of the call's regie. Printing many
cheques merges the PDFs stored at issue time (vouchers.printing) instead of laying them out again.
Rendering goes through regie.pdf (fonts and stylesheets built once per process).
"""
import datetime
from decimal import Decimal
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from enterprises.region import region_line
from regie import pdf
from regie.models import Regie
from vouchers.models import Application, Call, DeMinimisGrant, Voucher

CHEQUE_CSS = (Path(__file__).parent / "cheque.css").read_text()


def _weasyprint():
    """(HTML class, the cheque's stylesheet with the fonts, font configuration), made once per process."""
    HTML, _css, font_config = pdf.weasyprint()
    return HTML, pdf.stylesheet(CHEQUE_CSS), font_config


QR_MASK = 4  # any of the eight masks makes a valid code (ISO/IEC 18004); trying all eight took 80 % of segno's time


def qr_data_uri(url, colour="#07402f"):
    """The QR code in the regie's dark brand colour (dark enough for a scanner: white text on it reads at 4.5:1): one
    SVG path, sharp at any resolution."""
    return segno.make(url, error="m", mask=QR_MASK).svg_data_uri(scale=4, border=0, dark=colour)


def holder_language(voucher):
    return voucher.application.language


def cheque_title(voucher):
    """The document title, in the active language: the programme's name and the code."""
    return _("%(programme)s %(code)s") % {"programme": voucher.call.regie.programme_name, "code": voucher.code_display}


def cheque_filename(voucher):
    """<programme>-<code>.pdf in the holder's language: kennismakingscheque-<code>.pdf, cheque-decouverte-<code>.pdf
    or introduction-cheque-<code>.pdf for Zuidoost-Limburg."""
    with translation.override(holder_language(voucher)):
        name = slugify(voucher.call.regie.programme_name)
    return f"{name}-{voucher.code_display}.pdf"


def cheque_context(voucher):
    language = holder_language(voucher)
    url = voucher.get_verification_url(language)
    regie = voucher.call.regie
    return {"voucher": voucher, "application": voucher.application, "language": language, "regie": regie,
            "call_name": voucher.call.public_name(language), "places": region_line(regie),
            "verification_url": url, "qr": qr_data_uri(url, regie.accent_colour),
            "CONTACT_EMAIL": regie.contact_email, "CONTACT_PHONE": regie.contact_phone}


def cheque_html(voucher):
    """The cheque as an HTML document, in its holder's language, with the written notice of its de-minimis aid
    (Regulation (EU) 2023/2831, art. 6(1)) under it."""
    with translation.override(holder_language(voucher)):
        return _document(cheque_context(voucher), DeMinimisGrant.notice_for(voucher), cheque_title(voucher))


def _document(context, grant, title):
    page = render_to_string("vouchers/cheque_page.html", context)
    return render_to_string("vouchers/cheque_document.html", {
        "sheets": [{"page": page, "grant": grant}], "language": context["language"], "title": title,
        "regie": context["regie"]})


def warm_up_html():
    """A whole cheque of made-up, unsaved rows, rendered without the database: what a process lays out when it
    starts (vouchers.reports.programme.warm_up), so that its first real cheque finds the templates, the fonts of
    each weight and the QR code's drawing loaded, and takes no longer than the next."""
    regie = Regie(name="Regie", programme_name="Kennismakingscheque", contact_email="info@example.be",
                  contact_phone="012")
    today = datetime.date(2026, 1, 1)
    call = Call(regie=regie, name="Oproep", face_value=Decimal(500))
    voucher = Voucher(call=call, code="WARMUP0000000000", face_value=call.face_value, valid_until=today,
                      issued_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
                      application=Application(call=call, company_name="Bedrijf", enterprise_number="0417497106"))
    url = f"https://example.be/nl/cheque/{voucher.code}/"
    context = {"voucher": voucher, "application": voucher.application, "language": "nl", "regie": regie,
               "call_name": call.name, "places": "Gemeente · Gemeente", "verification_url": url,
               "qr": qr_data_uri(url, regie.accent_colour), "CONTACT_EMAIL": regie.contact_email,
               "CONTACT_PHONE": regie.contact_phone}
    grant = DeMinimisGrant(amount=call.face_value, granted_on=today, authority_name=regie.name,
                           authority_number="0417497106")
    with translation.override("nl"):
        return _document(context, grant, regie.programme_name)


def render_pdf(html):
    """HTML to a tagged PDF with the cheque's stylesheet (regie.pdf)."""
    return pdf.render_pdf(html, css=CHEQUE_CSS)


def render_cheque_pdf(voucher):
    return render_pdf(cheque_html(voucher))
