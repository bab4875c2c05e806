"""/health/ tells anyone only whether all is well; the details (queue ages, command runs, ledger) go to
monitoring with the HEALTH_TOKEN and to staff signed in with their second factor."""
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.groups import COORDINATORS
from regie.models import MailStatus, OutgoingMail
from tests.factories import FirmMembershipFactory

pytestmark = pytest.mark.django_db
TOKEN = "health-token-for-monitoring-0123456789"


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = TOKEN
    settings.STAFF_TWO_FACTOR = False


def test_anyone_gets_the_status_only(client):
    answer = client.get("/health/")
    assert answer.json() == {"status": "ok"} or answer.json() == {"status": "failing"}
    assert answer.status_code == (200 if answer.json()["status"] == "ok" else 503)
    assert "oldest_waiting_seconds" not in answer.content.decode() and "ledger" not in answer.content.decode()


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x",
                                    TOKEN])
def test_a_wrong_or_missing_token_gets_the_status_only(client, header):
    answer = client.get("/health/", headers={"Authorization": header} if header else {})
    assert set(answer.json()) == {"status"}


def test_monitoring_with_the_token_gets_every_check(client):
    answer = client.get("/health/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert set(answer.json()) == {"status", "checks"}
    assert set(answer.json()["checks"]) >= {"database", "cache", "tasks", "mails", "commands", "ledger"}


def test_without_a_token_set_no_token_opens_the_details(client, settings):
    settings.HEALTH_TOKEN = ""
    assert set(client.get("/health/", headers={"Authorization": "Bearer "}).json()) == {"status"}
    assert set(client.get("/health/", headers={"Authorization": "Bearer"}).json()) == {"status"}


def test_signed_in_staff_get_the_details_firm_users_do_not(client, staff_user):
    client.force_login(FirmMembershipFactory().user)
    assert set(client.get("/health/").json()) == {"status"}
    client.force_login(staff_user(COORDINATORS))
    assert "commands" in client.get("/health/").json()["checks"]


def test_staff_who_have_not_given_their_second_factor_get_the_status_only(client, staff_user, settings):
    settings.STAFF_TWO_FACTOR = True
    coordinator = staff_user(COORDINATORS)
    client.force_login(coordinator)
    assert set(client.get("/health/").json()) == {"status"}


def test_staff_with_their_second_factor_get_the_details(client, staff_user, settings):
    settings.STAFF_TWO_FACTOR = True
    coordinator = staff_user(COORDINATORS)
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    client.force_login(coordinator)
    client.post("/admin/tweestaps/", {"code": f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"})
    assert "commands" in client.get("/health/").json()["checks"]


def test_a_failing_health_answer_writes_no_log_line_per_poll(client, caplog):
    OutgoingMail.objects.create(sender="a@example.be", recipients=["x@example.be"], subject="s", message=b"m",
                                status=MailStatus.FAILED)  # a mail that could not be sent: health is failing
    with caplog.at_level("WARNING", logger="django.request"):
        for _ in range(3):
            assert client.get("/health/").status_code == 503
    assert not [record for record in caplog.records if record.name == "django.request"]
