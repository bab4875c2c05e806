"""The region as data, as it is since 1 January 2025: load_region, a regie's area (its postcodes, its own: another
regie's area is another), the texts that name it, and no municipality named in code or templates outside the loader
and the demo data."""
import ast
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enterprises.management.commands.load_region import REGION
from enterprises.models import AreaPostcode, Municipality, Postcode
from enterprises.region import area_names, covered_postcodes, region_line
from regie.models import Regie
from regie.privacy.register import register_area_names
from tests.factories import MunicipalityFactory, PostcodeFactory, SocialEnterpriseFactory
from tests.support.two_regies import maasland
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers.eligibility import region_postcode
from vouchers.models import MunicipalityShare
from vouchers.reports import figures

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
AUDIT_INLINE = {"regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
                "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0"}


def load():
    call_command("load_region", regie="zuidoost", stdout=io.StringIO())


def rows():
    return (sorted(Municipality.objects.values_list("pk", "slug", "name_nl", "name_fr", "merged_into")),
            sorted(Postcode.objects.values_list("pk", "code", "place_nl", "place_fr", "municipality")),
            sorted(AreaPostcode.objects.values_list("regie", "postcode")))


def test_load_region_twice_gives_the_same_rows():
    load()
    first = rows()
    load()
    assert rows() == first


def test_the_2025_municipalities_with_their_deelgemeenten_and_postcodes():
    load()
    assert set(Municipality.objects.values_list("name_nl", flat=True)) == {
        "Tongeren-Borgloon", "Bilzen-Hoeselt", "Riemst", "Voeren"}
    places = {(p.code, p.place_nl): p.municipality.slug for p in Postcode.objects.select_related("municipality")}
    for code, place, slug in [("3700", "Tongeren", "tongeren-borgloon"), ("3700", "Henis", "tongeren-borgloon"),
                              ("3840", "Borgloon", "tongeren-borgloon"), ("3840", "Kerniel", "tongeren-borgloon"),
                              ("3740", "Bilzen", "bilzen-hoeselt"), ("3746", "Hoelbeek", "bilzen-hoeselt"),
                              ("3730", "Hoeselt", "bilzen-hoeselt"), ("3732", "Schalkhoven", "bilzen-hoeselt"),
                              ("3770", "Kanne", "riemst"), ("3798", "'s-Gravenvoeren", "voeren")]:
        assert places[(code, place)] == slug
    assert Municipality.objects.get(slug="voeren").name_fr == "Fourons"


def test_borgloon_is_there_but_not_in_the_regies_area(regie):
    load()
    assert not covered_postcodes(regie).filter(code="3840").exists()
    assert Postcode.objects.filter(code="3840").count() == 13
    assert set(covered_postcodes(regie).values_list("code", flat=True)) == {
        "3700", "3740", "3742", "3746", "3730", "3732", "3770", "3790", "3791", "3792", "3793", "3798"}


def test_another_regies_area_is_its_own(regie):
    """load_region gives its postcodes to the regie named only; another regie's calls admit their regie's area
    only."""
    call_command("load_region", stdout=io.StringIO())  # without --regie: no area changes, not even the only one's
    assert not covered_postcodes(regie).exists()
    load()
    other = maasland()
    assert not covered_postcodes(other).exists()
    mechelen = PostcodeFactory(code="3630", place_nl="Maasmechelen", in_area_of=[other])
    assert region_postcode(CallFactory(regie=other), "3630") == mechelen
    assert region_postcode(CallFactory(regie=other), "3700") is None
    assert region_postcode(CallFactory(), "3630") is None
    call_command("load_region", regie="maasland", stdout=io.StringIO())  # it has an area: kept as it is
    assert list(covered_postcodes(other)) == [mechelen]


def test_a_call_without_its_own_list_refuses_a_postcode_outside_the_area():
    load()
    call = CallFactory()
    assert region_postcode(call, "3700") is not None
    assert region_postcode(call, "3840") is None  # in the database, not covered


def test_a_call_with_its_own_list_keeps_it():
    load()
    call = CallFactory()
    call.postcodes.set(Postcode.objects.filter(code="3840"))
    assert region_postcode(call, "3840") is not None and region_postcode(call, "3700") is None


