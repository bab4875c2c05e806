"""What is typed in the public registration form is not trusted blindly: introductions wait until the address is
confirmed, a known address gets the same page as a new one (and its mail again), the listing for the other
attendees is the registrant's to switch, and typed text holds no invisible control characters."""
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from enterprises.validators import ControlCharacterValidator
from networking import links
from networking.forms import CONSENT, RegistrationForm
from networking.models import Registration
from networking.services.registrations import register_business, register_firm_user
from regie.models import AuditEvent
from tests.factories import SocialEnterpriseFactory
from tests.support.networking import MeetingFactory, RegistrationFactory
from vouchers.forms import ApplicationForm

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"networking:{name}", kwargs=kwargs)


def register(client, meeting, **changes):
    key = client.get(url("meeting", slug=meeting.slug)).context["form"].initial["submission_key"]
    data = {"submission_key": key, "contact_name": "Amélie D'Hondt", "company_name": "Bakkerij 't Hoekske",
            "email": "amelie@hoekske.example", "language": "en", **changes}
    return client.post(url("meeting", slug=meeting.slug), data)


def test_introductions_wait_until_the_address_is_confirmed(client, django_capture_on_commit_callbacks, mailoutbox):
    meeting, firm = MeetingFactory(), SocialEnterpriseFactory(is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, meeting, consent="on", interested_enterprises=[firm.pk])
    registration = Registration.objects.get()
    assert registration.has_consent and registration.email_confirmed_at is None
    assert not registration.introductions.exists() and len(mailoutbox) == 1  # only the registrant's mail
    token = links.registration_token(registration)
    page = client.get(url("registration", token=token)).content.decode()
    assert "Confirm your e-mail address" in page and 'name="confirm"' in page
    assert "The firms you chose receive your details as an introduction once you confirm it." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("registration", token=token), {"confirm": "email"}, follow=True)
    assert "your e-mail address is confirmed, and the firms you chose receive your details" in (
        response.content.decode())
    assert [i.enterprise for i in registration.introductions.all()] == [firm] and len(mailoutbox) >= 2
    assert 'name="confirm"' not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("registration", token=token), {"confirm": "email"})  # again: nothing twice
    assert registration.introductions.count() == 1
    assert AuditEvent.objects.filter(action="meeting.email_confirmed").count() == 1


def test_a_firm_users_address_is_confirmed_at_once(firm_user, enterprise):
    registration = register_firm_user(meeting=MeetingFactory(audience="both"), user=firm_user, enterprise=enterprise)
    assert registration.email_confirmed_at is not None


def test_a_known_address_gets_the_same_page_and_its_mail_again(client, django_capture_on_commit_callbacks,
                                                                mailoutbox, settings):
    meeting = MeetingFactory(capacity=1)
    known = RegistrationFactory(meeting=meeting, email="amelie@hoekske.example", language="nl")
    meeting_page = client.get(url("meeting", slug=meeting.slug)).content.decode()
    assert "Lost your mail? Register again with the same address: we send your link again." in meeting_page
    with django_capture_on_commit_callbacks(execute=True):
        again = register(client, meeting, email="Amelie@Hoekske.example", company_name="Someone else")
    known_page = client.get(again["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new = register(client, meeting, email="bert@nieuw.example")
    new_page = client.get(new["Location"]).content.decode()
    assert again["Location"] == new["Location"]
    assert known_page.replace("amelie@hoekske.example", "bert@nieuw.example") == new_page
    assert "Check your mailbox" in known_page and "in place" not in known_page
    assert [m.to for m in mailoutbox] == [["amelie@hoekske.example"], ["bert@nieuw.example"]]
    assert links.registration_url(known) in mailoutbox[0].body  # the link lost, sent again in Dutch
    assert "er is niets veranderd, je eerdere antwoorden blijven gelden" in mailoutbox[0].body  # not a new one
    assert "er is niets veranderd" not in mailoutbox[1].body
    assert Registration.objects.filter(email__iexact="amelie@hoekske.example").count() == 1
    assert AuditEvent.objects.filter(action="meeting.mail_resent").count() == 1
    for _ in range(settings.APPLICATION_LIMITS["limit"] - 2):
        register(client, meeting)
    assert register(client, meeting).status_code == 429  # the same throttle as every registration


def test_the_listing_for_the_other_attendees_is_switched_on_the_personal_page(client):
    registration = RegistrationFactory(listed_for_attendees=False, language="en")
    token = links.registration_token(registration)
    assert "The other attendees do not see your company's name" in client.get(
        url("registration", token=token)).content.decode()
    page = client.post(url("registration", token=token), {"listed": "yes"}, follow=True).content.decode()
    registration.refresh_from_db()
    assert registration.listed_for_attendees and "Do not show my company's name" in page
    client.post(url("registration", token=token), {"listed": "no"})
    registration.refresh_from_db()
    assert not registration.listed_for_attendees
    changes = AuditEvent.objects.filter(action="meeting.listed_changed").order_by("id")
    assert [change.data for change in changes] == [{"listed": True}, {"listed": False}]


@pytest.mark.parametrize("field", ["contact_name", "company_name", "looking_for"])
def test_invisible_control_characters_are_refused_with_a_clear_message(client, field):
    meeting = MeetingFactory()
    for bad in ("Bakkerij\x1b[0m", "Bak\tkerij", "Bak\u2028kerij", "Bak\u2066kerij\u2069", "\u202eBakkerij"):
        response = register(client, meeting, **{field: bad})
        assert response.status_code == 200, bad
        with translation.override("en"):
            assert "invisible character (U+" in str(response.context["form"].errors[field]), bad
    assert not Registration.objects.exists()


def test_a_text_keeps_its_line_breaks_a_name_does_not():
    text, line = ControlCharacterValidator(multiline=True), ControlCharacterValidator()
    text("Catering\r\nfor 40 people\nin June. Café, naïve, 日本")
    line("Amélie D'Hondt-Ørsted 日本")
    for bad in ("A\nB", "A\rB", "A\u0085B", "A\u2029B"):
        with pytest.raises(ValidationError) as refused:
            line(bad)
        assert refused.value.code == "control_character"
    with pytest.raises(ValidationError):
        text("Catering\rfor 40")  # a lone carriage return is not a line break


def test_a_forms_submission_key_counts_only_for_its_own_meeting():
    """The same form sent twice to one meeting registers once; its key sent to another meeting (a form copied
    from one meeting's page to another's) is no resubmission there: the business registers for that meeting."""
    first, second = MeetingFactory(), MeetingFactory()
    key = uuid.uuid4()
    details = {"contact_name": "An", "company_name": "Bakkerij An", "email": "an@bakkerij.example", "language": "nl",
               "submission_key": key}
    registration = register_business(meeting=first, **details)
    assert register_business(meeting=first, **details) == registration
    elsewhere = register_business(meeting=second, **details)
    assert elsewhere != registration and elsewhere.meeting == second and elsewhere.status == "registered"
    data = {**details, "submission_key": str(key)}
    forms = [RegistrationForm(data, meeting=meeting) for meeting in (first, second)]
    assert all(form.is_valid() for form in forms), [form.errors for form in forms]
    assert [form.resubmitted for form in forms] == [registration, None]  # the key is the first meeting's


def test_the_consent_to_introductions_reads_the_same_on_both_forms():
    with translation.override("en"):
        assert str(ApplicationForm.base_fields["consent_to_introductions"].label) == str(CONSENT)
        assert str(RegistrationForm.base_fields["consent"].label) == str(CONSENT)
    assert ApplicationForm.base_fields["consent_to_introductions"].label is CONSENT  # written once
