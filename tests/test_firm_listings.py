"""A firm is listed by one or more regies (one profile, one login). It shows in the catalogue and on the forms of the
regies that list it, and redeems their cheques only: the service says why, and the database refuses the row whatever
writes it. Each regie's coordinator manages the firms it lists; the platform administrator lists a firm for another
regie too."""
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from enterprises.models import FirmListing, SocialEnterprise
from enterprises.selectors import firms_by_municipality
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, PostcodeFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.test_admin import enterprise_form
from vouchers import services
from vouchers.models import Redemption

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

ZUIDOOST = "Regie sociale economie Zuidoost-Limburg"


@pytest.fixture
def firms(regie):
    """De Groene Hand (listed by the test's regie), Kringwinkel Maasland (by Maasland) and Tuinploeg Samen (both)."""
    other = maasland()
    return (SocialEnterpriseFactory(name="De Groene Hand"),
            SocialEnterpriseFactory(name="Kringwinkel Maasland", listed_by=[other]),
            SocialEnterpriseFactory(name="Tuinploeg Samen", listed_by=[regie, other]))


def _names_in(response):
    return {name for name in ("De Groene Hand", "Kringwinkel Maasland", "Tuinploeg Samen")
            if name in response.content.decode()}


def test_each_regies_catalogue_and_firm_pages_show_the_firms_it_lists(client, firms):
    groene_hand, kringwinkel, _samen = firms
    assert _names_in(client.get("/nl/ondernemingen/")) == {"De Groene Hand", "Tuinploeg Samen"}
    assert _names_in(client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST)) == {
        "Kringwinkel Maasland", "Tuinploeg Samen"}
    assert client.get(kringwinkel.get_absolute_url()).status_code == 404
    assert client.get(kringwinkel.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).status_code == 200
    assert client.get(groene_hand.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).status_code == 404


def test_the_forms_offer_the_firms_the_regie_lists(regie, firms):
    offered = {name for _municipality, choices in firms_by_municipality(regie) for _pk, name in choices}
    assert offered == {"De Groene Hand", "Tuinploeg Samen"}


def test_a_firm_the_cheques_regie_does_not_list_cannot_redeem_it_and_is_told_why(regie, firms):
    voucher = issued_voucher()
    membership = FirmMembershipFactory(enterprise=firms[1])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        redeem(voucher, membership, amount="100.00")
    assert refused.value.messages == [(
        f"{ZUIDOOST} does not list Kringwinkel Maasland, so it cannot redeem this regie's cheques. Please contact the "
        "regie's coordinator.")]
    voucher.refresh_from_db()
    assert voucher.balance == 500 and not Redemption.objects.exists()
    assert redeem(voucher, FirmMembershipFactory(enterprise=firms[2]), amount="100.00").amount == 100


def test_the_database_refuses_a_redemption_by_a_firm_the_cheques_regie_does_not_list(regie, firms):
    """Whatever writes the row: inserting it, or moving a redemption to such a firm. A redemption from before the
    regie stopped listing its firm is still decided (its other columns change)."""
    voucher = issued_voucher()
    redemption = redeem(voucher, FirmMembershipFactory(enterprise=firms[2]), amount="100.00")
    fields = {name: getattr(redemption, name) for name in (
        "voucher", "amount", "description", "service_date", "invoice_number", "invoice_date", "invoice_amount",
        "submitted_by")}
    with pytest.raises(IntegrityError), transaction.atomic():
        Redemption.objects.create(**{**fields, "invoice_number": "F-2", "invoice_number_key": "F2"},
                                  enterprise=firms[1], submission_key=uuid.uuid4())
    with pytest.raises(IntegrityError), transaction.atomic():
        Redemption.objects.filter(pk=redemption.pk).update(enterprise=firms[1])
    FirmListing.objects.filter(enterprise=firms[2], regie=regie).delete()
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    assert Redemption.objects.get(pk=redemption.pk).status == "approved"


