"""Introductions: only with consent, only to the firms concerned, once each, mailed in the firm users' language;
consent withdrawn and given again; meeting again after a meeting; the outcome the firm marks."""
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from networking.models import Introduction
from networking.privacy import retention
from networking.services.introductions import (
    give_consent,
    introduce_application,
    introduce_each_other,
    introduce_registration,
    mark_outcome,
    withdraw_consent,
)
from regie.accounts.languages import choose_language
from regie.models import AuditEvent
from tests.factories import (
    FirmMembershipFactory,
    RegieFactory,
    ServiceCategoryFactory,
    SocialEnterpriseFactory,
    UserFactory,
)
from tests.support.networking import FirmRegistrationFactory, RegistrationFactory
from tests.vouchers_factories import ApplicationFactory
from vouchers.links import APPLICANT_SALT, make_token
from vouchers.services import applications
from vouchers.services.applications import confirm_email, set_introduction_consent, withdraw_application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def firm_user(enterprise, language, name):
    user = UserFactory(username=name, email=f"{name}@firm.example")
    choose_language(user=user, language=language, by=None)
    FirmMembershipFactory(user=user, enterprise=enterprise)
    return user


@pytest.fixture
def firms():
    green, catering, print_ = (ServiceCategoryFactory(slug=s, name_nl=s) for s in ("groen", "catering", "drukwerk"))
    chosen = SocialEnterpriseFactory(name="Chosen")  # ticked by name, offers none of the ticked services
    gardens = SocialEnterpriseFactory(name="Gardens", categories=[green])
    both = SocialEnterpriseFactory(name="Both", categories=[green, catering], email="info@both.example")
    SocialEnterpriseFactory(name="Hidden", categories=[green], is_published=False)
    SocialEnterpriseFactory(name="Printer", categories=[print_])
    firm_user(chosen, "fr", "chantal")
    firm_user(gardens, "nl", "gert")
    firm_user(gardens, "en", "emma")
    return {"green": green, "catering": catering, "chosen": chosen, "gardens": gardens, "both": both}


def introduce(firms, public_id):
    return introduce_application(
        regie=RegieFactory(), application_public_id=public_id, company_name="Bakkerij Hoekske",
        contact_name="Amélie D'Hondt",
        email="amelie@hoekske.example", phone="0470 12 34 56", enterprise_number="0123456749", language="fr",
        looking_for="Een groene speelplaats.", categories=[firms["green"], firms["catering"]],
        enterprises=[firms["chosen"]])


def test_the_ticked_firms_and_those_offering_a_ticked_service_are_introduced_once_each_by_mail(
        firms, django_capture_on_commit_callbacks):
    public_id = ApplicationFactory().public_id  # the mails are the mails of its call's regie
    with django_capture_on_commit_callbacks(execute=True):
        created = introduce(firms, public_id)
    by_firm = {i.enterprise.name: i for i in created}
    assert sorted(by_firm) == ["Both", "Chosen", "Gardens"]  # not the unpublished one, not the printer
    assert by_firm["Chosen"].chosen_directly and not by_firm["Gardens"].chosen_directly
    assert {c.slug for c in by_firm["Both"].categories.all()} == {"groen", "catering"}
    assert [c.slug for c in by_firm["Gardens"].categories.all()] == ["groen"]
    assert by_firm["Gardens"].email == "amelie@hoekske.example" and by_firm["Gardens"].phone == "0470 12 34 56"
    sent = {(tuple(m.to), m.extra_headers["Content-Language"]) for m in mail.outbox}
    assert sent == {(("chantal@firm.example",), "fr"), (("gert@firm.example",), "nl"),
                    (("emma@firm.example",), "en"), (("info@both.example",), "nl")}
    english = next(m for m in mail.outbox if m.to == ["emma@firm.example"])
    assert "Bakkerij Hoekske" in english.subject
    assert "amelie@hoekske.example" in english.body and "0470 12 34 56" in english.body
    assert "Services asked for: groen\n" in english.body and "Een groene speelplaats." in english.body
    assert "/en/partner/" in english.body
    assert AuditEvent.objects.filter(action="introduction.created").count() == 3

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert introduce(firms, public_id) == []  # verified again: nothing twice
    assert Introduction.objects.count() == 3 and mail.outbox == []


def test_without_consent_nothing_is_shared(firms, django_capture_on_commit_callbacks):
    registration = RegistrationFactory()
    registration.interested_categories.set([firms["green"]])
    with django_capture_on_commit_callbacks(execute=True):
        assert introduce_registration(registration=registration) == []
    assert not Introduction.objects.exists() and mail.outbox == []


