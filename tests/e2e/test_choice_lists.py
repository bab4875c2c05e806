"""On a phone (390 px, touch, no Ctrl key) a business ticks several firms by tapping them and narrows the long
list by typing; what it ticked stays ticked when the search hides it."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
              "resultTypes": ["violations"]}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 800}, "has_touch": True, "is_mobile": True,
            "locale": "nl-BE", "reduced_motion": "reduce"}


def test_on_a_phone_a_business_taps_two_firms_and_searches_the_list(page, live_server, demo):
    with translation.override("nl"):
        page.goto(live_server.url + reverse("vouchers:apply"))
    firms = page.get_by_role("group", name="Ondernemingen die interesseren")
    firms.get_by_text("De Groene Hand").tap()
    firms.get_by_label("Atelier Fouron").tap()
    expect(firms.get_by_label("De Groene Hand")).to_be_checked()
    expect(firms.get_by_label("Atelier Fouron")).to_be_checked()
    expect(firms.get_by_text("Aangevinkt: 2")).to_be_visible()

    firms.get_by_label("Zoeken in deze lijst").fill("voeren")  # a municipality: its five firms
    expect(firms.get_by_role("status")).to_have_text("Gevonden: 5 van 26")
    expect(firms.get_by_role("group", name="Voeren")).to_be_visible()
    expect(firms.get_by_role("group", name="Tongeren")).to_be_hidden()
    expect(firms.get_by_label("De Groene Hand")).to_be_checked()  # hidden, still ticked
    expect(firms.get_by_text("Aangevinkt: 2")).to_be_visible()

    firms.get_by_label("Zoeken in deze lijst").press("Enter")  # does not send the form
    firms.get_by_label("Zoeken in deze lijst").fill("teuven")
    expect(firms.get_by_role("status")).to_have_text("Gevonden: 1 van 26")
    page.keyboard.press("Tab")
    expect(firms.get_by_label("Drukwerk Teuven")).to_be_focused()
    page.keyboard.press("Space")
    expect(firms.get_by_text("Aangevinkt: 3")).to_be_visible()

    firms.get_by_label("Zoeken in deze lijst").fill("")
    expect(firms.get_by_label("De Groene Hand")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    results = Axe().run(page, options=WCAG_22_AA)  # target size (2.5.8) among them
    assert results.violations_count == 0, results.generate_report()
