"""The host decides the regie (issue 20): each page names the regie of the address it was asked at, with that regie's
contact details, colours and texts, never another's; an unknown address gets one page in Dutch, French and English
and no regie; the platform's own address lists the regies and serves nothing else of them."""
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from regie.models import RegieHost
from tests.factories import RegieFactory
from tests.vouchers_factories import CallFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names, forms and commands: no date rule

ZUIDOOST = ("Regie sociale economie Zuidoost-Limburg", "socialeeconomie@regie-zuidoost-limburg.example",
            "+32 12 00 00 00", "Stadhuisplein 1, 3700 Tongeren")
MAASLAND = ("Regie Maasland", "cheque@regie-maasland.example", "+32 89 11 22 33", "Markt 1, 3680 Maaseik")
UNKNOWN_HOST = ("Onbekend adres", "Adresse inconnue", "Unknown address")


@pytest.fixture
def maasland(db):
    return RegieFactory(
        short_name="maasland", name=MAASLAND[0], region_name="Maasland", programme_name="Maaslandcheque",
        contact_email=MAASLAND[1], contact_phone=MAASLAND[2], postal_address=MAASLAND[3],
        sender_email="noreply@regie-maasland.example", primary_colour="#1f4e8c", accent_colour="#6b1d5c",
        introduction="Welkom in het Maasland.\n\nOndernemers <b>en</b> sociale economie.", is_demo=True,
        hosts=["maasland.example", "cheque.maasland.example"])


def page(client, path, host):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("path", ["/nl/", "/nl/ondernemingen/", "/fr/vie-privee/", "/en/accessibility/"])
def test_each_host_shows_its_own_regies_name_and_contact_and_never_the_others(client, maasland, path):
    for host, own, other in (("maasland.example", MAASLAND, ZUIDOOST), ("testserver", ZUIDOOST, MAASLAND)):
        html = page(client, path, host)
        assert all(value in html for value in own), (host, path)
        assert not any(value in html for value in other), (host, path)
        assert f"· {own[0]}</title>" in html


def test_the_catalogue_and_the_home_page_name_the_regies_region_and_programme(client, maasland):
    catalogue = page(client, "/nl/ondernemingen/", "maasland.example")
    lead = catalogue.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    assert "Maasland" in lead and "Zuidoost" not in lead
    home = page(client, "/nl/", "maasland.example")
    assert "<title>Maaslandcheque · Regie Maasland</title>" in home
    assert '<p class="programme-name mb-2">Maaslandcheque</p>' in home


def test_the_home_page_and_the_form_invite_to_apply_for_the_regies_own_programme(client, maasland):
    CallFactory(regie=maasland)
    home = page(client, "/nl/", "maasland.example")
    assert ">Maaslandcheque aanvragen</a>" in home and "kennismakingscheque" not in home.lower()
    assert "<h1>Maaslandcheque aanvragen</h1>" in page(client, "/nl/aanvragen/", "maasland.example")
    assert ">Faire une demande de Maaslandcheque</a>" in page(client, "/fr/", "maasland.example")
    assert "<h1>Apply for the Maaslandcheque</h1>" in page(client, "/en/apply/", "maasland.example")


def test_the_regies_introduction_is_plain_text_in_paragraphs(client, maasland):
    home = page(client, "/nl/", "maasland.example")
    assert "<p>Welkom in het Maasland.</p>" in home
    assert "<p>Ondernemers &lt;b&gt;en&lt;/b&gt; sociale economie.</p>" in home and "<b>en</b>" not in home


def test_a_demo_regie_says_so_on_its_pages_and_a_real_one_does_not(client, maasland):
    assert 'class="badge badge-demo"' in page(client, "/nl/", "maasland.example")
    assert 'class="badge badge-demo"' not in page(client, "/nl/", "testserver")


def test_every_host_of_a_regie_serves_that_regie(client, maasland):
    for host in ("maasland.example", "cheque.maasland.example"):
        assert "<title>Maaslandcheque · Regie Maasland</title>" in page(client, "/nl/", host)


