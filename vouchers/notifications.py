"""E-mails, each in its recipient's language, from the plain-text templates in templates/emails/.

Businesses read the language of their application; staff and firm users their own (regie.accounts.languages).
A mail to several users (all coordinators, all users of a firm) goes out once per language among them.
"""
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import preferred_language
from regie.mail import compose
from vouchers import links
from vouchers.models import DeMinimisGrant


def send(kind, *, to, language, context, attachments=()):
    """Render emails/<kind>_subject.txt and emails/<kind>.txt in `language` (text + HTML) and send them."""
    context = {"SITE_URL": settings.SITE_URL, "CONTACT_EMAIL": settings.CONTACT_EMAIL,
               "CONTACT_PHONE": settings.CONTACT_PHONE, "language": language, **context}
    message = compose.compose(subject_template=f"emails/{kind}_subject.txt", body_template=f"emails/{kind}.txt",
                             language=language, context=context, to=to, reply_to=[settings.CONTACT_EMAIL])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def addresses_by_language(users):
    """{language: sorted addresses} of these users, one group per language they read."""
    groups = defaultdict(set)
    for user in users:
        groups[preferred_language(user)].add(user.email)
    return {language: sorted(addresses) for language, addresses in sorted(groups.items())}


def active_users_with_email():
    return get_user_model().objects.filter(is_active=True).exclude(email="").select_related("profile").distinct()


def coordinators_by_language():
    users = active_users_with_email().filter(groups__name=COORDINATORS)
    return addresses_by_language(users) or {settings.LANGUAGE_CODE: [settings.CONTACT_EMAIL]}


def firm_by_language(enterprise):
    """The firm's users by language; the firm's own address (in Dutch) when it has no users."""
    users = active_users_with_email().filter(firm_memberships__enterprise=enterprise)
    return addresses_by_language(users) or ({settings.LANGUAGE_CODE: [enterprise.email]} if enterprise.email else {})


def admin_url(obj):
    return settings.SITE_URL + reverse(f"admin:vouchers_{obj._meta.model_name}_change", args=[obj.pk])


def partner_url(language):
    with translation.override(language):
        return settings.SITE_URL + reverse("partner:home")


def mail_applicant(application, kind, *, attachments=(), **extra):
    context = {"application": application, "applicant_url": links.applicant_url(application), **extra}
    if kind == "application_confirm":
        context["confirm_url"] = links.confirm_url(application)
    if kind == "application_approved":  # the written notice of the de-minimis aid (Regulation (EU) 2023/2831)
        context["grant"] = DeMinimisGrant.notice_for(extra["voucher"])
    send(kind, to=[application.email], language=application.language, context=context, attachments=attachments)


def mail_coordinators(application):
    for language, to in coordinators_by_language().items():
        send("coordinator_new_application", to=to, language=language,
             context={"application": application, "admin_url": admin_url(application)})


def mail_customer_about_redemption(redemption, kind):
    application = redemption.voucher.application
    mail_applicant(application, kind, redemption=redemption, voucher=redemption.voucher)


def mail_firm_about_redemption(redemption, kind):
    for language, to in firm_by_language(redemption.enterprise).items():
        send(kind, to=to, language=language, context={"redemption": redemption, "partner_url": partner_url(language)})


def mail_coordinators_about_redemption(redemption):
    for language, to in coordinators_by_language().items():
        send("coordinator_redemption_contested", to=to, language=language,
             context={"redemption": redemption, "admin_url": admin_url(redemption)})


def mail_followup(followup, kind):
    """The follow-up question (or its reminder): to the business in its language, or to the firm's users."""
    application = followup.voucher.application
    if followup.respondent == "business":
        groups = {application.language: [application.email]}
    else:
        groups = firm_by_language(followup.enterprise)
    for language, to in groups.items():
        send(kind, to=to, language=language, context={
            "followup": followup, "application": application, "firm": followup.enterprise,
            "followup_url": links.followup_url(followup, language)})


def mail_coordinators_about_check_proof(redemption):
    """A firm sent proof for a random check: the coordinators review it beside the redemption."""
    for language, to in coordinators_by_language().items():
        send("coordinator_check_proof", to=to, language=language,
             context={"redemption": redemption, "admin_url": admin_url(redemption)})