def test_a_confirmed_application_introduces_its_business_with_what_it_ticked_but_not_its_motivation(
        firms, client, django_capture_on_commit_callbacks):
    application = ApplicationFactory(status="submitted", verified_at=None, consented_to_introductions_at=timezone.now(),
                                     motivation="Onze plannen zijn vertrouwelijk.")
    application.interested_categories.set([firms["green"]])
    with django_capture_on_commit_callbacks(execute=True):
        confirm_email(application=application)
    introduction = Introduction.objects.get(enterprise=firms["gardens"])
    assert introduction.looking_for == "" and introduction.email == application.email
    to_emma = next(m for m in mail.outbox if m.to == ["emma@firm.example"])
    assert "Services asked for: groen\n" in to_emma.body and "vertrouwelijk" not in to_emma.body
    client.force_login(firms["gardens"].memberships.get(user__username="emma").user)
    with translation.override("en"):
        address = reverse("partner:introduction", kwargs={"public_id": introduction.public_id})
    page = client.get(address).content.decode()
    assert "groen" in page and "vertrouwelijk" not in page


def test_consent_reaches_the_firms_once_the_address_is_confirmed_and_again_after_the_retention_run(
        firms, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(looking_for="Catering voor 40.")
    registration.interested_categories.set([firms["catering"]])
    assert give_consent(registration=registration) == []  # the address is not confirmed yet: nothing shared
    assert not Introduction.objects.exists()
    registration.email_confirmed_at = timezone.now()
    registration.save(update_fields=["email_confirmed_at"])
    give_consent(registration=registration)
    assert [i.enterprise.name for i in Introduction.objects.all()] == ["Both"]
    assert withdraw_consent(registration=registration) == 1
    registration.refresh_from_db()
    assert registration.consented_to_introductions_at is None
    assert Introduction.objects.visible().count() == 0
    assert introduce_registration(registration=registration) == []  # no new ones without consent

    SocialEnterpriseFactory(name="New caterer", categories=[firms["catering"]])
    with django_capture_on_commit_callbacks(execute=True):
        created = give_consent(registration=registration)
    assert [i.enterprise.name for i in created] == ["New caterer"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["info@example.org"]
    assert Introduction.objects.visible().count() == 2  # the business agreed again: "Both" sees it again
    assert AuditEvent.objects.filter(action__in=["introduction.consent_given", "introduction.consent_withdrawn"]
                                     ).count() == 3

    assert withdraw_consent(registration=registration) == 2
    assert retention.introductions(timezone.localdate(), dry_run=False) == 2  # the night after: details removed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = give_consent(registration=registration)
    assert sorted(i.enterprise.name for i in created) == ["Both", "New caterer"]  # introduced anew
    assert len(mail.outbox) == 2 and Introduction.objects.count() == 4
    assert sorted(i.company_name for i in Introduction.objects.visible()) == [registration.company_name] * 2


def test_two_attendees_who_wish_to_meet_again(firms, django_capture_on_commit_callbacks):
    gardens = firms["gardens"]
    gardens.email, gardens.phone, gardens.website = "info@gardens.example", "011 22 33 44", "https://gardens.example"
    gardens.save()
    firm = FirmRegistrationFactory(enterprise=gardens)
    business = RegistrationFactory(meeting=firm.meeting, company_name="Brouwerij Voeren", email="b@voeren.example",
                                   language="en")
    with django_capture_on_commit_callbacks(execute=True):
        created = introduce_each_other(first=business, second=firm)
    assert [(i.enterprise, i.source, i.company_name) for i in created] == [(gardens, "wish", "Brouwerij Voeren")]
    told = next(m for m in mail.outbox if m.to == ["b@voeren.example"])  # the business hears of the firm too
    with translation.override("en"):
        page = gardens.get_absolute_url()
    assert told.extra_headers["Content-Language"] == "en" and "Gardens" in told.subject
    assert "Name: Gardens\n" in told.body and page in told.body and "E-mail: info@gardens.example" in told.body
    assert "Phone: 011 22 33 44" in told.body and "Website: https://gardens.example" in told.body

    mail.outbox.clear()
    other = RegistrationFactory(meeting=firm.meeting, company_name="Hoeve Riemst", email="h@riemst.example")
    with django_capture_on_commit_callbacks(execute=True):
        assert introduce_each_other(first=business, second=other) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["b@voeren.example", "h@riemst.example"]
    to_voeren = next(m for m in mail.outbox if m.to == ["b@voeren.example"])
    assert "Hoeve Riemst" in to_voeren.body and "h@riemst.example" in to_voeren.body


def test_a_mutual_wish_never_shows_again_what_the_business_withdrew(firms, client, django_capture_on_commit_callbacks):
    """The business withdrew its consent, then both it and the firm wished to meet again: the withdrawn
    introduction stays withdrawn (its details removed); the firm receives only what the wishes page promises:
    company, contact person and e-mail address, not what the business was looking for."""
    firm = FirmRegistrationFactory(enterprise=firms["gardens"])
    business = RegistrationFactory(meeting=firm.meeting, company_name="Brouwerij Voeren", email="b@voeren.example",
                                   enterprise_number="0123456749", looking_for="Geheime uitbreidingsplannen.",
                                   consented_to_introductions_at=timezone.now(), email_confirmed_at=timezone.now())
    business.interested_categories.set([firms["green"]])
    [withdrawn] = [i for i in introduce_registration(registration=business) if i.enterprise == firms["gardens"]]
    withdraw_consent(registration=business)
    with django_capture_on_commit_callbacks(execute=True):
        [wish] = introduce_each_other(first=business, second=firm)
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_at is not None and withdrawn.anonymised_at is not None
    assert withdrawn.looking_for == "" and withdrawn.email == ""
    assert (wish.source, wish.company_name, wish.email, wish.looking_for, wish.enterprise_number) == (
        "wish", "Brouwerij Voeren", "b@voeren.example", "", "")
    client.force_login(firms["gardens"].memberships.get(user__username="emma").user)
    with translation.override("en"):
        pages = [client.get(reverse("partner:introductions")).content.decode(), client.get(reverse(
            "partner:introduction", kwargs={"public_id": withdrawn.public_id})).content.decode()]
    assert not any("Geheime uitbreidingsplannen" in page or "0123.456.749" in page for page in pages)
    to_firm = next(m for m in mail.outbox if m.to == ["emma@firm.example"])
    assert "b@voeren.example" in to_firm.body and "Geheime" not in to_firm.body


def test_withdrawing_the_application_withdraws_its_introductions_recorded_against_it(firms):
    application = ApplicationFactory(status="verified", consented_to_introductions_at=timezone.now())
    application.interested_categories.set([firms["green"]])
    set_introduction_consent(application=application, consent=False)
    set_introduction_consent(application=application, consent=True)  # given again: the firms see it
    assert Introduction.objects.visible().count() == 2
    withdraw_application(application=application)
    application.refresh_from_db()
    assert application.consented_to_introductions_at is None and not Introduction.objects.visible().exists()
    events = AuditEvent.objects.filter(action="introduction.consent_withdrawn").order_by("pk")
    assert [(e.object_id, e.content_type.model, e.data["introductions"]) for e in events] == [
        (str(application.pk), "application", 0), (str(application.pk), "application", 2)]
    set_introduction_consent(application=application, consent=True)  # a withdrawn application: nothing shared
    assert not Introduction.objects.visible().exists()


def test_a_withdrawn_application_still_offers_to_withdraw_a_consent_it_holds(client, firms):
    legacy = ApplicationFactory(status="withdrawn", consented_to_introductions_at=timezone.now())  # before the fix
    token = make_token(legacy, APPLICANT_SALT)
    with translation.override("en"):
        page_url, consent_url = (reverse(f"vouchers:{name}", args=[token])
                                 for name in ("applicant", "introductions_consent"))
    page = client.get(page_url).content.decode()
    assert "Withdraw my consent" in page and "Yes, introduce me to these firms" not in page
    client.post(consent_url, {"consent": "no"})
    legacy.refresh_from_db()
    assert legacy.consented_to_introductions_at is None
    page = client.get(page_url).content.decode()
    assert "Withdraw my consent" not in page and "Yes, introduce me to these firms" not in page


def test_the_consent_to_introductions_moves_no_money_so_it_locks_only_the_application(firms, monkeypatch):
    application = ApplicationFactory(status="verified", consented_to_introductions_at=None)

    def no_call_lock(application):
        raise AssertionError("the call's row was locked")

    monkeypatch.setattr(applications, "lock_application", no_call_lock)
    set_introduction_consent(application=application, consent=True)
    set_introduction_consent(application=application, consent=False)
    assert AuditEvent.objects.filter(object_id=str(application.pk), action__startswith="introduction.").count() == 2


def test_the_firm_marks_what_came_of_it(firms, firm_user):
    introduction = introduce(firms, uuid.uuid4())[0]
    marked = mark_outcome(introduction=introduction, outcome="quote", by=firm_user)
    assert marked.outcome == "quote" and marked.outcome_by == firm_user and marked.outcome_at is not None
    assert AuditEvent.objects.get(action="introduction.outcome").data == {"outcome": "quote", "before": "new"}
    with pytest.raises(ValidationError):
        mark_outcome(introduction=introduction, outcome="new", by=firm_user)
