"""The admin's header: "Afmelden" (a button in a form since Django 5) looks like the links beside it at every width,
and the keyboard focus on it shows as a clear outline."""
import re

import pytest

from tests.e2e.admin_pages import log_in

pytestmark = pytest.mark.browser

LOOK = """element => { const style = getComputedStyle(element);
    return ['color', 'font-size', 'font-weight', 'font-family', 'text-transform', 'letter-spacing', 'opacity',
            'border-bottom-style', 'border-bottom-width', 'border-bottom-color', 'text-decoration-line']
        .map(name => name + ': ' + style.getPropertyValue(name)); }"""


def _luminance(colour):
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one, other):
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}


@pytest.mark.parametrize("width", [1280, 390])
def test_log_out_looks_like_the_links_beside_it_and_shows_its_focus(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "coordinator")
    password = page.locator("#user-tools").get_by_role("link", name="Wachtwoord wijzigen")
    log_out = page.locator("#user-tools").get_by_role("button", name="Afmelden")
    assert log_out.evaluate(LOOK) == password.evaluate(LOOK)

    password.focus()
    page.keyboard.press("Tab")  # from the link before it, as someone using the keyboard gets there
    outline = log_out.evaluate("e => { const s = getComputedStyle(e); "
                               "return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
    header = page.locator("#header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert outline[0] == "solid" and outline[1] >= 2
    assert _contrast(outline[2], header) >= 3
