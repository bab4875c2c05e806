"""A business's rights in the admin (/admin/persoonsgegevens/), on the demo data: the coordinator types its
enterprise number, downloads everything as JSON or PDF, corrects an e-mail address and erases on request after
typing the number again; staff without the permission are refused; the register of processing activities is
linked from the admin's home page."""
import io
import json

import pytest
from django.contrib.messages import get_messages
from pypdf import PdfReader

from regie.accounts.groups import FINANCE
from regie.dates import add_years
from regie.models import AuditEvent
from tests.privacy_data import business, coordinator, demo, everything_of, houben  # noqa: F401  (fixtures)
from vouchers.ledger import ledger_mismatches
from vouchers.models import Application
from vouchers.privacy.anonymise import ERASED

# slow: demo data for every test, and no date rule in play (CI runs them once, not at every instant)
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PAGE = "/admin/persoonsgegevens/"


@pytest.fixture
def admin_client(client, demo):
    client.force_login(coordinator())
    return client


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def correction(application, **changes):
    fields = ("company_name", "street", "place", "contact_name", "email", "phone", "language")
    return {**{name: getattr(application, name) for name in fields}, **changes}


def test_the_coordinator_looks_up_a_business_in_any_notation(admin_client):
    houben = business("Transport Houben")
    html = admin_client.get(PAGE, {"number": f"BE {houben.enterprise_number_display}"}).content.decode()
    assert "Transport Houben" in html and houben.voucher.code_display in html and houben.email in html
    assert "Bakkerij Het Gouden Korenaar" not in html
    assert f'href="/admin/persoonsgegevens/aanvraag/{houben.pk}/verbeteren/"' in html
    assert 'action="/admin/persoonsgegevens/wissen/"' in html  # nothing open: it can be erased
    rejected = business("Makelaardij Vastgoed Limburg")
    html = admin_client.get(PAGE, {"number": rejected.enterprise_number}).content.decode()
    assert "Makelaardij Vastgoed Limburg" in html and 'action="/admin/persoonsgegevens/wissen/"' in html


def test_an_unknown_number_is_said_next_to_the_field(admin_client):
    html = admin_client.get(PAGE, {"number": "0403.170.701"}).content.decode()
    assert "0403.170.701" in html and 'class="errorlist' in html and "/admin/persoonsgegevens/wissen/" not in html
    assert admin_client.get(PAGE, {"number": "12345"}).status_code == 200


def test_open_matters_are_listed_instead_of_the_erase_button(admin_client):
    garage = business("Garage Jekerdal")
    html = admin_client.get(PAGE, {"number": garage.enterprise_number}).content.decode()
    assert garage.voucher.code_display in html and "Atelier Fouron" in html
    assert 'action="/admin/persoonsgegevens/wissen/"' not in html


