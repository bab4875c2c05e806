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
    assert 'href="/fr/entreprises/?gemeente=voeren"' in body
    assert 'href="/en/enterprises/?gemeente=voeren"' in body
    assert 'aria-current="true" lang="nl"' in body


@pytest.mark.parametrize("path, text", [
    ("/nl/privacy/", "Wat we bewaren, waarom en hoelang"),
    ("/fr/vie-privee/", "Vos droits"),
    ("/nl/toegankelijkheid/", "WCAG 2.1"),
    ("/en/accessibility/", "A problem? Tell us"),
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
    from django.test import RequestFactory

    from regie.web.views import server_error

    response = server_error(RequestFactory().get("/nl/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_the_coordinators_address_and_phone_are_links_where_a_page_names_them(client):
    home = client.get("/fr/").content.decode()
    questions = home[home.index('id="questions-title"'):]
    assert 'href="mailto:' in questions and 'href="tel:' in questions and 'class="text-nowrap"' in questions
    for path in ("/nl/partner/aanmelden/", "/en/privacy/"):
        main = client.get(path).content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert 'href="mailto:' in main, path


def test_french_filters_agree_with_their_noun(client, db):
    html = client.get("/fr/entreprises/").content.decode()
    municipality = html[html.index('name="gemeente"'):].split("</select>", 1)[0]
    assert ">Toutes</option>" in municipality  # la commune
    kind = html[html.index('name="soort"'):].split("</select>", 1)[0]
    assert ">Tous</option>" in kind


def test_french_labels_take_a_no_break_space_before_their_colon(client, db):
    from tests.vouchers_factories import CallFactory

    CallFactory()  # an open call: the form is there
    page = client.get("/fr/demander/")
    sent = client.post("/fr/demander/", {"submission_key": page.context["form"].initial["submission_key"]})
    summary = sent.content.decode().split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "</a>\u00a0: " in summary and "</a>: " not in summary
    dutch = client.post("/nl/aanvragen/", {"submission_key": page.context["form"].initial["submission_key"]})
    assert "</a>: " in dutch.content.decode().split('id="error-summary"', 1)[1].split("</div>", 1)[0]
