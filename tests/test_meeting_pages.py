"""The public networking pages: the list, a meeting's page and its registration form, the personal page
reached by the signed link (QR code, calendar file, cancelling, consent to introductions)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from networking import links
from networking.models import Registration
from tests.factories import ServiceCategoryFactory, SocialEnterpriseFactory
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"networking:{name}", kwargs=kwargs)


def form_data(client, meeting, **changes):
    key = client.get(url("meeting", slug=meeting.slug)).context["form"].initial["submission_key"]
    data = {"submission_key": key, "contact_name": "Amélie D'Hondt", "company_name": "Bakkerij 't Hoekske",
            "enterprise_number": "BE 0123.456.749", "email": "Amelie@Hoekske.example", "language": "fr",
            "looking_for": "Un traiteur pour notre fête du personnel."}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_list_and_a_meetings_page_in_dutch_and_french(client):
    assert "No networking moment is planned" in client.get(url("meetings")).content.decode()
    meeting = MeetingFactory(title_nl="Netwerkmoment Tongeren", title_fr="Rencontre à Tongres", capacity=40,
                             text_nl="Eerste alinea.\n\nTweede alinea.")
    RegistrationFactory.create_batch(3, meeting=meeting)
    MeetingFactory(title_nl="Verborgen ontmoeting", is_published=False)
    past = MeetingFactory(title_nl="Netwerkmoment 2025", starts_at=timezone.now() - datetime.timedelta(days=30))
    dutch = client.get(url("meetings", "nl")).content.decode()
    assert "Netwerkmoment Tongeren" in dutch and "Netwerkmoment 2025" in dutch and "Verborgen" not in dutch
    assert "Rencontre à Tongres" in client.get(url("meetings", "fr")).content.decode()
    assert "37 places left" in client.get(url("meetings")).content.decode()
    page = client.get(url("meeting", "nl", slug=meeting.slug)).content.decode()
    assert "<p>Eerste alinea.</p>" in page and "<p>Tweede alinea.</p>" in page and "Dijk 111" in page
    assert 'name="submission_key"' in page
    french = client.get(url("meeting", "fr", slug=meeting.slug))
    assert "Rencontre à Tongres" in french.content.decode() and french.context["form"].initial["language"] == "fr"
    assert 'name="submission_key"' not in client.get(url("meeting", slug=past.slug)).content.decode()
    assert client.get(url("meeting", slug="verborgen-ontmoeting-onbekend")).status_code == 404


def test_a_business_registers_and_a_second_click_changes_nothing(client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    category, firm = ServiceCategoryFactory(), SocialEnterpriseFactory(is_published=True)
    data = form_data(client, meeting, interested_categories=[category.pk], interested_enterprises=[firm.pk],
                     consent="on", listed="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting", slug=meeting.slug), data)
        assert client.post(url("meeting", slug=meeting.slug), data).status_code == 302
    assert response["Location"] == url("registered", slug=meeting.slug)
    registration = Registration.objects.get()
    assert (registration.email, registration.language, registration.status) == ("amelie@hoekske.example", "fr",
                                                                                 "registered")
    assert registration.enterprise_number == "0123456749" and registration.has_consent
    assert registration.listed_for_attendees and list(registration.interested_enterprises.all()) == [firm]
    done = client.get(response["Location"])
    page = done.content.decode()
    assert "Check your mailbox" in page and "<strong>amelie@hoekske.example</strong>" in page
    assert "amelie" not in response["Location"] and "no-store" in done["Cache-Control"]
    with translation.override("nl"):  # private by its Dutch address in every language
        assert "no-store" in client.get(url("registered", "nl", slug=meeting.slug))["Cache-Control"]
    assert not registration.introductions.exists()  # not before the address is confirmed


def test_a_full_meeting_offers_the_waiting_list(client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=2)
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waiting")
    page = client.get(url("meeting", slug=meeting.slug)).content.decode()
    assert "Put me on the waiting list" in page and "This networking moment is full" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting", slug=meeting.slug), form_data(client, meeting))
    done = client.get(response["Location"]).content.decode()
    assert "Check your mailbox" in done and "waiting list, in place" not in done  # the mail says it
    assert meeting.registrations.registered().count() == 2
    assert meeting.registrations.filter(status="waiting").count() == 2


def test_bad_input_is_told_next_to_the_field_and_nothing_is_lost(client):
    meeting = MeetingFactory(audience="both")
    response = client.post(url("meeting", slug=meeting.slug), form_data(client, meeting, contact_name="An\u202eTNE"))
    assert response.status_code == 200 and "U+202E" in " ".join(response.context["form"].errors["contact_name"])
    assert "error-summary" in response.content.decode() and "Bakkerij" in response.content.decode()
    assert not Registration.objects.exists()


def test_closed_over_and_firms_only_meetings_have_no_form(client):
    now = timezone.now()
    closed = MeetingFactory(registration_closes_at=now - datetime.timedelta(hours=1))
    firms = MeetingFactory(audience="firms")
    closed_page = client.get(url("meeting", slug=closed.slug)).content.decode()
    assert "Registration for this networking moment is closed" in closed_page and "<form method" not in closed_page
    firms_page = client.get(url("meeting", slug=firms.slug)).content.decode()
    assert "partner portal" in firms_page and 'name="submission_key"' not in firms_page
    assert client.post(url("meeting", slug=closed.slug), {"email": "x@example.be"}).status_code == 200
    assert not Registration.objects.exists()


def test_a_tampered_or_foreign_link_gets_the_friendly_page(client):
    registration = RegistrationFactory()
    token = links.registration_token(registration)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "forged", "x" + token):
        for name in ("registration", "cancel", "calendar"):
            response = client.get(url(name, token=bad))
            assert response.status_code == 403 and "This link is no longer valid" in response.content.decode()
    registration.meeting.ends_at = timezone.now() - datetime.timedelta(days=61)
    registration.meeting.starts_at = registration.meeting.ends_at - datetime.timedelta(hours=3)
    registration.meeting.registration_closes_at = registration.meeting.starts_at
    registration.meeting.save()
    assert client.get(url("registration", token=token)).status_code == 403


def test_personal_page_qr_calendar_consent_and_cancel_frees_the_place(client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    registration = RegistrationFactory(meeting=meeting, language="en")
    waiting = RegistrationFactory(meeting=meeting, status="waiting")
    token = links.registration_token(registration)
    page = client.get(url("registration", token=token)).content.decode()
    assert '<figure class="qr-figure">\n    <svg' in page  # the code for the door, drawn
    assert "Show this code at the door" in page and "Add to my calendar" in page
    calendar = client.get(url("calendar", token=token))
    assert calendar["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in b"".join(calendar)
    registration.interested_categories.add(ServiceCategoryFactory())
    client.post(url("registration", token=token), {"consent": "give"})
    registration.refresh_from_db()
    assert registration.has_consent
    assert "Withdraw my consent" in client.get(url("registration", token=token)).content.decode()
    client.post(url("registration", token=token), {"consent": "withdraw"})
    registration.refresh_from_db()
    assert not registration.has_consent
    question = client.get(url("cancel", token=token)).content.decode()
    assert "Cancel your registration?" in question
    registration.refresh_from_db()
    assert registration.status == "registered"  # a GET (a link scanner) cancels nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("cancel", token=token))
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == ("cancelled", "registered")
    page = client.get(url("registration", token=token)).content.decode()
    assert "This registration is cancelled." in page and "qr-figure" not in page  # no code for the door


def test_the_personal_page_promises_only_what_happens_calendar_and_introductions(client):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status="waiting", language="en",
                                  consented_to_introductions_at=timezone.now())
    page = client.get(url("registration", token=links.registration_token(waiting))).content.decode()
    assert "You are on the waiting list, in place 1." in page and "Leave the waiting list" in page
    assert "Add to my calendar" not in page and url("calendar", token=links.registration_token(waiting)) not in page
    assert "Confirm my e-mail address" in page  # no firm and no service ticked: nobody to introduce
    assert "The firms you chose receive your details" not in page
    assert "you ticked no firm and no service: we pass your details to no firm." in page

    waiting.interested_categories.add(ServiceCategoryFactory())
    page = client.get(url("registration", token=links.registration_token(waiting))).content.decode()
    assert "The firms you chose receive your details as an introduction once you confirm it." in page
