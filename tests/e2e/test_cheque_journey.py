"""An entrepreneur applies, confirms, the coordinator approves, the cheque downloads."""
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from vouchers.models import Application, Voucher

pytestmark = pytest.mark.browser


def link_in_last_mail(pattern):
    body = mail.outbox[-1].body
    return urlsplit(re.search(pattern, body).group(0)).path  # mailed on the regie's host, opened on the live server


def test_apply_confirm_approve_download(page, live_server, demo, axe_violations):
    page.goto(live_server.url + "/nl/")
    page.get_by_role("link", name="Kennismakingscheque aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennismakingscheque aanvragen")
    assert axe_violations(page) == ""

    page.get_by_role("button", name="Aanvraag versturen").click()  # empty form: errors, nothing saved
    expect(page.locator("#error-summary")).to_be_visible()
    assert axe_violations(page) == ""

    page.get_by_label("Bedrijfsnaam").fill("Frituur 't Pleintje")
    page.get_by_label("Ondernemingsnummer").fill("BE 0403.170.701")
    page.get_by_label("Straat en huisnummer").fill("Pleinstraat 3")
    page.get_by_label("Postcode").fill("3770")
    page.get_by_label("Plaats").fill("Riemst")
    page.get_by_label("Sector").select_option(label="Horeca, catering en toerisme")
    page.get_by_label("Grootte").select_option(label="1 tot 9 werknemers")
    page.locator("#id_contact_name").fill("Jan Peeters")
    page.get_by_label("E-mail").fill("Jan@Frituur.example")
    page.get_by_label("Telefoon").fill("012 34 56 78")
    page.get_by_label("Catering en traiteur").check()
    page.get_by_label("Motivatie").fill("We zoeken een partner voor onze verpakkingen.")
    page.get_by_label("De-minimissteun in de voorbije drie jaar (EUR)").fill("0")
    page.get_by_label("Ik aanvaard de voorwaarden").check()
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bijna klaar: bevestig je e-mailadres")

    page.goto(live_server.url + link_in_last_mail(r"http://\S+/aanvraag/bevestigen/\S+/"))
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    expect(page.get_by_role("heading", name=re.compile("Status: Geverifieerd"))).to_be_visible()
    assert axe_violations(page) == ""
    applicant_page = page.url

    coordinator = page.context.browser.new_page(locale="nl-BE")  # the admin follows the browser language
    coordinator.goto(live_server.url + "/admin/")
    coordinator.get_by_label("Gebruikersnaam").fill("coordinator")
    coordinator.get_by_label("Wachtwoord").fill("demo-coordinator-2026")
    coordinator.get_by_role("button", name="Aanmelden").click()
    coordinator.goto(live_server.url + "/admin/vouchers/application/?q=0403170701")
    coordinator.locator("input[name=_selected_action]").first.check()
    coordinator.locator("select[name=action]").select_option("approve")
    coordinator.get_by_role("button", name="Uitvoeren").click()
    expect(coordinator.get_by_text("1 cheque uitgereikt.")).to_be_visible()

    voucher = Voucher.objects.get(application__enterprise_number="0403170701")
    page.goto(applicant_page)
    expect(page.get_by_text(voucher.code_display)).to_be_visible()
    assert axe_violations(page) == ""
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de cheque (pdf)").click()
    assert download.value.suggested_filename == f"kennismakingscheque-{voucher.code_display}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto(live_server.url + f"/nl/cheque/{voucher.code}/")
    expect(page.get_by_role("heading", name="Geldig")).to_be_visible()
    assert "Frituur" not in page.content()
    assert axe_violations(page) == ""
    assert Application.objects.get(enterprise_number="0403170701").status == "approved"
