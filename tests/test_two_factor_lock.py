"""Wrong second-factor codes lock an account's codes: the page says so and until when (Brussels time), the
owner is mailed once in their language, and a coordinator can unlock them at once (audited)."""
import datetime
import html

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import AuditEvent, UserProfile
from tests.clock import at, brussels
from tests.factories import FirmMembershipFactory

pytestmark = pytest.mark.django_db
WRONG = "zzzz-zzzz"  # neither a TOTP code nor one of the recovery codes below


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


def with_second_factor(user, language="nl"):
    UserProfile.objects.update_or_create(user=user, defaults={"language": language})
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcdefgh")
    return user


def right_code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def two_pm():
    return brussels(timezone.localdate(), 14, 0)


def type_code(client, url, instant, code):
    with at(instant):
        return html.unescape(client.post(url, {"code": code}).content.decode())  # the text as read


def wrong_codes(client, url, minutes):
    """Wrong codes a minute apart from 14:00 (each after the short wait of the one before)."""
    return [type_code(client, url, two_pm() + datetime.timedelta(minutes=n), WRONG) for n in minutes]


def five_wrong_codes(client, url):
    """Five wrong codes, the last at 14:04: the page after the fifth."""
    return wrong_codes(client, url, range(5))[-1]


def test_five_wrong_codes_lock_the_codes_the_page_says_until_when_and_the_owner_is_mailed_once(client, staff_user):
    finance = with_second_factor(staff_user(FINANCE, email="fien@regie.example"))
    client.force_login(finance)
    first_four = wrong_codes(client, "/admin/tweestaps/", range(4))
    assert all("Deze code klopt niet" in page for page in first_four) and not mail.outbox
    [fifth] = wrong_codes(client, "/admin/tweestaps/", [4])
    locked = ("Te veel verkeerde codes: de codes van deze account zijn geblokkeerd tot 14:05 (Belgische tijd). "
              "Een coördinator kan ze eerder deblokkeren.")
    assert locked in fifth  # 14:04:00 + 16 s, rounded up to the minute
    [message] = mail.outbox
    assert message.to == ["fien@regie.example"]
    assert message.subject == "Je aanmeldcodes zijn geblokkeerd na te veel verkeerde codes"
    assert "5 keer na elkaar een verkeerde code" in message.body
    assert "geblokkeerd tot 14:05 (Belgische tijd)" in message.body

    right_too_soon = type_code(client, "/admin/tweestaps/", two_pm() + datetime.timedelta(minutes=4, seconds=10),
                               right_code(finance))
    assert locked in right_too_soon  # the right code, refused while locked: said as a lock, not as a wrong code
    sixth = type_code(client, "/admin/tweestaps/", two_pm() + datetime.timedelta(minutes=4, seconds=20), WRONG)
    assert "geblokkeerd tot 14:05 (Belgische tijd)" in sixth  # 14:04:20 + 32 s
    assert len(mail.outbox) == 1  # one mail per lock
    with at(two_pm() + datetime.timedelta(minutes=5)):
        client.post("/admin/tweestaps/", {"code": right_code(finance)})
        assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.locked", object_id=str(finance.pk)).count() == 1


@pytest.mark.parametrize(("language", "said", "subject"), [  # not "page": pytest-playwright's fixture
    ("fr", "Trop de codes erronés\u00a0: les codes de ce compte sont bloqués jusqu'à 14:05 (heure de Bruxelles).",
     "Vos codes de connexion sont bloqués après trop de codes erronés"),
    ("en", "Too many wrong codes: this account's codes are locked until 14:05 (Brussels time).",
     "Your sign-in codes are locked after too many wrong codes"),
])
def test_the_lock_is_said_and_mailed_in_the_users_language(client, staff_user, language, said, subject):
    coordinator = with_second_factor(staff_user(COORDINATORS, email="coord@regie.example"), language)
    client.force_login(coordinator)
    fifth = five_wrong_codes(client, "/admin/tweestaps/")
    assert said in fifth
    assert [message.subject for message in mail.outbox] == [subject]


def test_a_coordinator_unlocks_a_firm_users_codes_in_the_admin(client, staff_user, settings):
    firm_user = with_second_factor(FirmMembershipFactory(user__email="jan@atelier.example").user)
    client.force_login(firm_user)
    fifth = five_wrong_codes(client, "/nl/partner/tweestaps/")
    assert "geblokkeerd tot 14:05 (Belgische tijd)" in fifth

    settings.STAFF_TWO_FACTOR = False  # the coordinator's own second factor is not what this test is about
    coordinator = staff_user(COORDINATORS)
    client.force_login(coordinator)
    with at(two_pm() + datetime.timedelta(minutes=4, seconds=5)):
        done = client.post("/admin/auth/user/", {"action": "unlock_codes", "_selected_action": [firm_user.pk]},
                           follow=True).content.decode()
    assert f"Codes gedeblokkeerd, ze kunnen nu weer getypt worden: {firm_user.username}." in done
    unlocked = AuditEvent.objects.get(action="two_factor.unlocked")
    assert unlocked.actor == coordinator and unlocked.object_id == str(firm_user.pk)

    client.force_login(firm_user)
    with at(two_pm() + datetime.timedelta(minutes=4, seconds=6)):  # 10 s before the lock would have ended
        client.post("/nl/partner/tweestaps/", {"code": right_code(firm_user)})
        assert client.get("/nl/partner/inwisselen/").status_code == 200


def test_unlocking_codes_that_are_not_locked_says_so(client, staff_user, settings):
    settings.STAFF_TWO_FACTOR = False
    firm_user = with_second_factor(FirmMembershipFactory().user)
    client.force_login(staff_user(COORDINATORS))
    page = client.post("/admin/auth/user/", {"action": "unlock_codes", "_selected_action": [firm_user.pk]},
                       follow=True).content.decode()
    assert "De codes van deze gebruikers waren niet geblokkeerd." in page
    assert not AuditEvent.objects.filter(action="two_factor.unlocked").exists()
