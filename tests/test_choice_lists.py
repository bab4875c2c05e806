"""A phone has no Ctrl key: every field with several choices on a public or partner page is a list of checkboxes
(grouped, with a search box when long), never a list box (<select multiple>)."""
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from enterprises.models import SocialEnterprise
from tests.demo import seed_demo
from tests.e2e.site_pages import LANGUAGES, PARTNER_PASSWORD, PARTNER_USER, partner_paths, public_paths
from tests.factories import MunicipalityFactory, PostcodeFactory, ServiceCategoryFactory, SocialEnterpriseFactory
from tests.support.demo_snapshot import demo_data
from tests.vouchers_factories import CallFactory
from vouchers.models import Application, Voucher

pytestmark = pytest.mark.django_db

# Named addresses of the site that are not a page with a form to look at, or that the walk below cannot open.
NOT_WALKED = {
    "health": "monitoring, JSON",
    "regie_css": "the regie's colours, a stylesheet",
    "logo": "an image",
    "vouchers:cheque_pdf": "a PDF",
    "partner:invoice": "a PDF",
    "partner:advice": "a PDF",
    "vouchers:withdraw": "POST only (a button on the personal page)",
    "vouchers:confirm_redemption": "POST only (a button on the personal page)",
    "vouchers:contest_redemption": "POST only (a button on the personal page)",
    "partner:logout": "POST only",
    "vouchers:submitted": "the page after sending an application; no form",
    "partner:password_reset_done": "a message; no form",
    "partner:password_reset_complete": "a message; no form",
    "partner:password_reset_confirm": "needs a mailed token; two password fields",
    "partner:two_factor": "needs a second factor; one code field",
    "networking:registered": "the page after registering for a meeting; no form",
    "networking:calendar": "an iCalendar file",
    "networking:attendees_pdf": "a PDF, staff only",
    "networking:attendees_xlsx": "a spreadsheet, staff only",
    "networking:door": "staff only: tests/test_meeting_door.py and tests/e2e/test_meeting_door.py",
    "partner:meeting_register": "POST only (a button on the partner home)",
    "vouchers:introductions_consent": "POST only (a button on the personal page)",
}


class Controls(HTMLParser):
    """The form controls of a page: list boxes that take several choices, checkboxes by name, and legends."""

    def __init__(self, html):
        super().__init__()
        self.list_boxes, self.checkboxes, self.ticked, self.legends, self.search_boxes = [], {}, {}, [], []
        self.boxes_by_id, self.labels = {}, {}  # checkbox id: (name, value); label text: the id it is for
        self._in_legend, self._label_for = False, None
        self.feed(html)

    def tick(self, label):
        """The name and value a browser sends for the checkbox with this label, once ticked."""
        return self.boxes_by_id[self.labels[label]]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and "multiple" in attrs:
            self.list_boxes.append(attrs.get("name"))
        if tag == "input" and attrs.get("type") == "checkbox":
            self.checkboxes.setdefault(attrs["name"], []).append(attrs.get("value"))
            self.boxes_by_id[attrs.get("id")] = (attrs["name"], attrs.get("value"))
            if "checked" in attrs:
                self.ticked.setdefault(attrs["name"], []).append(attrs.get("value"))
        if tag == "input" and attrs.get("type") == "search":
            self.search_boxes.append(attrs["id"])
        self._in_legend = tag == "legend"
        self._label_for = attrs.get("for") if tag == "label" else None

    def handle_data(self, data):
        if self._in_legend and data.strip():
            self.legends.append(data.strip())
        if self._label_for and data.strip():
            self.labels[data.strip()] = self._label_for

    def handle_endtag(self, tag):
        self._in_legend, self._label_for = False, None


