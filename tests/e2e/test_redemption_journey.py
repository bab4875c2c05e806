"""A firm redeems a demo cheque, the customer confirms, the coordinator approves, finance pays."""
import io
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from vouchers import links
from vouchers.models import Voucher

pytestmark = pytest.mark.browser


def login(page, url, username, password):
    page.goto(url)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")


def run_admin_action(page, url, action):
    page.goto(url)
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def test_redeem_confirm_approve_pay(page, live_server, demo, tmp_path, axe_violations):
    voucher = (Voucher.objects.filter(status="issued", call__name="Oproep 2026 (demo)")
               .select_related("application").first())
    invoice = tmp_path / "factuur-2026-17.pdf"
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    invoice.write_bytes(buffer.getvalue())

    login(page, live_server.url + "/nl/partner/aanmelden/", "partner-groenehand", "demo-partner-2026")
    page.get_by_role("link", name="Een cheque inwisselen").click()
    assert axe_violations(page) == ""
    page.get_by_label("Chequecode").fill(voucher.code_display.lower())
    page.get_by_label("Ondernemingsnummer van de klant").fill("BE" + voucher.application.enterprise_number)
    page.get_by_role("button", name="Cheque zoeken").click()
    expect(page.get_by_text("EUR 500,00")).to_be_visible()
    assert axe_violations(page) == ""
    page.get_by_label("Te gebruiken bedrag").fill("125,50")
    page.get_by_label("Geleverde dienst").fill("Snoeien van de hagen")
    issue_day = timezone.localdate(voucher.issued_at).isoformat()  # the day in Brussels, as the rules count it
    page.get_by_label("Datum van de dienst").fill(issue_day)
    page.get_by_label("Factuurnummer").fill("2026-17")
    page.get_by_label("Factuurdatum").fill(issue_day)
    page.get_by_label("Factuurbedrag exclusief btw").fill("180,00")
    page.get_by_label("Factuur (pdf").set_input_files(str(invoice))
    page.get_by_role("button", name="Inwisseling registreren").click()
    expect(page.get_by_text("De inwisseling is geregistreerd.")).to_be_visible()
    row = page.locator("tr", has_text=voucher.code_display)
    expect(row).to_contain_text("Wacht op de klant")
    assert axe_violations(page) == ""

    customer = page.context.browser.new_page()
    customer.goto(live_server.url + urlsplit(links.applicant_url(voucher.application)).path)
    expect(customer.get_by_text("Resterend saldo")).to_be_visible()
    expect(customer.locator("dd", has_text="374,50")).to_be_visible()
    assert axe_violations(customer) == ""
    customer.get_by_role("button", name="Bevestigen").click()
    expect(customer.get_by_text("je hebt dit gebruik van je cheque bevestigd")).to_be_visible()

    staff = page.context.browser.new_page(locale="nl-BE")
    login(staff, live_server.url + "/admin/login/", "coordinator", "demo-coordinator-2026")
    run_admin_action(staff, live_server.url + f"/admin/vouchers/redemption/?q={voucher.code}&status__exact=confirmed",
                     "approve")
    expect(staff.get_by_text(re.compile(r"1 × goedgekeurd"))).to_be_visible()
    staff.context.clear_cookies()

    login(staff, live_server.url + "/admin/login/", "finance", "demo-finance-2026")
    run_admin_action(staff, live_server.url + f"/admin/vouchers/redemption/?q={voucher.code}&status__exact=approved",
                     "pay_per_firm")
    staff.get_by_role("button", name="Bevestigen").click()  # the requested execution date it offers
    expect(staff.get_by_text(re.compile(r"Uitbetaling UITB-\d{4}-\d{4} aangemaakt"))).to_be_visible()
    run_admin_action(staff, live_server.url + "/admin/vouchers/payoutbatch/?status__exact=open", "mark_paid")
    expect(staff.get_by_text(re.compile(r"1 × betaald"))).to_be_visible()

    page.goto(live_server.url + "/nl/partner/")
    expect(page.locator("tr", has_text=voucher.code_display)).to_contain_text("Betaald")
