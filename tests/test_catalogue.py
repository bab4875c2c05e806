import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import EnterpriseKind
from tests.factories import MunicipalityFactory, PostcodeFactory, ServiceCategoryFactory, SocialEnterpriseFactory

pytestmark = pytest.mark.django_db
CATALOGUE = "/nl/ondernemingen/"


def names(response):
    return [e.name for e in response.context["page"].object_list]


@pytest.fixture
def region():
    tongeren = MunicipalityFactory(name_nl="Tongeren", slug="tongeren")
    voeren = MunicipalityFactory(name_nl="Voeren", name_fr="Fourons", slug="voeren")
    return {
        "tongeren": PostcodeFactory(code="3700", place_nl="Tongeren", municipality=tongeren),
        "voeren": PostcodeFactory(code="3798", place_nl="'s-Gravenvoeren", municipality=voeren),
    }


@pytest.fixture
def catalogue(region):
    green = ServiceCategoryFactory(name_nl="Groenonderhoud", name_fr="Entretien des espaces verts", slug="groen")
    food = ServiceCategoryFactory(name_nl="Catering", slug="catering")
    SocialEnterpriseFactory(name="De Groene Hand", postcode=region["tongeren"], categories=[green],
                            summary_nl="Tuinonderhoud", kind=EnterpriseKind.MAATWERKBEDRIJF)
    SocialEnterpriseFactory(name="Keuken Fouron", postcode=region["voeren"], categories=[food],
                            summary_nl="Broodjes en soep", kind=EnterpriseKind.ARBEIDSZORG)
    SocialEnterpriseFactory(name="Voerens Groen", postcode=region["voeren"], categories=[green, food],
                            summary_nl="Hagen en boomgaarden", kind=EnterpriseKind.LOKALE_DIENSTENECONOMIE)
    SocialEnterpriseFactory(name="Verborgen Atelier", postcode=region["tongeren"], is_published=False,
                            summary_nl="Nog niet klaar", categories=[green])


def test_lists_published_enterprises_with_count(client, catalogue):
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert names(response) == ["De Groene Hand", "Keuken Fouron", "Voerens Groen"]
    assert "3 ondernemingen gevonden" in response.content.decode()


