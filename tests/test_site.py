"""Site pages, languages, error pages and production settings."""

import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_dutch(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/nl/"


def test_home_explains_the_cheque_and_links_the_catalogue(client):
    body = client.get("/nl/").content.decode()
    assert "500" in body and "Wie kan aanvragen?" in body and "Zo werkt het" in body
    assert 'href="/nl/ondernemingen/"' in body


@pytest.mark.parametrize("lang, heading", [
    ("nl", "Maak kennis met de sociale economie"),
    ("fr", "Découvrez l'économie sociale"),
    ("en", "Get to know the social economy"),
])
def test_each_language_has_its_prefix_and_html_lang(client, lang, heading):
    body = client.get(f"/{lang}/").content.decode()
    assert f'<html lang="{lang}">' in body
    assert heading in body.replace("&#x27;", "'")


def test_language_switcher_links_the_same_page_in_every_language(client):
    body = client.get("/nl/ondernemingen/?gemeente=voeren").content.decode()
    assert 'href="/fr/ondernemingen/?gemeente=voeren"' in body
    assert 'href="/en/ondernemingen/?gemeente=voeren"' in body
    assert 'aria-current="true" lang="nl"' in body


@pytest.mark.parametrize("path, text", [
    ("/nl/privacy/", "Wat we bewaren, waarom en hoelang"),
    ("/fr/privacy/", "Vos droits"),
    ("/nl/toegankelijkheid/", "WCAG 2.1"),
    ("/en/toegankelijkheid/", "A problem? Tell us"),
])
def test_statements_have_real_content(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_friendly_404_in_the_site_style(client):
    response = client.get("/nl/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body and "skip-link" in body


def test_friendly_500(client):
    from regie.views import server_error
    from django.test import RequestFactory

    response = server_error(RequestFactory().get("/nl/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
