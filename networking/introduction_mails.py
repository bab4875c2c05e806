"""The mails of introductions, each in its reader's language: a firm's users hear of a new introduction (who, what
they look for, how to reach them, the partner page); two businesses that both wished to meet again get each
other's details; a business and a firm that both did: the business gets the firm's public contact details.
Background tasks, enqueued after commit by networking.services.introductions."""
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from enterprises.models import SocialEnterprise
from networking.models import Introduction, Registration
from regie.accounts.languages import preferred_language
from regie.mail import compose
from regie.ops.background import background_task


def send(kind, *, to, language, context):
    """Render emails/<kind>_subject.txt and emails/<kind>.txt in `language` and send them."""
    context = {"SITE_URL": settings.SITE_URL, "CONTACT_EMAIL": settings.CONTACT_EMAIL,
               "CONTACT_PHONE": settings.CONTACT_PHONE, "language": language, **context}
    compose.compose(subject_template=f"emails/{kind}_subject.txt", body_template=f"emails/{kind}.txt",
                    language=language, context=context, to=to, reply_to=[settings.CONTACT_EMAIL]).send()


def firm_by_language(enterprise):
    """{language: addresses} of the firm's active users; the firm's own address (in Dutch) when it has none."""
    users = (get_user_model().objects.filter(is_active=True, firm_memberships__enterprise=enterprise)
             .exclude(email="").select_related("profile").distinct())
    groups = defaultdict(set)
    for user in users:
        groups[preferred_language(user)].add(user.email)
    if groups:
        return {language: sorted(addresses) for language, addresses in sorted(groups.items())}
    return {settings.LANGUAGE_CODE: [enterprise.email]} if enterprise.email else {}


def introduction_url(introduction, language):
    with translation.override(language):
        return settings.SITE_URL + reverse("partner:introduction", kwargs={"public_id": introduction.public_id})


@background_task(title=_("Mail to a firm about a new introduction"), about="networking.Introduction")
def mail_introduction(introduction_id: int) -> None:
    introduction = (Introduction.objects.visible().select_related("enterprise", "registration__meeting")
                    .prefetch_related("categories").filter(pk=introduction_id).first())
    if introduction is None:
        return  # withdrawn or gone meanwhile: nothing to tell
    for language, to in firm_by_language(introduction.enterprise).items():
        with translation.override(language):  # the services' names in the reader's language
            categories = [str(c) for c in introduction.categories.all()]
        send("introduction_new", to=to, language=language, context={
            "introduction": introduction, "categories": categories,
            "introduction_url": introduction_url(introduction, language)})


@background_task(title=_("Mail to two businesses that wish to meet again"), about="networking.Registration")
def mail_each_other(first_id: int, second_id: int) -> None:
    found = {r.pk: r for r in Registration.objects.select_related("meeting").filter(
        pk__in=[first_id, second_id], anonymised_at__isnull=True)}
    if len(found) < 2:
        return
    for one, other in ((found[first_id], found[second_id]), (found[second_id], found[first_id])):
        send("introduction_each_other", to=[one.email], language=one.language,
             context={"registration": one, "other": other, "meeting": one.meeting})


def catalogue_url(enterprise, language):
    """The firm's public catalogue page in `language`, or "" while it is not published."""
    if not enterprise.is_published:
        return ""
    with translation.override(language):
        return settings.SITE_URL + enterprise.get_absolute_url()


@background_task(title=_("Mail to a business about a firm that wishes to meet again"),
                 about="networking.Registration")
def mail_firm_details(registration_id: int, enterprise_id: int) -> None:
    """The business of `registration` and the firm both wished to meet again: the business gets the firm's public
    contact details (name, catalogue page, e-mail, phone, website) in its own language."""
    business = (Registration.objects.select_related("meeting")
                .filter(pk=registration_id, anonymised_at__isnull=True).first())
    firm = SocialEnterprise.objects.filter(pk=enterprise_id).first()
    if business is None or firm is None:
        return
    send("introduction_firm_details", to=[business.email], language=business.language, context={
        "registration": business, "meeting": business.meeting, "firm": firm,
        "catalogue_url": catalogue_url(firm, business.language)})
