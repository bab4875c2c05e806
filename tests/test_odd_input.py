"""No input gives a server error: every address, query parameter and form field gets a page or a 4xx with a clear
message in the reader's language (DESIGN.md, "Bad input"). The sweep finds what to send from the URL resolver and
the admin registry (tests/odd_input.py), so a page added later is covered without anyone listing it; the tests
below it pin what a user sees for the inputs an attacker tried (issue 15)."""
import copy
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation

from regie.models import OutgoingMail
from tests import odd_input
from tests.demo import seed_demo
from tests.e2e.admin_pages import survey
from tests.e2e.site_pages import LANGUAGES, PARTNER_USER, partner_paths, path_in, public_paths
from tests.support.demo_snapshot import demo_data

pytestmark = pytest.mark.slow  # the demo's every page, about 4,500 requests (~1 min); does not depend on the date

FORM = "application/x-www-form-urlencoded"
BAD_REQUEST = {"nl": "Dit verzoek kunnen we niet lezen", "fr": "Nous ne pouvons pas lire cette demande",
               "en": "We cannot read this request"}
SITE_QUERY = ("q", "next", "pagina", "page", "lang")


@pytest.fixture
def demo(db, settings, request):
    """The demo, with django-axes on as in production and a row of each kind the demo lacks (so its pages exist)."""
    settings.AXES_ENABLED = True
    demo_data(request, "demo", seed_demo)
    call_command("check_ledger")
    OutgoingMail.objects.create(sender="regie@demo.example", recipients=["info@demo.example"], subject="Demo",
                                message=b"Subject: Demo\n\nDemo")
    AccessAttempt.objects.create(user_agent="Demo", ip_address="127.0.0.1", username="demo", http_accept="text/html",
                                 path_info="/admin/login/", get_data="", post_data="", failures_since_start=1)


class Visitor:
    """A client that notes every server error, and every 400 that is not the site's page in the reader's language."""

    def __init__(self, who, username=None):
        self.who, self.client, self.failures, self.count = who, Client(raise_request_exception=False), [], 0
        self.sent_forms = set()
        if username is not None:
            self.client.force_login(get_user_model().objects.get(username=username))

    def get(self, path):
        return self._check("GET", path, self.client.get(path))

    def post(self, path, body):
        cookies = copy.deepcopy(self.client.cookies)  # a log-out or a log-in stays in this request
        with transaction.atomic():
            response = self.client.post(path, body, content_type=FORM)
            transaction.set_rollback(True)
        self.client.cookies = cookies
        return self._check("POST", path, response, body)

    def _check(self, method, path, response, body=""):
        self.count += 1
        status = response.status_code
        html = "" if response.streaming else response.content.decode(errors="replace")
        where = f"{self.who}: {method} {path[:150]} {body[:100]}".strip()
        if status >= 500:
            error = getattr(response, "exc_info", None)
            self.failures.append(f"{where} -> {status} {error[1]!r}"[:400] if error else f"{where} -> {status}")
        elif status == 400:
            prefix = path.split("/")[1]
            language = prefix if prefix in LANGUAGES else "nl"  # the admin: Dutch, the client asks for no language
            if odd_input.lang(html) != language or "<main" not in html:  # a page of the site, not a bare error
                self.failures.append(f"{where} -> 400 without a page of the site in {language}: {html[:100]!r}")
        return response

    def page(self, path):
        """The page's HTML, if `path` answers with one."""
        response = self.get(path)
        is_html = response.get("Content-Type", "").startswith("text/html")
        return response.content.decode() if response.status_code == 200 and is_html and not response.streaming else None

    def odd_forms(self, path, html):
        """Odd values in each form of the page, once per form (the log-out button of every page is one form)."""
        for action, names, values in odd_input.forms(path, html):
            form = (resolve(urlsplit(action).path).view_name, tuple(names))
            if form in self.sent_forms:
                continue
            self.sent_forms.add(form)
            for body in odd_input.odd_bodies(names, values).values():
                self.post(action, body)


