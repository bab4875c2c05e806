"""The coordinator's view in a browser: the dashboard is the landing page, its links lead to filtered lists,
the report downloads, and every list shows the columns a decision needs at 1280 px without sideways scroll."""
import io

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

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


@pytest.fixture
def coordinator(page, live_server, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("demo-coordinator-2026")
    page.locator("#id_password").press("Enter")
    return page


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

    page.get_by_role("link", name="1 Betwiste inwisselingen").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text("Betwist")


@pytest.mark.parametrize("url", list(LISTS))
def test_each_list_fits_1280_px_and_shows_the_columns_a_decision_needs(coordinator, live_server, url):
    page = coordinator
    page.goto(live_server.url + url)
    headers = [header.strip().lower() for header in page.locator("#result_list thead th").all_text_contents()]
    for needed in LISTS[url]:
        assert any(header.startswith(needed.lower()) for header in headers), (needed, headers)
    overflow = page.evaluate("""() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ...[...document.querySelectorAll('.results')].map(r => r.scrollWidth - r.clientWidth)]""")
    assert max(overflow) <= 0, (url, overflow)


def test_the_redemption_list_exports_what_its_filter_shows(coordinator, live_server):
    page = coordinator
    page.goto(live_server.url + "/admin/vouchers/redemption/?status__exact=paid")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Bedrag (EUR)" in rows[0]
    assert len(rows) == 1 + 2  # the header and the two paid demo redemptions
    assert {row[rows[0].index("Status")] for row in rows[1:]} == {"Betaald"}
