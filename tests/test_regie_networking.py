"""Networking moments and introductions are their regie's: on another regie's host, a meeting is not listed and its
page is not found, a registrant's personal link is as unknown as a forged one, a firm user sees neither the meeting
on the partner home nor the introductions of the first regie, and the door does not know its QR codes."""
import datetime

import pytest

from networking.exceptions import CheckInRefused
from networking.links import registration_token
from networking.models import Registration
from networking.services import check_in
from tests.clock import at
from tests.factories import FirmMembershipFactory, RegieFactory
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
MAASLAND = "maasland.example"


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland",
                        contact_email="info@maasland.example", sender_email="noreply@maasland.example",
                        hosts=[MAASLAND])


@pytest.fixture
def tongeren(regie):
    return MeetingFactory(regie=regie, slug="netwerkmoment-tongeren", title_nl="Netwerkmoment Tongeren",
                          audience="both", is_published=True)


def test_another_regies_host_neither_lists_nor_shows_the_meeting(client, maasland, tongeren):
    assert "Netwerkmoment Tongeren" in client.get("/nl/ontmoetingen/").content.decode()
    assert "Netwerkmoment Tongeren" not in client.get("/nl/ontmoetingen/", HTTP_HOST=MAASLAND).content.decode()
    assert client.get("/nl/ontmoetingen/netwerkmoment-tongeren/").status_code == 200
    assert client.get("/nl/ontmoetingen/netwerkmoment-tongeren/", HTTP_HOST=MAASLAND).status_code == 404
    answer = client.post("/nl/ontmoetingen/netwerkmoment-tongeren/", {"name": "An"}, HTTP_HOST=MAASLAND)
    assert answer.status_code == 404 and not Registration.objects.exists()


def test_a_registrants_link_opens_only_on_its_regies_host(client, maasland, tongeren):
    registration = RegistrationFactory(meeting=tongeren, company_name="Bakkerij Peeters")
    token = registration_token(registration)
    for path in (f"/nl/ontmoetingen/inschrijving/{token}/", f"/nl/ontmoetingen/inschrijving/{token}/agenda.ics"):
        page = client.get(path, HTTP_HOST=MAASLAND)
        assert page.status_code == 403 and "Bakkerij Peeters" not in page.content.decode()
    assert "Bakkerij Peeters" in client.get(f"/nl/ontmoetingen/inschrijving/{token}/").content.decode()


def test_a_firm_user_sees_the_first_regies_meeting_and_introduction_only_on_its_host(client, maasland, tongeren):
    membership = FirmMembershipFactory()
    IntroductionFactory(enterprise=membership.enterprise, company_name="Brouwerij Voeren")
    client.force_login(membership.user)
    home, elsewhere = client.get("/nl/partner/").content.decode(), client.get("/nl/partner/", HTTP_HOST=MAASLAND)
    assert "Netwerkmoment Tongeren" in home and "Netwerkmoment Tongeren" not in elsewhere.content.decode()
    assert "Brouwerij Voeren" in client.get("/nl/partner/introducties/").content.decode()
    assert "Brouwerij Voeren" not in client.get("/nl/partner/introducties/", HTTP_HOST=MAASLAND).content.decode()
    answer = client.post("/nl/partner/ontmoetingen/netwerkmoment-tongeren/inschrijven/", HTTP_HOST=MAASLAND)
    assert answer.status_code == 404 and not Registration.objects.exists()


def test_the_door_of_a_meeting_does_not_know_another_regies_codes(maasland, tongeren):
    theirs = MeetingFactory(regie=maasland, slug="netwerkmoment-maasland", starts_at=tongeren.starts_at,
                            ends_at=tongeren.ends_at, registration_closes_at=tongeren.registration_closes_at)
    code = RegistrationFactory(meeting=theirs).check_in_code
    with at(tongeren.starts_at + datetime.timedelta(minutes=5)), pytest.raises(CheckInRefused) as refused:
        check_in(meeting=tongeren, code=code, by=None)
    assert refused.value.code == "unknown"  # not "this code is for Netwerkmoment Maasland"
