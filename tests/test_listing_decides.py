"""Each regie decides on its own listing of a firm: whether its catalogue and forms show it, whether the firm redeems
its cheques, and which of its service categories the firm offers, also for a firm another regie lists (whose
profile only the platform administrator changes). Another regie's listing stays as it was."""
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from enterprises.demo import demo_enterprise_number
from enterprises.models import FirmListing, SocialEnterprise
from enterprises.services import list_firm
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, ServiceCategoryFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.support.migrations import back_to_the_latest_migrations, migrate  # noqa: F401 - the fixture, by name
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.test_admin import enterprise_form
from tests.vouchers_factories import CallFactory
from vouchers.forms import ApplicationForm

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule


@pytest.fixture
def shared(regie):
    """Tuinploeg Samen, listed (and published) by the test's regie and by Maasland."""
    return SocialEnterpriseFactory(name="Tuinploeg Samen", listed_by=[regie, maasland()])


@pytest.fixture
def maasland_coordinator(shared):
    coordinator = UserFactory(is_staff=True, regies=[shared.listings.get(regie__short_name="maasland").regie])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return coordinator


def _listing_page(shared):
    return f"/admin/enterprises/firmlisting/{shared.listings.get(regie__short_name='maasland').pk}/change/"


def test_a_regie_unpublishes_a_shared_firm_from_its_own_catalogue_only(client, shared, maasland_coordinator):
    client.force_login(maasland_coordinator)
    firm_page = client.get(f"/admin/enterprises/socialenterprise/{shared.pk}/change/", HTTP_HOST=MAASLAND_HOST)
    assert f'href="{_listing_page(shared)}"' in firm_page.content.decode()  # the message says where to decide
    response = client.post(_listing_page(shared), {"accepts_cheques": "on"}, HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    assert client.get(shared.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).status_code == 404
    assert "Tuinploeg Samen" not in client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST).content.decode()
    assert client.get(shared.get_absolute_url()).status_code == 200  # the test's regie still publishes it
    assert "Tuinploeg Samen" in client.get("/nl/ondernemingen/").content.decode()
    assert AuditEvent.objects.filter(action="enterprise.listing_changed", object_id=shared.pk).exists()


