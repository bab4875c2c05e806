"""The personal QR code of a registration: its check-in address (networking.links.check_in_url), shown at the
door. As an inline SVG on the personal page, as a PNG attached to the mails (a phone shows it offline)."""
import io

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from networking.links import check_in_url
from networking.models import Registration


def _code(registration: Registration) -> segno.QRCode:
    return segno.make(check_in_url(registration), error="m")


def qr_png(registration: Registration) -> bytes:
    buffer = io.BytesIO()
    _code(registration).save(buffer, kind="png", scale=8, border=4, dark="#000", light="#fff")
    return buffer.getvalue()


def qr_svg(registration: Registration) -> str:
    """An <svg> element with its text alternative ("Show this code at the door"), safe to put into a page (segno
    writes it; the only text in it is our label, escaped)."""
    label = _("Your personal code: show this code at the door")
    svg = _code(registration).svg_inline(scale=5, border=4, dark="#000", light="#fff", omitsize=False,
                                         svgclass="qr-code", title=label)  # segno escapes the title
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