@pytest.mark.parametrize("host", ["maasland.example:8000", "MAASLAND.EXAMPLE", "maasland.example.",
                                  "Cheque.Maasland.Example.:8443"])
def test_a_port_capitals_or_a_trailing_dot_still_find_the_regie(client, maasland, host):
    assert MAASLAND[1] in page(client, "/nl/", host)


@pytest.mark.parametrize("host", ["unknown.example", "maasland.example.evil.example", "testserver.example",
                                  "no host name!", "[::1]:8000"])
@pytest.mark.parametrize("path", ["/", "/nl/", "/nl/ondernemingen/", "/admin/login/", "/regie.css"])
def test_an_unknown_host_gets_400_in_three_languages_and_no_regie(client, maasland, host, path):
    response = client.get(path, HTTP_HOST=host)
    html = response.content.decode()
    assert response.status_code == 400
    assert all(heading in html for heading in UNKNOWN_HOST)
    assert not any(value in html for value in ZUIDOOST + MAASLAND)


@pytest.fixture
def platform(settings, maasland):
    settings.PLATFORM_HOSTS = ["platform.localhost"]
    return "platform.localhost"


def test_the_platform_host_lists_the_regies_each_linking_to_its_own_host(client, platform, settings):
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "https", "8443"
    html = page(client, "/", platform)
    assert '<a class="fs-5 fw-semibold" href="https://testserver:8443/">Regie sociale economie Zuidoost-Limburg</a>' \
        in html
    assert '<a class="fs-5 fw-semibold" href="https://maasland.example:8443/">Regie Maasland</a>' in html
    assert not any(value in html for value in ZUIDOOST[1:] + MAASLAND[1:])  # the list, no regie's contact


@pytest.mark.parametrize("path", ["/nl/", "/nl/ondernemingen/", "/admin/", "/regie.css", "/bestaat-niet/"])
def test_the_platform_host_serves_nothing_of_a_regie(client, platform, path):
    response = client.get(path, HTTP_HOST=platform)
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and 'href="/"' in html
    assert not any(value in html for value in ZUIDOOST + MAASLAND)


def test_health_answers_on_the_platform_host(client, platform):
    response = client.get("/health/", HTTP_HOST=platform)
    assert response.status_code in (200, 503) and response.json()["status"] in ("ok", "failing")


def test_regie_css_gives_each_regie_its_colours(client, maasland):
    zuidoost = client.get("/regie.css", HTTP_HOST="testserver")
    ours = client.get("/regie.css", HTTP_HOST="maasland.example")
    assert zuidoost["Content-Type"] == "text/css; charset=utf-8"
    assert "--brand:#0b5d4b;--brand-dark:#07402f;" in zuidoost.content.decode()
    assert "--brand:#1f4e8c;--brand-dark:#6b1d5c;" in ours.content.decode()
    assert ours["Cache-Control"] == "public, max-age=86400" and ours["ETag"] != zuidoost["ETag"]


