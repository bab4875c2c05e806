"""Registering for a networking moment: places, the waiting list that moves up, refusals with a clear message,
the coordinator's capacity changes, and check-in at the door (networking.services)."""
import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from networking.exceptions import CheckInRefused, RegistrationRefused
from networking.models import Registration
from networking.services import (
    cancel_registration,
    check_in,
    create_meeting,
    register_business,
    register_firm_user,
    update_meeting,
)
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

BRUSSELS = ZoneInfo("Europe/Brussels")


def register(meeting, email, **extra):
    return register_business(meeting=meeting, contact_name="An Peeters", company_name="Peeters bv", email=email,
                             language="nl", **extra)


def refusal(error_class, function, **arguments):
    """The refusal's code and its message as an English reader reads it."""
    with translation.override("en"):
        with pytest.raises(error_class) as caught:
            function(**arguments)
        return caught.value.code, str(caught.value)


def statuses(meeting):
    return list(meeting.registrations.order_by("id").values_list("status", flat=True))


def test_the_last_place_goes_then_the_waiting_list_moves_up_in_order(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        _first, second = register(meeting, "een@bedrijf.example"), register(meeting, "twee@bedrijf.example")
        third, fourth = register(meeting, "drie@bedrijf.example"), register(meeting, "vier@bedrijf.example")
    assert statuses(meeting) == ["registered", "registered", "waiting", "waiting"]
    assert [m.to for m in mail.outbox] == [["een@bedrijf.example"], ["twee@bedrijf.example"],
                                           ["drie@bedrijf.example"], ["vier@bedrijf.example"]]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moved = cancel_registration(registration=second)
    assert moved == third
    third.refresh_from_db()
    assert third.status == "registered" and third.promoted_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["drie@bedrijf.example", "twee@bedrijf.example"]
    assert refusal(RegistrationRefused, cancel_registration, registration=second) == (
        "cancelled", "This registration is already cancelled.")

    assert cancel_registration(registration=fourth) is None  # a waiting one just leaves
    assert statuses(meeting) == ["registered", "cancelled", "registered", "cancelled"]
    assert list(AuditEvent.objects.filter(action__startswith="meeting.").values_list("action", flat=True)
                .order_by("id")) == ["meeting.registered"] * 4 + [
        "meeting.registration_cancelled", "meeting.moved_up", "meeting.registration_cancelled"]
    # The cancelled address may register again.
    assert register(meeting, "TWEE@bedrijf.example").status == "waiting"


def test_one_address_registers_once_and_a_resent_form_is_harmless():
    meeting = MeetingFactory()
    key = uuid.uuid4()
    first = register(meeting, "an@peeters.example", submission_key=key)
    assert register(meeting, "an@peeters.example", submission_key=key) == first
    code, message = refusal(RegistrationRefused, register, meeting=meeting, email=" An@Peeters.EXAMPLE ")
    assert code == "duplicate"
    assert message == ("This e-mail address is already registered for this networking moment (or on its waiting "
                       "list). Use the link in the e-mail you received then to see or cancel your registration.")
    assert meeting.registrations.count() == 1
    assert register(MeetingFactory(), "an@peeters.example").status == "registered"  # another meeting


def test_closed_audience_and_firm_membership_are_refused_with_their_reason():
    closed = MeetingFactory(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert refusal(RegistrationRefused, register, meeting=closed, email="a@b.example") == (
        "closed", "Registration for this networking moment is closed.")
    assert refusal(RegistrationRefused, register, meeting=MeetingFactory(is_published=False),
                   email="a@b.example")[0] == "closed"
    firms_only = MeetingFactory(audience="firms")
    assert refusal(RegistrationRefused, register, meeting=firms_only, email="a@b.example") == (
        "audience", "This networking moment is not open to registrations of this kind.")

    firm, user = SocialEnterpriseFactory(name="Kringwinkel Tongeren"), UserFactory(
        first_name="Els", last_name="Janssens", email="els@kringwinkel.example")
    assert refusal(RegistrationRefused, register_firm_user, meeting=firms_only, user=user, enterprise=firm) \
        == ("not_member", "You can only register for a firm you belong to.")
    FirmMembershipFactory(user=user, enterprise=firm)
    registration = register_firm_user(meeting=firms_only, user=user, enterprise=firm)
    assert (registration.kind, registration.contact_name, registration.company_name, registration.email,
            registration.status) == ("firm", "Els Janssens", "Kringwinkel Tongeren", "els@kringwinkel.example",
                                     "registered")
    businesses_only = MeetingFactory(audience="businesses")
    assert refusal(RegistrationRefused,
                   register_firm_user, meeting=businesses_only, user=user, enterprise=firm)[0] == "audience"


def test_cancelling_after_the_start_is_refused():
    meeting = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(hours=1),
                             registration_closes_at=timezone.now() - datetime.timedelta(days=1))
    registration = RegistrationFactory(meeting=meeting)
    assert refusal(RegistrationRefused, cancel_registration, registration=registration) == (
        "over", "This networking moment has already started or is over.")


def test_the_capacity_is_never_set_below_the_places_taken_and_raising_it_moves_people_up(staff_user, regie):
    coordinator = staff_user(COORDINATORS, username="coord")
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = create_meeting(by=coordinator, regie=regie, slug="netwerkmoment-bilzen", title_nl="Netwerkmoment Bilzen",
                             title_fr="Moment de réseautage Bilzen", title_en="Networking moment Bilzen",
                             text_nl="Kom kennismaken.", text_fr="Venez faire connaissance.", text_en="Come and meet.",
                             starts_at=start, ends_at=start + datetime.timedelta(hours=3),
                             registration_closes_at=start - datetime.timedelta(days=1), place_name="Zaal",
                             street="Markt 1", postcode="3740", city="Bilzen", capacity=12, is_published=True)
    RegistrationFactory.create_batch(12, meeting=meeting)
    waiting = RegistrationFactory.create_batch(3, meeting=meeting, status="waiting")
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        update_meeting(meeting=meeting, by=coordinator, changes={"capacity": 11})
    assert caught.value.message_dict == {
        "capacity": ["12 people are registered; the capacity cannot be lower than 12."]}

    update_meeting(meeting=meeting, by=coordinator, changes={"capacity": 14, "city": "Bilzen-Hoeselt"})
    assert [Registration.objects.get(pk=r.pk).status for r in waiting] == ["registered", "registered", "waiting"]
    changed = AuditEvent.objects.get(action="meeting.changed")
    assert changed.actor == coordinator and changed.data["capacity"] == ["12", "14"]
    assert AuditEvent.objects.filter(action="meeting.moved_up").count() == 2
    assert AuditEvent.objects.filter(action="meeting.created", actor=coordinator).count() == 1


def test_check_in_at_the_door_by_code_or_scanned_address(staff_user):
    coordinator = staff_user(COORDINATORS, username="coord")
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(hours=1))  # the door is open today
    other = MeetingFactory(title_nl="Netwerkmoment Bilzen", title_en="Networking moment Bilzen",
                           starts_at=datetime.datetime(2027, 3, 12, 18, tzinfo=BRUSSELS),
                           registration_closes_at=datetime.datetime(2027, 3, 10, 18, tzinfo=BRUSSELS))
    guest = RegistrationFactory(meeting=meeting)
    scanned = f"https://regie.example/nl/ontmoetingen/inchecken/{guest.check_in_code}/"

    first = check_in(meeting=meeting, code=scanned, by=coordinator)
    assert first.first_time and first.registration == guest and first.at is not None
    again = check_in(meeting=meeting, code=f"  {guest.check_in_code} ", by=coordinator)
    assert not again.first_time and again.at == first.at
    assert AuditEvent.objects.filter(action="meeting.checked_in").count() == 1

    elsewhere = RegistrationFactory(meeting=other)
    assert refusal(CheckInRefused, check_in, meeting=meeting, code=elsewhere.check_in_code, by=None) == (
        "other_meeting", "This code is for Networking moment Bilzen of 12/03/2027, not this meeting.")
    for status in ("cancelled", "waiting"):
        code = RegistrationFactory(meeting=meeting, status=status).check_in_code
        assert refusal(CheckInRefused, check_in, meeting=meeting, code=code, by=None)[0] == status
    for odd in ("", "nothing-like-it", "x" * 200, "a\x00b", "https://regie.example/"):
        assert refusal(CheckInRefused, check_in, meeting=meeting, code=odd, by=None)[0] == "unknown"