def test_a_partner_of_a_firm_the_host_regie_does_not_list_is_told_so(client, firms):
    user = FirmMembershipFactory(enterprise=firms[1]).user
    client.force_login(user)
    with translation.override("en"):
        home_url, redeem_url = reverse("partner:home"), reverse("partner:redeem")
    home = client.get(home_url).content.decode()
    assert (f"{ZUIDOOST} does not list Kringwinkel Maasland. Here your firm cannot redeem this regie's cheques or "
            "register for its networking moments.") in home
    assert "Redeem a cheque" not in home
    assert client.get(redeem_url).url == home_url
    home = client.get(home_url, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "does not list" not in home and "Redeem a cheque" in home


@pytest.fixture
def maasland_coordinator(firms):
    coordinator = UserFactory(is_staff=True, regies=[firms[1].listings.get().regie])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return coordinator


def test_a_coordinator_manages_the_firms_their_regie_lists_and_a_firm_they_add_is_listed(client, maasland_coordinator):
    client.force_login(maasland_coordinator)
    listed = client.get("/admin/enterprises/socialenterprise/", HTTP_HOST=MAASLAND_HOST)
    assert _names_in(listed) == {"Kringwinkel Maasland", "Tuinploeg Samen"}
    response = client.post("/admin/enterprises/socialenterprise/add/", enterprise_form(PostcodeFactory()),
                           HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    firm = SocialEnterprise.objects.get(slug="nieuwe-firma")
    assert [listing.regie.short_name for listing in firm.listings.all()] == ["maasland"]
    assert AuditEvent.objects.filter(action="enterprise.listed", object_id=firm.pk).exists()


def test_a_firm_already_in_the_portal_is_listed_for_another_regie_by_the_platform_administrator(client, firms):
    platform = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(platform)
    add = "/admin/enterprises/firmlisting/add/"
    with translation.override("en"):
        refused = client.post(add, {"enterprise_number": "0403.170.701"}, HTTP_HOST=MAASLAND_HOST)
        assert refused.context["adminform"].form.errors["enterprise_number"] == [(
            "No social-economy enterprise with this number is in the portal yet: add it under Social-economy "
            "enterprises.")]
        again = client.post(add, {"enterprise_number": firms[1].enterprise_number}, HTTP_HOST=MAASLAND_HOST)
        assert again.context["adminform"].form.errors["enterprise_number"] == [
            "This regie already lists Kringwinkel Maasland."]
    response = client.post(add, {"enterprise_number": firms[0].enterprise_number_display}, HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    assert {listing.regie.short_name for listing in firms[0].listings.all()} == {"maasland", "zuidoost"}
    assert "De Groene Hand" in client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST).content.decode()


def test_a_coordinator_removes_a_listing_but_not_a_firms_last(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    samen = FirmListing.objects.get(enterprise=firms[2], regie__short_name="maasland")
    url = f"/admin/enterprises/firmlisting/{samen.pk}/delete/"
    assert client.post(url, {"post": "yes"}, HTTP_HOST=MAASLAND_HOST).status_code == 302
    assert [listing.regie.short_name for listing in firms[2].listings.all()] == ["zuidoost"]
    last = firms[1].listings.get()
    with translation.override("en"):
        response = client.post(f"/admin/enterprises/firmlisting/{last.pk}/delete/", {"post": "yes"},
                               HTTP_HOST=MAASLAND_HOST, follow=True)
    assert ("Kringwinkel Maasland is listed by this regie only; unpublish it instead of removing its listing."
            in response.content.decode())
    assert firms[1].listings.exists()
    other = FirmListing.objects.get(enterprise=firms[0])  # another regie's: "does not exist" here
    assert client.post(f"/admin/enterprises/firmlisting/{other.pk}/delete/", {"post": "yes"},
                       HTTP_HOST=MAASLAND_HOST).url == "/admin/"
    assert FirmListing.objects.filter(pk=other.pk).exists()