def _site_names(patterns=None, namespace=None):
    """Every named address the URL resolver knows outside the admin, as `namespace:name`."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _site_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _list_boxes(client, path):
    response = client.get(path)
    assert response.status_code in (200, 403, 404), path  # an invalid link and an unknown address are pages too
    return Controls(response.content.decode()).list_boxes


def _second_step_of_a_redemption(client, language):
    voucher = Voucher.objects.filter(status="issued").select_related("application").first()
    with translation.override(language):
        response = client.post(reverse("partner:redeem"), {
            "code": voucher.code, "enterprise_number": voucher.application.enterprise_number,
            "firm": SocialEnterprise.objects.get(slug="de-groene-hand").pk}, follow=True)
    return response.redirect_chain[-1][0]


def _name(path, language):
    with translation.override(language):
        match = resolve(path.split("?")[0])
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


@pytest.mark.slow
def test_no_public_or_partner_page_has_a_list_box_that_needs_ctrl(client, request):
    demo_data(request, "demo", seed_demo)
    partner = Client()
    assert partner.login(username=PARTNER_USER, password=PARTNER_PASSWORD)
    walked = {(language, path, client) for language in LANGUAGES for path in public_paths(language)}
    walked |= {(language, path, partner) for language in LANGUAGES
               for path in [*partner_paths(language), _second_step_of_a_redemption(partner, language)]}
    names = {_name(path, language) for language, path, _client in walked if "bestaat-niet" not in path}
    unwalked = set(_site_names()) - names - set(NOT_WALKED)
    assert unwalked == set()  # a new page: add it to tests/e2e/site_pages.py (or above, saying why not)
    found = {path: boxes for _language, path, visitor in walked if (boxes := _list_boxes(visitor, path))}
    assert found == {}


@pytest.fixture
def firms():
    """Three firms in two municipalities, and an open call."""
    CallFactory(budget=Decimal("1000.00"))
    tongeren, voeren = (PostcodeFactory(code=code, place_nl=name, place=name, municipality=MunicipalityFactory(
        slug=name.lower(), name_nl=name, name=name)) for code, name in (("3700", "Tongeren"), ("3790", "Voeren")))
    return {name: SocialEnterpriseFactory(name=name, postcode=postcode) for name, postcode in (
        ("De Groene Hand", tongeren), ("Kringwinkel Jekervallei", tongeren), ("Atelier Fouron", voeren))}


def _application(client, **changes):
    key = client.get(reverse("vouchers:apply")).context["form"].initial["submission_key"]
    data = {
        "submission_key": key, "company_name": "Bakkerij 't Hoekske", "enterprise_number": "BE 0123.456.749",
        "street": "Kerkstraat 1", "postcode": "3790", "place": "Voeren", "sector": "retail", "size": "1-9",
        "contact_name": "Amélie D'Hondt", "email": "amelie@example.be", "phone": "0470 12 34 56", "language": "nl",
        "motivation": "We willen de traiteur proberen.", "deminimis_amount": "0", "accept_terms": "on",
    }
    return {**data, **changes}


def test_the_firms_of_the_apply_form_are_checkboxes_grouped_by_municipality(client, firms):
    page = Controls(client.get(reverse("vouchers:apply")).content.decode())
    assert page.list_boxes == []
    assert sorted(page.checkboxes["interested_enterprises"]) == sorted(str(firm.pk) for firm in firms.values())
    groups = ["Ondernemingen die interesseren", "Tongeren", "Voeren"]
    assert [legend for legend in page.legends if legend in groups] == groups


def test_a_business_ticks_two_firms_and_its_application_keeps_both(client, firms):
    page = Controls(client.get(reverse("vouchers:apply")).content.decode())
    (name, fouron), (_same, groene_hand) = page.tick("Atelier Fouron"), page.tick("De Groene Hand")
    response = client.post(reverse("vouchers:apply"), _application(client, **{name: [fouron, groene_hand]}))
    assert response.status_code == 302
    application = Application.objects.get()
    chosen = set(application.interested_enterprises.values_list("name", flat=True))
    assert chosen == {"Atelier Fouron", "De Groene Hand"}


def test_ticked_firms_stay_ticked_when_the_form_comes_back_with_an_error(client, firms):
    chosen = [firms["Atelier Fouron"].pk, firms["De Groene Hand"].pk]
    response = client.post(reverse("vouchers:apply"), _application(client, interested_enterprises=chosen, phone=""))
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert sorted(Controls(html).ticked["interested_enterprises"]) == sorted(str(pk) for pk in chosen)


def test_a_long_list_gets_a_search_box_and_the_number_ticked_a_short_one_does_not(client, firm_user, enterprise):
    client.force_login(firm_user)
    profile = reverse("partner:profile", args=[enterprise.slug])
    categories = [ServiceCategoryFactory(name_nl=f"Dienst {number}", name=f"Dienst {number}") for number in range(3)]
    enterprise.categories.set(categories[:1])
    short = client.get(profile).content.decode()
    for number in range(3, 11):
        ServiceCategoryFactory(name_nl=f"Dienst {number}", name=f"Dienst {number}")
    long = client.get(profile).content.decode()
    assert (len(Controls(short).checkboxes["categories"]), Controls(short).search_boxes) == (3, [])
    assert "Aangevinkt" not in short
    assert (len(Controls(long).checkboxes["categories"]), Controls(long).search_boxes) == (11, ["id_categories_search"])
    assert "Zoeken in deze lijst" in long and "Aangevinkt: 1" in long


def test_a_partner_ticks_two_categories_and_the_profile_keeps_both(client, firm_user, enterprise):
    client.force_login(firm_user)
    first, second, _third = (ServiceCategoryFactory(name_nl=name, name=name)
                             for name in ("Catering", "Drukwerk", "Fietsherstel"))
    data = {"summary_nl": "Korte beschrijving", "email": "info@example.org", "categories": [first.pk, second.pk]}
    client.post(reverse("partner:profile", args=[enterprise.slug]), data)
    assert set(enterprise.categories.values_list("name", flat=True)) == {"Catering", "Drukwerk"}