def test_regie_css_is_not_sent_again_while_the_colours_stay_and_is_when_they_change(client, maasland):
    first = client.get("/regie.css", HTTP_HOST="maasland.example")
    again = client.get("/regie.css", HTTP_HOST="maasland.example", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    maasland.primary_colour = "#8a1538"
    maasland.save()
    changed = client.get("/regie.css", HTTP_HOST="maasland.example", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "--brand:#8a1538;" in changed.content.decode()


def test_each_page_links_its_regies_colours_after_the_sites_stylesheet(client, maasland):
    html = page(client, "/nl/", "maasland.example")
    site_css = html.index("/static/css/site.css")
    regie_css = html.index('href="/regie.css?v=')
    assert site_css < regie_css
    other = page(client, "/nl/", "testserver")
    assert other[other.index('href="/regie.css?v='):].split('"')[1] != html[regie_css:].split('"')[1]


def test_the_tint_and_the_links_keep_4_5_to_1_whatever_brand_colours_a_regie_chose():
    from regie.models.brand import contrast_ratio
    from regie.web.stylesheet import LIGHT_GREY, properties

    for primary, accent in (("#767676", "#757575"), ("#d6001c", "#005a9c"), ("#0b5d4b", "#07402f")):
        colours = properties(primary, accent)
        light, link = colours["--brand-light"], colours["--brand-link"]
        assert contrast_ratio(primary, light) >= 4.5 and contrast_ratio(accent, light) >= 4.5
        assert min(contrast_ratio(link, background) for background in ("#ffffff", LIGHT_GREY, light)) >= 4.5


def test_the_printed_colours_keep_the_call_label_and_the_muted_line_readable_whatever_the_colours():
    """The PDFs' colours (regie.web.stylesheet.printed): the regie's own where text on the yellow call label and the
    grey line on the dark band read at 4.5:1, near-black and white where they would not."""
    from regie.models import Regie
    from regie.web.stylesheet import printed

    green = dict(item.split(":") for item in printed(Regie(primary_colour="#0b5d4b", accent_colour="#07402f"))
                 .split(";"))
    grey = dict(item.split(":") for item in printed(Regie(primary_colour="#767676", accent_colour="#757575"))
                .split(";"))
    assert green["--brand-on-badge"] == "#07402f" and green["--brand-muted"] == "#e3efe9"
    assert grey["--brand-on-badge"] == "#1d2327" and grey["--brand-muted"] == "#ffffff"
    assert grey["--brand"] == "#767676" and grey["--brand-dark"] == "#757575"


def test_the_admin_is_headed_with_the_regie_of_its_host(client, maasland):
    html = page(client, "/admin/login/", "maasland.example")
    assert '<div id="site-name"><a href="/admin/">Regie Maasland</a></div>' in html
    assert "Zuidoost" not in html


def test_the_500_page_names_the_regie_only_when_the_request_has_it(maasland):
    from regie.web.views import server_error

    request = RequestFactory().get("/nl/", HTTP_HOST="maasland.example")
    generic = server_error(request).content.decode()
    assert not any(value in generic for value in ZUIDOOST + MAASLAND)
    request.regie = maasland
    named = server_error(request).content.decode()
    assert MAASLAND[0] in named and MAASLAND[1] in named and ZUIDOOST[0] not in named


def regie_reads(client, path, host):
    """The page's status and how many of its queries read the regies' host names."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=host)
    return response.status_code, sum("regie_regiehost" in q["sql"] for q in captured)


def test_a_hosts_regie_is_read_once_and_a_change_to_a_host_or_its_regie_shows_at_the_next_request(client, maasland):
    assert regie_reads(client, "/en/accessibility/", "maasland.example")[1] >= 1
    assert regie_reads(client, "/en/accessibility/", "maasland.example") == (200, 0)  # every page asks it

    host = RegieHost.objects.get(name="maasland.example")
    host.name = "www.maasland.example"
    host.save()
    assert regie_reads(client, "/en/accessibility/", "maasland.example")[0] == 400
    assert "Regie Maasland" in page(client, "/en/accessibility/", "www.maasland.example")

    maasland.name = "Regie Maasland en Kempen"
    maasland.save()
    assert "· Regie Maasland en Kempen</title>" in page(client, "/en/accessibility/", "www.maasland.example")

    RegieHost.objects.filter(name="www.maasland.example").delete()
    assert regie_reads(client, "/en/accessibility/", "www.maasland.example")[0] == 400
    assert "Regie Maasland en Kempen" in page(client, "/en/accessibility/", "cheque.maasland.example")


def test_a_host_added_to_a_regie_serves_it_at_once(client, maasland):
    assert client.get("/nl/", HTTP_HOST="cheque.maasland.be").status_code == 400  # not kept: any name could be sent
    RegieHost.objects.create(regie=maasland, name="cheque.maasland.be")
    assert "Regie Maasland" in page(client, "/nl/", "cheque.maasland.be")
