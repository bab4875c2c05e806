from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from regie import pdf
from regie.web import stylesheet
from regie.web.hosts import current

register = template.Library()


@register.filter
def printed_brand(regie) -> str:
    """`<html style="{{ regie|printed_brand }}">` in a PDF's document: its regie's colours (regie.web.stylesheet)."""
    return stylesheet.printed(regie) if regie is not None else ""


@register.simple_tag
def printed_logo(regie, height, max_width):
    """`{% printed_logo regie 12 40 %}` in a PDF's document: the regie's logo `height` mm high (lower when it would be
    wider than `max_width` mm), its name as the alt text (tagged PDF); nothing without a logo, or when its file
    cannot be read (regie.pdf.logo: logged, and the document goes without it)."""
    logo = pdf.logo(regie) if regie is not None else None
    return logo.img(alt=regie.name, height=float(height), max_width=float(max_width)) if logo else ""


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language: (code, name in that language, url, is_current)."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append({
            "code": code,
            "name": info["name_local"],
            "url": translate_url(request.path, code) + query,
            "current": code == current,
        })
    return links


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current catalogue address with another page number."""
    query = context.get("query_string", "")
    return f"?{query + '&' if query else ''}pagina={page_number}"


@register.simple_tag
def colon():
    """A colon after a label, as the active language writes it: "Motif : …" in French (a no-break space
    before it, so it never starts a line), "Reden: …" in Dutch and English."""
    return "\u00a0:" if (get_language() or "").startswith("fr") else ":"


def _regie(context):
    """The regie the page is served as: the context processor's, else the request's (regie.web.hosts)."""
    return context.get("regie") or current.get()


@register.simple_tag(takes_context=True)
def regie_stylesheet_url(context):
    """/regie.css with the colours' version: a changed colour is a new address, so browsers may keep it a day."""
    return f"{reverse('regie_css')}?v={stylesheet.version(_regie(context))}"


@register.simple_tag(takes_context=True)
def contact_email_link(context):
    """The regie's contact address as a mail link, to put into a translated sentence."""
    regie = _regie(context)
    return format_html('<a href="mailto:{0}">{0}</a>', regie.contact_email if regie else "")


@register.simple_tag(takes_context=True)
def contact_phone_link(context):
    """The regie's phone number as a call link that never breaks across lines."""
    phone = getattr(_regie(context), "contact_phone", "")
    return format_html('<a href="tel:{}" class="text-nowrap">{}</a>', phone.replace(" ", ""), phone)