@pytest.mark.parametrize("file_format, content_type", [("json", "application/json"), ("pdf", "application/pdf")])
def test_the_coordinator_downloads_the_export(admin_client, file_format, content_type):
    houben = business("Transport Houben")
    response = admin_client.get(f"{PAGE}export/", {"number": houben.enterprise_number_display,
                                                  "format": file_format, "language": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="donnees-personnelles-{houben.enterprise_number}.{file_format}"')  # asked in French
    if file_format == "json":
        [application] = json.loads(response.content)["applications"]
        assert application["company_name"] == "Transport Houben" and application["email"] == houben.email
    else:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "Transport Houben" in text
        assert "néerlandais" in text.lower()  # the business's language by name, in the export's language
    event = AuditEvent.objects.get(action="privacy.exported")
    assert event.actor == coordinator() and event.data == {"applications": [houben.pk], "format": file_format}


def test_the_export_is_offered_in_the_language_of_the_business(admin_client):
    houben = business("Transport Houben")
    houben.language = "fr"
    houben.save(update_fields=["language"])
    html = admin_client.get(PAGE, {"number": houben.enterprise_number}).content.decode()
    assert '<option value="fr" selected>Français</option>' in html
    response = admin_client.get(f"{PAGE}export/", {"number": houben.enterprise_number, "format": "json"})
    assert "donnees-personnelles-" in response["Content-Disposition"]


def test_an_export_of_an_unknown_number_goes_back_with_a_message(admin_client):
    response = admin_client.get(f"{PAGE}export/", {"number": "0403.170.701", "format": "pdf"})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert any("0403.170.701" in message for message in messages_of(response))


def test_the_coordinator_corrects_an_e_mail_address_and_it_is_audited(admin_client):
    houben = business("Transport Houben")
    url = f"{PAGE}aanvraag/{houben.pk}/verbeteren/"
    assert houben.email in admin_client.get(url).content.decode()
    response = admin_client.post(url, correction(houben, email="Planning@Transport-Houben.example"))
    assert response.status_code == 302 and houben.enterprise_number in response["Location"].replace(".", "")
    assert Application.objects.get(pk=houben.pk).email == "planning@transport-houben.example"
    assert any("e-mail" in message.lower() for message in messages_of(response))
    event = AuditEvent.objects.get(action="application.corrected")
    assert event.actor == coordinator() and event.object_id == str(houben.pk)
    assert event.data == {"fields": ["email"]} and "planning@" not in json.dumps(event.data)


def test_an_invalid_correction_is_not_saved(admin_client):
    houben = business("Transport Houben")
    response = admin_client.post(f"{PAGE}aanvraag/{houben.pk}/verbeteren/", correction(houben, email="geen adres"))
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert Application.objects.get(pk=houben.pk).email == houben.email
    assert not AuditEvent.objects.filter(action="application.corrected").exists()


def test_a_mismatching_confirmation_erases_nothing(admin_client):
    houben = business("Transport Houben")
    before = everything_of(houben)
    response = admin_client.post(f"{PAGE}wissen/", {"number": houben.enterprise_number,
                                                    "confirmation": "0909.000.163"})
    assert response.status_code == 302 and everything_of(houben) == before
    assert any("nothing was erased" in message.lower() or "niets" in message.lower()
               for message in messages_of(response))
    assert not AuditEvent.objects.filter(action="privacy.erased").exists()


def test_the_coordinator_erases_after_typing_the_number_again(admin_client):
    houben = business("Transport Houben")
    response = admin_client.post(f"{PAGE}wissen/", {"number": houben.enterprise_number,
                                                    "confirmation": f"BE {houben.enterprise_number_display}"})
    assert response.status_code == 302
    erased = Application.objects.get(pk=houben.pk)
    assert (erased.company_name, erased.email, erased.phone) == (ERASED, "", "")
    assert AuditEvent.objects.get(action="privacy.erased").actor == coordinator()
    assert ledger_mismatches() == []
    html = admin_client.get(response["Location"]).content.decode()
    assert "Transport Houben" not in html and houben.voucher.code_display in html
    assert f"{PAGE}aanvraag/{houben.pk}/verbeteren/" not in html  # nothing left to correct or erase
    assert 'action="/admin/persoonsgegevens/wissen/"' not in html


def test_erasing_while_something_is_open_is_refused(admin_client):
    garage = business("Garage Jekerdal")
    before = everything_of(garage)
    response = admin_client.post(f"{PAGE}wissen/", {"number": garage.enterprise_number,
                                                    "confirmation": garage.enterprise_number})
    assert everything_of(garage) == before
    assert any(garage.voucher.code_display in message for message in messages_of(response))


@pytest.mark.parametrize("method, path", [("get", PAGE), ("get", f"{PAGE}export/?number=0909001450"),
                                          ("get", f"{PAGE}aanvraag/14/verbeteren/"), ("post", f"{PAGE}wissen/")])
def test_staff_without_the_permission_get_403(client, demo, staff_user, method, path):
    client.force_login(staff_user(FINANCE))
    houben = business("Transport Houben")
    before = everything_of(houben)
    path = path.replace("0909001450", houben.enterprise_number).replace("/14/", f"/{houben.pk}/")
    data = {"number": houben.enterprise_number, "confirmation": houben.enterprise_number}
    response = getattr(client, method)(path, data if method == "post" else None)
    assert response.status_code == 403 and everything_of(houben) == before
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


def test_the_register_and_the_personal_data_page_are_reachable_from_the_admin_index(admin_client, client,
                                                                                     staff_user):
    html = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/verwerkingsregister/"' in html and f'href="{PAGE}"' in html
    assert admin_client.get("/admin/verwerkingsregister/").status_code == 200
    client.force_login(staff_user(FINANCE))
    html = client.get("/admin/").content.decode()
    assert 'href="/admin/verwerkingsregister/"' in html and f'href="{PAGE}"' not in html


def test_the_erasure_says_what_the_accounts_keep_and_until_when(admin_client):
    houben = business("Transport Houben")
    redemption = houben.voucher.redemptions.get()
    until = add_years(max(houben.call.closes_on, redemption.paid_at), 10)  # the later of the two, plus 10 years
    before = admin_client.get(PAGE, {"number": houben.enterprise_number}).content.decode()
    confirmation = before[before.index("Wat een wissing"):before.index('action="/admin/persoonsgegevens/wissen/"')]
    assert f"Het ondernemingsnummer wordt bewaard tot {until:%d/%m/%Y}, en de facturen hieronder" in confirmation
    assert "AVG art. 6.1(c): wettelijke verplichtingen (Belgisch boekhoudrecht" in confirmation
    assert "DEMO-007" in confirmation and "De Groene Hand" in confirmation

    response = admin_client.post(f"{PAGE}wissen/", {"number": houben.enterprise_number,
                                                    "confirmation": houben.enterprise_number})
    assert (f"Bewaard voor de boekhouding en de registratie van staatssteun (AVG art. 6.1(c)): het ondernemingsnummer "
            f"en 1 factuur/facturen, tot {until:%d/%m/%Y}.") in messages_of(response)[0]
    after = admin_client.get(response["Location"]).content.decode()
    assert "Wat een wissing op verzoek bewaart" in after and "DEMO-007" in after and f"{until:%d/%m/%Y}" in after
