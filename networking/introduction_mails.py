"""The mails of introductions, each in its reader's language: a firm's users hear of a new introduction (who, what
they look for, how to reach them, the partner page); two businesses that both wished to meet again get each
other's details; a business and a firm that both did: the business gets the firm's public contact details.
Background tasks, enqueued after commit by networking.services.introductions."""
import logging

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from enterprises.models import SocialEnterprise
from networking.models import Introduction, Registration
from regie.mail.messages import firm_by_language, send
from regie.models import Regie
from regie.ops.background import background_task

logger = logging.getLogger(__name__)


def regie_of(introduction: Introduction) -> Regie | None:
    """The regie whose meeting or call the introduction comes from (its mails and links are that regie's)."""
    if introduction.registration is not None:
        return introduction.registration.meeting.regie
    if introduction.application_public_id:
        return Regie.objects.filter(calls__applications__public_id=introduction.application_public_id).first()
    return None


def introduction_url(regie: Regie, introduction: Introduction, language: str) -> str:
    with translation.override(language):
        return regie.url(reverse("partner:introduction", kwargs={"public_id": introduction.public_id}))


@background_task(title=_("Mail to a firm about a new introduction"), about="networking.Introduction")
def mail_introduction(introduction_id: int) -> None:
    introduction = (Introduction.objects.visible().select_related("enterprise", "registration__meeting__regie")
                    .prefetch_related("categories").filter(pk=introduction_id).first())
    if introduction is None:
        return  # withdrawn or gone meanwhile: nothing to tell
    regie = regie_of(introduction)
    if regie is None:  # neither its registration nor its application is known any more: whose mail would it be?
        logger.warning("Introduction %s comes from no known meeting or call: not mailed.", introduction.pk)
        return
    for language, to in firm_by_language(introduction.enterprise).items():
        with translation.override(language):  # the services' names in the reader's language
            categories = [str(c) for c in introduction.categories.all()]
        send("introduction_new", regie=regie, to=to, language=language, context={
            "introduction": introduction, "categories": categories,
            "introduction_url": introduction_url(regie, introduction, language)})


@background_task(title=_("Mail to two businesses that wish to meet again"), about="networking.Registration")
def mail_each_other(first_id: int, second_id: int) -> None:
    found = {r.pk: r for r in Registration.objects.select_related("meeting__regie").filter(
        pk__in=[first_id, second_id], anonymised_at__isnull=True)}
    if len(found) < 2:
        return
    for one, other in ((found[first_id], found[second_id]), (found[second_id], found[first_id])):
        send("introduction_each_other", regie=one.meeting.regie, to=[one.email], language=one.language,
             context={"registration": one, "other": other, "meeting": one.meeting})


def catalogue_url(regie: Regie, enterprise: SocialEnterprise, language: str) -> str:
    """The firm's public catalogue page in `language` on the regie's host, or "" while it is not published."""
    if not SocialEnterprise.objects.published_by(regie).filter(pk=enterprise.pk).exists():
        return ""
    with translation.override(language):
        return regie.url(enterprise.get_absolute_url())


@background_task(title=_("Mail to a business about a firm that wishes to meet again"),
                 about="networking.Registration")
def mail_firm_details(registration_id: int, enterprise_id: int) -> None:
    """The business of `registration` and the firm both wished to meet again: the business gets the firm's public
    contact details (name, catalogue page, e-mail, phone, website) in its own language."""
    business = (Registration.objects.select_related("meeting__regie")
                .filter(pk=registration_id, anonymised_at__isnull=True).first())
    firm = SocialEnterprise.objects.filter(pk=enterprise_id).first()
    if business is None or firm is None:
        return
    regie = business.meeting.regie
    send("introduction_firm_details", regie=regie, to=[business.email], language=business.language, context={
        "registration": business, "meeting": business.meeting, "firm": firm,
        "catalogue_url": catalogue_url(regie, firm, business.language)})
