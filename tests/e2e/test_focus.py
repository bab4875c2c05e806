"""Keyboard users see where they are (WCAG 2.4.7, 1.4.11): Tab reaches every link, button and field of every
public and partner page, each one visibly changes when focused, and its focus indicator has at least 3:1
contrast against what it is drawn on; a form sent back with errors puts focus on its error summary, with or
without JavaScript, and shows each error once."""
import pytest
from playwright.sync_api import expect

from tests.e2e.site_pages import find_a_cheque, log_in_as_partner, partner_paths, public_paths

pytestmark = pytest.mark.browser

MAX_STOPS = 150


@pytest.fixture
def browser_context_args(browser_context_args):
    # Bootstrap scrolls smoothly; with reduced motion a focused element is in view at once, as the test measures.
    return {**browser_context_args, "locale": "nl-BE", "reduced_motion": "reduce"}
STYLE_OF = r"""const styleOf = element => {
  const rgba = text => {
    const match = /rgba?\(([^)]+)\)/.exec(text || '');
    if (!match) return null;
    const [r, g, b, a = 1] = match[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const backdrop = start => {  // the opaque colour behind `start`: its own and its ancestors' backgrounds
    const layers = [];
    for (let node = start; node && layers.every(layer => layer[3] < 1); node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] > 0) layers.push(colour);
    }
    return layers.reverse().reduce((under, [r, g, b, a]) =>
      [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a)], [255, 255, 255]);
  };
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const outside = outlined ? parseFloat(style.outlineOffset) >= 0 : !style.boxShadow.includes('inset');
  const box = element.getBoundingClientRect();
  return {
    name: `${element.tagName.toLowerCase()} "${(element.innerText || element.value || element.name || element.id || '')
      .trim().slice(0, 40)}"`,
    current: element.getAttribute('aria-current'),
    outline: outlined
      ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} ${style.outlineOffset}` : 'none',
    outlineWidth: outlined ? parseFloat(style.outlineWidth) : 0,
    boxShadow: style.boxShadow,
    indicator: outlined ? rgba(style.outlineColor) : rgba(style.boxShadow),
    backdrop: backdrop(outside ? element.parentElement : element),
    inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
  };
};"""
FOCUSED = "() => {" + STYLE_OF + """
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const seen = (window.focusWalk = window.focusWalk || []);
  if (!seen.includes(element)) seen.push(element);
  return {index: seen.indexOf(element), ...styleOf(element)};
}"""
UNFOCUSED = "() => {" + STYLE_OF + """
  document.activeElement.blur();
  return (window.focusWalk || []).map(styleOf);
}"""


def contrast(colour, other):
    def luminance(rgb):
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(colour, backdrop):
    r, g, b, a = colour
    return [r * a + backdrop[0] * (1 - a), g * a + backdrop[1] * (1 - a), b * a + backdrop[2] * (1 - a)]


def tab_through(page):
    """Press Tab until focus comes back round: each stop as it looks focused, and the same element unfocused."""
    stops = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or stop["index"] == len(stops) - 1:
            continue  # between the last element and the first focus passes the browser; a date has three parts
        if stop["index"] < len(stops):
            break
        stops.append(stop)
    else:
        pytest.fail(f"{page.url}: focus did not come back round after {MAX_STOPS} stops")
    return list(zip(stops, page.evaluate(UNFOCUSED), strict=True))


def focus_problems(page):
    """What a keyboard user would miss on the page: a stop without visible focus, or with too faint a focus."""
    walk = tab_through(page)
    names = [focused["name"] for focused, _ in walk]
    assert any("Naar de hoofdinhoud" in name for name in names), (page.url, names)  # the skip link, first
    # the footer, last
    assert any("Toegankelijkheidsverklaring" in name for name in names), (page.url, " / ".join(names))
    problems = []
    for focused, unfocused in walk:
        where = f"{page.url} {focused['name']}"
        if (focused["outline"], focused["boxShadow"]) == (unfocused["outline"], unfocused["boxShadow"]):
            problems.append(f"{where}: looks the same focused and unfocused")
            continue
        ratio = contrast(over(focused["indicator"] or [0, 0, 0, 0], focused["backdrop"]), focused["backdrop"])
        if ratio < 3:
            problems.append(f"{where}: focus indicator {focused['outline']} {focused['boxShadow']} has {ratio:.2f}:1")
        if focused["outline"] != "none" and focused["outlineWidth"] < 2:
            problems.append(f"{where}: focus outline thinner than 2px")
        if not focused["inView"]:
            problems.append(f"{where}: focused but out of sight")
    return problems, walk


