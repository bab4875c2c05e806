"""Each firm user and staff member has a language: taken from the browser at their first log-in, chosen on
the partner page "Taal" or the admin's "My language", or set by a coordinator on the user's page; the admin
shows in it."""
from html.parser import HTMLParser

import pytest

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language, preferred_language
from regie.models import AuditEvent, UserProfile
from tests.factories import FirmMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"  # UserFactory's


def language_of(user):
    return UserProfile.objects.filter(user=user).values_list("language", flat=True).first()


def test_a_firm_user_gets_the_language_of_the_page_they_first_log_in_on(client, firm_user):
    assert preferred_language(firm_user) == "nl"
    client.post("/fr/partenaire/connexion/", {"username": firm_user.username, "password": PASSWORD})
    firm_user.refresh_from_db()
    assert language_of(firm_user) == "fr" and preferred_language(firm_user) == "fr"
    client.post("/fr/partenaire/deconnexion/")
    client.post("/en/partner/login/", {"username": firm_user.username, "password": PASSWORD})
    assert language_of(firm_user) == "fr"  # a language once set stays


def test_a_firm_user_lands_on_the_partner_portal_in_their_own_language(client, firm_user):
    choose_language(user=firm_user, language="fr", by=firm_user)
    logged_in = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": PASSWORD})
    assert logged_in.status_code == 302 and logged_in["Location"] == "/fr/partenaire/"
    client.post("/fr/partenaire/deconnexion/")
    asked = client.post("/nl/partner/aanmelden/?next=/nl/partner/inwisselen/",
                        {"username": firm_user.username, "password": PASSWORD})
    assert asked["Location"] == "/nl/partner/inwisselen/"  # a page asked for is the page given


def test_staff_get_their_browsers_language_at_first_log_in_and_the_admin_speaks_it(client, staff_user):
    coordinator = staff_user(COORDINATORS)
    client.post("/admin/login/", {"username": coordinator.username, "password": PASSWORD},
                HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,nl;q=0.8")
    assert language_of(coordinator) == "fr"
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")  # the profile wins over the browser
    assert page["Content-Language"] == "fr" and '<html lang="fr"' in page.content.decode()
    assert "Ma langue" in page.content.decode()


def test_a_staff_member_chooses_their_language_in_the_admin(client, staff_user):
    coordinator = staff_user(COORDINATORS)
    client.force_login(coordinator)
    page = client.get("/admin/mijn-taal/")
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode() and "Français" in page.content.decode()
    response = client.post("/admin/mijn-taal/", {"language": "fr"}, follow=True)
    assert language_of(coordinator) == "fr" and response["Content-Language"] == "fr"
    assert "désormais en français" in response.content.decode()
    assert AuditEvent.objects.filter(action="user.language_chosen", actor=coordinator).exists()
    assert client.get("/admin/")["Content-Language"] == "fr"


def test_firm_users_cannot_open_the_admins_language_page(client, firm_user):
    client.force_login(firm_user)
    assert client.get("/admin/mijn-taal/").status_code == 302


def test_a_firm_user_chooses_the_language_of_their_mails(client, firm_user):
    client.force_login(firm_user)
    home = client.get("/nl/partner/").content.decode()
    assert 'href="/nl/partner/taal/"' in home and "Taal van je e-mails" in home
    response = client.post("/nl/partner/taal/", {"language": "fr"})
    assert response.status_code == 302 and response["Location"] == "/fr/partenaire/"
    assert language_of(firm_user) == "fr"
    assert "vos e-mails du portail sont désormais en français" in client.get("/fr/partenaire/").content.decode()
    event = AuditEvent.objects.get(action="user.language_chosen")
    assert event.actor == firm_user and event.data == {"language": "fr", "before": ""}


def test_a_wrong_language_is_refused_next_to_the_field(client, firm_user):
    client.force_login(firm_user)
    response = client.post("/nl/partner/taal/", {"language": "de"})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert language_of(firm_user) is None  # nothing saved
    with pytest.raises(ValueError):
        choose_language(user=firm_user, language="de", by=firm_user)


def test_the_partner_language_page_needs_a_log_in(client):
    response = client.get("/fr/partenaire/langue/")
    assert response.status_code == 302 and "/fr/partenaire/connexion/" in response["Location"]


class FormFields(HTMLParser):
    """The values a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.select, self.data = form_id, False, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            choice = attrs.get("type") in ("checkbox", "radio")
            if attrs.get("type") != "submit" and ("checked" in attrs or not choice):
                self.data.append((attrs["name"], attrs.get("value", "on" if choice else "")))
        elif self.inside and tag == "select":
            self.select = attrs.get("name")
        elif self.inside and tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "form"
        self.select = None if tag == "select" else self.select


def submitted_form(html, form_id, **changes):
    parser = FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return {**data, **changes}


def test_a_coordinator_sets_a_firm_users_language_on_the_users_page(client, staff_user):
    coordinator, firm_user = staff_user(COORDINATORS), FirmMembershipFactory().user
    client.force_login(coordinator)
    url = f"/admin/auth/user/{firm_user.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="profile-0-language"' in page
    response = client.post(url, submitted_form(page, "user_form", **{"profile-0-language": "fr"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert language_of(firm_user) == "fr"
    assert AuditEvent.objects.filter(action="user.language_chosen", actor=coordinator,
                                     object_id=str(firm_user.pk)).exists()


def test_a_users_language_reads_from_the_profile_else_the_default():
    user = UserFactory()
    assert preferred_language(user) == "nl" and preferred_language(user, default="fr-BE") == "fr"
    assert preferred_language(user, default="de") == "nl"
    choose_language(user=user, language="en", by=None)
    user.refresh_from_db()
    assert preferred_language(user, default="fr") == "en"


def test_a_french_speaking_coordinator_reads_the_calls_french_name_in_the_admin(client, staff_user):
    from tests.vouchers_factories import CallFactory

    CallFactory(name="Oproep 2027", name_fr="Appel 2027")
    CallFactory(name="Oproep 2028")  # a filter shows from two choices on; no French name: the Dutch one
    coordinator = staff_user(COORDINATORS)
    choose_language(user=coordinator, language="fr", by=coordinator)
    client.force_login(coordinator)
    listing = client.get("/admin/vouchers/application/").content.decode()  # the call filter names each call
    assert "Appel 2027" in listing and "Oproep 2027" not in listing and "Oproep 2028" in listing
