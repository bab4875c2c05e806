"""A coordinator sees whose second-factor codes are locked by wrong codes, and unlocks them: a staff account
too, which the user list shows to superusers only."""
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # no date rule: run once in CI


@pytest.fixture
def locked_finance_user(staff_user):
    user = staff_user(FINANCE, username="financien-jan")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True, throttling_failure_count=5)
    return user


def test_a_coordinator_unlocks_a_staff_members_codes(client, staff_user, locked_finance_user):
    coordinator = staff_user(COORDINATORS)
    client.force_login(coordinator)
    home = client.get("/admin/").content.decode()
    assert 'href="/admin/geblokkeerde-codes/"' in home
    page = client.get("/admin/geblokkeerde-codes/").content.decode()
    assert "financien-jan" in page and "Deblokkeer financien-jan" in page
    answer = client.post("/admin/geblokkeerde-codes/", {"user": locked_finance_user.pk}, follow=True)
    assert "Codes gedeblokkeerd" in answer.content.decode()
    assert TOTPDevice.objects.get(user=locked_finance_user).throttling_failure_count == 0
    event = AuditEvent.objects.get(action="two_factor.unlocked")
    assert event.actor == coordinator and event.object_id == str(locked_finance_user.pk)
    assert "financien-jan" not in client.get("/admin/geblokkeerde-codes/").content.decode()


@pytest.mark.parametrize("chosen", ["", "abc", "9" * 30, "999999"])
def test_an_odd_or_unknown_choice_unlocks_nothing(client, staff_user, locked_finance_user, chosen):
    client.force_login(staff_user(COORDINATORS))
    answer = client.post("/admin/geblokkeerde-codes/", {"user": chosen}, follow=True)
    assert answer.status_code == 200
    assert TOTPDevice.objects.get(user=locked_finance_user).throttling_failure_count == 5


def test_finance_may_not_unlock(client, staff_user, locked_finance_user):
    client.force_login(staff_user(FINANCE))
    assert client.get("/admin/geblokkeerde-codes/").status_code == 403
    client.post("/admin/geblokkeerde-codes/", {"user": locked_finance_user.pk})
    assert TOTPDevice.objects.get(user=locked_finance_user).throttling_failure_count == 5
