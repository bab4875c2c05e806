"""The regies in the admin: a platform administrator (superuser) adds and changes them with their host names;
coordinators and finance do not see them; bad input gets its message beside the field and nothing is saved."""
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import AuditEvent, Regie
from tests.factories import RegieFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names, forms and commands: no date rule
ADD = "/admin/regie/regie/add/"
HOSTS = "hosts"
AUDIT = "regie-auditevent-content_type-object_id"


@pytest.fixture
def platform_admin(client):
    client.force_login(UserFactory(username="platform", is_staff=True, is_superuser=True))
    return client


def form(**changes):
    """The add form of a regie Maasland, as a browser posts it, with `changes` (host_0, host_1 for the hosts)."""
    data = {
        "short_name": "maasland", "name_nl": "Regie Maasland", "name_fr": "", "name_en": "",
        "region_name_nl": "Maasland", "region_name_fr": "", "region_name_en": "",
        "programme_name_nl": "Kennismakingscheque", "programme_name_fr": "", "programme_name_en": "",
        "introduction_nl": "", "introduction_fr": "", "introduction_en": "",
        "legal_name": "Regie Maasland vzw", "enterprise_number": "0403.170.701", "iban": "BE48 0011 2345 6727",
        "bic": "gkcc bebb", "postal_address": "", "contact_email": "info@maasland.example", "contact_phone": "",
        "sender_email": "noreply@maasland.example", "primary_colour": "#0b5d4b", "accent_colour": "#07402f",
        f"{AUDIT}-TOTAL_FORMS": "0", f"{AUDIT}-INITIAL_FORMS": "0",
        f"{HOSTS}-TOTAL_FORMS": "2", f"{HOSTS}-INITIAL_FORMS": "0",
        f"{HOSTS}-0-name": "Cheque.Maasland.example", f"{HOSTS}-0-is_primary": "on", f"{HOSTS}-1-name": "",
    }
    hosts = {f"{HOSTS}-{key[-1]}-name": value for key, value in changes.items() if key.startswith("host_")}
    return {**data, **hosts, **{key: value for key, value in changes.items() if not key.startswith("host_")}}


def post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def errors(response):
    """The page's error messages, as text."""
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def test_a_platform_administrator_adds_a_regie_with_its_hosts(platform_admin):
    response = post(platform_admin, ADD, form(host_1="maasland.localhost"))

    assert response.status_code == 302, errors(response)
    regie = Regie.objects.get(short_name="maasland")
    assert (regie.name, regie.enterprise_number, regie.iban, regie.bic) == (
        "Regie Maasland", "0403170701", "BE48001123456727", "GKCCBEBB")
    assert [(h.name, h.is_primary) for h in regie.hosts.all()] == [("cheque.maasland.example", True),
                                                                   ("maasland.localhost", False)]
    event = AuditEvent.objects.get(action="regie.created")
    assert event.object_id == str(regie.pk) and event.data["hosts"] == ["cheque.maasland.example",
                                                                        "maasland.localhost"]


def test_changing_a_regie_moves_the_primary_host_and_is_audited(platform_admin):
    regie = RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["old.maasland.example"])
    old = regie.hosts.get()
    data = {**form(), f"{HOSTS}-TOTAL_FORMS": "2", f"{HOSTS}-INITIAL_FORMS": "1",
            f"{HOSTS}-0-id": str(old.pk), f"{HOSTS}-0-regie": str(regie.pk), f"{HOSTS}-0-name": old.name,
            f"{HOSTS}-0-is_primary": "", f"{HOSTS}-1-regie": str(regie.pk),
            f"{HOSTS}-1-name": "cheque.maasland.example", f"{HOSTS}-1-is_primary": "on"}

    response = post(platform_admin, f"/admin/regie/regie/{regie.pk}/change/", data)

    assert response.status_code == 302, errors(response)
    assert regie.primary_host == "cheque.maasland.example"
    assert regie.hosts.count() == 2
    changed = AuditEvent.objects.get(action="regie.changed").data
    assert changed["hosts"] == [["old.maasland.example"], ["cheque.maasland.example", "old.maasland.example"]]
    assert changed["iban"] == ["BE71096123456769", "BE48001123456727"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"host_0": "TESTSERVER"}, "This host name already belongs to a regie."),
    ({"host_0": "https://cheque.maasland.example"},
     "https://cheque.maasland.example is not a host name, such as cheque.regie-example.be (no https://, no path)."),
    ({"host_0": "cheque.maasland.example/nl/"},
     "cheque.maasland.example/nl/ is not a host name, such as cheque.regie-example.be (no https://, no path)."),
    ({"host_1": "cheque.maasland.example"}, "cheque.maasland.example is given twice."),
    ({"host_0": "", f"{HOSTS}-0-is_primary": ""}, "Give the regie at least one host name."),
    ({"primary_colour": "#ffff00"},
     "White text on #ffff00 has a contrast of 1.07:1; at least 4.5:1 is needed. Choose a darker colour."),
    ({"accent_colour": "#2e8b57"},
     "White text on #2e8b57 has a contrast of 4.24:1; at least 4.5:1 is needed. Choose a darker colour."),
    ({"iban": "BE48 0011 2345 6728"}, "This is not a valid IBAN, e.g. BE71 0961 2345 6769."),
    ({"bic": "GKCC"}, "A BIC has 8 or 11 letters and digits, e.g. GKCCBEBB."),
    ({"enterprise_number": "0403.170.702"},
     "This enterprise number does not exist: its check digits are wrong. Please check for a typo."),
    ({"short_name": "zuidoost"}, "Regie with this Short name already exists."),
])
def test_bad_input_gets_its_message_and_saves_nothing(platform_admin, changes, message):
    page = errors(post(platform_admin, ADD, form(**changes)))
    assert message in page
    assert not Regie.objects.filter(name="Regie Maasland").exists()
    assert not AuditEvent.objects.filter(action="regie.created").exists()


