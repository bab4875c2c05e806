import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitor_filters_the_catalogue_and_opens_an_enterprise(page, live_server, demo):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/nl/$"))
    page.get_by_role("link", name="Bekijk de sociale-economieondernemingen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sociale-economieondernemingen")

    page.get_by_label("Gemeente").select_option(label="Voeren")
    page.get_by_label("Dienst", exact=True).select_option(label="Groenonderhoud")
    page.get_by_role("button", name="Toon resultaten").click()
    expect(page.locator("#result-count")).to_have_text("1 onderneming gevonden")
    page.get_by_role("link", name="Voerens Groen").click()

    expect(page).to_have_url(re.compile(r"/nl/ondernemingen/voerens-groen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Voerens Groen")
    expect(page.get_by_text("Gebruik hier je cheque")).to_be_visible()
    expect(page.locator("address")).to_contain_text("3790")


def test_visitor_searches_and_switches_language(page, live_server, demo):
    page.goto(live_server.url + "/nl/ondernemingen/")
    page.get_by_label("Zoeken", exact=True).fill("fiets")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_have_text("2 ondernemingen gevonden")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/entreprises/\?q=fiets"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#result-count")).to_have_text("2 entreprises trouvées")
    expect(page.locator("article").first.get_by_text("Réparation de vélos")).to_be_visible()


def test_keyboard_user_can_skip_to_the_content(page, live_server, demo):
    page.goto(live_server.url + "/nl/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


def test_firm_user_logs_in_and_updates_the_profile(page, live_server, demo):
    page.goto(live_server.url + "/nl/partner/")
    page.get_by_label("Gebruikersnaam").fill("partner-groenehand")
    page.get_by_label("Wachtwoord").fill("demo-partner-2026")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="De Groene Hand")).to_be_visible()
    page.get_by_role("link", name="Openbaar profiel bewerken").click()
    page.get_by_label("Telefoon").fill("+32 12 99 99 99")
    page.get_by_role("button", name="Profiel bewaren").click()
    expect(page.get_by_text("Je profiel is bewaard.")).to_be_visible()
    page.goto(live_server.url + "/nl/ondernemingen/de-groene-hand/")
    expect(page.get_by_text("+32 12 99 99 99")).to_be_visible()
