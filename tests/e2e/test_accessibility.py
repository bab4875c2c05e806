"""axe-core finds no WCAG 2.2 A/AA violations (the wcag2a..wcag22aa tags: target size too) on the public pages."""
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    "/nl/", "/fr/", "/en/",
    "/nl/ondernemingen/", "/nl/ondernemingen/?gemeente=voeren&q=groen", "/nl/ondernemingen/?q=niets-gevonden",
    "/nl/ondernemingen/de-groene-hand/", "/fr/entreprises/atelier-fouron/",
    "/nl/partner/aanmelden/", "/nl/partner/wachtwoord-vergeten/",
    "/nl/privacy/", "/nl/toegankelijkheid/", "/nl/bestaat-niet/",
    "/nl/aanvragen/", "/fr/demander/", "/nl/aanvraag/link/", "/nl/aanvraag/ongeldig/",
    "/nl/cheque/ONBEKENDECODE2345/",
]


def test_no_public_page_has_accessibility_violations(page, live_server, demo, axe_violations):
    """Every page of PAGES on one demo (seeding it per page cost ~9 s a page); the report names each failing page."""
    found = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        found[path] = axe_violations(page)
    assert {path: report for path, report in found.items() if report} == {}


def test_login_errors_and_partner_pages_are_accessible(page, live_server, demo, axe_violations):
    page.goto(live_server.url + "/nl/partner/aanmelden/")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("#error-summary")).to_be_visible()  # waits for the answer to the post; is_visible() does not
    assert axe_violations(page) == ""
    page.get_by_label("Gebruikersnaam").fill("partner-fouron")
    page.get_by_label("Wachtwoord").fill("demo-partner-2026")
    page.get_by_role("button", name="Aanmelden").click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Openbaar profiel bewerken").click()
    assert axe_violations(page) == ""


def test_applicant_and_verify_pages_are_accessible(page, live_server, demo, axe_violations):
    from vouchers import links
    from vouchers.models import Voucher

    for voucher in Voucher.objects.select_related("application"):  # valid, cancelled, expired
        page.goto(live_server.url + urlsplit(links.applicant_url(voucher.application)).path)
        assert axe_violations(page) == ""
        page.goto(live_server.url + f"/fr/cheque/{voucher.code}/")
        assert axe_violations(page) == ""


def test_a_regie_in_the_lightest_brand_colours_allowed_and_the_platform_list_are_accessible(
        page, live_server, transactional_db, settings, axe_violations):
    """White text on #767676 and #757575 just reaches 4.5:1 (regie/models/brand.py): the tint behind the home page's
    introduction and the link colour that /regie.css works out from them must keep every text readable."""
    from tests.factories import RegieFactory

    settings.PLATFORM_HOSTS = ["platform.localhost"]  # Chromium sends every *.localhost to this machine
    RegieFactory(short_name="grijs", name="Regie Grijs", region_name="Grijsland", primary_colour="#767676",
                 accent_colour="#757575", introduction="Een regie in grijs.", is_demo=True,
                 hosts=["grijs.localhost"])
    port = live_server.url.rsplit(":", 1)[1]
    for url in (f"http://grijs.localhost:{port}/nl/", f"http://grijs.localhost:{port}/fr/entreprises/",
                f"http://platform.localhost:{port}/"):
        page.goto(url)
        assert axe_violations(page) == "", url
