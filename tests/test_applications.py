"""Applying: every eligibility rule, bad input, double submission, e-mail confirmation."""
import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from regie.models import AuditEvent
from tests.factories import MunicipalityFactory, PostcodeFactory, SocialEnterpriseFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db
APPLY = "/nl/aanvragen/"


@pytest.fixture
def region():
    voeren = MunicipalityFactory(slug="voeren", name_nl="Voeren", name="Voeren")
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    PostcodeFactory(code="3798", place_nl="'s-Gravenvoeren", place="'s-Gravenvoeren", municipality=voeren)
    PostcodeFactory(code="3700", place_nl="Tongeren", place="Tongeren", municipality=tongeren)


@pytest.fixture
def call(region):
    return CallFactory(budget=Decimal("1000.00"))


def form_data(client, **changes):
    page = client.get(APPLY)
    key = page.context["form"].initial["submission_key"]
    data = {
        "submission_key": key, "company_name": "Bakkerij 't Hoekske", "enterprise_number": "BE 0123.456.749",
        "street": "Kerkstraat 1", "postcode": "3798", "place": "'s-Gravenvoeren", "sector": "retail",
        "size": "1-9", "contact_name": "Amélie D'Hondt", "email": "Amelie.DHondt@Example.BE",
        "phone": "0470 12 34 56", "language": "fr", "motivation": "Nous voulons essayer le traiteur.",
        "deminimis_amount": "1250,50", "accept_terms": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def errors(response):
    return {field: " ".join(messages) for field, messages in response.context["form"].errors.items()}


def test_entrepreneur_applies_and_receives_a_confirmation_link_in_their_language(
        client, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, form_data(client))
    assert response.status_code == 302 and response["Location"] == "/nl/aanvragen/verstuurd/"
    application = Application.objects.get()
    assert application.enterprise_number == "0123456749"
    assert application.email == "amelie.dhondt@example.be"
    assert application.company_name == "Bakkerij 't Hoekske" and application.contact_name == "Amélie D'Hondt"
    assert application.deminimis_amount == Decimal("1250.50")
    assert application.municipality.slug == "voeren" and application.status == ApplicationStatus.SUBMITTED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amelie.dhondt@example.be"]
    assert "Confirmez" in message.subject or "confirm" in message.subject.lower()
    assert re.search(r"http://testserver/fr/demande/confirmer/\S+/", message.body)
    assert "amelie.dhondt@example.be" in client.get("/nl/aanvragen/verstuurd/").content.decode()
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1


@pytest.mark.parametrize("changes, field, message", [
    ({"postcode": "3600"}, "postcode", "niet in de regio"),
    ({"postcode": "37a0"}, "postcode", "niet in de regio"),
    ({"enterprise_number": "0123.456.750"}, "enterprise_number", "controlecijfers"),
    ({"enterprise_number": "BE12"}, "enterprise_number", "10 cijfers"),
    ({"deminimis_amount": "299600"}, "deminimis_amount", "300.000,00"),
    ({"deminimis_amount": "-5"}, "deminimis_amount", ""),
    ({"accept_terms": None}, "accept_terms", "aanvaarden"),
    ({"email": "not-an-address"}, "email", ""),
    ({"motivation": "x" * 2001}, "motivation", "2000"),
    ({"company_name": "x" * 151}, "company_name", "150"),
    ({"language": "de"}, "language", ""),
])
def test_each_rule_has_a_message_next_to_its_field(client, call, changes, field, message):
    response = client.post(APPLY, form_data(client, **changes))
    assert response.status_code == 200
    assert field in errors(response), errors(response)
    assert message in errors(response)[field]
    assert not Application.objects.exists()
    assert "error-summary" in response.content.decode()


def test_postcode_with_spaces_is_accepted(client, call):
    assert client.post(APPLY, form_data(client, postcode=" 37 98 ")).status_code == 302
    assert Application.objects.get().postcode == "3798"


def test_a_listed_social_enterprise_cannot_apply(client, call):
    SocialEnterpriseFactory(enterprise_number="0123456749")
    response = client.post(APPLY, form_data(client))
    assert "sociale-economieonderneming" in errors(response)["enterprise_number"]


def test_one_application_per_enterprise_number_per_call(client, call):
    # Issue 17 changed the rule: only a confirmed application from the same e-mail address refuses a second one
    # (someone else's number blocks nobody: tests/test_application_conflicts.py).
    ApplicationFactory(call=call, enterprise_number="0123456749", email="amelie.dhondt@example.be")
    response = client.post(APPLY, form_data(client, enterprise_number="123456749"))
    codes = {field: [e.code for e in found] for field, found in response.context["form"].errors.as_data().items()}
    assert codes["enterprise_number"] == ["already_applied"]
    assert Application.objects.count() == 1


def test_a_withdrawn_application_does_not_block_a_new_one(client, call):
    ApplicationFactory(call=call, enterprise_number="0123456749", status=ApplicationStatus.WITHDRAWN)
    assert client.post(APPLY, form_data(client)).status_code == 302
    assert Application.objects.count() == 2


def test_same_number_may_apply_again_in_a_later_call(client, call):
    a_year_ago = timezone.localdate() - datetime.timedelta(days=365)
    earlier = CallFactory(opens_on=a_year_ago - datetime.timedelta(days=60), closes_on=a_year_ago)
    ApplicationFactory(call=earlier, enterprise_number="0123456749")
    assert client.post(APPLY, form_data(client)).status_code == 302


def test_double_click_makes_one_application(client, call, django_capture_on_commit_callbacks):
    data = form_data(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(APPLY, data)
        second = client.post(APPLY, data)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_closed_call_shows_a_message_instead_of_the_form(client, region):
    CallFactory(opens_on=timezone.localdate() + datetime.timedelta(days=10),
                closes_on=timezone.localdate() + datetime.timedelta(days=40), name="Oproep 2027")
    body = client.get(APPLY).content.decode()
    assert "Oproep 2027" in body and "<form" not in body.split("<main")[1]


def test_form_posted_after_the_call_closed_is_refused(client, call):
    data = form_data(client)
    call.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    call.opens_on = call.closes_on - datetime.timedelta(days=30)
    call.save()
    response = client.post(APPLY, data)
    assert response.status_code == 200 and not Application.objects.exists()


def test_html_in_every_field_is_stored_as_text_and_shown_escaped(client, call, admin_client):
    script = '<script>alert("x")</script>'
    data = form_data(client, company_name=f"Firma {script}", contact_name=script, place=script, motivation=script)
    assert client.post(APPLY, data).status_code == 302
    application = Application.objects.get()
    assert application.company_name == f"Firma {script}"
    page = admin_client.get(f"/admin/vouchers/application/{application.pk}/change/").content.decode()
    assert script not in page and "&lt;script&gt;" in page
