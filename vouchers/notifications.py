"""E-mails about applications, cheques, redemptions and follow-ups, each in its recipient's language, as the
regie of the call's mails (regie.mail.messages: its name and sender, its links, its signature).

Businesses read the language of their application; staff and firm users their own (regie.accounts.languages).
A mail to several users (all coordinators, all users of a firm) goes out once per language among them.
"""
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from regie.accounts.groups import COORDINATORS
from regie.mail.messages import active_users_with_email, addresses_by_language, firm_by_language, send
from regie.models import Regie
from vouchers import links
from vouchers.models import DeMinimisGrant


def coordinators_by_language(regie):
    """The coordinators by language; the regie's contact address (in Dutch) when there is none, or when the install
    has several regies: coordinators do not belong to one regie yet, and one regie's applicants are not another's
    to read."""
    users = active_users_with_email().filter(groups__name=COORDINATORS)
    if Regie.objects.count() > 1:
        users = users.none()
    return addresses_by_language(users) or {settings.LANGUAGE_CODE: [regie.contact_email]}


def admin_url(regie, obj):
    return regie.url(reverse(f"admin:vouchers_{obj._meta.model_name}_change", args=[obj.pk]))


def partner_url(regie, language):
    with translation.override(language):
        return regie.url(reverse("partner:home"))


def mail_applicant(application, kind, *, attachments=(), **extra):
    context = {"application": application, "applicant_url": links.applicant_url(application), **extra}
    if kind == "application_confirm":
        context["confirm_url"] = links.confirm_url(application)
    if kind == "application_approved":  # the written notice of the de-minimis aid (Regulation (EU) 2023/2831)
        context["grant"] = DeMinimisGrant.notice_for(extra["voucher"])
    send(kind, regie=application.call.regie, to=[application.email], language=application.language,
         context=context, attachments=attachments)


def mail_coordinators(application):
    regie = application.call.regie
    for language, to in coordinators_by_language(regie).items():
        send("coordinator_new_application", regie=regie, to=to, language=language,
             context={"application": application, "admin_url": admin_url(regie, application)})


def mail_customer_about_redemption(redemption, kind):
    application = redemption.voucher.application
    mail_applicant(application, kind, redemption=redemption, voucher=redemption.voucher)


def mail_firm_about_redemption(redemption, kind):
    regie = redemption.voucher.call.regie
    for language, to in firm_by_language(redemption.enterprise).items():
        send(kind, regie=regie, to=to, language=language,
             context={"redemption": redemption, "partner_url": partner_url(regie, language)})


def mail_coordinators_about_redemption(redemption):
    _mail_coordinators_about(redemption, "coordinator_redemption_contested")


def mail_followup(followup, kind):
    """The follow-up question (or its reminder): to the business in its language, or to the firm's users."""
    application = followup.voucher.application
    if followup.respondent == "business":
        groups = {application.language: [application.email]}
    else:
        groups = firm_by_language(followup.enterprise)
    for language, to in groups.items():
        send(kind, regie=followup.voucher.call.regie, to=to, language=language, context={
            "followup": followup, "application": application, "firm": followup.enterprise,
            "followup_url": links.followup_url(followup, language)})


def mail_coordinators_about_check_proof(redemption):
    """A firm sent proof for a random check: the coordinators review it beside the redemption."""
    _mail_coordinators_about(redemption, "coordinator_check_proof")


def _mail_coordinators_about(redemption, kind):
    regie = redemption.voucher.call.regie
    for language, to in coordinators_by_language(regie).items():
        send(kind, regie=regie, to=to, language=language,
             context={"redemption": redemption, "admin_url": admin_url(regie, redemption)})