def test_adding_borgloon_to_the_area_in_the_admin_admits_it_and_load_region_keeps_the_choice(admin_client, regie):
    load()
    call = CallFactory()
    borgloon = Postcode.objects.get(code="3840", place_nl="Borgloon")
    response = admin_client.post("/admin/enterprises/areapostcode/add/", {"postcode": borgloon.pk})
    assert response.status_code == 302
    assert region_postcode(call, "3840") is not None
    again = admin_client.post("/admin/enterprises/areapostcode/add/", {"postcode": borgloon.pk})
    assert again.context["adminform"].form.errors["postcode"] == ["Deze postcode hoort al bij het gebied."]
    load()
    assert covered_postcodes(regie).filter(pk=borgloon.pk).exists()
    tongeren = AreaPostcode.objects.get(regie=regie, postcode__place_nl="Tongeren")
    delete = admin_client.post(f"/admin/enterprises/areapostcode/{tongeren.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    assert not covered_postcodes(regie).filter(place_nl="Tongeren").exists()
    assert covered_postcodes(regie).filter(place_nl="Lauw").exists()  # the other places of 3700 stay


def test_an_older_install_keeps_its_rows_and_its_history():
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    hoeselt = MunicipalityFactory(slug="hoeselt", name_nl="Hoeselt", name="Hoeselt")
    bilzen = MunicipalityFactory(slug="bilzen", name_nl="Bilzen", name="Bilzen")
    centre = PostcodeFactory(code="3700", place_nl="Tongeren", place="Tongeren", municipality=tongeren)
    werm = PostcodeFactory(code="3730", place_nl="Werm", place="Werm", municipality=hoeselt)
    firm = SocialEnterpriseFactory(postcode=werm)
    application = ApplicationFactory(municipality=hoeselt, postcode="3730")
    MunicipalityShare.objects.create(call=application.call, municipality=tongeren, amount=500)
    load()
    tongeren.refresh_from_db()
    assert (tongeren.slug, tongeren.name_nl) == ("tongeren-borgloon", "Tongeren-Borgloon")  # renamed, same row
    assert Postcode.objects.get(pk=centre.pk).municipality == tongeren
    bilzen_hoeselt = Municipality.objects.get(slug="bilzen-hoeselt")
    assert bilzen_hoeselt.pk == bilzen.pk
    hoeselt.refresh_from_db()  # an application refers to it: kept, as a former municipality
    assert hoeselt.merged_into == bilzen_hoeselt and not hoeselt.postcodes.exists()
    firm.refresh_from_db()
    assert firm.postcode_id == werm.pk and firm.postcode.municipality == bilzen_hoeselt
    assert Postcode.objects.filter(code="3700", place_nl="Tongeren").count() == 1


def test_area_names_follow_the_data_and_the_language():
    load()
    regie = Regie.objects.get()
    with translation.override("en"):
        assert area_names(covered_postcodes(regie)) == "Bilzen-Hoeselt, Riemst, Tongeren-Borgloon (3700) or Voeren"
        assert area_names(Postcode.objects.filter(code__in=["3790", "3791"])) == "Voeren (3790, 3791)"
        assert area_names(Postcode.objects.none()) == "the region"
    with translation.override("fr"):
        assert area_names(covered_postcodes(regie), detail=False) == (
            "Bilzen-Hoeselt, Fourons, Riemst ou Tongeren-Borgloon")
        assert region_line(regie) == "Bilzen-Hoeselt · Fourons · Riemst · Tongeren-Borgloon"  # in the reader's order


def test_the_pages_name_the_area_from_the_data(client):
    load()
    CallFactory()
    home = client.get("/en/").content.decode()
    assert "Bilzen-Hoeselt · Riemst · Tongeren-Borgloon · Voeren" in re.sub(r"<[^>]+>", "", home)  # the header
    assert "businesses in Bilzen-Hoeselt, Riemst, Tongeren-Borgloon and Voeren to try" in home  # meta
    assert "establishment in Bilzen-Hoeselt, Riemst, Tongeren-Borgloon (3700) or Voeren." in home
    assert "The municipalities of Bilzen-Hoeselt, Riemst, Tongeren-Borgloon and Voeren work together" in home
    assert "Fourons" in client.get("/fr/").content.decode()
    form = client.get("/en/apply/").content.decode()
    assert "Of the establishment in Bilzen-Hoeselt, Riemst, Tongeren-Borgloon (3700) or Voeren." in form
    assert "runs the programme for the municipalities of Bilzen-Hoeselt" in client.get("/en/privacy/").content.decode()


def header_and_postcode_reads(client, path):
    """The page's text without tags, and how many of its queries read postcodes."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return re.sub(r"<[^>]+>", "", response.content.decode()), sum("enterprises_postcode" in q["sql"]
                                                                  for q in captured)


def test_the_area_line_is_read_once_and_a_change_to_the_area_shows_at_the_next_request(client):
    load()
    regie = Regie.objects.get()
    first, reads = header_and_postcode_reads(client, "/en/accessibility/")
    assert "Bilzen-Hoeselt · Riemst · Tongeren-Borgloon · Voeren" in first and reads >= 1
    again, reads_again = header_and_postcode_reads(client, "/en/accessibility/")
    assert again == first and reads_again == 0  # every page names the area: it is not read for each of them

    AreaPostcode.objects.filter(regie=regie, postcode__municipality__slug="voeren").delete()
    after = header_and_postcode_reads(client, "/en/accessibility/")[0]
    assert "Bilzen-Hoeselt · Riemst · Tongeren-Borgloon" in after and "Voeren" not in after

    voeren = Municipality.objects.get(slug="voeren")
    AreaPostcode.objects.create(regie=regie, postcode=voeren.postcodes.first())
    voeren.name_fr = "Les Fourons"
    voeren.save()
    with translation.override("fr"):
        french = header_and_postcode_reads(client, reverse("accessibility"))[0]
    assert "Bilzen-Hoeselt · Les Fourons · Riemst · Tongeren-Borgloon" in french
    assert "Riemst · Tongeren-Borgloon · Voeren" in header_and_postcode_reads(client, "/en/accessibility/")[0]


def test_the_register_of_processing_names_the_municipalities_from_the_data(admin_client):
    load()
    register_area_names(region_line)  # what EnterprisesConfig.ready does
    html = admin_client.get("/admin/verwerkingsregister/").content.decode()
    assert "Bilzen-Hoeselt · Riemst · Tongeren-Borgloon · Voeren" in html


def former_and_current_names():
    names = {name for (nl, fr, en), _places in REGION.values() for name in (nl, fr, en)}
    return names | {part for name in names for part in name.split("-") if len(part) > 3} | {"Tongres", "Looz"}


def strings_in_code(path):
    """The string constants of a module, its docstrings left out (they explain; they are not shown)."""
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_municipality_is_named_in_code_or_templates_outside_the_loader_and_the_demo_data():
    base = Path(settings.BASE_DIR)
    allowed = {"enterprises/management/commands/load_region.py", "enterprises/demo_data.py", "enterprises/demo.py",
               "vouchers/demo.py", "regie/regies/demo.py"}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(former_and_current_names()))) + r")\b")
    found = [str(path.relative_to(base)) for path in sorted((base / "templates").rglob("*"))
             if path.is_file() and pattern.search(path.read_text())]
    for app in ("regie", "enterprises", "vouchers"):
        for path in sorted((base / app).rglob("*.py")):
            name = str(path.relative_to(base))
            if name not in allowed and "migrations" not in path.parts and any(
                    pattern.search(text) for text in strings_in_code(path)):
                found.append(name)
    assert found == []


def test_the_report_leaves_out_a_former_municipality_without_figures_and_keeps_one_with():
    bilzen_hoeselt = MunicipalityFactory(slug="bilzen-hoeselt", name="Bilzen-Hoeselt", name_nl="Bilzen-Hoeselt")
    PostcodeFactory(code="3740", municipality=bilzen_hoeselt)  # in the regie's area, as Hoeselt's postcode was
    quiet = MunicipalityFactory(slug="bilzen", name="Bilzen", name_nl="Bilzen", merged_into=bilzen_hoeselt)
    hoeselt = MunicipalityFactory(slug="hoeselt", name="Hoeselt", name_nl="Hoeselt", merged_into=bilzen_hoeselt)
    application = ApplicationFactory(municipality=hoeselt)
    names = [row["municipality"] for row in figures.municipalities(figures.Scope(call=application.call))]
    assert "Bilzen-Hoeselt" in names and "Hoeselt" in names and quiet.name not in names


def test_a_regie_whose_call_takes_its_area_and_which_has_none_is_named_as_incomplete(regie):
    """Every applicant to such a call would be turned away: /health/ and create_regie name what it lacks."""
    other = maasland()
    assert other.missing_setup() == []  # no call yet: no area needed
    CallFactory(regie=other)
    with translation.override("en"):
        assert other.missing_setup() == ["area (postcodes)"]
    PostcodeFactory(code="3630", in_area_of=[other])
    assert other.missing_setup() == []
