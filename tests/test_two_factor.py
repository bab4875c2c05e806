"""Staff give a second factor before the admin (set up at first log-in); firm users may switch it on."""
import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


def code_for(user):
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def log_in(client, url, user):
    next_page = "/admin/" if url.startswith("/admin/") else "/nl/partner/"  # as the log-in forms post it
    return client.post(url, {"username": user.username, "password": PASSWORD, "next": next_page}, follow=True)


def test_staff_set_up_the_second_factor_at_first_login_then_give_it_each_time(client, staff_user):
    finance = staff_user(FINANCE)
    page = client.post("/admin/login/?next=/admin/vouchers/payoutbatch/", {
        "username": finance.username, "password": PASSWORD, "next": "/admin/vouchers/payoutbatch/"}, follow=True)
    assert page.redirect_chain[-1][0].startswith("/admin/tweestaps/instellen/")
    body = page.content.decode()
    assert '<div class="qr-code my-2"><svg' in body  # the QR code, drawn
    assert "otpauth" not in body  # the key typed out beside it
    assert client.get("/admin/vouchers/payoutbatch/").status_code == 302  # nothing before the second factor
    wrong = client.post(page.redirect_chain[-1][0], {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):  # after a wrong code, a short pause
        done = client.post(page.redirect_chain[-1][0], {"code": code_for(finance),
                                                        "next": "/admin/vouchers/payoutbatch/"})
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/vouchers/payoutbatch/").status_code == 200
    assert AuditEvent.objects.filter(action="user.second_factor_set_up", actor=finance).exists()

    client.logout()
    again = log_in(client, "/admin/login/", finance)
    assert again.redirect_chain[-1][0].startswith("/admin/tweestaps/?")
    assert client.get("/admin/").status_code == 302
    client.post("/admin/tweestaps/", {"code": codes[0]})  # a recovery code works once
    assert client.get("/admin/").status_code == 200
    client.logout()
    log_in(client, "/admin/login/", finance)
    assert "Deze code klopt niet" in client.post("/admin/tweestaps/", {"code": codes[0]}).content.decode()


def test_without_the_setting_staff_log_in_with_a_password_only(client, staff_user, settings):
    settings.STAFF_TWO_FACTOR = False
    coordinator = staff_user(COORDINATORS)
    log_in(client, "/admin/login/", coordinator)
    assert client.get("/admin/").status_code == 200


def test_a_firm_user_may_switch_it_on_and_is_then_asked_for_it(client):
    user = FirmMembershipFactory().user
    log_in(client, "/nl/partner/aanmelden/", user)
    home = client.get("/nl/partner/").content.decode()
    assert "Tweestapsverificatie instellen" in home or "tweestapsverificatie" in home.lower()
    setup = client.get("/nl/partner/tweestaps/instellen/")
    assert setup.status_code == 200 and '<div class="qr-code my-2"><svg' in setup.content.decode()
    client.post("/nl/partner/tweestaps/instellen/", {"code": code_for(user)})
    client.logout()
    log_in(client, "/nl/partner/aanmelden/", user)
    assert client.get("/nl/partner/inwisselen/")["Location"].startswith("/nl/partner/tweestaps/?next=")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):  # a code counts once: the next one
        client.post("/nl/partner/tweestaps/", {"code": code_for(user)})
    assert client.get("/nl/partner/inwisselen/").status_code == 200


def test_firm_users_without_a_second_factor_are_not_asked(client):
    user = FirmMembershipFactory().user
    log_in(client, "/nl/partner/aanmelden/", user)
    assert client.get("/nl/partner/inwisselen/").status_code == 200
