from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

register = template.Library()


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


@register.simple_tag
def contact_email_link():
    """The coordinator's address as a mail link, to put into a translated sentence."""
    return format_html('<a href="mailto:{0}">{0}</a>', settings.CONTACT_EMAIL)


@register.simple_tag
def contact_phone_link():
    """The coordinator's phone number as a call link that never breaks across lines."""
    return format_html('<a href="tel:{}" class="text-nowrap">{}</a>', settings.CONTACT_PHONE.replace(" ", ""),
                       settings.CONTACT_PHONE)
