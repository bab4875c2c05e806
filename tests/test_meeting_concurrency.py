"""Many register for the last places of a networking moment at once, on PostgreSQL: never over capacity."""
import pytest

from networking.exceptions import RegistrationRefused
from networking.services import register_business
from tests.concurrency import at_once
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.slow]  # no date rule


def test_ten_at_once_for_the_last_three_places_give_three_places_and_seven_waiting():
    meeting = MeetingFactory(capacity=40)
    RegistrationFactory.create_batch(37, meeting=meeting)

    def register(n):
        return register_business(meeting=meeting, contact_name=f"Contact {n}", company_name=f"Firma {n}",
                                 email=f"laatste{n}@bedrijf.example", language="fr").status

    statuses = at_once(register, [(n,) for n in range(10)])
    assert sorted(statuses) == ["registered"] * 3 + ["waiting"] * 7
    assert meeting.registrations.registered().count() == 40


def test_the_same_address_twice_at_once_is_registered_once():
    meeting = MeetingFactory()

    def register(name):
        try:
            return register_business(meeting=meeting, contact_name=name, company_name="Peeters bv",
                                     email="an@peeters.example", language="nl").status
        except RegistrationRefused as refused:
            return refused.code

    assert sorted(at_once(register, [("An",), ("AN",), ("an",)])) == ["duplicate", "duplicate", "registered"]
