"""Mails as their readers get them: a subject, a plain-text part and the same text as HTML, in one language.

Each mail kind has ONE source, its plain-text templates (a subject and a body). The HTML part is made from
that very text (paragraphs, line breaks, addresses as links, everything escaped) inside emails/base.html,
so the two parts cannot say different things. The text templates render with autoescaping off: a name
such as "Zoë's Hoeve & Co" reads as written, in the subject and the body, never as &#x27; or &amp;.

The HTML part opens with the regie's logo (its name as the alt text), linked from the regie's own host as its
pages show it (/media/logos/..., regie.web.views.logo), not attached: the outbox keeps every mail as sent, and a
logo of up to a megabyte in each stored mail, a multipart/related part Django does not make, and mail programs that
list an inline image as an attachment cost more than a picture a reader's mail program may first ask to load (the
alt text stands in until then). Without a logo, or with one that cannot be read, the mail has no image.

Headers a person reads (subject, names in From/To/Reply-To) are folded by regie.mail.headers, so that every
reader reads them as written, with no leading space.
"""
import re

from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from regie import pdf
from regie.mail.headers import READABLE_HEADERS, FoldedHeader

PARAGRAPH = '<p style="margin:0 0 16px 0;">'
LINK = '<a style="color:#0a4d8c;text-decoration:underline;" href='
LOGO_HEIGHT, LOGO_MAX_WIDTH = 48, 200  # CSS pixels; width and height set, as mail programs want them
LOGO_PREFIX = "logos/"  # what regie.web.views.logo serves


class Mail(EmailMultiAlternatives):
    """Django's text + HTML message, its readable headers folded by regie.mail.headers; `regie`: whose it is."""

    regie = None

    def message(self):
        message = super().message()  # Django checks every address and makes it safe (IDN domains) first
        for name in READABLE_HEADERS:
            if message[name] is not None:
                message.replace_header(name, FoldedHeader(name, message[name]))
        return message


def render_text(template_name, context):
    """A plain-text template rendered without HTML escaping."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def tidy(text):
    """Trailing spaces off, at most one empty line in a row, no empty lines around the whole."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def html_paragraphs(text):
    """The plain text as HTML: escaped, one <p> per paragraph, <br> per line, addresses as links."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines = [urlize(line, autoescape=True).replace("<a href=", LINK) for line in block.split("\n")]
        paragraphs.append(PARAGRAPH + "<br>\n".join(lines) + "</p>")
    return mark_safe("\n".join(paragraphs))


def mail_logo(regie):
    """{"url", "alt", "width", "height"} of the regie's logo at the top of its mails' HTML: an absolute address on
    its primary host (regie.base_url, as the mails' links); None without a logo, one not under logos/ (which the
    portal would not serve) or one that cannot be read (regie.pdf.logo: its size is unknown, it would not load)."""
    name = pdf.logo_name(regie)
    logo = pdf.logo(regie) if name.startswith(LOGO_PREFIX) and regie.primary_host else None
    if logo is None:
        return None
    width, height = logo.size(LOGO_HEIGHT, LOGO_MAX_WIDTH)
    return {"url": regie.url(reverse("logo", kwargs={"path": name.removeprefix(LOGO_PREFIX)})), "alt": regie.name,
            "width": max(1, round(width)), "height": max(1, round(height))}


def render(*, subject_template, body_template, language, context):
    """(subject, text, html) of a mail in `language`; links made inside (reverse) follow that language. With a
    `regie` in the context (regie.mail.messages puts it there) the HTML opens with its logo."""
    with translation.override(language):
        # one line; a no-break space (French "Rappel :") is kept, it is no line break
        subject = re.sub(r"[ \t\r\n]+", " ", render_text(subject_template, context)).strip(" ")
        text = tidy(render_text(body_template, context))
        regie = context.get("regie")
        html = render_to_string("emails/base.html", {
            "language": language, "subject": subject, "body": html_paragraphs(text),
            "logo": mail_logo(regie) if regie is not None else None})
    return subject, text, html


def compose(*, subject_template, body_template, language, context, to, **headers):
    """The message (plain text + HTML alternative), ready to send; `headers` as EmailMessage takes them."""
    subject, text, html = render(subject_template=subject_template, body_template=body_template,
                                 language=language, context=context)
    message = Mail(subject, text, to=to, **headers)
    message.attach_alternative(html, "text/html")
    message.extra_headers.setdefault("Content-Language", language)
    return message
