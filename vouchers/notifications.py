"""E-mails, each in its recipient's language, from templates in templates/emails/."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from regie.groups import COORDINATORS
from vouchers import links


def send(kind, *, to, language, context, attachments=()):
    """Render emails/<kind>_subject.txt and emails/<kind>.txt in `language` and send them."""
    context = {"SITE_URL": settings.SITE_URL, "CONTACT_EMAIL": settings.CONTACT_EMAIL,
               "CONTACT_PHONE": settings.CONTACT_PHONE, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", context).split())
        body = render_to_string(f"emails/{kind}.txt", context)
    message = EmailMessage(subject, body, to=to, reply_to=[settings.CONTACT_EMAIL])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def mail_applicant(application, kind, *, attachments=(), **extra):
    context = {"application": application, "applicant_url": links.applicant_url(application), **extra}
    if kind == "application_confirm":
        context["confirm_url"] = links.confirm_url(application)
    send(kind, to=[application.email], language=application.language, context=context, attachments=attachments)


def coordinator_addresses():
    users = get_user_model().objects.filter(groups__name=COORDINATORS, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True))) or [settings.CONTACT_EMAIL]


def mail_coordinators(application):
    admin_url = f"{settings.SITE_URL}/admin/vouchers/application/{application.pk}/change/"
    send("coordinator_new_application", to=coordinator_addresses(), language=settings.LANGUAGE_CODE,
         context={"application": application, "admin_url": admin_url})


def firm_addresses(enterprise):
    users = enterprise.memberships.filter(user__is_active=True).exclude(user__email="")
    return sorted(set(users.values_list("user__email", flat=True))) or [a for a in [enterprise.email] if a]


def mail_customer_about_redemption(redemption, kind):
    application = redemption.voucher.application
    mail_applicant(application, kind, redemption=redemption, voucher=redemption.voucher)


def mail_firm_about_redemption(redemption, kind):
    to = firm_addresses(redemption.enterprise)
    if to:
        send(kind, to=to, language=settings.LANGUAGE_CODE, context={
            "redemption": redemption, "partner_url": f"{settings.SITE_URL}/nl/partner/"})


def mail_coordinators_about_redemption(redemption):
    admin_url = f"{settings.SITE_URL}/admin/vouchers/redemption/{redemption.pk}/change/"
    send("coordinator_redemption_contested", to=coordinator_addresses(), language=settings.LANGUAGE_CODE,
         context={"redemption": redemption, "admin_url": admin_url})


def mail_followup(followup, kind):
    """The follow-up question (or its reminder): to the business in its language, or to the firm's users."""
    application = followup.voucher.application
    if followup.respondent == "business":
        to, language = [application.email], application.language
    else:
        to, language = firm_addresses(followup.enterprise), settings.LANGUAGE_CODE
    if to:
        send(kind, to=to, language=language, context={
            "followup": followup, "application": application, "firm": followup.enterprise,
            "followup_url": links.followup_url(followup, language)})
