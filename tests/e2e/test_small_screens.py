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
