"""The mails a regie sends to the people it serves, from the plain-text templates in templates/emails/, each in
its reader's language (regie.mail.compose makes the text and HTML parts).

Every such mail is the regie's: From its name and sender address (`regie.from_address`), replies to its
contact address, its links on its primary host (`regie.base_url`: SITE_URL in the templates) and its signature
with its name, contact e-mail and phone. The regie is that of the object the mail is about (an application's or
a cheque's call, a meeting), never a setting. Platform mails (errors to ADMINS) are not sent from here.

Businesses read the language of their application or registration; staff and firm users their own
(regie.accounts.languages). A mail to several users (all coordinators, all users of a firm) goes out once per
language among them.
"""
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from regie.mail import compose
from regie.models import UserProfile


def regie_context(regie) -> dict:
    """What every mail template of a regie may use: the regie, its public address and its contact details."""
    return {"regie": regie, "SITE_URL": regie.base_url, "CONTACT_EMAIL": regie.contact_email,
            "CONTACT_PHONE": regie.contact_phone}


def message(*, regie, subject_template, body_template, language, context, to) -> compose.Mail:
    """The regie's mail (text + HTML) in `language`, ready to send (or to attach to)."""
    with translation.override(language):  # the regie's name in the reader's language, in From as in the text
        from_address = regie.from_address
    mail = compose.compose(subject_template=subject_template, body_template=body_template, language=language,
                           context={**regie_context(regie), "language": language, **context}, to=to,
                           from_email=from_address, reply_to=[regie.contact_email])
    mail.regie = regie  # the outbox keeps it in this regie's (regie.mail.outbox)
    return mail


def send(kind, *, regie, to, language, context, attachments=()):
    """Render emails/<kind>_subject.txt and emails/<kind>.txt in `language` as `regie`'s mail and send it.
    An attachment is (filename, content, mimetype) or a MIME part."""
    mail = message(regie=regie, subject_template=f"emails/{kind}_subject.txt", body_template=f"emails/{kind}.txt",
                   language=language, context=context, to=to)
    for attachment in attachments:
        if isinstance(attachment, tuple):
            mail.attach(*attachment)
        else:
            mail.attach(attachment)
    mail.send()


def language_of(user) -> str:
    """The language `user` reads: regie.accounts.languages.preferred_language without a page to go by (read here
    from the profile: regie.accounts imports regie.mail, not the other way round)."""
    try:
        return user.profile.language or settings.LANGUAGE_CODE
    except UserProfile.DoesNotExist:
        return settings.LANGUAGE_CODE


def addresses_by_language(users) -> dict[str, list[str]]:
    """{language: sorted addresses} of these users, one group per language they read."""
    groups = defaultdict(set)
    for user in users:
        groups[language_of(user)].add(user.email)
    return {language: sorted(addresses) for language, addresses in sorted(groups.items())}


def active_users_with_email():
    return get_user_model().objects.filter(is_active=True).exclude(email="").select_related("profile").distinct()


def firm_by_language(enterprise) -> dict[str, list[str]]:
    """The firm's active users by language; the firm's own address (in Dutch) when it has no users."""
    users = active_users_with_email().filter(firm_memberships__enterprise=enterprise)
    return addresses_by_language(users) or ({settings.LANGUAGE_CODE: [enterprise.email]} if enterprise.email else {})
