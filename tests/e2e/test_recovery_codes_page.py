"""The recovery codes page in a browser, in the admin and in the partner portal: the codes are large, in a
monospace font, with clear contrast; "Print these codes" prints the sheet of codes alone."""
import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import FirmMembershipFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"
SHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to look at the page at 390 and 1280 px

STYLES = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const background = element => {  // what the text stands on: the first box up the tree with a colour
    for (let box = element; box; box = box.parentElement) {
      const colour = getComputedStyle(box).backgroundColor;
      if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll(".recovery-codes code")].map(code => {
    const style = getComputedStyle(code);
    return {color: style.color, background: background(code), body, size: parseFloat(style.fontSize),
            font: style.fontFamily, text: code.textContent};
  });
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}


@pytest.fixture(autouse=True)
def staff_second_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


def luminance(rgb):
    channels = [int(part) / 255 for part in rgb.removeprefix("rgba(").removeprefix("rgb(").rstrip(")").split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def set_up_second_factor(page, base_url, where):
    """Log in as a new user, then confirm the authenticator app: the page with the recovery codes."""
    if where == "admin":
        user = UserFactory(is_staff=True, is_superuser=True)
        login, setup = "/admin/login/", "/admin/tweestaps/instellen/"
    else:
        user, login, setup = FirmMembershipFactory().user, "/nl/partner/aanmelden/", "/nl/partner/tweestaps/instellen/"
    page.goto(base_url + login)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: login not in url)  # logged in (the admin goes on to the set-up page)
    page.goto(base_url + setup)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.locator("#id_code").fill(f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
    page.locator("#id_code").press("Enter")
    expect(page.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    page.wait_for_load_state("load")  # its stylesheets too
    return user


@pytest.mark.parametrize("where", ["admin", "partner"])
def test_the_codes_are_large_and_clear_and_print_alone(page, live_server, transactional_db, where,
                                                       axe_violations):
    page.set_viewport_size({"width": 1280, "height": 900})
    user = set_up_second_factor(page, live_server.url, where)
    codes = page.evaluate(STYLES)
    assert len(codes) == 10
    for code in codes:
        assert contrast(code["color"], code["background"]) >= 4.5
        assert code["size"] >= code["body"] and code["size"] >= 20  # larger than the text around them
        assert "mono" in code["font"].lower() or "consolas" in code["font"].lower()
    assert axe_violations(page) == ""

    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Deze codes afdrukken").click()
    assert page.evaluate("() => window.printed") == 1

    page.emulate_media(media="print")
    sheet = page.locator(".recovery-sheet")
    expect(sheet).to_contain_text(user.username)
    assert sheet.evaluate("e => getComputedStyle(e).visibility") == "visible"
    for hidden in ["h1", ".recovery-actions"]:
        assert page.locator(hidden).first.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    if SHOTS:
        page.pdf(path=f"{SHOTS}/recovery-codes-{where}-print.pdf")
        page.emulate_media(media="screen")
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/recovery-codes-{where}-{width}.png", full_page=True)


def test_without_javascript_no_dead_print_button_and_the_text_file_downloads(browser, live_server,
                                                                             transactional_db):
    context = browser.new_context(java_script_enabled=False, locale="nl-BE", accept_downloads=True)
    page = context.new_page()
    set_up_second_factor(page, live_server.url, "partner")
    expect(page.get_by_role("button", name="Deze codes afdrukken")).to_have_count(0)
    codes = page.locator(".recovery-codes code").all_inner_texts()
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als tekstbestand").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert len(codes) == 10 and all(code in text for code in codes) and "Herstelcodes" in text
    context.close()