def test_every_public_page_shows_focus_clearly(page, live_server, demo):
    problems, current_items = [], 0
    for path in public_paths("nl"):
        page.goto(live_server.url + path)
        found, walk = focus_problems(page)
        problems += found
        current_items += sum(focused["current"] == "page" for focused, _ in walk)
    assert problems == []
    assert current_items >= 3  # the menu item of the page one is on was among them (home, apply, catalogue)


def test_every_partner_page_shows_focus_clearly(page, live_server, demo):
    log_in_as_partner(page, live_server.url)
    problems = []
    for path in partner_paths("nl"):
        page.goto(live_server.url + path)
        problems += focus_problems(page)[0]
    find_a_cheque(page, live_server.url)
    problems += focus_problems(page)[0]
    assert problems == []


def send(page, url=None, **fields):
    """Fill the page's form (at `url`, or the one shown) with `fields` (by id) and send it."""
    if url:
        page.goto(url)
    for selector, value in fields.items():
        page.locator(f"#{selector}").fill(value)
    page.locator("main form[novalidate] [type=submit]").last.click()  # the form's own button (a lookup comes before it)
    page.wait_for_load_state()


def each_error_once(page):
    """Errors about the whole form appear once (in the summary); a field's error once beside its field."""
    items = page.locator("#error-summary li").evaluate_all("""items => items.map(item => ({
        message: item.querySelector('a')
          ? item.textContent.split(': ').slice(1).join(': ').trim() : item.textContent.trim()}))""")
    assert items, page.url
    for message in {item["message"] for item in items}:
        expected = sum(item["message"] == message for item in items)
        expect(page.locator("main").get_by_text(message, exact=True)).to_have_count(expected)


def test_a_form_sent_back_with_errors_focuses_its_summary_and_shows_each_error_once(page, live_server, demo):
    sent = [
        ("/nl/aanvragen/", {}),
        ("/nl/aanvraag/link/", {"id_email": "niet-een-adres"}),
        ("/nl/partner/aanmelden/", {"id_username": "partner-groenehand", "id_password": "fout"}),
    ]
    for path, fields in sent:
        send(page, live_server.url + path, **fields)
        expect(page.locator("#error-summary")).to_be_focused()
        each_error_once(page)
    # Django's own message, once
    expect(page.get_by_text("gebruikersnaam en wachtwoord in", exact=False)).to_have_count(1)

    log_in_as_partner(page, live_server.url)
    send(page, live_server.url + "/nl/partner/inwisselen/",
         id_code="ABCD-EFGH-KLMN-PQRS", id_enterprise_number="0123456749")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_text("Deze code en dit ondernemingsnummer", exact=False)).to_have_count(1)
    find_a_cheque(page, live_server.url)
    send(page)
    expect(page.locator("#error-summary")).to_be_focused()
    each_error_once(page)
    send(page, live_server.url + "/nl/partner/profiel/de-groene-hand/", id_summary_nl="")
    expect(page.locator("#error-summary")).to_be_focused()
    each_error_once(page)

    page.keyboard.press("Tab")  # from the summary to its first link, and on to the field it names
    expect(page.locator("#error-summary a").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_summary_nl")).to_be_focused()


def test_the_error_summary_takes_focus_without_javascript(page, live_server, demo):
    without_scripts = page.context.browser.new_context(java_script_enabled=False)
    page = without_scripts.new_page()
    page.goto(live_server.url + "/nl/aanvragen/")
    page.locator("main form[novalidate] [type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#error-summary a").first).to_be_focused()
    without_scripts.close()
