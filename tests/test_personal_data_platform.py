"""A platform administrator answers a business's request for the one regie it was addressed to (issue 20 point 4;
DESIGN.md 3 "Personal data"): on the look-up page a choice of regie (`?regie=<id>`, kept through the export,
correction and erasure), on the command line `--regie <short name or id>`; "every regie" stays possible, and then
the export names the regie that keeps each application, registration, introduction and mail. The export's cover and
the recovery-codes sheet name the regie and its programme, not "the introduction cheque portal"."""
import io
import json
import re
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from regie.models import AuditEvent, Regie
from tests.factories import UserFactory
from tests.redemption_helpers import redeem
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.test_personal_data_per_regie import (
    NUMBER,
    NUMBER_DISPLAY,
    ONLY_A,
    PAGE,
    _business_at,
    _coordinator_of,
    _everything_of,
    _messages,
)
from tests.test_recovery_codes import set_up
from tests.vouchers_factories import ApplicationFactory
from vouchers import services
from vouchers.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

ZUIDOOST = "Regie sociale economie Zuidoost-Limburg"


@pytest.fixture
def two(regie, settings):
    """Houtatelier Zuid at regie A (zuidoost: its cheque used in part, the use awaiting the customer, its meeting to
    come: open matters) and Houtatelier Maas at regie B (Maasland, programme "Maasland cheque": nothing open), one
    enterprise number; Brouwerij Alleen Zuid at A only."""
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    b = maasland()
    Regie.objects.filter(pk=b.pk).update(programme_name_nl="Maaslandcheque", programme_name_en="Maasland cheque")
    at_a = _business_at(regie, "Houtatelier Zuid", "750.00", meeting_in_days=10)
    at_b = _business_at(b, "Houtatelier Maas", "500.00", meeting_in_days=-10)
    redeem(at_a.voucher, invoice_number="F2026-ZUID-1")
    services.cancel_voucher(voucher=at_b.voucher, by=None, reason="Dubbele aanvraag")
    ApplicationFactory(call=at_a.call, company_name="Brouwerij Alleen Zuid", enterprise_number=ONLY_A)
    return {"a": regie, "b": Regie.objects.get(pk=b.pk), "at_a": at_a, "at_b": at_b}


@pytest.fixture
def platform(client):
    """A platform administrator who reads the admin in English, logged in."""
    admin = UserFactory(is_staff=True, is_superuser=True)
    choose_language(user=admin, language="en", by=admin)
    client.force_login(admin)
    return admin


