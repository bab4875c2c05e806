"""The whole journey against the portal as production runs it (tests/production_stack.py): DEBUG off,
gunicorn behind nginx with TLS, PostgreSQL, the database task queue and its worker, mail through SMTP, the regie
added with `manage.py create_regie`.

An entrepreneur applies and confirms with the link from the mail; the regie's first coordinator (password set
through the link create_regie printed, second factor set up at first log-in) approves; the cheque PDF arrives by
mail and downloads; a firm redeems it with an invoice; the customer confirms from the mail; the coordinator
approves; finance (second factor too) batches, downloads the SEPA file and marks it paid; the firm is mailed.
Then a second regie is added behind the same nginx, as README's "Adding a regie" says: its coordinator, on its host,
sees none of the first regie's application. Last, README's production steps and its "Adding a regie" are compared
with the commands this stack ran, in order (in the same test: as tests of their own, they could run on the other
worker, which would build a second stack for them, a minute of CI).
"""
import base64
import os
import re
import shutil

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.production_stack import HEALTH_TOKEN, HOST, ROOT, SECOND_HOST, ProductionStack

# The stack runs on the machine's clock: not part of the runs with --now (see .ci/run).
pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.production]
PASSWORD = "a-long-production-password"
SETUP = f"""
import datetime
from django.contrib.auth.models import Group, User
from django.utils import timezone
from enterprises.models import FirmListing, FirmMembership, Postcode, SocialEnterprise
from regie.accounts.groups import FINANCE
from regie.models import Regie, StaffMembership
from vouchers.services import create_call
today = timezone.localdate()
user = User.objects.create_user("finance", "finance@portal.test", "{PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name=FINANCE))
StaffMembership.objects.create(user=user, regie=Regie.objects.get(short_name="zuidoost"))
firm = SocialEnterprise.objects.create(
    name="Maatwerk Jeker", slug="maatwerk-jeker", kind="maatwerkbedrijf", enterprise_number="0899000156",
    recognition_reference="R-1", recognition_valid_until=today + datetime.timedelta(days=700), street="Jekerstraat 1",
    postcode=Postcode.objects.filter(code="3700").first(), summary_nl="Groenonderhoud", email="info@jeker.test",
    iban="BE43000000000101")
FirmListing.objects.create(regie=Regie.objects.get(short_name="zuidoost"), enterprise=firm, is_published=True)
partner = User.objects.create_user("partner", "partner@jeker.test", "{PASSWORD}")
FirmMembership.objects.create(user=partner, enterprise=firm)
create_call(by=None, regie=Regie.objects.get(short_name="zuidoost"), data={{
    "name": "Oproep productie", "budget": 15000, "opens_on": today - datetime.timedelta(days=1),
    "closes_on": today + datetime.timedelta(days=60)}})
"""


def requirements_missing():
    missing = [tool for tool in ("nginx", "openssl", "createdb") if not shutil.which(tool)]
    return f"needs {', '.join(missing)} (CI installs them)" if missing else None


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    reason = requirements_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: the production test {reason}")
        pytest.skip(reason)
    stack = ProductionStack(tmp_path_factory.mktemp("production"))
    try:
        stack.start()
        stack.manage("shell", "-c", SETUP)
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def browser(browser_type):
    rules = f"--host-resolver-rules=MAP {HOST} 127.0.0.1, MAP {SECOND_HOST} 127.0.0.1"
    browser = browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
    yield browser
    browser.close()


def new_page(browser):
    return browser.new_context(ignore_https_errors=True, locale="nl-BE").new_page()


