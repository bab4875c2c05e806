"""The catalogue's result lists come from the cache, and a change to what they show is seen at the next request; the
catalogue and the firm pages answer a browser that has them with 304 Not Modified until something on them changes."""
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises import catalogue_cache
from enterprises.management.commands import load_region
from enterprises.models import FirmListing, Municipality, Postcode, ServiceCategory
from enterprises.services import change_listing
from tests.factories import PostcodeFactory, ServiceCategoryFactory, SocialEnterpriseFactory, UserFactory
from tests.test_admin import admin_client, coordinator, enterprise_form  # noqa: F401 - fixtures, by name
from tests.test_partner import png  # a small valid PNG

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # no date rule
CATALOGUE = "/nl/ondernemingen/"


@pytest.fixture
def firm():
    return SocialEnterpriseFactory(name="De Groene Hand", slug="de-groene-hand",
                                   categories=[ServiceCategoryFactory(name_nl="Groenonderhoud", slug="groen")])


def firm_queries(client, path=CATALOGUE, **query):
    """The page's HTML and how many of its queries read the firms."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode(), sum("enterprises_socialenterprise" in q["sql"] for q in captured)


def test_the_second_visitor_gets_the_list_without_reading_the_firms(client, firm):
    first, reads = firm_queries(client)
    assert reads >= 1 and "De Groene Hand" in first and "1 onderneming gevonden" in first
    second, reads_again = firm_queries(client)
    assert reads_again == 0 and second == first


@pytest.mark.parametrize("change", [
    "rename the firm", "unpublish its listing", "rename its category", "take its category away",
    "rename its municipality", "move it to another postcode", "give it a logo", "delete it"])
def test_a_change_to_what_the_list_shows_is_seen_at_the_next_request(client, firm, change):
    before, _reads = firm_queries(client)
    assert 'badge-category">Groenonderhoud' in before and firm.postcode.municipality.name in before
    if change == "rename the firm":
        firm.name = "De Blauwe Hand"
        firm.save()
    elif change == "unpublish its listing":
        change_listing(listing=FirmListing.objects.get(enterprise=firm), by=UserFactory(is_staff=True),
                       is_published=False, accepts_cheques=True)
    elif change == "rename its category":
        category = ServiceCategory.objects.get(slug="groen")
        category.name_nl = "Tuinwerk"
        category.save()
    elif change == "take its category away":
        firm.categories.clear()
    elif change == "rename its municipality":
        municipality = Municipality.objects.get(pk=firm.postcode.municipality_id)
        municipality.name_nl = "Nieuwegem"
        municipality.save()
    elif change == "move it to another postcode":
        firm.postcode = PostcodeFactory(municipality__name_nl="Andergem")
        firm.save()
    elif change == "give it a logo":
        firm.logo = SimpleUploadedFile("logo.png", png().read(), content_type="image/png")
        firm.save()
    else:
        firm.delete()
    after, reads = firm_queries(client)
    assert reads >= 1 and after != before
    shown = {"rename the firm": "De Blauwe Hand", "rename its category": "Tuinwerk",
             "rename its municipality": "Nieuwegem", "move it to another postcode": "Andergem",
             "give it a logo": 'class="enterprise-logo"'}
    gone = {"unpublish its listing": "De Groene Hand", "take its category away": 'badge-category">Groenonderhoud',
            "delete it": "De Groene Hand"}
    assert shown[change] in after if change in shown else gone[change] not in after


def test_a_firm_the_coordinator_adds_in_the_admin_shows_at_once(client, admin_client, firm):  # noqa: F811
    firm_queries(client)  # the list is in the cache now
    response = admin_client.post("/admin/enterprises/socialenterprise/add/", enterprise_form(PostcodeFactory()))
    assert response.status_code == 302
    client.logout()
    page, _reads = firm_queries(client)
    assert "Nieuwe Firma" in page and "2 ondernemingen gevonden" in page


def test_each_language_filter_set_and_page_has_its_own_list(client, firm, settings):
    settings.CATALOGUE_PAGE_SIZE = 1
    SocialEnterpriseFactory(name="Atelier Fouron")
    assert "Atelier Fouron" in firm_queries(client)[0] and "De Groene Hand" not in firm_queries(client)[0]
    assert "De Groene Hand" in firm_queries(client, pagina="2")[0]
    assert "De Groene Hand" in firm_queries(client, categorie="groen")[0]
    assert "1 entreprise trouvée" in firm_queries(client, "/fr/entreprises/", categorie="groen")[0]


def test_searches_and_unknown_parameters_are_not_kept(client, firm):
    for words in ("groen", "hand", "groene hand"):
        firm_queries(client, q=words)
    firm_queries(client, utm_source="krant")
    firm_queries(client, categorie="bestaat-niet")
    firm_queries(client, particulier="x" * 300)
    lists = [key for key in cache._cache if "catalogue:" in key and not key.endswith(("version", "choices"))]
    assert lists == []  # (locmem's table)


def test_a_browser_that_has_the_page_gets_304_until_it_changes(client, firm):
    for page in (CATALOGUE, "/nl/ondernemingen/de-groene-hand/"):
        first = client.get(page)
        tag = first.headers["ETag"]
        again = client.get(page, headers={"if-none-match": tag})
        assert again.status_code == 304 and again.content == b""
        assert client.get("/fr/entreprises/", headers={"if-none-match": tag}).status_code == 200  # another page
    firm.summary_nl = "Nu ook snoeiwerk."
    firm.save()
    changed = client.get("/nl/ondernemingen/de-groene-hand/", headers={"if-none-match": tag})
    assert changed.status_code == 200 and "Nu ook snoeiwerk." in changed.content.decode()
    assert changed.headers["ETag"] != tag


def test_a_visitor_with_a_message_waiting_gets_the_whole_page(client, firm):
    """A 304 would leave the message unshown (Django's messages live in a cookie, or the session when too long)."""
    assert "ETag" in client.get(CATALOGUE).headers
    client.cookies["messages"] = "waiting"
    assert "ETag" not in client.get(CATALOGUE).headers
    del client.cookies["messages"]
    session = client.session
    session["_messages"] = "waiting"
    session.save()
    assert "ETag" not in client.get(CATALOGUE).headers


def test_a_logged_in_user_always_gets_the_whole_page(client, firm):
    client.force_login(UserFactory())
    response = client.get(CATALOGUE)
    assert response.status_code == 200 and "ETag" not in response.headers


def test_a_postcode_moved_by_the_region_loader_shows_at_once(client, firm, monkeypatch):
    """The loader hands a former municipality's postcodes to the merged one with one update(), which sends no
    signal, and then retires the former one."""
    merged_into = firm.postcode.municipality
    former = Municipality.objects.create(name_nl="Oudgem", slug="oudgem")
    Postcode.objects.filter(pk=firm.postcode_id).update(municipality=former)
    catalogue_cache.bump()
    assert "Oudgem" in firm_queries(client)[0]  # and in the cache now
    monkeypatch.setitem(load_region.FORMER, "oudgem", merged_into.slug)
    load_region._retire_former([merged_into])
    page, _reads = firm_queries(client)
    assert "Oudgem" not in page and merged_into.name in page
