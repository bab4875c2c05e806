"""Service categories per regie (DESIGN.md 5, "Several regies, one install"): each regie keeps its own list, which
its catalogue filters by, its forms offer and its reports count. A firm listed by two regies has categories of each;
each regie's pages show its own, and a change on one regie's pages leaves the other's."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from enterprises.demo import demo_enterprise_number
from enterprises.models import ServiceCategory, SocialEnterprise
from enterprises.services import list_firm
from networking.models import Introduction, Registration
from regie.accounts.groups import COORDINATORS
from tests.factories import (
    FirmMembershipFactory,
    PostcodeFactory,
    ServiceCategoryFactory,
    SocialEnterpriseFactory,
    UserFactory,
)
from tests.redemption_helpers import issued_voucher, redeem
from tests.support.migrations import back_to_the_latest_migrations, migrate  # noqa: F401 - the fixture, by name
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.test_admin import enterprise_form
from tests.test_partner import profile_data
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.forms import ApplicationForm
from vouchers.models import Application
from vouchers.reports import figures

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

CATEGORIES = "/admin/enterprises/servicecategory/"
MIGRATED = pytest.mark.django_db(transaction=True)  # migrates back and forth


@pytest.fixture
def firm(regie):
    """Tuinploeg Samen, listed by the test's regie (category Groenonderhoud) and by Maasland (Tuinaanleg Maasland):
    both categories have the slug "groen", each in its own regie's list."""
    firm = SocialEnterpriseFactory(name="Tuinploeg Samen", listed_by=[regie, maasland()])
    firm.categories.add(ServiceCategoryFactory(regie=regie, name_nl="Groenonderhoud", slug="groen"),
                        ServiceCategoryFactory(regie=maasland(), name_nl="Tuinaanleg Maasland", slug="groen"))
    return firm


def _names(firm):
    return sorted(firm.categories.values_list("name_nl", flat=True))


