"""The privacy page's cookie statement is true: a visitor who browses the public pages, applies, switches
language and logs in to the partner portal holds only cookies that the page lists (regie/privacy/cookies.py),
all of the site itself and needed to work; reading pages sets none at all, so nothing waits for consent. Sending
an application already sets the session cookie (the application is shown on the next page): the page says so."""
import re

import pytest
from playwright.sync_api import expect

from regie.privacy.cookies import cookie_names
from vouchers.models import Application

pytestmark = pytest.mark.browser

TRACKING = re.compile(r"^(_ga|_gid|_gat|_fbp|_gcl|_hj|__utm|_pk_|mp_|ajs_|amplitude|_clck|_clsk)", re.IGNORECASE)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}


def listed_cookies(page, base_url):
    """The cookie names the privacy page states, as a visitor reads them."""
    page.goto(f"{base_url}/nl/privacy/")
    return set(page.locator("#cookies ~ section.cookie h3 code").all_inner_texts())


def statement(page, base_url, name):
    """What the privacy page says about one cookie."""
    page.goto(f"{base_url}/nl/privacy/")
    return page.locator("section.cookie", has=page.locator("h3 code", has_text=re.compile(f"^{name}$"))).inner_text()


def held(page):
    return {cookie["name"]: cookie for cookie in page.context.cookies()}


def apply(page, base_url):
    page.goto(f"{base_url}/nl/aanvragen/")
    for field, value in [("company_name", "Frituur Cookievrij"), ("enterprise_number", "BE 0403.170.701"),
                         ("street", "Markt 1"), ("postcode", "3700"), ("place", "Tongeren"),
                         ("contact_name", "An Peeters"), ("email", "an@frituur.example"), ("phone", "012 34 56 78"),
                         ("motivation", "Kennismaken met de sociale economie."), ("deminimis_amount", "0")]:
        page.locator(f"#id_{field}").fill(value)
    page.locator("#id_sector").select_option(index=1)
    page.locator("#id_size").select_option(index=1)
    page.locator("#id_accept_terms").check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base_url}/nl/aanvragen/verstuurd/")


def test_every_cookie_the_browser_holds_is_on_the_privacy_page(page, live_server, demo):
    base = live_server.url
    listed = listed_cookies(page, base)
    assert listed == cookie_names()
    for path in ("/nl/", "/nl/ondernemingen/", "/nl/ondernemingen/de-groene-hand/", "/nl/privacy/"):
        page.goto(base + path)
    assert held(page) == {}, "reading pages sets no cookie"

    apply(page, base)
    assert Application.objects.filter(company_name="Frituur Cookievrij").exists()
    assert set(held(page)) <= listed and "sessionid" in held(page), "the application is remembered for the next page"
    assert "aanvraag" in statement(page, base, "sessionid"), "the privacy page says applying sets it"
    page.goto(f"{base}/nl/")
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(f"{base}/nl/partner/aanmelden/")
    page.locator("#id_username").fill("partner-groenehand")
    page.locator("#id_password").fill("demo-partner-2026")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{base}/nl/partner/")

    cookies = held(page)
    assert set(cookies) <= listed, f"not on the privacy page: {set(cookies) - listed}"
    assert {"csrftoken", "sessionid"} <= set(cookies)  # the form and the log-in, as the page says
    assert not any(TRACKING.match(name) for name in cookies)
    assert {cookie["domain"].lstrip(".") for cookie in cookies.values()} <= {"localhost", "127.0.0.1"}
    assert cookies["sessionid"]["httpOnly"]