def _site_visit(visitor, paths, languages=LANGUAGES):
    """Odd parts in every site address; on each page, odd query parameters and odd values in every form."""
    for language in languages:
        with translation.override(language):
            for route, _name in odd_input.site_routes():
                for path in odd_input.odd_paths(route):
                    visitor.get(path)
    for language in LANGUAGES:
        for path in paths(language):
            html = visitor.page(path)
            if html:
                for query in odd_input.odd_query_sets(path, SITE_QUERY + tuple(odd_input.query_fields(html))):
                    visitor.get(query)
                visitor.odd_forms(path, html)


def _admin_visit(visitor, username):
    """Every admin page the user opens (with odd query parameters and forms), odd admin addresses and actions."""
    user = get_user_model().objects.get(username=username)

    def fetch(path):
        response = visitor.get(path)
        is_html = response.get("Content-Type", "").startswith("text/html") and not response.streaming
        return response.status_code, response.headers, response.content.decode() if is_html else ""

    found = survey(username, fetch)
    for page in found.pages:
        match = resolve(page.path.split("?")[0])
        model_admin = getattr(match.func, "model_admin", None)
        if page.how != "GET":
            visitor.odd_forms(page.path, page.html)
        elif model_admin and match.url_name.endswith("_changelist") and "?" not in page.path:
            for query in odd_input.odd_queries(page.path, odd_input.changelist_parameters(model_admin, user)):
                visitor.get(query)
        elif "?" not in page.path:
            parameters = odd_input.ADMIN_QUERY + tuple(odd_input.query_fields(page.html))
            for query in odd_input.odd_query_sets(page.path, parameters):
                visitor.get(query)
            visitor.odd_forms(page.path, page.html)
    for path in odd_input.odd_admin_paths():
        visitor.get(path)
    for changelist, body in odd_input.odd_actions(user):
        visitor.post(changelist, body)
    return found.server_errors


def test_no_address_parameter_or_form_field_gives_a_server_error(demo):
    anonymous, firm = Visitor("anonymous"), Visitor("firm user", PARTNER_USER)
    coordinator = Visitor("coordinator", "coordinator")
    _site_visit(anonymous, public_paths)
    _site_visit(firm, partner_paths, languages=("nl",))  # the same addresses as anonymous, logged in
    admin_login = reverse("admin:login")
    anonymous.odd_forms(admin_login, anonymous.page(admin_login))
    survey_errors = _admin_visit(coordinator, "coordinator")

    failures = anonymous.failures + firm.failures + coordinator.failures
    assert failures + survey_errors == [], "\n".join(failures + survey_errors)
    assert anonymous.count + firm.count + coordinator.count > 2_000


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_username_too_long_for_any_account_is_refused_by_the_partner_log_in(demo, client, language):
    response = client.post(path_in(language, "partner:login"), {"username": "a" * 256, "password": "x"})

    assert response.status_code == 200
    assert {"nl": "niet meer dan 150 tekens", "fr": "au plus 150 caractères",
            "en": "at most 150 characters"}[language] in response.content.decode()
    assert not AccessAttempt.objects.filter(username__startswith="aaaa").exists()


def test_a_username_too_long_for_any_account_is_refused_by_the_admin_log_in(demo, client):
    response = client.post(reverse("admin:login"), {"username": "a" * 256, "password": "x"}, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 200
    assert "niet meer dan 150 tekens" in response.content.decode()
    assert not AccessAttempt.objects.filter(username__startswith="aaaa").exists()


@pytest.mark.parametrize("model", ["application", "voucher", "redemption", "payoutbatch"])
def test_a_nul_byte_in_an_admin_list_filter_is_refused_with_a_message(demo, client, model):
    client.force_login(get_user_model().objects.get(username="coordinator"))

    response = client.get(f"/admin/vouchers/{model}/?status__exact=%00", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert BAD_REQUEST["fr"] in response.content.decode()
    assert "un octet NUL" in response.content.decode()


def test_an_admin_action_on_a_row_that_is_no_number_is_refused_with_a_message(demo, client):
    client.force_login(get_user_model().objects.get(username="coordinator"))

    response = client.post("/admin/vouchers/application/", {"action": "approve", "index": 0,
                                                           "_selected_action": ["1", "abc"]})

    assert response.status_code == 400
    assert BAD_REQUEST["nl"] in response.content.decode()
    assert "De selectie bevat iets wat geen rij van deze lijst is." in response.content.decode()