def test_each_regies_catalogue_filters_by_and_shows_its_own_categories(client, firm):
    ours = client.get("/nl/ondernemingen/").content.decode()
    theirs = client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Groenonderhoud" in ours and "Tuinaanleg Maasland" not in ours
    assert "Tuinaanleg Maasland" in theirs and "Groenonderhoud" not in theirs
    filtered = client.get("/nl/ondernemingen/?categorie=groen", HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Tuinploeg Samen" in filtered
    detail = client.get(firm.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Tuinaanleg Maasland" in detail and "Groenonderhoud" not in detail


def test_the_application_form_offers_the_calls_regies_categories_only(firm, regie):
    call = issued_voucher().call
    theirs = ServiceCategory.objects.get(name_nl="Tuinaanleg Maasland")
    form = ApplicationForm(data={"interested_categories": [theirs.pk]}, call=call)
    assert [c.name_nl for c in form.fields["interested_categories"].queryset] == ["Groenonderhoud"]
    assert not form.is_valid()
    assert "Selecteer een geldige keuze." in str(form.errors["interested_categories"])


def test_a_firm_chooses_its_categories_per_regie_and_keeps_the_other_regies(client, firm):
    user = FirmMembershipFactory(enterprise=firm).user
    client.force_login(user)
    url = reverse("partner:profile", args=[firm.slug])
    page = client.get(url, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Tuinaanleg Maasland" in page and "Groenonderhoud" not in page
    response = client.post(url, profile_data(firm, categories=[]), HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    assert _names(firm) == ["Groenonderhoud"]
    extra = ServiceCategoryFactory(name_nl="Schoonmaak", slug="schoonmaak")  # the test's regie's
    client.post(url, profile_data(firm, categories=[extra.pk]))
    assert _names(firm) == ["Schoonmaak"]


def test_a_coordinator_keeps_their_regies_list_of_categories(client, firm):
    coordinator = UserFactory(is_staff=True, regies=[maasland()])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(coordinator)
    listed = client.get(CATEGORIES, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Tuinaanleg Maasland" in listed and "Groenonderhoud" not in listed
    form = {"name_nl": "Fietsherstel", "name_fr": "", "name_en": "", "slug": "groen",
            "regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
            "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0"}
    refused = client.post(f"{CATEGORIES}add/", form, HTTP_HOST=MAASLAND_HOST)
    assert "Deze regie heeft al een categorie met deze slug." in refused.content.decode()
    client.post(f"{CATEGORIES}add/", {**form, "slug": "fietsen"}, HTTP_HOST=MAASLAND_HOST)
    assert ServiceCategory.objects.get(slug="fietsen").regie == maasland()
    ours = ServiceCategory.objects.get(name_nl="Groenonderhoud")
    assert client.get(f"{CATEGORIES}{ours.pk}/change/", HTTP_HOST=MAASLAND_HOST).status_code == 302  # not there


def test_the_platform_administrator_saving_a_shared_firm_keeps_the_other_regies_categories(client, firm):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    extra = ServiceCategoryFactory(name_nl="Schoonmaak", slug="schoonmaak")
    response = client.post(f"/admin/enterprises/socialenterprise/{firm.pk}/change/", enterprise_form(
        firm.postcode, name=firm.name, slug=firm.slug, enterprise_number=firm.enterprise_number,
        categories=[extra.pk]))
    assert response.status_code == 302
    assert _names(firm) == ["Schoonmaak", "Tuinaanleg Maasland"]


def test_the_report_counts_a_firm_under_its_regies_categories(firm, regie):
    voucher = issued_voucher()
    redemption = redeem(voucher, FirmMembershipFactory(enterprise=firm), amount="300.00")
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    assert figures.categories(figures.Scope(regie=regie)) == [
        {"category": "Groenonderhoud", "euros": Decimal("300.00"), "firms": 1}]


@MIGRATED
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_an_install_of_one_regie_gives_it_every_category(regie):
    apps = migrate([("enterprises", "0006_area_of_a_regie")])
    apps.get_model("enterprises", "ServiceCategory").objects.create(name="Schoonmaak", name_nl="Schoonmaak",
                                                                     slug="schoonmaak")
    apps = migrate([("enterprises", "0009_every_category_has_a_regie")])
    assert list(apps.get_model("enterprises", "ServiceCategory").objects.values_list("slug", "regie__short_name")) \
        == [("schoonmaak", "zuidoost")]


@MIGRATED
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_an_install_of_two_regies_gives_each_its_copy_named_by_its_own_rows(regie):
    """A firm by each regie that lists it (one listed by none: the first regie's), an application by its call's
    regie, a registration and an introduction by their meeting's (a helper's review wrote the first version)."""
    other = maasland()
    apps = migrate([("enterprises", "0006_area_of_a_regie")])
    old = apps.get_model("enterprises", "ServiceCategory").objects
    clean = old.create(name="Schoonmaak", name_nl="Schoonmaak", name_fr="Nettoyage", name_en="Cleaning",
                       slug="schoonmaak")
    green = old.create(name="Groen", name_nl="Groen", name_fr="Vert", slug="groen")
    firms = {name: _firm_then(apps, name, regies, number) for number, (name, regies) in enumerate([
        ("Niemand", []), ("Alleen Maasland", [other]), ("Beide", [regie, other])])}
    for firm in firms.values():
        apps.get_model("enterprises", "SocialEnterprise").objects.get(pk=firm.pk).categories.add(clean, green)
    ours, theirs = (ApplicationFactory(call=CallFactory(regie=owner)) for owner in (regie, other))
    for application in (ours, theirs):
        Application.interested_categories.through.objects.create(application_id=application.pk,
                                                                 servicecategory_id=clean.pk)
    registration = RegistrationFactory(meeting=MeetingFactory(regie=other))
    Registration.interested_categories.through.objects.create(registration_id=registration.pk,
                                                              servicecategory_id=green.pk)
    introduction = IntroductionFactory(regie=other, registration=registration, enterprise=firms["Alleen Maasland"])
    Introduction.categories.through.objects.create(introduction_id=introduction.pk, servicecategory_id=green.pk)
    migrate([("enterprises", "0009_every_category_has_a_regie")])
    assert ServiceCategory.objects.get(regie=other, slug="schoonmaak").name_en == "Cleaning"
    assert _owners(firms["Niemand"].categories) == [("zuidoost", "groen"), ("zuidoost", "schoonmaak")]
    assert _owners(firms["Alleen Maasland"].categories) == [("maasland", "groen"), ("maasland", "schoonmaak")]
    assert _owners(firms["Beide"].categories) == [("maasland", "groen"), ("maasland", "schoonmaak"),
                                                  ("zuidoost", "groen"), ("zuidoost", "schoonmaak")]
    assert _owners(ours.interested_categories) == [("zuidoost", "schoonmaak")]
    assert _owners(theirs.interested_categories) == [("maasland", "schoonmaak")]
    assert _owners(registration.interested_categories) == [("maasland", "groen")]
    assert _owners(introduction.categories) == [("maasland", "groen")]
    apps = migrate([("enterprises", "0006_area_of_a_regie")])  # and back: one list, named where the copies were
    assert list(apps.get_model("enterprises", "ServiceCategory").objects.order_by("slug").values_list(
        "slug", flat=True)) == ["groen", "schoonmaak"]
    assert sorted(apps.get_model("vouchers", "Application").objects.get(pk=theirs.pk).interested_categories
                  .values_list("slug", flat=True)) == ["schoonmaak"]


def _firm_then(apps, name, regies, number):
    """A firm written as the code of `apps`' migrations wrote it (its own "published" flag), listed by `regies`; read
    back as today's model."""
    firm = apps.get_model("enterprises", "SocialEnterprise").objects.create(
        name=name, slug=f"firma-{number}", enterprise_number=demo_enterprise_number(700 + number),
        kind="maatwerkbedrijf", street="Markt 1", postcode_id=PostcodeFactory().pk, summary="Kort", summary_nl="Kort",
        is_published=True, accepts_cheques=True)
    for owner in regies:
        apps.get_model("enterprises", "FirmListing").objects.create(regie_id=owner.pk, enterprise_id=firm.pk)
    return SocialEnterprise.objects.get(pk=firm.pk)


def _owners(categories):
    return sorted(categories.values_list("regie__short_name", "slug"))


def test_another_regies_category_in_a_list_filters_address_is_refused_by_the_list_and_its_export(client, firm):
    coordinator = UserFactory(is_staff=True, regies=[maasland()])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(coordinator)
    ours = ServiceCategory.objects.get(name_nl="Groenonderhoud")  # the test regie's, not Maasland's
    firms = "/admin/enterprises/socialenterprise/"
    for address in (firms, f"{firms}export.csv"):
        response = client.get(address, {"categories__id__exact": ours.pk}, HTTP_HOST=MAASLAND_HOST)
        assert response.status_code == 302 and response["Location"].endswith("?e=1")
    theirs = ServiceCategory.objects.get(name_nl="Tuinaanleg Maasland")
    listed = client.get(firms, {"categories__id__exact": theirs.pk}, HTTP_HOST=MAASLAND_HOST)
    assert "Tuinploeg Samen" in listed.content.decode()


def test_a_firm_listed_by_another_regie_takes_that_regies_categories_of_the_same_kinds(regie):
    firm = SocialEnterpriseFactory(name="Fietsatelier", listed_by=[regie])
    firm.categories.add(ServiceCategoryFactory(name_nl="Fietsherstel", slug="fietsherstel"),
                        ServiceCategoryFactory(name_nl="Naaiatelier", slug="naaiatelier"))
    ServiceCategoryFactory(regie=maasland(), name_nl="Fietsen Maasland", slug="fietsherstel")
    list_firm(regie=maasland(), enterprise=firm, by=None)
    assert _names(firm) == ["Fietsen Maasland", "Fietsherstel", "Naaiatelier"]  # Maasland has no sewing
