"""Applying against the enterprise register (KBO open data): with an extract loaded the number must be an active
enterprise with its seat or an establishment in the call's area, of no juridical form or main activity the call
excludes; a number the extract does not know is accepted and marked; the form looks the number up without
JavaScript and fills in name and address; the coordinator sees typed and KBO side by side."""
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from enterprises.register.models import Extract
from regie.models import ThrottleCounter
from tests.factories import MunicipalityFactory, PostcodeFactory
from tests.support import kbo_extract as kbo
from tests.support.kbo_extract import SEAT_ELSEWHERE, SEAT_IN_AREA, SOLE_TRADER, STOPPED, establishment_number
from tests.vouchers_factories import CallFactory
from vouchers import services
from vouchers.models import Application
from vouchers.models.calls import juridical_form_codes, nace_prefixes

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
APPLY = "/en/apply/"
UNKNOWN = "0123456749"  # valid, not in the sample extract


@pytest.fixture
def call(db):
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    PostcodeFactory(code="3700", place_nl="Tongeren", place="Tongeren", municipality=tongeren)
    return CallFactory()


@pytest.fixture
def register(call, tmp_path):
    call_command("import_kbo", str(kbo.sample_full(tmp_path / "full.zip")), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Extract.objects.get()


def form_data(client, **changes):
    key = client.get(APPLY).context["form"].initial["submission_key"]
    data = {
        "submission_key": key, "company_name": "Bakkerij De Linde", "enterprise_number": kbo.dotted(SEAT_IN_AREA),
        "street": "Maastrichterstraat 12", "postcode": "3700", "place": "Tongeren", "sector": "retail",
        "size": "1-9", "contact_name": "An Peeters", "email": "an@example.be", "phone": "0470 12 34 56",
        "language": "en", "motivation": "We would like to try catering.", "deminimis_amount": "0",
        "accept_terms": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def error_codes(response):
    errors = response.context["form"].errors.as_data()
    return {field: [error.code for error in field_errors] for field, field_errors in errors.items()}


def test_a_stopped_enterprise_is_refused_with_what_the_register_says(client, register):
    response = client.post(APPLY, form_data(client, enterprise_number=kbo.dotted(STOPPED)))
    assert error_codes(response) == {"enterprise_number": ["kbo_stopped"]}
    message = response.context["form"].errors["enterprise_number"][0]
    assert "enterprise register of 27/11/2026" in message and "not active" in message and "012" in message
    assert not Application.objects.exists()


def test_an_enterprise_without_a_site_in_the_area_is_refused_naming_the_area_and_its_seat(client, register, call):
    # SEAT_ELSEWHERE has an establishment in 3700, the regie's area, but this call is for 3790 only
    call.postcodes.set([PostcodeFactory(code="3790", place="Voeren")])
    response = client.post(APPLY, form_data(client, enterprise_number=kbo.dotted(SEAT_ELSEWHERE), postcode="3790"))
    assert error_codes(response) == {"enterprise_number": ["kbo_outside_area"]}
    message = response.context["form"].errors["enterprise_number"][0]
    assert "has no establishment in" in message and "Its seat is at Markt 1, 2000 Tongeren" in message


def test_an_excluded_juridical_form_or_main_activity_is_refused_naming_the_rule(client, register, call):
    call.excluded_juridical_forms = "600-620"
    call.save()
    response = client.post(APPLY, form_data(client))
    assert error_codes(response) == {"enterprise_number": ["kbo_juridical_form"]}
    assert "juridical form 610, which this call excludes" in response.context["form"].errors["enterprise_number"][0]
    call.excluded_juridical_forms, call.excluded_nace = "", "56.1"
    call.save()
    response = client.post(APPLY, form_data(client))
    assert error_codes(response) == {"enterprise_number": ["kbo_nace"]}
    assert "main activity is NACE 56.110 (NACE 2025)" in response.context["form"].errors["enterprise_number"][0]


def test_a_number_not_in_the_register_is_accepted_and_marked_for_the_coordinator(client, register):
    response = client.post(APPLY, form_data(client, enterprise_number=UNKNOWN))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.not_in_register
    assert application.register_check == {"extract": 140, "date": "2026-11-27", "found": False}


def test_the_lookup_offers_the_sites_in_the_area_fills_in_name_and_address_and_stores_nothing(client, register):
    data = form_data(client, company_name="", street="", postcode="", place="", lookup="1")
    response = client.post(APPLY, data)
    form = response.context["form"]
    assert response.status_code == 200 and not form.errors and not Application.objects.exists()
    assert [number for number, _label in form.fields["site"].choices] == [SEAT_IN_AREA, establishment_number(10)]
    page = response.content.decode()
    assert 'value="Bakkerij De Linde"' in page and 'value="Maastrichterstraat 12 box b"' in page
    assert 'id="lookup-result"' in page and "<legend" in page and "Establishment in the region" in page
    response = client.post(APPLY, {**data, "site": establishment_number(10)})
    assert 'value="Kerkstraat 10"' in response.content.decode()
    assert ThrottleCounter.objects.filter(key__startswith="zuidoost/apply-lookup:").exists()  # a look-up, per regie
    assert not ThrottleCounter.objects.filter(key__contains="/apply:").exists()  # not counted as an application


def test_a_second_lookup_keeps_what_the_applicant_corrected_unless_another_site_is_chosen(client, register):
    # Enter in any field is a lookup (the form's first button): it must not undo the applicant's corrections.
    data = form_data(client, company_name="Bakkerij De Linde bv", street="Maastrichterstraat 12 bus B",
                     lookup="1", site=SEAT_IN_AREA, filled_from=SEAT_IN_AREA)
    page = client.post(APPLY, data).content.decode()
    assert 'value="Bakkerij De Linde bv"' in page and 'value="Maastrichterstraat 12 bus B"' in page
    page = client.post(APPLY, {**data, "site": establishment_number(10)}).content.decode()
    assert 'value="Kerkstraat 10"' in page and 'value="Maastrichterstraat 12 bus B"' not in page


def test_the_chosen_site_and_what_the_register_said_are_kept(client, register):
    response = client.post(APPLY, form_data(client, enterprise_number=kbo.dotted(SOLE_TRADER),
                                            company_name="Frituur Jan", street="Stationsstraat 7"))
    assert response.status_code == 302
    check = Application.objects.get().register_check
    assert check["found"] and check["active"] and check["juridical_form"] == "" and check["nace"] == ""
    assert check["site"] == {"number": establishment_number(20), "is_seat": False, "name": "Frituur Jan",
                             "street": "Stationsstraat 7", "postcode": "3700", "place": "Tongeren"}


def test_with_two_sites_in_the_area_the_applicant_must_choose_one(client, register):
    response = client.post(APPLY, form_data(client))
    assert error_codes(response) == {"site": ["kbo_site"]}
    assert len(response.context["form"].fields["site"].choices) == 2
    response = client.post(APPLY, form_data(client, site=SEAT_IN_AREA))
    assert response.status_code == 302


def test_without_a_register_nothing_changes(client, call):
    page = client.get(APPLY).content.decode()
    assert "Look up in the enterprise register" not in page
    response = client.post(APPLY, form_data(client, enterprise_number=UNKNOWN))
    assert response.status_code == 302 and Application.objects.get().register_check == {}


def test_the_admin_shows_typed_and_kbo_side_by_side_with_differences_marked(client, admin_client, register):
    client.post(APPLY, form_data(client, company_name="Bakkerij de Linde bv", site=SEAT_IN_AREA))
    application = Application.objects.get()
    page = admin_client.get(f"/admin/vouchers/application/{application.pk}/change/").content.decode()
    assert "Bakkerij de Linde bv" in page and "Bakkerij De Linde" in page
    assert page.count('class="register-differs"') == 2  # the name, and the street without its box
    assert page.count('class="register-differs-text"') == 2  # said in text too, for a screen reader
    assert "27/11/2026" in page


def test_the_exclusion_lists_are_read_with_ranges_and_dots_and_nonsense_is_refused():
    assert juridical_form_codes("301-303, 411") == {"301", "302", "303", "411"}
    assert nace_prefixes("84, 88.99") == ["84", "8899"]
    with translation.override("en"), pytest.raises(ValidationError, match="three digits"):
        juridical_form_codes("30")
    with pytest.raises(ValidationError):
        nace_prefixes("8a")


def test_the_coordinator_edits_the_exclusions_in_the_call_admin(admin_client, call):
    page = admin_client.get(f"/admin/vouchers/call/{call.pk}/change/").content.decode()
    assert 'name="excluded_juridical_forms"' in page and "301-393" in page and 'name="excluded_nace"' in page
    services.update_call(call=call, by=None, changes={"excluded_nace": "84, 88.99"})
    call.refresh_from_db()
    assert call.excluded_nace_prefixes() == ["84", "8899"]


def test_what_the_register_said_is_forgotten_with_the_application(client, register):
    from vouchers.privacy.anonymise import anonymise_applications

    client.post(APPLY, form_data(client, site=SEAT_IN_AREA))
    application = Application.objects.get()
    assert application.register_check["site"]["name"]  # a sole trader's register entry names a person
    anonymise_applications([application.pk], on_request=True)
    application.refresh_from_db()
    assert application.register_check == {}