def test_a_regie_sets_its_own_categories_of_a_shared_firm_and_the_others_stay(client, regie, shared,
                                                                             maasland_coordinator):
    ours = ServiceCategoryFactory(regie=regie, name="Groen", name_nl="Groen", slug="groen")
    theirs = ServiceCategoryFactory(regie=maasland(), name="Schoonmaak", name_nl="Schoonmaak", slug="schoonmaak")
    shared.categories.add(ours)
    client.force_login(maasland_coordinator)
    refused = client.post(_listing_page(shared), {"is_published": "on", "categories": [ours.pk]},
                          HTTP_HOST=MAASLAND_HOST)
    assert refused.status_code == 200 and "is geen beschikbare keuze" in refused.content.decode()
    client.post(_listing_page(shared), {"is_published": "on", "categories": [theirs.pk]}, HTTP_HOST=MAASLAND_HOST)
    assert set(shared.categories.all()) == {ours, theirs}
    page = client.get("/nl/ondernemingen/?categorie=schoonmaak", HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Tuinploeg Samen" in page


def test_a_firm_redeems_the_cheques_of_a_regie_whose_listing_accepts_them_only(regie, shared):
    membership = FirmMembershipFactory(enterprise=shared)
    FirmListing.objects.filter(enterprise=shared, regie=regie).update(accepts_cheques=False)
    with pytest.raises(ValidationError) as refused:
        redeem(issued_voucher(), membership)
    assert refused.value.messages == [
        "Je onderneming kan op dit moment geen cheques inwisselen; neem contact op met de coördinator."]
    theirs = issued_voucher(call=CallFactory(regie=maasland()))
    assert redeem(theirs, membership).enterprise == shared  # Maasland's listing still accepts its cheques


def test_the_partner_home_says_whether_this_regies_catalogue_shows_the_firm(client, regie, shared):
    FirmListing.objects.filter(enterprise=shared, regie=regie).update(is_published=False)
    client.force_login(FirmMembershipFactory(enterprise=shared).user)
    assert "niet gepubliceerd in de catalogus" in client.get("/nl/partner/").content.decode()
    assert "zichtbaar in de catalogus" in client.get("/nl/partner/", HTTP_HOST=MAASLAND_HOST).content.decode()


def test_the_firm_page_of_the_admin_sets_the_host_regies_listing(client, regie, shared):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = enterprise_form(shared.postcode, name=shared.name, slug=shared.slug,
                           enterprise_number=shared.enterprise_number, is_published="", accepts_cheques="")
    del form["is_published"], form["accepts_cheques"]  # unticked boxes are not sent
    assert client.post(f"/admin/enterprises/socialenterprise/{shared.pk}/change/", form,
                       HTTP_HOST=MAASLAND_HOST).status_code == 302
    assert dict(shared.listings.values_list("regie__short_name", "is_published")) == {
        "zuidoost": True, "maasland": False}
    assert dict(shared.listings.values_list("regie__short_name", "accepts_cheques")) == {
        "zuidoost": True, "maasland": False}
    listed = client.get("/admin/enterprises/socialenterprise/?is_published__exact=0", HTTP_HOST=MAASLAND_HOST)
    assert "Tuinploeg Samen" in listed.content.decode()
    here = client.get("/admin/enterprises/socialenterprise/?is_published__exact=0")
    assert "Tuinploeg Samen" not in here.content.decode()


def test_the_firm_page_of_the_admin_ticks_the_boxes_as_the_host_regies_listing_says(client, regie, shared):
    """Unticked while the listing says yes, saving the page unchanged would unpublish the firm."""
    FirmListing.objects.filter(enterprise=shared, regie__short_name="maasland").update(accepts_cheques=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/enterprises/socialenterprise/{shared.pk}/change/", HTTP_HOST=MAASLAND_HOST)
    boxes = page.context_data["adminform"].form
    assert (boxes["is_published"].initial, boxes["accepts_cheques"].initial) == (True, False)
    page = client.get(f"/admin/enterprises/socialenterprise/{shared.pk}/change/")
    assert page.context_data["adminform"].form["accepts_cheques"].initial is True  # the test regie's listing


def test_the_firm_page_says_whether_this_regie_lets_it_take_the_cheque(client, regie, shared):
    FirmListing.objects.filter(enterprise=shared, regie=regie).update(accepts_cheques=False)
    here = client.get(shared.get_absolute_url()).content.decode()
    there = client.get(shared.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Deze onderneming aanvaardt de Kennismakingscheque op dit moment niet." in here
    assert "Neem contact op met Tuinploeg Samen" in there and "aanvaardt de" not in there


def test_finance_reads_a_shared_firm_without_a_link_it_cannot_open(client, shared):
    from regie.accounts.groups import FINANCE
    finance = UserFactory(is_staff=True, regies=[shared.listings.get(regie__short_name="maasland").regie])
    finance.groups.add(Group.objects.get(name=FINANCE))
    client.force_login(finance)
    page = client.get(f"/admin/enterprises/socialenterprise/{shared.pk}/change/", HTTP_HOST=MAASLAND_HOST)
    assert "dus alleen de platformbeheerder wijzigt ze" in page.content.decode()
    assert "/admin/enterprises/firmlisting/" not in page.content.decode()


def test_a_firm_listed_for_another_regie_is_published_there_as_it_is_elsewhere(regie):
    shown, hidden = SocialEnterpriseFactory(name="Getoond"), SocialEnterpriseFactory(name="Verborgen",
                                                                                     is_published=False)
    other = maasland()
    for firm in (shown, hidden):
        list_firm(regie=other, enterprise=firm, by=None)
    assert set(SocialEnterprise.objects.published_by(other)) == {shown}


def test_the_application_form_offers_the_firms_this_regie_publishes(regie, shared):
    FirmListing.objects.filter(enterprise=shared, regie=regie).update(is_published=False)
    mine = ApplicationForm(call=CallFactory(regie=regie)).fields["interested_enterprises"].queryset
    theirs = ApplicationForm(call=CallFactory(regie=maasland())).fields["interested_enterprises"].queryset
    assert shared not in mine and shared in theirs


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_the_upgrade_gives_each_listing_its_firms_flags_and_back(regie):
    other = maasland()
    apps = migrate([("enterprises", "0009_every_category_has_a_regie")])
    Firm, Listing = apps.get_model("enterprises", "SocialEnterprise"), apps.get_model("enterprises", "FirmListing")
    postcode = apps.get_model("enterprises", "Postcode").objects.create(code="3700", place="Tongeren",
                                                                        municipality_id=_municipality(apps))
    flags = {"Open": (True, True), "Dicht": (False, True), "Rust": (True, False)}
    for number, (name, (published, accepts)) in enumerate(flags.items()):
        firm = Firm.objects.create(name=name, slug=name.lower(), enterprise_number=demo_enterprise_number(800 + number),
                                   kind="maatwerkbedrijf", street="Markt 1", postcode=postcode, summary="Kort",
                                   is_published=published, accepts_cheques=accepts)
        for owner in (regie, other):
            Listing.objects.create(regie_id=owner.pk, enterprise=firm)
    migrate([("enterprises", "0012_firms_flags_on_listings")])
    for name, (published, accepts) in flags.items():
        assert set(FirmListing.objects.filter(enterprise__name=name).values_list(
            "is_published", "accepts_cheques")) == {(published, accepts)}
    FirmListing.objects.filter(enterprise__name="Dicht", regie=other).update(is_published=True)
    apps = migrate([("enterprises", "0009_every_category_has_a_regie")])
    back = {firm.name: (firm.is_published, firm.accepts_cheques)
            for firm in apps.get_model("enterprises", "SocialEnterprise").objects.all()}
    assert back == {"Open": (True, True), "Dicht": (True, True), "Rust": (True, False)}


def _municipality(apps):
    return apps.get_model("enterprises", "Municipality").objects.create(name="Tongeren", slug="tongeren").pk
