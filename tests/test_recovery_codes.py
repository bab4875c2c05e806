"""Recovery codes people can read, print and type: from characters that cannot be mistaken for one another,
shown in two groups of four, accepted however they are typed; the page prints them and offers a text file."""
import re
from urllib.parse import unquote

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.groups import COORDINATORS
from regie.accounts.two_factor import new_recovery_codes
from tests.factories import FirmMembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # no date rule: run once in CI
CONFUSABLE = "l1IiOo0"  # l and 1 and I, O and 0: read for one another on paper and on screen
SHOWN = re.compile(r"<code>([a-z2-9]{4}-[a-z2-9]{4})</code>")


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True
    settings.PUBLIC_SCHEME = "https"  # the regie's address as the sheet prints it: https://testserver/...


def set_up(client, user, setup_url):
    """Log in, scan the QR code (here: compute the app's code), confirm: the page with the recovery codes."""
    client.force_login(user)
    client.get(setup_url)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(setup_url, {"code": f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"})


def test_new_codes_use_no_character_that_reads_as_another(staff_user):
    user = staff_user(COORDINATORS)
    codes = [code for _ in range(20) for code in new_recovery_codes(user)]
    assert len(set(codes)) == 200 and all(len(code) == 8 for code in codes)
    assert not set("".join(codes)) & set(CONFUSABLE)


@pytest.mark.parametrize("setup_url", ["/admin/tweestaps/instellen/", "/nl/partner/tweestaps/instellen/"])
def test_the_page_shows_the_codes_grouped_with_a_print_button_and_a_text_file(client, staff_user, setup_url):
    user = staff_user(COORDINATORS, username="an.peeters") if setup_url.startswith("/admin/") else \
        FirmMembershipFactory(user__username="an.peeters").user
    page = set_up(client, user, setup_url).content.decode()
    codes = SHOWN.findall(page)
    assert len(codes) == 10
    assert not set("".join(codes)) & set(CONFUSABLE)
    assert re.search(r"<button[^>]*data-print-codes[^>]*>Deze codes afdrukken</button>", page)
    sheet = page.split('class="recovery-sheet"', 1)[1].split("</section>", 1)[0]
    assert "an.peeters" in sheet and timezone.localdate().strftime("%Y") in sheet
    assert "https://testserver/" in sheet
    download = re.search(r'href="data:text/plain;charset=utf-8,([^"]+)" download="recovery-codes-[0-9-]+\.txt"', page)
    text = unquote(download.group(1).replace("&#x27;", "'"))
    assert "an.peeters" in text and all(code in text for code in codes)
    assert 'src="/static/js/recovery-codes.js"' in page and "<script>" not in page  # no inline script (CSP)


@pytest.mark.parametrize("typed", ["{a}-{b}", "{A} {B}", " {A}{B} ", "{a} - {b}", "{A}\u2013{B}"])
def test_a_code_is_accepted_in_capitals_with_spaces_or_dashes(client, staff_user, typed):
    user = staff_user(COORDINATORS)
    [code, *_] = SHOWN.findall(set_up(client, user, "/admin/tweestaps/instellen/").content.decode())
    client.logout()
    client.force_login(user)
    a, b = code.split("-")
    client.post("/admin/tweestaps/", {"code": typed.format(a=a, b=b, A=a.upper(), B=b.upper())})
    assert client.get("/admin/").status_code == 200  # let in
    assert not StaticToken.objects.filter(token=code.replace("-", "")).exists()  # and the code is used up


def test_codes_made_before_keep_working(client, staff_user):
    user = staff_user(COORDINATORS)
    set_up(client, user, "/admin/tweestaps/instellen/")
    device = StaticDevice.objects.get(user=user)
    device.token_set.create(token="mzxw6ytb")  # as django-otp made them: 8 characters of base32, lower case
    client.logout()
    client.force_login(user)
    client.post("/admin/tweestaps/", {"code": "MZXW 6YTB"})
    assert client.get("/admin/").status_code == 200


def test_the_code_field_lets_a_phone_type_the_letters_of_a_recovery_code(client, staff_user):
    user = staff_user(COORDINATORS)
    set_up(client, user, "/admin/tweestaps/instellen/")
    client.logout()
    client.force_login(user)
    field = re.search(r'<input[^>]*name="code"[^>]*>', client.get("/admin/tweestaps/").content.decode()).group(0)
    assert 'inputmode="numeric"' not in field  # a digits-only keypad cannot type "abcd-efgh"
    assert 'autocapitalize="none"' in field
