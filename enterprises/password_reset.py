"""The partner portal's password-reset mail: the regie's mail (regie.mail.messages: its name and sender, its
signature) with its link on the primary host of the request's regie (never the Host header a request brings along:
another host name of the regie, or a forged one, does not move the link), in the user's own language (else the
language of the page they asked from), text + HTML."""
from urllib.parse import urlsplit

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from regie.accounts.languages import preferred_language
from regie.mail import messages
from regie.web import hosts


class PartnerPasswordResetForm(PasswordResetForm):
    regie = None

    def save(self, **options):
        self.regie = getattr(options.get("request"), "regie", None) or hosts.current.get()
        site = urlsplit(self.regie.base_url)
        options.update(domain_override=site.netloc, use_https=site.scheme == "https", extra_email_context={
            **(options.get("extra_email_context") or {}), **messages.regie_context(self.regie)})
        return super().save(**options)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        language = preferred_language(context["user"], default=translation.get_language())
        messages.message(regie=self.regie, subject_template=subject_template_name, body_template=email_template_name,
                         language=language, context=context, to=[to_email]).send()


def password_set_link(*, regie, user, language: str = "nl") -> str:
    """The link where `user` sets a password, on the regie's primary host (valid PASSWORD_RESET_TIMEOUT seconds,
    until the password is set): the page of the password-reset mail, for a coordinator made by create_regie."""
    kwargs = {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}
    with translation.override(language):
        return regie.url(reverse("partner:password_reset_confirm", kwargs=kwargs))
