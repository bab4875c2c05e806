"""Each language has its own addresses (/fr/demander/, /en/apply/); the cheque's printed address is the same in
all three; every Dutch address under /fr/ and /en/ (bookmarks, mails already sent) still leads to its page."""
import re
import uuid

import pytest
from django.core import mail
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import FirmMembershipFactory
from tests.redemption_helpers import issued_voucher
from tests.vouchers_factories import ApplicationFactory
from vouchers import links, notifications
from vouchers.models import FollowUp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SITE = "http://testserver"  # the primary host of the regie every test runs as (tests/conftest.py)
SAMPLE = {"str": "Abc123", "uuid": str(uuid.UUID(int=7)), "slug": "de-groene-hand", "": "MQ"}  # per converter
PASSWORD = "a-long-test-password"  # tests/factories.py
SAME_IN_FRENCH = {"vouchers:home", "vouchers:verify"}  # the cheque's address is printed on paper
SAME_IN_ENGLISH = {"vouchers:home", "vouchers:verify", "partner:home", "privacy"}  # English words as in Dutch


def pages():
    """(view name, Dutch route) of every page under the language prefix, found by walking the resolver."""
    def walk(patterns, namespace, route):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, route + str(pattern.pattern))
            else:
                yield f"{namespace}{pattern.name}", route + str(pattern.pattern)

    [prefixed] = [p for p in get_resolver().url_patterns
                  if isinstance(getattr(p, "pattern", None), LocalePrefixPattern)]
    with translation.override("nl"):
        return list(walk(prefixed.url_patterns, "", ""))


def address(language, name, route):
    kwargs = {key: SAMPLE[converter] for converter, key in re.findall(r"<(?:(\w+):)?(\w+)>", route)}
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_the_walk_finds_the_pages_of_the_site_and_the_portal():
    names = {name for name, _route in pages()}
    assert {"vouchers:apply", "vouchers:followup", "partner:login", "partner:redeem", "enterprises:detail",
            "privacy"} <= names and len(names) >= 30


