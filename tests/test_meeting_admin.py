"""The coordinator's admin for networking moments: a meeting made and changed through the services (capacity
refused below the places taken, as a field error), registrations cancelled by an action, introductions read-only;
finance sees none of it."""
import uuid

import pytest
from django.core import checks
from django.utils import timezone

from networking.models import Introduction, Meeting, Registration
from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import AuditEvent
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

AUDIT_INLINE = "regie-auditevent-content_type-object_id"


@pytest.fixture
def coordinator(staff_user):
    return staff_user(COORDINATORS, username="coord")


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def meeting_form(**changes):
    data = {
        "title_nl": "Netwerkmoment Tongeren", "title_fr": "Rencontre Tongres", "title_en": "Networking Tongeren",
        "slug": "tongeren-2027", "text_nl": "Kom kennismaken.", "text_fr": "Venez faire connaissance.",
        "text_en": "Come and meet.", "is_published": "on", "audience": "both",
        "starts_at": "2027-03-12T18:00", "ends_at": "2027-03-12T21:00", "registration_closes_at": "2027-03-10T12:00",
        "place_name": "De Velinx", "street": "Dijk 111", "postcode": "3700", "city": "Tongeren", "capacity": "40",
        f"{AUDIT_INLINE}-TOTAL_FORMS": "0", f"{AUDIT_INLINE}-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_coordinator_announces_a_meeting_and_cannot_lower_its_capacity_below_the_places_taken(
        admin_client, coordinator):
    response = admin_client.post("/admin/networking/meeting/add/", meeting_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(slug="tongeren-2027")
    assert (meeting.title_nl, meeting.title_fr, meeting.capacity) == (
        "Netwerkmoment Tongeren", "Rencontre Tongres", 40)
    assert timezone.localtime(meeting.starts_at).hour == 18
    assert AuditEvent.objects.get(action="meeting.created").actor == coordinator

    RegistrationFactory.create_batch(12, meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status="waiting")
    url = f"/admin/networking/meeting/{meeting.pk}/change/"
    response = admin_client.post(url, meeting_form(capacity="11"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["capacity"] == [
        "12 people are registered; the capacity cannot be lower than 12."]
    assert Meeting.objects.get(pk=meeting.pk).capacity == 40

    assert admin_client.post(url, meeting_form(capacity="12")).status_code == 302
    assert Registration.objects.get(pk=waiting.pk).status == "waiting"
    assert admin_client.post(url, meeting_form(capacity="13")).status_code == 302
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    assert AuditEvent.objects.filter(action="meeting.changed").count() == 2

    listing = admin_client.get("/admin/networking/meeting/").content.decode()
    assert "/ontmoetingen/tongeren-2027/" in listing
    assert '<td class="field-registered">13</td>' in listing and '<td class="field-waiting">0</td>' in listing


def test_registrations_are_read_only_and_cancelled_by_an_action(admin_client):
    meeting = MeetingFactory(capacity=1)
    registered = RegistrationFactory(meeting=meeting, company_name="Peeters bv")
    waiting = RegistrationFactory(meeting=meeting, status="waiting", contact_name="Jan Claes")
    assert admin_client.get("/admin/networking/registration/add/").status_code == 403
    page = admin_client.get(f"/admin/networking/registration/{registered.pk}/change/").content.decode()
    assert "Peeters bv" in page and 'name="_save"' not in page

    response = admin_client.post("/admin/networking/registration/", {
        "action": "cancel", "_selected_action": [registered.pk]}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    messages = [str(m) for m in response.context["messages"]]
    assert "Jan Claes (" in messages[0] and "moved up from the waiting list" in messages[0]
    assert Registration.objects.get(pk=registered.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    response = admin_client.post("/admin/networking/registration/", {
        "action": "cancel", "_selected_action": [registered.pk]}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in response.context["messages"]] == [
        f"{registered}: This registration is already cancelled."]

    assert admin_client.get("/admin/networking/registration/?status__exact=registered&aanwezig=nee").status_code \
        == 200


def test_introductions_are_listed_read_only_and_finance_sees_nothing_of_networking(admin_client, client, staff_user):
    introduction = IntroductionFactory(company_name="Klant nv")
    assert "Klant nv" in admin_client.get("/admin/networking/introduction/").content.decode()
    assert admin_client.get(f"/admin/networking/introduction/{introduction.pk}/change/").status_code == 200
    assert admin_client.get("/admin/networking/introduction/add/").status_code == 403

    client.force_login(staff_user(FINANCE, username="fin"))
    for model in ("meeting", "registration", "introduction"):
        assert client.get(f"/admin/networking/{model}/").status_code == 403


def test_a_meeting_ending_before_it_starts_is_refused_on_the_form(admin_client):
    response = admin_client.post("/admin/networking/meeting/add/", meeting_form(ends_at="2027-03-12T17:00"))
    assert response.status_code == 200 and not Meeting.objects.exists()


def form_errors(admin_client, url, data):
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def test_a_published_meeting_has_every_translation_and_an_address_that_is_no_fixed_word(admin_client):
    add = "/admin/networking/meeting/add/"
    assert form_errors(admin_client, add, meeting_form(title_en="", text_fr=" "))["__all__"] == [(
        "A published meeting needs its title and text in Dutch, French and English. Missing: title (English), "
        "text (French).")]
    for word in ("inschrijving", "inchecken", "inscription", "entree", "registration", "check-in", "Inchecken"):
        assert form_errors(admin_client, add, meeting_form(slug=word))["slug"] == [
            f"“{word}” is a fixed word of the site's addresses; choose another address."]
    assert not Meeting.objects.exists()
    assert admin_client.post(add, meeting_form(title_en="", is_published="")).status_code == 302  # a draft
    draft = Meeting.objects.get()
    change = f"/admin/networking/meeting/{draft.pk}/change/"
    assert form_errors(admin_client, change, meeting_form(title_en=""))["__all__"][0].endswith(
        "Missing: title (English).")
    assert admin_client.post(change, meeting_form()).status_code == 302
    assert Meeting.objects.get().is_published


def test_a_coordinator_withdraws_a_business_consent_from_its_registration_or_an_introduction(admin_client):
    registration = RegistrationFactory(consented_to_introductions_at=timezone.now())
    shown = IntroductionFactory.create_batch(2, source="registration", registration=registration,
                                             application_public_id=None)
    from_application = IntroductionFactory(application_public_id=uuid.uuid4())
    response = admin_client.post("/admin/networking/registration/", {
        "action": "withdraw_consent", "_selected_action": [registration.pk]}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in response.context["messages"]] == [
        "Consent withdrawn: 2 introductions are no longer shown to the firms."]
    registration.refresh_from_db()
    assert registration.consented_to_introductions_at is None
    assert all(Introduction.objects.get(pk=i.pk).withdrawn_at for i in shown)

    response = admin_client.post("/admin/networking/introduction/", {
        "action": "withdraw_consent", "_selected_action": [from_application.pk]}, follow=True,
        HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in response.context["messages"]] == [
        "Consent withdrawn: 1 introduction is no longer shown to the firm."]
    assert Introduction.objects.get(pk=from_application.pk).withdrawn_at is not None
    assert AuditEvent.objects.filter(action="introduction.consent_withdrawn").count() == 2


def test_only_a_meeting_nobody_registered_for_can_be_deleted_and_it_is_audited(admin_client, coordinator):
    taken, empty = MeetingFactory(), MeetingFactory()
    RegistrationFactory(meeting=taken)
    for meeting in (taken, empty):
        admin_client.post(f"/admin/networking/meeting/{meeting.pk}/delete/", {"post": "yes"})
    assert list(Meeting.objects.all()) == [taken]
    assert AuditEvent.objects.get(action="meeting.deleted").actor == coordinator


def test_opening_the_meeting_form_leaves_the_admin_whole_for_the_next_check(admin_client):
    """modeltranslation's admin copies a form's Meta.fields onto the admin when the form is shown; with fieldsets
    too, every later `manage.py` command in that process stopped at the system check (admin.E005)."""
    assert admin_client.get("/admin/networking/meeting/add/").status_code == 200
    assert [message.id for message in checks.run_checks() if message.is_serious()] == []
