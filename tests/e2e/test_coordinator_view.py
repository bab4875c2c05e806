"""The coordinator's view in a browser: the dashboard is the landing page, its links lead to filtered lists,
the report downloads, every list shows the columns a decision needs at 1280 px without sideways scroll, and the
charts' labels are whole and as large as the text around them, in French, on a phone and a desktop."""
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from regie.accounts.languages import choose_language

pytestmark = pytest.mark.browser

LISTS = {  # admin list -> column headers (nl) a decision needs
    "/admin/vouchers/redemption/": ["Cheque", "Klant", "Onderneming", "Bedrag", "Status", "Ingediend", "Betaald"],
    "/admin/vouchers/application/": ["Bedrijf", "Gemeente", "Status", "Cheque"],
    "/admin/vouchers/payoutbatch/": ["Referentie", "Totaal", "Status", "Betaald op", "Bestanden"],
    "/admin/vouchers/voucher/": ["Code", "Bedrijf", "Saldo", "Status", "Geldig tot"],
    "/admin/enterprises/socialenterprise/": ["Naam", "Gemeente"],
}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}  # the admin follows the browser's language


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("demo-coordinator-2026")
    page.locator("#id_password").press("Enter")
    return page


@pytest.fixture
def coordinator(page, live_server, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    return log_in(page, live_server)


def test_the_dashboard_is_the_landing_page_and_leads_to_what_needs_attention(coordinator, live_server, axe_violations):
    page = coordinator
    expect(page.get_by_role("heading", name="Dashboard: Alle oproepen")).to_be_visible()
    funnel = page.get_by_role("table", name="Aantal bedrijven bij elke stap")
    expect(funnel.get_by_role("row", name="Aanvragen")).to_contain_text("15")  # 14 in 2026 and 1 in 2025
    expect(page.get_by_role("img", name="Van aanvraag tot blijvende samenwerking")).to_be_visible()  # the SVG chart
    expect(page.get_by_text("Demo: ze onderhouden nu elk seizoen onze tuin")).to_be_visible()  # the agreed quote
    assert axe_violations(page) == ""

    page.get_by_label("Toon").select_option(label="Oproep 2026 (demo)")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="Dashboard: Oproep 2026 (demo)")).to_be_visible()
    expect(funnel.get_by_role("row", name="Aanvragen")).to_contain_text("14")

    with page.expect_download() as download:
        page.get_by_role("button", name="Het verslag downloaden (pdf)").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Oproep 2026 (demo)" in text and "Tongeren" in text
    words = " ".join(text.split())
    assert "Subsidie (EUR) 50.000,00" in words and "Uitgereikte cheques 30 6 20 %" in words  # the demo's target: 30

    page.get_by_role("link", name="1 Betwiste inwisselingen").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text("Betwist")


def test_each_list_fits_1280_px_and_shows_the_columns_a_decision_needs(coordinator, live_server):
    """Every list of LISTS on one demo (seeding it per list cost ~6 s a list)."""
    page, missing, scrolls = coordinator, {}, {}
    for url, needed in LISTS.items():
        page.goto(live_server.url + url)
        headers = [header.strip().lower() for header in page.locator("#result_list thead th").all_text_contents()]
        missing[url] = [name for name in needed if not any(header.startswith(name.lower()) for header in headers)]
        overflow = page.evaluate("""() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
            ...[...document.querySelectorAll('.results')].map(r => r.scrollWidth - r.clientWidth)]""")
        scrolls[url] = max(overflow)
    assert {url: names for url, names in missing.items() if names} == {}
    assert {url: pixels for url, pixels in scrolls.items() if pixels > 0} == {}


def test_the_redemption_list_exports_what_its_filter_shows(coordinator, live_server):
    page = coordinator
    page.goto(live_server.url + "/admin/vouchers/redemption/?status__exact=paid")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Bedrag (EUR)" in rows[0]
    assert len(rows) == 1 + 2  # the header and the two paid demo redemptions
    assert {row[rows[0].index("Status")] for row in rows[1:]} == {"Betaald"}


CHART_LABELS = """() => {
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    const charts = [...document.querySelectorAll('.dashboard [role=img]')].map(chart => {
        const box = chart.getBoundingClientRect();
        const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
        const labels = [];
        while (walker.nextNode()) {
            const element = walker.currentNode.parentElement, text = walker.currentNode.textContent.trim();
            if (!text || element.closest('title')) continue;  // an SVG <title> is not drawn
            const style = getComputedStyle(element), rect = element.getBoundingClientRect();
            // SVG text shrinks with its viewBox: its size on screen is the font size times the scale
            const scale = element instanceof SVGElement ? element.getScreenCTM().a : 1;
            labels.push({text, px: parseFloat(style.fontSize) * scale, left: rect.left, right: rect.right,
                         top: rect.top, bottom: rect.bottom,
                         cut: text.includes('…') || style.textOverflow === 'ellipsis'
                              || (!(element instanceof SVGElement) && element.scrollWidth > element.clientWidth),
                         outside: rect.left < box.left - 1 || rect.right > box.right + 1});
        }
        const name = chart.getAttribute('aria-label') || chart.querySelector('title').textContent;
        return {name, labels};
    });
    return {body, charts, sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def overlaps(a, b):
    """Two labels' boxes cover each other (by more than a pixel)."""
    return (a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
            and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1)


@pytest.fixture
def french_coordinator(page, live_server, demo):
    user = get_user_model().objects.get(username="coordinator")
    choose_language(user=user, language="fr", by=user)
    return log_in(page, live_server)


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_body_size_and_whole_in_french_on_a_phone_and_a_desktop(french_coordinator, live_server,
                                                                                  width):
    page = french_coordinator
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/dashboard/")
    expect(page.get_by_role("heading", name="Tableau de bord\u00a0: Tous les appels")).to_be_visible()
    found = page.evaluate(CHART_LABELS)
    assert found["sideways"] <= 0
    assert len(found["charts"]) == 8  # funnel, municipalities, firms, categories, weeks, months, demand, meetings
    for chart in found["charts"]:
        assert chart["labels"], chart["name"]
        for label in chart["labels"]:
            assert label["px"] >= found["body"], (chart["name"], label["text"], label["px"], found["body"])
            assert not label["cut"] and not label["outside"], (chart["name"], label)
        for i, label in enumerate(chart["labels"]):
            assert not any(overlaps(label, other) for other in chart["labels"][i + 1:]), (chart["name"], label)
    funnel = next(chart for chart in found["charts"] if chart["name"] == "De la demande au partenariat durable")
    assert "Chèque utilisé (en tout ou en partie)" in [label["text"] for label in funnel["labels"]]  # not cut


TABLE_TEXT = """() => [...document.querySelectorAll('.dashboard table.figures')].map(table => ({
    caption: table.caption ? table.caption.textContent.trim() : '',
    heads: [...table.querySelectorAll('thead th')].map(th => parseFloat(getComputedStyle(th).fontSize)),
    cells: [...table.querySelectorAll('tbody td')].map(td => parseFloat(getComputedStyle(td).fontSize)),
}))"""


@pytest.mark.parametrize("width", [390, 1280])
def test_table_headers_read_as_large_as_the_figures_under_them(french_coordinator, live_server, width):
    page = french_coordinator
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/dashboard/")
    tables = [table for table in page.evaluate(TABLE_TEXT) if table["heads"]]  # the funnel's rows head themselves
    assert len(tables) >= 5
    for table in tables:
        assert min(table["heads"]) >= max(table["cells"]), table
    assert page.evaluate("document.documentElement.scrollWidth") <= width