def test_the_message_stands_beside_the_field(platform_admin):
    page = errors(post(platform_admin, ADD, form(iban="BE00", host_0="testserver")))
    assert '<ul class="errorlist" id="id_iban_error"><li>This is not a valid IBAN' in page
    assert 'id="id_hosts-0-name_error"><li>This host name already belongs to a regie.</li></ul>' in page


@pytest.mark.parametrize("group", [COORDINATORS, FINANCE])
def test_coordinators_and_finance_do_not_see_the_regies(client, staff_user, regie, group):
    client.force_login(staff_user(group))
    assert client.get("/admin/regie/regie/").status_code == 403
    assert client.get(f"/admin/regie/regie/{regie.pk}/change/").status_code == 403
    assert client.post(ADD, form()).status_code == 403
    assert "/admin/regie/regie/" not in client.get("/admin/").content.decode()
    assert not Regie.objects.filter(short_name="maasland").exists()


def test_a_platform_administrator_sees_every_regie_and_cannot_delete_one(platform_admin, regie):
    RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])
    page = platform_admin.get("/admin/regie/regie/").content.decode()
    assert "Regie sociale economie Zuidoost-Limburg" in page and "Regie Maasland" in page
    assert "maasland.example" in page and "testserver" in page
    assert platform_admin.get(f"/admin/regie/regie/{regie.pk}/delete/").status_code == 403


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("maasland.png", buffer.getvalue(), content_type="image/png")


def test_a_regies_logo_takes_the_check_marks_place_in_its_header_and_goes_when_cleared(platform_admin, settings,
                                                                                        tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert post(platform_admin, ADD, form(host_0="maasland.example", logo=_png())).status_code == 302
    regie = Regie.objects.get(short_name="maasland")
    header = platform_admin.get("/nl/", HTTP_HOST="maasland.example").content.decode().split("</header>")[0]
    assert f'<img class="brand-logo" src="/media/{regie.logo.name}" alt="">' in header
    assert 'class="brand-mark"' not in header
    served = platform_admin.get(regie.logo.url, HTTP_HOST="maasland.example")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    other = platform_admin.get("/nl/").content.decode().split("</header>")[0]  # a regie without a logo
    assert '<svg class="brand-mark"' in other and "brand-logo" not in other
    data = {**form(host_0="maasland.example"), f"{HOSTS}-TOTAL_FORMS": "1", f"{HOSTS}-INITIAL_FORMS": "1",
            f"{HOSTS}-0-id": str(regie.hosts.get().pk), f"{HOSTS}-0-regie": str(regie.pk), "logo-clear": "on"}
    assert post(platform_admin, f"/admin/regie/regie/{regie.pk}/change/", data).status_code == 302
    assert not Regie.objects.get(pk=regie.pk).logo
    assert AuditEvent.objects.get(action="regie.changed").data["logo"] == [regie.logo.name, ""]


def test_a_logo_that_is_no_image_is_refused(platform_admin):
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                             content_type="image/svg+xml")
    page = errors(post(platform_admin, ADD, form(logo=svg)))
    assert "Upload a valid image." in page and not Regie.objects.filter(short_name="maasland").exists()


def test_a_regie_whose_logo_file_is_gone_from_the_storage_can_still_be_saved(platform_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert post(platform_admin, ADD, form(host_0="maasland.example", logo=_png())).status_code == 302
    regie = Regie.objects.get(short_name="maasland")
    regie.logo.storage.delete(regie.logo.name)
    data = {**form(host_0="maasland.example", primary_colour="#1f4e8c"), f"{HOSTS}-TOTAL_FORMS": "1",
            f"{HOSTS}-INITIAL_FORMS": "1", f"{HOSTS}-0-id": str(regie.hosts.get().pk),
            f"{HOSTS}-0-regie": str(regie.pk)}
    assert post(platform_admin, f"/admin/regie/regie/{regie.pk}/change/", data).status_code == 302
    assert Regie.objects.get(pk=regie.pk).primary_colour == "#1f4e8c"