def test_unpublished_enterprise_is_hidden_everywhere(client, catalogue):
    assert "Verborgen Atelier" not in client.get(CATALOGUE).content.decode()
    assert "Verborgen Atelier" not in client.get(CATALOGUE, {"q": "Verborgen"}).content.decode()
    assert client.get("/nl/ondernemingen/verborgen-atelier/").status_code == 404
    hidden = SocialEnterpriseFactory(name="Stil", is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_text_search_matches_name_summary_and_place(client, catalogue):
    assert names(client.get(CATALOGUE, {"q": "groen"})) == ["De Groene Hand", "Voerens Groen"]
    assert names(client.get(CATALOGUE, {"q": "soep"})) == ["Keuken Fouron"]
    assert names(client.get(CATALOGUE, {"q": "gravenvoeren"})) == ["Keuken Fouron", "Voerens Groen"]
    assert names(client.get(CATALOGUE, {"q": "groen hagen"})) == ["Voerens Groen"]


def test_filters_combine(client, catalogue):
    assert names(client.get(CATALOGUE, {"gemeente": "voeren"})) == ["Keuken Fouron", "Voerens Groen"]
    assert names(client.get(CATALOGUE, {"categorie": "groen"})) == ["De Groene Hand", "Voerens Groen"]
    assert names(client.get(CATALOGUE, {"gemeente": "voeren", "categorie": "groen"})) == ["Voerens Groen"]
    assert names(client.get(CATALOGUE, {"soort": "arbeidszorg"})) == ["Keuken Fouron"]
    both = client.get(CATALOGUE, {"gemeente": "voeren", "categorie": "catering", "soort": "lde", "q": "hagen"})
    assert names(both) == ["Voerens Groen"]
    assert names(client.get(CATALOGUE, {"gemeente": "tongeren", "categorie": "catering"})) == []


def test_filtered_page_says_nothing_found_and_offers_reset(client, catalogue):
    body = client.get(CATALOGUE, {"q": "zwembad"}).content.decode()
    assert "0 ondernemingen gevonden" in body
    assert "Wis alle filters" in body


@pytest.mark.parametrize("params", [
    {"gemeente": "atlantis"}, {"categorie": "' OR 1=1 --"}, {"soort": "<b>x</b>"},
    {"pagina": "abc"}, {"pagina": "9999"}, {"pagina": "-1"}, {"q": "x" * 500},
    {"q": "'; DROP TABLE enterprises_socialenterprise; --"}, {"q": "%_\\"},
])
def test_bad_input_answers_normally(client, catalogue, params):
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200


def test_search_text_is_escaped(client, catalogue):
    body = client.get(CATALOGUE, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;" in body


def test_pagination_and_page_numbers(client, region, settings):
    settings.CATALOGUE_PAGE_SIZE = 5
    for i in range(12):
        SocialEnterpriseFactory(name=f"Firma {i:02d}", postcode=region["tongeren"])
    first = client.get(CATALOGUE)
    assert len(names(first)) == 5 and first.context["page"].paginator.num_pages == 3
    last = client.get(CATALOGUE, {"pagina": 3})
    assert names(last) == ["Firma 10", "Firma 11"]
    assert names(client.get(CATALOGUE, {"pagina": 99})) == ["Firma 10", "Firma 11"]  # last page
    assert names(client.get(CATALOGUE, {"pagina": "x"})) == names(first)
    assert 'pagina=2' in first.content.decode()


def test_pagination_keeps_the_filters(client, region, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for i in range(5):
        SocialEnterpriseFactory(name=f"Firma {i}", postcode=region["voeren"])
    body = client.get(CATALOGUE, {"gemeente": "voeren"}).content.decode()
    assert "?gemeente=voeren&amp;pagina=2" in body


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CATALOGUE).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_catalogue(client, region):
    client.get("/nl/toegankelijkheid/")  # keeps the host's regie in the cache, as any earlier page would
    categories = [ServiceCategoryFactory() for _ in range(4)]
    for _ in range(3):
        SocialEnterpriseFactory(postcode=region["tongeren"], categories=categories[:2])
    few = count_queries(client)  # the firms changed: the list and the area line are read again, as below
    for i in range(60):
        SocialEnterpriseFactory(postcode=region["voeren" if i % 2 else "tongeren"], categories=categories)
    assert count_queries(client) == few <= 8


def test_detail_page_shows_contact_services_and_call_to_action(client, catalogue):
    response = client.get("/nl/ondernemingen/voerens-groen/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in ["Voerens Groen", "Hagen en boomgaarden", "3798", "Voeren", "info@example.org",
                 "Groenonderhoud", "Catering", "Gebruik hier je cheque"]:
        assert text in body


def test_detail_never_shows_the_iban(client, region):
    firm = SocialEnterpriseFactory(postcode=region["tongeren"], iban="BE71096123456769")
    body = client.get(firm.get_absolute_url()).content.decode()
    assert "BE71" not in body and "6769" not in body


def test_catalogue_content_in_the_visitors_language(client, catalogue):
    french = client.get("/fr/entreprises/").content.decode()
    assert "Entretien des espaces verts" in french and "Fourons" in french
    # no French translation: Dutch is shown
    assert "Catering" in french and "Broodjes en soep" in french
    assert 'lang="fr"' in french


def test_reverse_urls_are_the_stable_public_paths():
    assert reverse("enterprises:catalogue") == "/nl/ondernemingen/"
    assert reverse("enterprises:detail", kwargs={"slug": "x"}) == "/nl/ondernemingen/x/"
