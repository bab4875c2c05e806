"""The partner portal's password-reset mail: its link always on SITE_URL (never the Host header a request
brings along), in the user's own language (else the language of the page they asked from), text + HTML."""
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation

from regie.accounts.languages import preferred_language
from regie.mail import compose


class PartnerPasswordResetForm(PasswordResetForm):
    def save(self, **options):
        site = urlsplit(settings.SITE_URL)
        options.update(domain_override=site.netloc, use_https=site.scheme == "https", extra_email_context={
            **(options.get("extra_email_context") or {}), "SITE_URL": settings.SITE_URL})
        return super().save(**options)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        language = preferred_language(context["user"], default=translation.get_language())
        compose.compose(subject_template=subject_template_name, body_template=email_template_name,
                       language=language, context=context, to=[to_email], from_email=from_email).send()
