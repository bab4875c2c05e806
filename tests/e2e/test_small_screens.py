"""On a phone (390 px wide) and a small phone (320 px) no public or partner page scrolls sideways."""
import pytest

from tests.e2e.site_pages import LANGUAGES, find_a_cheque, log_in_as_partner, partner_paths, public_paths

pytestmark = pytest.mark.browser

WIDTHS = (390, 320)
SIDEWAYS = """() => {
  const page = document.documentElement;
  const wider = [...document.body.querySelectorAll('*')]
    .filter(element => element.getBoundingClientRect().right > page.clientWidth + 0.5)
    .map(element => element.tagName.toLowerCase() + (element.className ? '.' + element.className : ''));
  return page.scrollWidth > page.clientWidth ? [page.scrollWidth - page.clientWidth, ...wider.slice(0, 3)] : [];
}"""


def _too_wide(page, url):
    page.goto(url)
    return page.evaluate(SIDEWAYS)


def test_no_public_page_scrolls_sideways(page, live_server, demo):
    too_wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for language in LANGUAGES:
            for path in public_paths(language):
                if overflow := _too_wide(page, live_server.url + path):
                    too_wide[(width, path)] = overflow
    assert too_wide == {}


def test_no_partner_page_scrolls_sideways(page, live_server, demo):
    log_in_as_partner(page, live_server.url)
    too_wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for language in LANGUAGES:
            for path in partner_paths(language):
                if overflow := _too_wide(page, live_server.url + path):
                    too_wide[(width, path)] = overflow
            find_a_cheque(page, live_server.url, language)
            if overflow := page.evaluate(SIDEWAYS):
                too_wide[(width, page.url)] = overflow
    assert too_wide == {}


def test_on_a_phone_a_partner_sees_every_column_of_their_redeemed_cheques(page, live_server, demo):
    """No box that scrolls sideways inside the page either: each cell in view, named after its column."""
    log_in_as_partner(page, live_server.url, "fr")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/fr/partenaire/")
    cells = page.locator("table.table-stacked tbody td")
    assert cells.count() >= 7
    out_of_view = cells.evaluate_all(
        "cells => cells.filter(c => c.getBoundingClientRect().right > innerWidth + 0.5).length")
    assert out_of_view == 0
    status = page.locator("table.table-stacked tbody tr").first.locator("td[data-label='Statut']")
    label = status.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label.startswith('"Statut') and status.is_visible()
