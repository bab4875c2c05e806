"""A firm user and a coordinator choose their own language in a browser: the firm user on the partner page
"Taal van je e-mails", the coordinator on the admin's "Mijn taal", after which the admin speaks it."""
import pytest
from playwright.sync_api import expect

from regie.models import UserProfile

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}


@pytest.mark.parametrize("width", [390, 1280])
def test_a_firm_user_chooses_french_for_their_mails(page, live_server, demo, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/nl/partner/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill("partner-fouron")
    page.get_by_label("Wachtwoord").fill("demo-partner-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("link", name="Taal van je e-mails").click()
    expect(page.get_by_role("heading", name="Taal van je e-mails")).to_be_visible()
    expect(page.get_by_role("radio", name="Nederlands")).to_be_checked()  # from the page of the first log-in
    assert axe_violations(page) == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("radio", name="Français").check()
    page.get_by_role("button", name="Bewaren").click()
    expect(page).to_have_url(live_server.url + "/fr/partenaire/")
    expect(page.get_by_text("vos e-mails du portail sont désormais en français")).to_be_visible()
    assert UserProfile.objects.get(user__username="partner-fouron").language == "fr"


def test_a_coordinator_switches_the_admin_to_french(page, live_server, demo, axe_violations):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("demo-coordinator-2026")
    page.locator("#id_password").press("Enter")
    page.get_by_role("link", name="Mijn taal").click()
    expect(page.get_by_role("heading", name="Mijn taal")).to_be_visible()
    assert axe_violations(page) == ""
    page.get_by_role("radio", name="Français").check()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", name="Ma langue")).to_be_visible()
    expect(page.get_by_text("vos e-mails et ces pages d'administration sont désormais en français")).to_be_visible()
    page.goto(live_server.url + "/admin/vouchers/redemption/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
