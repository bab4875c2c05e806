"""Introductions as people meet them: the consent on the application form, the confirm link that introduces, the
firm's partner pages (its own introductions only, withdrawn ones without details, the outcome), the consent
withdrawn from the applicant's page, and the partner home's box with one-click registration for a meeting."""
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from enterprises.models import ServiceCategory
from networking import introduction_mails
from networking.models import Introduction, Registration
from regie.accounts.languages import choose_language
from tests.factories import (
    FirmMembershipFactory,
    MunicipalityFactory,
    PostcodeFactory,
    ServiceCategoryFactory,
    SocialEnterpriseFactory,
)
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.vouchers_factories import CallFactory
from vouchers.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
APPLY = "/nl/aanvragen/"


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def apply(client, capture, **changes):
    """Through the real form and the confirmation link from the mail; the confirm post's response."""
    key = client.get(APPLY).context["form"].initial["submission_key"]
    data = {"submission_key": key, "company_name": "Bakkerij Hoekske", "enterprise_number": "0123.456.749",
            "street": "Kerkstraat 1", "postcode": "3700", "place": "Tongeren", "sector": "retail", "size": "1-9",
            "contact_name": "Amélie D'Hondt", "email": "amelie@hoekske.example", "phone": "0470 12 34 56",
            "language": "nl", "motivation": "Een groene speelplaats.", "deminimis_amount": "0", "accept_terms": "on",
            **changes}
    with capture(execute=True):
        assert client.post(APPLY, data).status_code == 302
    confirm = re.search(r"http://testserver(/nl/aanvraag/bevestigen/\S+/)", mail.outbox[-1].body)
    with capture(execute=True):
        return client.post(confirm[1])


@pytest.fixture
def firms():
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    PostcodeFactory(code="3700", place_nl="Tongeren", place="Tongeren", municipality=tongeren)
    CallFactory(budget=Decimal("1000.00"))
    green = ServiceCategoryFactory(slug="groen", name_nl="Groen")
    gardens = SocialEnterpriseFactory(name="Gardens", categories=[green])
    other = SocialEnterpriseFactory(name="Other firm")
    return {"green": green, "gardens": gardens, "other": other,
            "user": FirmMembershipFactory(enterprise=gardens).user}


def test_a_business_applies_with_consent_and_the_firm_sees_it_until_the_consent_is_withdrawn(
        client, firms, django_capture_on_commit_callbacks):
    confirmed = apply(client, django_capture_on_commit_callbacks, interested_categories=[firms["green"].pk],
                      consent_to_introductions="on")
    introduction = Introduction.objects.get()
    assert introduction.enterprise == firms["gardens"] and introduction.source == "application"
    assert introduction.application_public_id == Application.objects.get().public_id
    to_firm = [m for m in mail.outbox if firms["user"].email in m.to]
    assert len(to_firm) == 1 and "Bakkerij Hoekske" in to_firm[0].subject and "0470 12 34 56" in to_firm[0].body

    firm_client = client.__class__()
    firm_client.force_login(firms["user"])
    page = firm_client.get(en("partner:introductions")).content.decode()
    assert "Bakkerij Hoekske" in page and 'href="mailto:amelie@hoekske.example"' in page
    assert "0470 12 34 56" in page and "Een groene speelplaats." not in page and "Groen" in page

    token = re.fullmatch(r"/nl/aanvraag/([^/]+)/", confirmed["Location"])[1]  # the applicant's personal page
    assert "Withdraw my consent" in client.get(en("vouchers:applicant", token)).content.decode()
    client.post(en("vouchers:introductions_consent", token), {"consent": "no"})
    assert Application.objects.get().consented_to_introductions_at is None
    page = firm_client.get(en("partner:introductions")).content.decode()
    assert "The business withdrew its consent." in page
    assert "Bakkerij Hoekske" not in page and "amelie@hoekske.example" not in page and "groene" not in page
    detail = firm_client.get(en("partner:introduction", introduction.public_id)).content.decode()
    assert "amelie@hoekske.example" not in detail and "The business withdrew its consent." in detail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("vouchers:introductions_consent", token), {"consent": "yes"})
    assert "amelie@hoekske.example" in firm_client.get(en("partner:introductions")).content.decode()
    assert Introduction.objects.count() == 1 and mail.outbox == []  # the same firm: shown again, not mailed twice


