"""The coordinator's admin: lists, validation, firm users and the audit log."""
import pytest

from enterprises.models import Municipality, Postcode, SocialEnterprise
from regie.accounts.groups import COORDINATORS, FINANCE
from regie.audit import record
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, PostcodeFactory, SocialEnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(staff_user):
    return staff_user(COORDINATORS, username="coord")


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def enterprise_form(postcode, **changes):
    data = {
        "name": "Nieuwe Firma", "slug": "nieuwe-firma", "enterprise_number": "BE 0123.456.749",
        "kind": "maatwerkbedrijf", "street": "Markt 1", "postcode": postcode.pk,
        "summary_nl": "Korte tekst", "is_published": "on", "accepts_cheques": "on",
        "iban": "be71 0961 2345 6769",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
        "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("url", [
    "/admin/", "/admin/enterprises/socialenterprise/", "/admin/enterprises/municipality/",
    "/admin/enterprises/postcode/", "/admin/enterprises/servicecategory/", "/admin/auth/user/",
    "/admin/regie/auditevent/", "/admin/enterprises/socialenterprise/?q=groen&is_published__exact=1&erkenning=verlopen",
])
def test_coordinator_pages_open(admin_client, url):
    SocialEnterpriseFactory()
    assert admin_client.get(url).status_code == 200


def test_coordinator_adds_an_enterprise_in_any_notation_and_it_is_audited(admin_client, coordinator):
    postcode = PostcodeFactory()
    response = admin_client.post("/admin/enterprises/socialenterprise/add/", enterprise_form(postcode))
    assert response.status_code == 302, response.context["adminform"].form.errors
    firm = SocialEnterprise.objects.get(slug="nieuwe-firma")
    assert firm.enterprise_number == "0123456749" and firm.iban == "BE71096123456769"
    event = AuditEvent.objects.get(action="enterprise.created")
    assert event.actor == coordinator and event.obj == firm


@pytest.mark.parametrize("number, message", [
    ("0123.456.750", "controlecijfers kloppen niet"),
    ("12345", "10 cijfers"),
    ("ABC", "alleen cijfers"),
])
def test_wrong_enterprise_number_is_an_error_next_to_the_field(admin_client, number, message):
    response = admin_client.post("/admin/enterprises/socialenterprise/add/",
                                 enterprise_form(PostcodeFactory(), enterprise_number=number))
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["enterprise_number"])
    assert not SocialEnterprise.objects.exists()


def test_duplicate_enterprise_number_is_refused(admin_client):
    SocialEnterpriseFactory(enterprise_number="0123456749")
    response = admin_client.post("/admin/enterprises/socialenterprise/add/",
                                 enterprise_form(PostcodeFactory(), enterprise_number="BE0123456749"))
    assert "enterprise_number" in response.context["adminform"].form.errors


def test_coordinator_adds_a_municipality_with_its_postcode(admin_client):
    response = admin_client.post("/admin/enterprises/municipality/add/", {
        "name_nl": "Borgloon", "name_fr": "Looz", "name_en": "Borgloon", "slug": "borgloon",
        "postcodes-TOTAL_FORMS": "1", "postcodes-INITIAL_FORMS": "0",
        "postcodes-0-code": "3840", "postcodes-0-place_nl": "Borgloon", "postcodes-0-place_fr": "Looz",
        "regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
        "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    borgloon = Municipality.objects.get(slug="borgloon")
    assert Postcode.objects.get(code="3840").municipality == borgloon


def test_audit_log_shows_on_the_object_page(admin_client):
    firm = SocialEnterpriseFactory()
    record(None, "enterprise.profile_updated", firm, {"fields": ["phone"]})
    body = admin_client.get(f"/admin/enterprises/socialenterprise/{firm.pk}/change/").content.decode()
    assert "enterprise.profile_updated" in body


def test_audit_log_is_read_only(admin_client):
    event = record(None, "x.y", SocialEnterpriseFactory())
    assert admin_client.post(f"/admin/regie/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_coordinator_manages_firm_users_but_not_staff(admin_client):
    partner = FirmMembershipFactory().user
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    listed = [user.username for user in admin_client.get("/admin/auth/user/").context["cl"].result_list]
    assert partner.username in listed and "root" not in listed
    assert admin_client.get(f"/admin/auth/user/{superuser.pk}/change/").status_code == 302  # not found -> admin home
    assert admin_client.get(f"/admin/auth/user/{superuser.pk}/password/").status_code in (302, 404)
    page = admin_client.get(f"/admin/auth/user/{partner.pk}/change/").content.decode()
    assert "is_superuser" not in page and "user_permissions" not in page


def test_finance_cannot_change_enterprises(client, staff_user):
    client.force_login(staff_user(FINANCE))
    firm = SocialEnterpriseFactory()
    assert client.get("/admin/enterprises/socialenterprise/").status_code == 200
    assert client.post(f"/admin/enterprises/socialenterprise/{firm.pk}/change/", {"name": "x"}).status_code == 403
