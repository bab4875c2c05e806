"""The coordinator's view: the figures (checked against a small programme counted by hand), the dashboard,
the exports of the admin lists and the programme report."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.accounts.languages import choose_language
from tests.factories import (
    FirmMembershipFactory,
    MunicipalityFactory,
    PostcodeFactory,
    RegieFactory,
    SocialEnterpriseFactory,
    UserFactory,
)
from tests.redemption_helpers import redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.models import ApplicationStatus, Call, FollowUp, Respondent
from vouchers.reports import figures
from vouchers.reports.programme import programme_report

pytestmark = pytest.mark.django_db


def used(voucher, firm, amount, pay=False, invoice_number="F-1"):
    redemption = redeem(voucher, firm, amount=amount, invoice_amount=amount)
    type(redemption).objects.filter(pk=redemption.pk).update(invoice_number=invoice_number)
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    if pay:
        batch = services.create_payout_batch(by=UserFactory(), regie=voucher.call.regie,
                                             execution_date=timezone.localdate(), redemption_ids=[redemption.pk])
        services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())
    return redemption


@pytest.fixture
def programme():
    """One call of 1,500 EUR: 4 applications (one unconfirmed), 3 cheques; cheque 1 used up at X (paid),
    cheque 2 used for 100 EUR at Y, cheque 3 unused. The first business used X in an earlier call too."""
    coordinator = UserFactory(is_staff=True)
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    voeren = MunicipalityFactory(slug="voeren", name_nl="Voeren", name="Voeren")
    x = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="X Groen", iban="BE21001234567803"))
    y = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="Y Kringwinkel", iban="BE62510007547061"))
    earlier = CallFactory(name="Vorige oproep", opens_on=timezone.localdate() - datetime.timedelta(days=400),
                          closes_on=timezone.localdate() - datetime.timedelta(days=300), budget=Decimal("500.00"))
    old = services.issue_voucher(application=ApplicationFactory(call=earlier, enterprise_number="0403170701",
                                                                municipality=tongeren), by=coordinator)
    used(old, x, "50.00")
    call = CallFactory(name="Deze oproep", budget=Decimal("1500.00"))
    ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED, verified_at=None, municipality=voeren)
    first = services.issue_voucher(application=ApplicationFactory(call=call, enterprise_number="0403170701",
                                                                  municipality=tongeren), by=coordinator)
    second = services.issue_voucher(application=ApplicationFactory(call=call, municipality=tongeren), by=coordinator)
    services.issue_voucher(application=ApplicationFactory(call=call, municipality=voeren), by=coordinator)
    used(first, x, "500.00", pay=True, invoice_number="=HYPERLINK(\"http://evil.example\",\"klik\")")
    used(second, y, "100.00")
    FollowUp.objects.create(voucher=first, enterprise=x.enterprise, respondent=Respondent.BUSINESS,
                            sent_at=timezone.now(), answer="still", answered_at=timezone.now(),
                            comment="Ze onderhouden nu onze tuin.", may_quote=True)
    return {"call": call, "x": x, "y": y, "tongeren": tongeren, "voeren": voeren}


def test_the_figures_of_one_call_add_up_as_counted_by_hand(programme):
    scope = figures.Scope(call=programme["call"])
    assert figures.budget(scope) == {"budget": Decimal("1500.00"), "committed": Decimal("1500.00"),
                                     "redeemed": Decimal("600.00"), "paid": Decimal("500.00"),
                                     "remaining": Decimal("0.00")}
    assert [count for _step, count in figures.funnel(scope)] == [4, 3, 3, 2, 1, 1]
    rows = {row["municipality"]: row for row in figures.municipalities(scope)}
    assert (rows["Tongeren"]["applications"], rows["Tongeren"]["cheques"], rows["Tongeren"]["redeemed"]) == (
        2, 2, Decimal("600.00"))
    assert (rows["Voeren"]["applications"], rows["Voeren"]["cheques"], rows["Voeren"]["committed"]) == (
        2, 1, Decimal("500.00"))
    firms = {row["enterprise__name"]: row for row in figures.firms(scope)}
    assert (firms["X Groen"]["euros"], firms["X Groen"]["customers"], firms["X Groen"]["new_customers"]) == (
        Decimal("500.00"), 1, 0)  # the same business had used X in the earlier call
    assert (firms["Y Kringwinkel"]["euros"], firms["Y Kringwinkel"]["new_customers"]) == (Decimal("100.00"), 1)
    answers, quotes = figures.followup_answers(scope)
    assert answers["business"]["still"] == 1 and quotes[0]["comment"] == "Ze onderhouden nu onze tuin."
    assert sum(n for _month, n, _euros in figures.redemptions_per_month(scope)) == 2
    assert figures.budget(figures.Scope())["budget"] == Decimal("2000.00")  # all calls


def test_a_regie_counts_and_reports_only_its_own_calls_and_signs_with_its_name(programme, regie):
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", contact_email="cheque@maasland.example",
                            hosts=["maasland.example"], programme_name="Proefcheque")
    theirs = CallFactory(regie=maasland, name="Oproep Maasland", budget=Decimal("700.00"))
    services.issue_voucher(application=ApplicationFactory(call=theirs, company_name="Brouwerij Maas"),
                           by=UserFactory(is_staff=True))
    assert figures.budget(figures.Scope(regie=regie))["budget"] == Decimal("2000.00")
    assert figures.budget(figures.Scope(regie=maasland))["budget"] == Decimal("700.00")
    assert figures.funnel(figures.Scope(regie=maasland))[figures.FUNNEL_ISSUED][1] == 1
    pdf, _name = programme_report(figures.Scope(regie=maasland), "en")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Regie Maasland" in text and "For Regie Maasland" in text and "cheque@maasland.example" in text
    assert "Zuidoost" not in text and "X Groen" not in text and "Deze oproep" not in text
    assert "a cheque of the Proefcheque programme" in text and "Introduction cheque" not in text  # its programme's
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Proefcheque: Programme report, all calls"


def test_a_regies_figures_list_its_area_and_where_its_applicants_live_never_another_regies_area(programme, regie):
    maasland = RegieFactory(short_name="maasland", hosts=["maasland.example"])
    PostcodeFactory(code="3630", in_area_of=[maasland],
                    municipality=MunicipalityFactory(slug="maasmechelen", name_nl="Maasmechelen"))
    PostcodeFactory(code="3700", municipality=programme["tongeren"])  # the test's regie's area
    PostcodeFactory(code="3740", municipality=MunicipalityFactory(slug="bilzen", name_nl="Bilzen"))  # no applicant
    zuidoost = [row["municipality"] for row in figures.municipalities(figures.Scope(regie=regie))]
    assert {"Bilzen", "Tongeren", "Voeren"} <= set(zuidoost)  # Voeren: not in its area here, but its applicants'
    assert "Maasmechelen" not in zuidoost
    assert [(row["municipality"], row["applications"]) for row in figures.municipalities(figures.Scope(
        regie=maasland))] == [("Maasmechelen", 0)]


def test_the_dashboard_is_where_coordinators_and_finance_land(client, programme, staff_user):
    for group in (COORDINATORS, FINANCE):
        user = staff_user(group)
        form_next = client.get("/admin/login/").context["next"]  # the log-in form's hidden field
        landing = client.post("/admin/login/", {"username": user.username, "password": "a-long-test-password",
                                                "next": form_next}, follow=True)
        client.logout()
        assert landing.redirect_chain[-1][0] == "/admin/dashboard/"
    client.force_login(staff_user(COORDINATORS, username="another"))
    page = client.get("/admin/dashboard/", {"call": programme["call"].pk})
    body = page.content.decode()
    assert page.status_code == 200 and "Deze oproep" in body and "<svg" in body and "<table" in body
    assert "1.500,00" in body and "X Groen" in body and "Ze onderhouden nu onze tuin." in body
    assert [item["count"] for item in page.context["attention"]][:2] == [0, 0]


def test_firm_users_and_the_public_do_not_see_the_dashboard(client, programme):
    assert client.get("/admin/dashboard/").status_code == 302
    client.force_login(programme["x"].user)
    assert client.get("/admin/dashboard/").status_code == 302


def test_the_dashboard_reads_the_same_number_of_queries_whatever_the_data(client, staff_user):
    client.force_login(staff_user(COORDINATORS))
    call = CallFactory(budget=Decimal("100000.00"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/dashboard/").status_code == 200
        return len(captured)

    coordinator = UserFactory(is_staff=True)
    firm = FirmMembershipFactory()
    used(services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator), firm, "120.00")
    queries()  # the first request keeps the host's regie in the cache
    few = queries()
    for _ in range(6):
        voucher = services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
        used(voucher, firm, "120.00")
    assert queries() == few


def test_exports_hold_what_the_filters_show_safely_in_the_users_language(client, programme, staff_user):
    client.force_login(staff_user(COORDINATORS))
    url = f"/admin/vouchers/redemption/export.csv?enterprise__id__exact={programme['x'].enterprise.pk}"
    text = client.get(url).content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Ingediend;Cheque;Klant;Onderneming;") and len(lines) == 3  # X: two redemptions
    assert "'=HYPERLINK" in text and ";500,00;" in text
    workbook = load_workbook(io.BytesIO(client.get(url.replace(".csv", ".xlsx")).content))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    hyperlink = next(cell for cell in cells if "=HYPERLINK" in str(cell.value))
    assert hyperlink.data_type == "s" and hyperlink.value.startswith("'=HYPERLINK")  # as in the CSV: edited, still text
    assert any(cell.value == Decimal("500.00") or cell.value == 500 for cell in cells)
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode("utf-8-sig")
    with translation.override("fr"):
        assert french.startswith(capfirst(gettext("submitted")) + ";" + capfirst(gettext("cheque")))
    for name in ("application", "voucher", "payoutbatch"):
        assert client.get(f"/admin/vouchers/{name}/export.xlsx").status_code == 200
    assert client.get("/admin/enterprises/socialenterprise/export.csv").status_code == 200


def test_the_programme_report_is_a_tagged_pdf_in_the_chosen_language(programme, tmp_path):
    target = tmp_path / "rapport.pdf"
    call_command("programme_report", "--call", str(programme["call"].pk), "--language", "fr", "--output", str(target))
    reader = PdfReader(target)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Chèque découverte" in text and "X Groen" in text and "Ze onderhouden nu onze tuin." in text
    assert reader.metadata.title.startswith("Chèque découverte") and reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_a_year_without_data_says_so(programme, client, staff_user):
    with pytest.raises(CommandError, match="2031"):
        call_command("programme_report", "--year", "2031", "--output", "/tmp/unused.pdf")
    client.force_login(staff_user(COORDINATORS))
    answer = client.get("/admin/dashboard/rapport.pdf", {"year": "2031"}, follow=True)
    assert answer.redirect_chain and "2031" in answer.content.decode()


def test_the_dashboard_offers_the_report_as_a_download(client, programme, staff_user):
    client.force_login(staff_user(FINANCE))
    response = client.get("/admin/dashboard/rapport.pdf", {"call": programme["call"].pk, "language": "nl"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_a_french_speaking_coordinator_reads_the_calls_by_their_french_names(client, programme, staff_user):
    call = programme["call"]
    Call.objects.filter(pk=call.pk).update(name_fr="Cet appel")
    user = staff_user(COORDINATORS)
    choose_language(user=user, language="fr", by=user)
    client.force_login(user)
    body = client.get("/admin/dashboard/", {"call": call.pk}).content.decode()
    assert f'<option value="{call.pk}" selected>Cet appel</option>' in body and "Deze oproep" not in body
    assert "<h1>Tableau de bord\u00a0: Cet appel</h1>" in body  # a no-break space before the colon
    assert '<option value="fr" lang="fr" selected>Français</option>' in body  # the report in her language too


def test_the_report_and_its_file_are_named_in_the_report_language_only(client, programme, staff_user):
    client.force_login(staff_user(FINANCE))
    for language, filename, title in [
        ("fr", "rapport-du-programme-tous-les-appels-fr.pdf",
         "Chèque découverte\u00a0: Rapport du programme, tous les appels"),
        ("nl", "programmaverslag-alle-oproepen-nl.pdf", "Kennismakingscheque: Programmaverslag, alle oproepen"),
        ("en", "programme-report-all-calls-en.pdf", "Introduction cheque: Programme report, all calls"),
    ]:
        response = client.get("/admin/dashboard/rapport.pdf", {"language": language})
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.metadata.title == title
        assert title.split(": ")[-1] in reader.pages[0].extract_text().replace("\n", " ")


def test_a_funder_reads_its_reference_and_targets_against_what_was_reached_a_method_and_a_signature(
        client, programme, staff_user):
    coordinator = staff_user(COORDINATORS)
    call = programme["call"]
    client.force_login(coordinator)
    form = client.get(f"/admin/vouchers/call/{call.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data.update({"budget": "1.500,00", "face_value": "500,00", "deminimis_ceiling": "300.000,00",
                 "opens_on": call.opens_on.isoformat(), "closes_on": call.closes_on.isoformat(),
                 "postcodes": [], "funding_reference": "Vlaamse overheid, besluit VO/2026/17",
                 "subsidy_amount": "50.000,00", "target_cheques": "30", **management_forms(client, call)})
    answer = client.post(f"/admin/vouchers/call/{call.pk}/change/", data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    response = client.get("/admin/dashboard/rapport.pdf", {"call": call.pk, "language": "en"})
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Funding reference Vlaamse overheid, besluit VO/2026/17" in text and "Subsidy (EUR) 50,000.00" in text
    assert "Cheques issued 30 3 10 %" in text  # 3 cheques of a target of 30
    assert "Businesses that used their cheque 30 2 7 %" in text
    assert "Cheque budget redeemed (EUR) 1,500.00 600.00 40 %" in text
    assert "How the figures were made" in text and "the portal's own records" in text
    assert "Signature" in text and "Name" in text and "Role" in text and "Date" in text


def management_forms(client, call):
    """The inline formsets' management data of the call's change form, as the browser sends them."""
    page = client.get(f"/admin/vouchers/call/{call.pk}/change/")
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{name}": management[name].value() for name in management.fields})
    return data
