"""Private households (issue 19, part 3): a firm says in its profile that it also works for private households,
the coordinator can set it in the admin, and the catalogue filters on it and labels those firms."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enterprises import catalogue_cache
from enterprises.models import SocialEnterprise
from regie.accounts.groups import COORDINATORS
from tests.factories import ServiceCategoryFactory, SocialEnterpriseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
LABEL = "Also for private households"


def english(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def names(response):
    return [enterprise.name for enterprise in response.context["page"].object_list]


def test_the_catalogue_filters_on_private_households_and_says_so(client):
    green = ServiceCategoryFactory(name_en="Green maintenance", slug="groen")
    SocialEnterpriseFactory(name="Alpha Groen", categories=[green], serves_households=True)
    SocialEnterpriseFactory(name="Beta Groen", categories=[green])
    SocialEnterpriseFactory(name="Gamma Strijk", serves_households=True)
    SocialEnterpriseFactory(name="Verborgen Strijk", serves_households=True, is_published=False)
    catalogue = english("enterprises:catalogue")

    everything = client.get(catalogue)
    body = everything.content.decode()
    assert names(everything) == ["Alpha Groen", "Beta Groen", "Gamma Strijk"]
    assert "also work for private households: you can hire them at home, without a cheque." in body
    assert body.count(f">{LABEL}</span>") == 2  # the label on the two household firms' cards only
    assert 'type="checkbox" name="particulier" value="1"' in body and " checked" not in body

    households = client.get(catalogue, {"particulier": "1"})
    assert names(households) == ["Alpha Groen", "Gamma Strijk"]
    assert "2 enterprises found" in households.content.decode() and " checked" in households.content.decode()
    assert names(client.get(catalogue, {"particulier": "1", "categorie": "groen"})) == ["Alpha Groen"]
    assert names(client.get(catalogue, {"particulier": "nonsense"})) == ["Alpha Groen", "Gamma Strijk"]
    assert names(client.get(catalogue, {"particulier": ""})) == ["Alpha Groen", "Beta Groen", "Gamma Strijk"]

    def queries():  # of a list rendered afresh, not read from the cache
        catalogue_cache.bump()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(catalogue, {"particulier": "1"}).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(20):
        SocialEnterpriseFactory(serves_households=True, categories=[green])
    assert queries() == few

    detail = client.get(english("enterprises:detail", "alpha-groen")).content.decode()
    assert f">{LABEL}</span>" in detail
    assert LABEL not in client.get(english("enterprises:detail", "beta-groen")).content.decode()


def test_the_firm_ticks_households_in_its_profile_and_the_coordinator_sees_it(client, firm_user, enterprise,
                                                                              staff_user):
    client.force_login(firm_user)
    url = reverse("partner:profile", args=[enterprise.slug])
    form = client.get(url).content.decode()
    assert 'name="serves_households"' in form
    data = {"summary_nl": enterprise.summary_nl, "summary_fr": "", "summary_en": "", "description_nl": "",
            "description_fr": "", "description_en": "", "services_nl": "", "services_fr": "", "services_en": "",
            "website": "", "email": "info@example.org", "phone": "", "serves_households": "on"}
    assert client.post(url, data).status_code == 302
    assert SocialEnterprise.objects.get(pk=enterprise.pk).serves_households is True
    data.pop("serves_households")  # an unticked box sends nothing
    client.post(url, data)
    assert SocialEnterprise.objects.get(pk=enterprise.pk).serves_households is False

    client.force_login(staff_user(COORDINATORS))
    listing = client.get("/admin/enterprises/socialenterprise/", {"serves_households__exact": "1"})
    assert listing.status_code == 200 and listing.context["cl"].result_count == 0
    change = client.get(f"/admin/enterprises/socialenterprise/{enterprise.pk}/change/").content.decode()
    assert 'name="serves_households"' in change