def test_without_consent_the_confirmed_application_reaches_no_firm(client, firms, django_capture_on_commit_callbacks):
    apply(client, django_capture_on_commit_callbacks, interested_categories=[firms["green"].pk],
          interested_enterprises=[firms["gardens"].pk])
    assert Application.objects.get().status == "verified"
    assert not Introduction.objects.exists()
    assert not [m for m in mail.outbox if firms["user"].email in m.to]


def test_the_firm_marks_the_outcome_and_never_sees_another_firms_introduction(client, firms):
    own = IntroductionFactory(enterprise=firms["gardens"], company_name="Brouwerij Voeren")
    foreign = IntroductionFactory(enterprise=firms["other"], company_name="Hoeve Riemst")
    client.force_login(firms["user"])
    page = client.get(en("partner:introductions")).content.decode()
    assert "Brouwerij Voeren" in page and "Hoeve Riemst" not in page
    assert client.get(en("partner:introduction", foreign.public_id)).status_code == 404
    assert client.post(en("partner:introduction", foreign.public_id), {"outcome": "customer"}).status_code == 404

    response = client.post(en("partner:introduction", own.public_id), {"outcome": "customer"})
    assert response.status_code == 302 and response["Location"] == en("partner:introductions")
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.outcome == "customer" and own.outcome_by == firms["user"] and foreign.outcome == "new"
    assert "Became a customer" in client.get(en("partner:introductions")).content.decode()
    assert "1 new introduction" not in client.get(en("partner:home")).content.decode()


def test_the_partner_home_registers_a_firm_user_in_one_click(client, firms, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title_en="Meet the firms", audience="both")
    MeetingFactory(title_en="Businesses only", audience="businesses")
    IntroductionFactory(enterprise=firms["gardens"])
    client.force_login(firms["user"])
    home = client.get(en("partner:home")).content.decode()
    assert "1 new introduction" in home and "Meet the firms" in home and "Businesses only" not in home
    assert "See or cancel your registration" not in home
    assert en("partner:meeting_register", meeting.slug) in home

    assert client.get(en("partner:meeting_register", meeting.slug)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("partner:meeting_register", meeting.slug))
    assert response.status_code == 302 and response["Location"] == en("partner:home")
    registration = Registration.objects.get()
    assert (registration.kind, registration.enterprise, registration.user) == ("firm", firms["gardens"],
                                                                               firms["user"])
    home = client.get(en("partner:home")).content.decode()
    assert "Registered" in home and "See or cancel your registration" in home

    response = client.post(en("partner:meeting_register", meeting.slug), follow=True)
    assert "already registered" in response.content.decode() and Registration.objects.count() == 1


def test_a_firm_user_reads_the_services_asked_for_in_their_own_language(firms, django_capture_on_commit_callbacks):
    choose_language(user=firms["user"], language="fr", by=firms["user"])
    ServiceCategory.objects.filter(pk=firms["green"].pk).update(name_nl="Groenzorg",
                                                                name_fr="Entretien des espaces verts")
    introduction = IntroductionFactory(enterprise=firms["gardens"], source="registration",
                                       registration=RegistrationFactory())
    introduction.categories.set([firms["green"]])
    with translation.override("nl"):  # the business's language, active when the task runs
        introduction_mails.mail_introduction.enqueue(introduction.pk)
    [message] = [m for m in mail.outbox if firms["user"].email in m.to]
    assert "Entretien des espaces verts" in message.body and "Groenzorg" not in message.body


def test_the_partner_home_says_a_meeting_is_full_and_offers_the_waiting_list(client, firms):
    full = MeetingFactory(title_en="Full meeting", audience="both", capacity=2)
    RegistrationFactory.create_batch(2, meeting=full)
    MeetingFactory(title_en="Roomy meeting", audience="both", capacity=40)
    client.force_login(firms["user"])
    home = client.get(en("partner:home")).content.decode()
    assert "Full: waiting list" in home and "40 places left" in home
    assert "Put us on the waiting list<span class=\"visually-hidden\"> (Full meeting)" in home
    assert "Register<span class=\"visually-hidden\"> (Roomy meeting)" in home