def second_factor(page, stack, username):
    """First log-in of a staff user in production: set up the authenticator app from the page's key."""
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    key = page.locator("code.nowrap").inner_text().replace(" ", "")
    device_key = base64.b32decode(key)
    page.get_by_label("Code").fill(f"{totp(device_key):06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()


def set_password(page, link):
    """The regie's first coordinator opens the link create_regie printed and chooses a password."""
    page.goto(link)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nl/partner/wachtwoord-instellen/klaar/$"))


def staff_login(page, stack, username, site=None):
    page.goto(f"{site or stack.site_url}/admin/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    second_factor(page, stack, username)


def run_action(page, url, action):
    page.goto(url)
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option(action)
    page.get_by_role("button", name="Uitvoeren").click()


def test_the_whole_journey_in_production(stack, browser, tmp_path):
    try:
        journey(stack, browser, tmp_path)
    except BaseException:
        print(stack.logs())
        raise


def journey(stack, browser, tmp_path):
    site = stack.site_url
    applicant = new_page(browser)
    applicant.goto(f"{site}/nl/aanvragen/")
    applicant.get_by_label("Bedrijfsnaam").fill("Bakkerij Productie")
    applicant.get_by_label("Ondernemingsnummer").fill("BE 0403.170.701")
    applicant.get_by_label("Straat en huisnummer").fill("Markt 1")
    applicant.get_by_label("Postcode").fill("3700")
    applicant.get_by_label("Plaats").fill("Tongeren")
    applicant.get_by_label("Sector").select_option(label="Horeca, catering en toerisme")
    applicant.get_by_label("Grootte").select_option(label="1 tot 9 werknemers")
    applicant.locator("#id_contact_name").fill("An Peeters")
    applicant.get_by_label("E-mail").fill("an@bakkerij.test")
    applicant.get_by_label("Telefoon").fill("012 34 56 78")
    applicant.get_by_label("Motivatie").fill("Kennismaken met de sociale economie.")
    applicant.get_by_label("De-minimissteun in de voorbije drie jaar (EUR)").fill("0")
    applicant.get_by_label("Ik aanvaard de voorwaarden").check()
    applicant.get_by_role("button", name="Aanvraag versturen").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Bijna klaar: bevestig je e-mailadres")

    confirmation = stack.sink.wait_for("an@bakkerij.test", "bevestig")
    applicant.goto(stack.sink.link(confirmation, rf"{re.escape(site)}/nl/aanvraag/bevestigen/\S+/"))
    applicant.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    expect(applicant.get_by_role("heading", name=re.compile("Status: Geverifieerd"))).to_be_visible()

    coordinator = new_page(browser)
    set_password(coordinator, stack.password_link)
    staff_login(coordinator, stack, "coordinator")
    run_action(coordinator, f"{site}/admin/vouchers/application/?q=0403170701", "approve")
    expect(coordinator.get_by_text("1 cheque uitgereikt.")).to_be_visible()

    cheque_mail = stack.sink.wait_for("an@bakkerij.test", "je kennismakingscheque")
    attachment = next(part for part in cheque_mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_content().startswith(b"%PDF")
    personal = stack.sink.link(cheque_mail, rf"{re.escape(site)}/nl/aanvraag/\S+/")
    applicant.goto(personal)
    code = applicant.locator("dd.font-monospace").inner_text().strip()
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name="Download de cheque (pdf)").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    partner = new_page(browser)
    partner.goto(f"{site}/nl/partner/aanmelden/")
    partner.get_by_label("Gebruikersnaam").fill("partner")
    partner.get_by_label("Wachtwoord").fill(PASSWORD)
    partner.get_by_role("button", name="Aanmelden").click()
    partner.get_by_role("link", name="Een cheque inwisselen").click()
    partner.get_by_label("Chequecode").fill(code)
    partner.get_by_label("Ondernemingsnummer van de klant").fill("0403170701")
    partner.get_by_role("button", name="Cheque zoeken").click()
    invoice = tmp_path / "factuur.pdf"
    invoice.write_bytes(attachment.get_content())  # any real PDF will do as the invoice
    partner.get_by_label("Te gebruiken bedrag").fill("300,00")
    partner.get_by_label("Geleverde dienst").fill("Snoeien van de hagen")
    partner.get_by_label("Datum van de dienst").fill(stack.today())
    partner.get_by_label("Factuurnummer").fill("F-2026-1")
    partner.get_by_label("Factuurdatum").fill(partner.get_by_label("Datum van de dienst").input_value())
    partner.get_by_label("Factuurbedrag exclusief btw").fill("400,00")
    partner.get_by_label("Factuur (pdf").set_input_files(str(invoice))
    partner.get_by_role("button", name="Inwisseling registreren").click()
    expect(partner.get_by_text("De inwisseling is geregistreerd.")).to_be_visible()

    use = stack.sink.wait_for("an@bakkerij.test", "graag bevestigen")
    applicant.goto(stack.sink.link(use, rf"{re.escape(site)}/nl/aanvraag/\S+/"))
    applicant.get_by_role("button", name="Bevestigen").click()
    expect(applicant.get_by_text("je hebt dit gebruik van je cheque bevestigd")).to_be_visible()

    run_action(coordinator, f"{site}/admin/vouchers/redemption/?status__exact=confirmed", "approve")
    expect(coordinator.get_by_text(re.compile(r"1 × goedgekeurd"))).to_be_visible()

    finance = new_page(browser)
    staff_login(finance, stack, "finance")
    run_action(finance, f"{site}/admin/vouchers/redemption/?status__exact=approved", "pay_per_firm")
    finance.get_by_role("button", name="Bevestigen").click()  # the requested execution date it offers
    expect(finance.get_by_text(re.compile(r"Uitbetaling UITB-\d{4}-\d{4} aangemaakt"))).to_be_visible()
    finance.goto(f"{site}/admin/vouchers/payoutbatch/")
    with finance.expect_download() as sepa:
        finance.get_by_role("link", name="SEPA (pain.001)").click()
    xml = sepa.value.path().read_bytes()
    assert b"<Cd>SCOR</Cd>" in xml and b"<IBAN>BE43000000000101</IBAN>" in xml
    run_action(finance, f"{site}/admin/vouchers/payoutbatch/?status__exact=open", "mark_paid")
    expect(finance.get_by_text(re.compile(r"1 × betaald"))).to_be_visible()
    stack.sink.wait_for("partner@jeker.test", "Betalingsadvies: EUR 300,00")  # one advice per transfer

    stack.run_timers()
    assert applicant.goto(f"{site}/health/").json() == {"status": "ok"}  # anyone: the status only
    applicant.route(f"{site}/health/", lambda route: route.continue_(  # as monitoring asks, with the token
        headers={**route.request.headers, "Authorization": f"Bearer {HEALTH_TOKEN}"}))
    health = applicant.goto(f"{site}/health/")
    assert health.status == 200 and health.json()["status"] == "ok", health.text()
    commands = health.json()["checks"]["commands"]
    assert commands["send_mails"]["timer"] == "portal-send-mails.timer" and commands["send_mails"]["last_success"]
    second_regie(stack, browser)
    readme_gives_the_steps_this_stack_took_in_the_same_order(stack)
    readme_adds_a_regie_as_this_stack_added_the_second(stack)


def second_regie(stack, browser):
    """README "Adding a regie" behind the same nginx and certificate: the second regie's home page is its own, and its
    coordinator sees none of the first regie's application, in the list or at its address."""
    stack.add_second_regie()
    site = stack.second_site_url
    visitor = new_page(browser)
    visitor.goto(f"{site}/nl/")
    expect(visitor.locator("header .brand-name")).to_have_text("Regie sociale economie Maasland")
    assert "Zuidoost" not in visitor.content()
    first = stack.manage("shell", "--no-imports", "-c", "from vouchers.models import Application; "
                         "print(Application.objects.get(company_name='Bakkerij Productie').pk)").stdout.split()[-1]
    coordinator = new_page(browser)
    set_password(coordinator, stack.second_password_link)
    staff_login(coordinator, stack, "an.peeters", site)
    coordinator.goto(f"{site}/admin/vouchers/application/")
    expect(coordinator.get_by_text("0 aanvragen")).to_be_visible()
    coordinator.goto(f"{site}/admin/vouchers/application/{first}/change/")
    expect(coordinator).to_have_url(f"{site}/admin/")
    assert "Bakkerij Productie" not in coordinator.content() and "0403" not in coordinator.content()
    coordinator.goto(f"{stack.site_url}/admin/vouchers/application/{first}/change/")  # the first regie's host
    expect(coordinator.get_by_role("button", name="Aanmelden")).to_be_visible()  # its session is its own host's
    assert "Bakkerij Productie" not in coordinator.content()


def readme_gives_the_steps_this_stack_took_in_the_same_order(stack):
    readme = (ROOT / "README.md").read_text()
    production = readme[readme.index("## Production"):]
    steps = production[production.index("```sh"):production.index("```", production.index("```sh") + 5)]
    position = 0
    for step in stack.steps:
        found = steps.find(step, position)
        assert found >= 0, f"README's production steps do not say {step!r} after {steps[:position][-200:]!r}"
        position = found + len(step)
    assert "certbot certonly --nginx" not in readme


def readme_adds_a_regie_as_this_stack_added_the_second(stack):
    readme = (ROOT / "README.md").read_text()
    adding = readme[readme.index("## Adding a regie"):]
    adding = adding[:adding.index("\n## ", 5)]
    assert stack.regie_steps, "the journey added no regie"
    position = 0
    for step in stack.regie_steps:
        found = adding.find(step, position)
        assert found >= 0, f"README's \"Adding a regie\" does not say {step!r} after {adding[:position][-200:]!r}"
        position = found + len(step)