def _pdf_text(content):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_look_up_offers_every_regie_and_one_and_keeps_the_choice_in_each_link_and_form(client, two, platform):
    b = two["b"].pk
    html = client.get(PAGE).content.decode()
    assert '<option value="" selected>every regie</option>' in html
    assert f'<option value="{b}">Regie Maasland</option>' in html and f">{ZUIDOOST}</option>" in html
    html = client.get(PAGE, {"number": NUMBER, "regie": b}, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert f'<option value="{b}" selected>Regie Maasland</option>' in html
    assert "you answer this business's request for Regie Maasland only" in html
    assert "Houtatelier Maas" in html and "Houtatelier Zuid" not in html and "Brouwerij" not in html
    assert two["at_a"].voucher.code_display not in html and "<td>Regie Maasland</td>" not in html  # no regie column
    assert html.count(f'<input type="hidden" name="regie" value="{b}">') == 2  # the export and the erasure
    correct = f"{PAGE}aanvraag/{two['at_b'].pk}/verbeteren/?regie={b}"
    assert f'href="{correct}"' in html
    back = f'href="{PAGE}?number={NUMBER_DISPLAY}&amp;regie={b}"'
    assert back in client.get(correct, HTTP_HOST=MAASLAND_HOST).content.decode()
    html = client.get(PAGE, {"number": ONLY_A, "regie": b}).content.decode()  # only A knows it
    assert "No business with enterprise number 0888.123.486 has applied" in html and "Brouwerij" not in html


@pytest.mark.parametrize("value", ["999", "abc", "-1"])
def test_a_regie_that_does_not_exist_is_a_clear_message_never_a_500_and_nothing_is_touched(client, two, platform,
                                                                                           value):
    message = f"There is no regie with the id {value}: choose one from the list."
    page = client.get(PAGE, {"number": NUMBER, "regie": value})
    assert page.status_code == 200 and message in page.content.decode()
    assert "Houtatelier" not in page.content.decode()  # nothing looked up for a choice of no regie
    export = client.get(f"{PAGE}export/", {"number": NUMBER, "format": "json", "regie": value})
    assert export.status_code == 302 and _messages(export) == [message]
    before = [_everything_of(two["a"]), _everything_of(two["b"])]
    erase = client.post(f"{PAGE}wissen/", {"number": NUMBER, "confirmation": NUMBER, "regie": value})
    assert erase.status_code == 302 and _messages(erase)[-1] == message
    assert [_everything_of(two["a"]), _everything_of(two["b"])] == before
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


def test_erased_for_the_regie_chosen_while_another_regie_still_has_matters_open(client, two, platform):
    before, b = _everything_of(two["a"]), two["b"].pk
    response = client.post(f"{PAGE}wissen/", {"number": NUMBER, "confirmation": NUMBER_DISPLAY, "regie": b})
    assert _messages(response)[0].startswith(f"The personal data of {NUMBER_DISPLAY} are erased: 1 application(s) "
                                             "anonymised, 0 deleted, 1 e-mail(s) deleted.")
    assert response["Location"] == f"{PAGE}?number={NUMBER_DISPLAY}&regie={b}"  # the regie stays chosen
    assert Application.objects.get(pk=two["at_b"].pk).company_name != "Houtatelier Maas"
    assert _everything_of(two["a"]) == before  # A's open cheque and meeting do not hold up B's answer
    [event] = AuditEvent.objects.filter(action="privacy.erased")
    assert (event.regie, event.actor, event.data["applications"]) == (two["b"], platform, [two["at_b"].pk])


def test_an_export_for_the_regie_chosen_holds_its_data_and_names_it_and_its_programme(client, two, platform):
    query = {"number": NUMBER, "regie": two["b"].pk, "language": "en"}
    data = json.loads(client.get(f"{PAGE}export/", {**query, "format": "json"}).content)
    assert (data["controller"], data["contact"]) == ("Regie Maasland", "info@maasland.example")
    assert [a["company_name"] for a in data["applications"]] == ["Houtatelier Maas"]
    assert {row["controller"] for key in ("applications", "meeting_registrations", "introductions", "emails")
            for row in data[key]} == {"Regie Maasland"}
    text = _pdf_text(client.get(f"{PAGE}export/", {**query, "format": "pdf"}).content)
    assert "Everything Regie Maasland keeps about this business for Maasland cheque, on " in text
    assert "Questions, corrections or a request to erase: info@maasland.example" in text
    assert "introduction cheque portal" not in text and "Zuidoost" not in text and "kept by" not in text
    assert [e.regie for e in AuditEvent.objects.filter(action="privacy.exported")] == [two["b"]] * 2


def test_the_export_for_every_regie_names_the_regie_of_each_row_in_json_and_pdf(client, two, platform):
    data = json.loads(client.get(f"{PAGE}export/", {"number": NUMBER, "format": "json"}).content)
    by_company = {a["company_name"]: a["controller"] for a in data["applications"]}
    assert by_company == {"Houtatelier Zuid": ZUIDOOST, "Houtatelier Maas": "Regie Maasland"}
    for key in ("meeting_registrations", "introductions"):
        assert sorted((row["company_name"], row["controller"]) for row in data[key]) == [
            ("Houtatelier Maas", "Regie Maasland"), ("Houtatelier Zuid", ZUIDOOST)]
    assert sorted(mail["controller"] for mail in data["emails"]) == ["Regie Maasland", ZUIDOOST]
    assert data["controllers"] == [
        {"name": "Regie Maasland", "programme": "Maaslandcheque", "contact": "info@maasland.example"},
        {"name": ZUIDOOST, "programme": "Kennismakingscheque", "contact": two["a"].contact_email}]
    pdf = client.get(f"{PAGE}export/", {"number": NUMBER, "format": "pdf", "language": "en"}).content
    text = _pdf_text(pdf)
    assert "Everything this portal keeps about this business for the regies below, on " in text
    assert "Regie Maasland (Maasland cheque): info@maasland.example" in text
    assert f"{ZUIDOOST} (Introduction cheque): socialeeconomie@" in text  # the address wraps
    assert "introduction cheque portal" not in text
    assert text.count(f"kept by (controller) {ZUIDOOST}") == 3  # application, registration, introduction
    assert text.count("kept by (controller) Regie Maasland") == 3
    maas, zuid = text.index("Houtatelier Maas – Oproep"), text.index("Houtatelier Zuid – Oproep")
    assert "kept by (controller) Regie Maasland" in text[maas:maas + 200]
    assert f"kept by (controller) {ZUIDOOST}" in text[zuid:zuid + 200]


def test_a_coordinator_cannot_choose_another_regie(client, two):
    client.force_login(_coordinator_of(two["b"]))
    html = client.get(PAGE, {"number": NUMBER, "regie": two["a"].pk}, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Houtatelier Maas" in html and "Houtatelier Zuid" not in html and 'name="regie"' not in html
    data = json.loads(client.get(f"{PAGE}export/", {"number": NUMBER, "format": "json", "regie": two["a"].pk},
                                 HTTP_HOST=MAASLAND_HOST).content)
    assert [a["company_name"] for a in data["applications"]] == ["Houtatelier Maas"]


def test_the_export_command_answers_for_one_regie_by_short_name_or_id(two, tmp_path):
    output = tmp_path / "export.json"
    for given in ("maasland", str(two["b"].pk)):
        out = io.StringIO()
        call_command("export_personal_data", NUMBER, "--regie", given, "--output", str(output), stdout=out)
        data = json.loads(output.read_text())
        assert data["controller"] == "Regie Maasland" and out.getvalue() == ""
        assert [a["company_name"] for a in data["applications"]] == ["Houtatelier Maas"]
    with pytest.raises(CommandError) as unknown:
        call_command("export_personal_data", NUMBER, "--regie", "nergens", "--output", str(output))
    assert str(unknown.value) == (f"--regie: no regie 'nergens'; the regies are (short name and id): "
                                  f"maasland ({two['b'].pk}), zuidoost ({two['a'].pk}).")
    out = io.StringIO()
    call_command("export_personal_data", NUMBER, "--output", str(output), stdout=out)
    assert out.getvalue() == ("This export covers every regie that keeps something of the business (maasland, "
                              "zuidoost); each part names its regie. For a request addressed to one regie, give "
                              "--regie.\n")
    assert len(json.loads(output.read_text())["applications"]) == 2


def test_the_erase_command_needs_a_regie_on_an_install_of_several_and_erases_its_data_only(two):
    with pytest.raises(CommandError) as which:
        call_command("erase_personal_data", NUMBER, "--yes")
    assert str(which.value) == (f"This install has several regies (maasland ({two['b'].pk}), zuidoost "
                                f"({two['a'].pk})): give --regie (short name or id) for the regie the business "
                                "addressed its request to, or --all-regies to erase what every regie keeps.")
    with pytest.raises(CommandError) as refused:  # every regie: A's matters are open
        call_command("erase_personal_data", NUMBER, "--all-regies", "--yes")
    assert str(refused.value).startswith("Not erased yet:\n") and two["at_a"].voucher.code_display in str(
        refused.value)
    before, out = _everything_of(two["a"]), io.StringIO()
    call_command("erase_personal_data", NUMBER, "--regie", "maasland", "--yes", stdout=out)
    assert out.getvalue().startswith(f"Of maasland only (what other regies keep stays as it is): {NUMBER_DISPLAY}: "
                                     "1 application(s); 1 with a cheque keep")
    assert Application.objects.get(pk=two["at_b"].pk).company_name != "Houtatelier Maas"
    assert _everything_of(two["a"]) == before
    assert AuditEvent.objects.get(action="privacy.erased").regie == two["b"]


def test_the_recovery_codes_sheet_names_the_regie_and_its_programme(client, staff_user, regie, settings):
    settings.STAFF_TWO_FACTOR = True
    Regie.objects.filter(pk=regie.pk).update(programme_name_nl="Proefcheque")
    page = set_up(client, staff_user(COORDINATORS), "/admin/tweestaps/instellen/").content.decode()
    title = f"Herstelcodes – Proefcheque, {ZUIDOOST}"
    assert f'<h2 id="recovery-sheet-title" class="recovery-sheet-title">{title}</h2>' in page
    download = re.search(r'href="data:text/plain;charset=utf-8,([^"]+)"', page).group(1)
    assert unquote(download).startswith(title + "\r\n") and "Kennismakingscheque" not in page