@pytest.mark.parametrize("language, same", [("fr", SAME_IN_FRENCH), ("en", SAME_IN_ENGLISH)])
def test_every_dutch_address_under_fr_and_en_moves_permanently_to_the_translated_one(client, language, same):
    for name, route in pages():
        dutch, translated = address("nl", name, route), address(language, name, route)
        assert (dutch[3:] == translated[3:]) is (name in same), (name, dutch, translated)
        if name in same:
            continue
        old = f"/{language}{dutch[3:]}"
        response = client.get(old, {"pagina": "2"})
        assert response.status_code == 301, old
        assert response["Location"] == f"{translated}?pagina=2", old
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("old, new", [
    ("/fr/opvolging/Abc.123:x-y/", "/fr/suivi/Abc.123:x-y/"),
    ("/fr/aanvraag/Abc.123:x-y/", "/fr/demande/Abc.123:x-y/"),
    ("/fr/aanvraag/bevestigen/Abc.123:x-y/", "/fr/demande/confirmer/Abc.123:x-y/"),
    ("/fr/partner/aanmelden/?next=/fr/partner/", "/fr/partenaire/connexion/?next=/fr/partner/"),
    ("/fr/aanvragen", "/fr/demander/"),
    ("/en/aanvragen/verstuurd/", "/en/apply/sent/"),
    ("/en/ondernemingen/de-groene-hand/", "/en/enterprises/de-groene-hand/"),
    ("/en/toegankelijkheid/", "/en/accessibility/"),
])
def test_links_in_mails_already_sent_still_open_their_page(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


@pytest.mark.parametrize("browser, new", [("fr", "/fr/demander/"), ("en", "/en/apply/"), ("nl", "/nl/aanvragen/")])
def test_an_address_without_language_opens_the_page_in_the_browsers_language(client, browser, new):
    response = client.get("/aanvragen/", HTTP_ACCEPT_LANGUAGE=browser)
    assert response.status_code == 302 and response["Location"] == new


def test_a_form_sent_to_an_old_address_is_sent_on_with_its_data(client):
    response = client.post("/fr/aanvraag/link/", {"email": "an@example.be"})
    assert response.status_code == 308 and response["Location"] == "/fr/demande/lien/"


@pytest.mark.parametrize("path", [
    "/fr//evil.example/", "/fr/\\evil.example/", "/fr/opvolging/%0d%0aSet-Cookie:x/", "/en/aanvraag/%00/",
    "/fr/aanvraag/a/inwisselingen/niet-een-uuid/bevestigen/", "/fr/bestaat-niet/", "/fr-be/aanvragen/",
    "/fr/demande/onbekend/", "/nl/demander/", "/de/aanvragen/",
])
def test_odd_or_unknown_addresses_get_a_404_and_never_leave_the_site(client, path):
    response = client.get(path)
    assert response.status_code < 500, path
    assert not response.get("Location", "/").startswith(("//", "/\\", "http")), path


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_printed_cheque_address_is_the_same_in_every_language(client, language):
    voucher = issued_voucher(language=language)
    response = client.get(f"/{language}/cheque/{voucher.code}/")
    assert response.status_code == 200
    assert voucher.get_verification_url(language) == f"{SITE}/{language}/cheque/{voucher.code}/"


def test_french_pages_have_french_addresses():
    with translation.override("fr"):
        assert [reverse("vouchers:apply"), reverse("vouchers:submitted"), reverse("partner:login"),
                reverse("partner:redeem"), reverse("enterprises:catalogue"), reverse("privacy"),
                reverse("accessibility"), reverse("vouchers:followup", kwargs={"token": "t"})] == [
            "/fr/demander/", "/fr/demander/envoyee/", "/fr/partenaire/connexion/", "/fr/partenaire/encaisser/",
            "/fr/entreprises/", "/fr/vie-privee/", "/fr/accessibilite/", "/fr/suivi/t/"]
    with translation.override("en"):
        assert [reverse("vouchers:apply"), reverse("partner:login"), reverse("enterprises:catalogue")] == [
            "/en/apply/", "/en/partner/login/", "/en/enterprises/"]


def french_links(message):
    paths = [link.removeprefix(SITE) for link in re.findall(r"https?://\S+", message.body)]
    assert paths and all(path.startswith("/fr/") for path in paths), paths
    dutch = re.compile(r"/(aanvra\w*|ondernemingen|opvolging|partner|inwissel\w*|bevestigen)/")
    assert not any(dutch.search(path) for path in paths), paths
    return paths


def test_a_french_mail_links_to_french_addresses_that_open(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        voucher = issued_voucher(language="fr", email="amelie@example.be")
    [approved] = [m for m in mail.outbox if m.to == ["amelie@example.be"]]
    paths = french_links(approved)
    assert "/fr/entreprises/" in paths and any(path.startswith("/fr/demande/") for path in paths)
    assert [client.get(path).status_code for path in paths] == [200] * len(paths)

    firm = FirmMembershipFactory()
    asked = FollowUp.objects.create(voucher=voucher, enterprise=firm.enterprise, respondent="business",
                                    sent_at=timezone.now())
    notifications.mail_followup(asked, "followup_question")
    [path] = [p for p in french_links(mail.outbox[-1]) if "/suivi/" in p]
    assert path.startswith("/fr/suivi/") and client.get(path).status_code == 200


def test_a_french_confirmation_link_confirms(client):
    application = ApplicationFactory(language="fr", status="submitted")
    path = links.confirm_url(application).removeprefix(SITE)
    assert path.startswith("/fr/demande/confirmer/")
    assert client.get(path).status_code in (200, 302)


@pytest.mark.parametrize("path, others", [
    ("/nl/aanvragen/", {"fr": "/fr/demander/", "en": "/en/apply/"}),
    ("/fr/partenaire/connexion/?next=/fr/partenaire/", {"nl": "/nl/partner/aanmelden/?next=%2Ffr%2Fpartenaire%2F",
                                                         "en": "/en/partner/login/?next=%2Ffr%2Fpartenaire%2F"}),
    ("/en/enterprises/?gemeente=voeren", {"nl": "/nl/ondernemingen/?gemeente=voeren",
                                          "fr": "/fr/entreprises/?gemeente=voeren"}),
])
def test_the_language_switcher_goes_to_the_same_page_in_the_other_language(client, path, others):
    html = client.get(path).content.decode()
    switcher = html.split('class="language-switcher', 1)[1].split("</ul>", 1)[0]
    for language, url in others.items():
        assert f'href="{url}" hreflang="{language}"' in switcher


@pytest.mark.parametrize("path", ["/fr/demande/lien/", "/fr/partenaire/connexion/", "/en/application/link/"])
def test_personal_pages_in_french_and_english_are_never_stored(client, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def code_for(user):
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_a_french_firm_user_with_a_second_factor_gives_it_before_the_french_portal(client, settings):
    settings.STAFF_TWO_FACTOR = True
    user = FirmMembershipFactory().user
    client.post("/fr/partenaire/connexion/", {"username": user.username, "password": PASSWORD})
    assert client.get("/fr/partenaire/deux-etapes/")["Location"].startswith("/fr/partenaire/deux-etapes/activer/?")
    assert client.get("/fr/partenaire/deux-etapes/activer/").status_code == 200
    client.post("/fr/partenaire/deux-etapes/activer/", {"code": code_for(user)})
    client.logout()
    client.post("/fr/partenaire/connexion/", {"username": user.username, "password": PASSWORD})
    redeem = client.get("/fr/partenaire/encaisser/")
    assert redeem["Location"] == "/fr/partenaire/deux-etapes/?next=/fr/partenaire/encaisser/"
    assert client.get("/fr/partenaire/connexion/").status_code in (200, 302)  # the way in stays open


def test_an_old_address_with_bytes_that_are_no_text_is_not_sent_to_another_link(client):
    response = client.get("/fr/opvolging/%E9%E9/")
    assert response.status_code == 404 and "Location" not in response
