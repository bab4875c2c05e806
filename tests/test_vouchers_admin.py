"""The coordinator's review in the admin: filters, earlier recipients, actions, printing, exports."""
import html
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.accounts.languages import profile_of
from regie.models import AuditEvent, StaffMembership
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.models import Application, ApplicationStatus, Call, Voucher, VoucherStatus

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/vouchers/application/"


@pytest.fixture
def coordinator(staff_user):
    return staff_user(COORDINATORS, username="coord")


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def act(client, action, objects, url=CHANGELIST, **extra):
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects], **extra}, follow=True)


def test_coordinator_approves_in_order_until_the_budget_is_used(admin_client):
    call = CallFactory(budget=Decimal("1000.00"))
    applications = [ApplicationFactory(call=call) for _ in range(3)]
    response = act(admin_client, "approve", applications)
    body = response.content.decode()
    assert "2 cheques uitgereikt, 1 op de wachtlijst gezet (budget opgebruikt)." in body
    statuses = [Application.objects.get(pk=a.pk).status for a in applications]
    assert statuses == ["approved", "approved", "waitlisted"]


def test_reject_asks_for_a_reason_first(admin_client):
    application = ApplicationFactory()
    page = act(admin_client, "reject", [application])
    assert "Reden (wordt naar de aanvrager gemaild)" in page.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.VERIFIED
    act(admin_client, "reject", [application], reason="Buiten de regio gevestigd.", confirmed="1")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == "Buiten de regio gevestigd."


def test_waitlist_action(admin_client):
    application = ApplicationFactory()
    act(admin_client, "waitlist", [application])
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WAITLISTED


def test_filters_and_search(admin_client):
    call = CallFactory()
    ApplicationFactory(call=call, company_name="Garage Vrancken", enterprise_number="0123456749")
    ApplicationFactory(call=call, company_name="Bloemen Krieken", status=ApplicationStatus.SUBMITTED, verified_at=None)

    def names(response):
        return [a.company_name for a in response.context["cl"].result_list]

    assert names(admin_client.get(CHANGELIST, {"q": "0123.456.749"})) == ["Garage Vrancken"]
    assert names(admin_client.get(CHANGELIST, {"q": "BE 0123 456 749"})) == ["Garage Vrancken"]
    assert names(admin_client.get(CHANGELIST, {"status__exact": "submitted"})) == ["Bloemen Krieken"]
    assert names(admin_client.get(CHANGELIST, {"bevestigd": "nee"})) == ["Bloemen Krieken"]
    assert admin_client.get(CHANGELIST, {"call__id__exact": call.pk, "municipality__id__exact": 999}).status_code == 200


def test_earlier_recipients_are_flagged(admin_client, coordinator):
    earlier = CallFactory(name="Oproep 2025")
    services.issue_voucher(application=ApplicationFactory(call=earlier, enterprise_number="0123456749"), by=coordinator)
    current = CallFactory(name="Oproep 2026")
    again = ApplicationFactory(call=current, enterprise_number="0123456749", company_name="Terugkerend")
    ApplicationFactory(call=current, company_name="Nieuw")
    flagged = admin_client.get(CHANGELIST, {"eerder": "ja", "call__id__exact": current.pk})
    assert [a.pk for a in flagged.context["cl"].result_list] == [again.pk]


def test_application_list_queries_do_not_grow(admin_client):
    call = CallFactory(budget=Decimal("100000"))
    ApplicationFactory.create_batch(3, call=call)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(captured)

    queries()  # the first request keeps the host's regie in the cache
    few = queries()
    ApplicationFactory.create_batch(40, call=call)
    assert queries() == few


def test_call_page_shows_budget_committed_remaining_and_counts(admin_client, coordinator):
    call = CallFactory(budget=Decimal("1500.00"))
    services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED, verified_at=None)
    body = admin_client.get(f"/admin/vouchers/call/{call.pk}/change/").content.decode()
    assert "EUR 1.500,00" in body and "EUR 500,00" in body and "EUR 1.000,00" in body
    assert "Goedgekeurd, cheque uitgereikt" in body
    assert "ingewisseld" in body and "betaald" in body


def admin_client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_call_report_counts_redeemed_and_paid_euros(coordinator):
    from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory
    from tests.redemption_helpers import redeem
    from vouchers.selectors import call_figures

    call = CallFactory(budget=Decimal("1500.00"))
    voucher = services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(iban="BE21001234567803"))
    kept, rejected = redeem(voucher, firm, amount="120.00"), redeem(voucher, firm, amount="30.00")
    services.contest_redemption(redemption=rejected, reason="x")
    services.reject_redemption(redemption=rejected, by=coordinator, reason="x")
    services.confirm_redemption(redemption=kept)
    services.approve_redemption(redemption=kept, by=coordinator)
    batch = services.create_payout_batch(by=coordinator, regie=call.regie, execution_date=voucher.valid_until,
                                         redemption_ids=[kept.pk])
    services.mark_batch_paid(batch=batch, by=coordinator, paid_on=voucher.valid_until)
    assert "EUR 120,00" in admin_client_for(coordinator).get(f"/admin/vouchers/call/{call.pk}/change/").content.decode()
    call.refresh_from_db()
    figures = {str(label): amount for label, amount in call_figures(call)}
    assert figures == {"budget": Decimal("1500.00"), "vastgelegd": Decimal("500.00"), "in behandeling": 0,
                       "ingewisseld": Decimal("120.00"), "betaald": Decimal("120.00"), "resterend": Decimal("1000.00")}


def test_coordinator_creates_a_call(admin_client):
    next_year = timezone.localdate().year + 1
    response = admin_client.post("/admin/vouchers/call/add/", {
        "name": f"Oproep {next_year}", "face_value": "500,00", "budget": "15000", "opens_on": f"01/01/{next_year}",
        "closes_on": f"31/03/{next_year}", "validity_months": "6", "contest_days": "14", "deminimis_ceiling": "300000",
        "followup_months": "3", "random_check_percent": "10",
        "regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
        "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0",
        "shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Call.objects.get(name=f"Oproep {next_year}").budget == Decimal("15000")


def test_cancel_cheque_action_releases_budget(admin_client, coordinator):
    call = CallFactory(budget=Decimal("500.00"))
    voucher = services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    act(admin_client, "cancel", [voucher], url="/admin/vouchers/voucher/", reason="Bedrijf gestopt", confirmed="1")
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.CANCELLED
    assert Call.objects.get(pk=call.pk).committed == 0


def test_print_selected_cheques_gives_one_pdf_page_each(admin_client, coordinator):
    call = CallFactory()
    vouchers = [services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator) for _ in range(2)]
    cancelled = services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    services.cancel_voucher(voucher=cancelled, by=coordinator, reason="x")
    response = admin_client.post("/admin/vouchers/voucher/", {
        "action": "print_cheques", "_selected_action": [v.pk for v in [*vouchers, cancelled]]})
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_voucher_search_accepts_a_typed_code(admin_client, coordinator):
    voucher = services.issue_voucher(application=ApplicationFactory(), by=coordinator)
    response = admin_client.get("/admin/vouchers/voucher/", {"q": voucher.code_display.lower()})
    assert [v.pk for v in response.context["cl"].result_list] == [voucher.pk]


def test_applications_cannot_be_edited_or_deleted_in_the_admin(admin_client):
    application = ApplicationFactory(company_name="Origineel")
    admin_client.post(f"/admin/vouchers/application/{application.pk}/change/", {"company_name": "Gewijzigd"})
    assert Application.objects.get(pk=application.pk).company_name == "Origineel"
    assert admin_client.get(f"/admin/vouchers/application/{application.pk}/delete/").status_code == 403


def call_form(client, call, **changes):
    form = client.get(f"/admin/vouchers/call/{call.pk}/change/").context["adminform"].form
    data = {"name": call.name, "name_fr": "Appel", "name_en": "", "face_value": "500,00", "budget": "15000,00",
            "deminimis_ceiling": "300000,00",
            "opens_on": call.opens_on.strftime("%d/%m/%Y"), "closes_on": call.closes_on.strftime("%d/%m/%Y"),
            "validity_months": "6", "contest_days": "14", "postcodes": [], "followup_months": "3",
            "random_check_percent": "0", "funding_reference": "", "subsidy_amount": "", "target_cheques": "",
            "excluded_juridical_forms": call.excluded_juridical_forms, "excluded_nace": call.excluded_nace,
            "regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
            "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0",
            "shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0"}
    assert {k for k in data if "FORMS" not in k} == set(form.fields)
    data.update(changes)
    return data


def test_a_budget_below_what_is_committed_is_a_field_error_naming_the_amount(admin_client, coordinator):
    call = CallFactory(budget=Decimal("15000.00"))
    for _ in range(3):
        services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)
    response = admin_client.post(f"/admin/vouchers/call/{call.pk}/change/",
                                 call_form(admin_client, call, budget="1000"))
    assert response.status_code == 200
    assert "EUR 1.500,00" in " ".join(response.context["adminform"].form.errors["budget"])
    assert Call.objects.get(pk=call.pk).budget == Decimal("15000.00")


def test_a_form_opened_before_an_approval_does_not_undo_it(admin_client, coordinator):
    call = CallFactory(budget=Decimal("15000.00"))
    data = call_form(admin_client, call, budget="20000", contest_days="21")  # the form is open ...
    services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator)  # ... a cheque is issued
    assert admin_client.post(f"/admin/vouchers/call/{call.pk}/change/", data).status_code == 302
    call.refresh_from_db()
    assert (call.budget, call.contest_days, call.committed) == (Decimal("20000.00"), 21, Decimal("500.00"))
    event = AuditEvent.objects.get(action="call.changed", object_id=str(call.pk))
    assert event.data["budget"] == ["15000.00", "20000.00"] and event.actor == coordinator


LIST_HEADER = re.compile(r'<th scope="col" class="[^"]*column-(\w+)[^"]*">.*?<div class="text">(?:<a [^>]*>)?([^<]*)<',
                         re.S)


def list_and_export_headers(client, model):
    page = client.get(f"/admin/vouchers/{model}/").content.decode()
    listed = {column: html.unescape(text) for column, text in LIST_HEADER.findall(page)}
    export = client.get(f"/admin/vouchers/{model}/export.csv").content.decode("utf-8-sig").splitlines()[0]
    return listed, export.split(";")


@pytest.mark.parametrize("language, customer, firm", [
    ("nl", "Klant", "Onderneming"), ("fr", "Client", "Entreprise"), ("en", "Customer", "Enterprise")])
def test_list_and_export_name_the_columns_alike_and_each_once(client, staff_user, language, customer, firm):
    """The French export named both the customer and the firm 'Entreprise'; now it says what the list says."""
    membership = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(iban="BE21001234567803"))
    redemption = redeem(issued_voucher(), membership)
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    services.create_payout_batch(by=UserFactory(), regie=redemption.voucher.call.regie,
                                 execution_date=timezone.localdate())
    finance = staff_user(FINANCE)
    profile = profile_of(finance)
    profile.language = language
    profile.save()
    client.force_login(finance)
    listed, export = list_and_export_headers(client, "redemption")
    assert export[2:4] == [customer, firm] and list(listed.values())[2:4] == [customer, firm]
    for model, not_exported in [("redemption", set()), ("payoutbatch", {"files"})]:
        listed, export = list_and_export_headers(client, model)
        assert len(set(export)) == len(export), export
        assert len(listed) >= 6 and all(export.count(text) == 1 for column, text in listed.items()
                                        if column not in not_exported), (listed, export)


@pytest.fixture
def maasland(db, coordinator):
    """A second regie the coordinator also works for (its admin on its own host is open to them)."""
    regie = RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])
    StaffMembership.objects.create(user=coordinator, regie=regie)
    return regie


def new_call(client, name, **host):
    year = timezone.localdate().year + 1
    return client.post("/admin/vouchers/call/add/", {
        "name": name, "face_value": "500,00", "budget": "15000", "opens_on": f"01/01/{year}",
        "closes_on": f"31/03/{year}", "validity_months": "6", "contest_days": "14", "deminimis_ceiling": "300000",
        "followup_months": "3", "random_check_percent": "10",
        "regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
        "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0",
        "shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0"}, **host)


def test_a_call_belongs_to_the_regie_of_the_host_it_was_made_on(admin_client, regie, maasland):
    assert new_call(admin_client, "Oproep Maasland", HTTP_HOST="maasland.example").status_code == 302
    assert new_call(admin_client, "Oproep Zuidoost").status_code == 302

    assert Call.objects.get(name="Oproep Maasland").regie == maasland
    assert Call.objects.get(name="Oproep Zuidoost").regie == regie
    created = AuditEvent.objects.get(action="call.created", object_repr="Oproep Maasland")
    assert created.data["regie"] == "maasland"


def test_a_call_name_is_once_per_regie(admin_client, maasland):
    CallFactory(name="Oproep 2030")
    assert new_call(admin_client, "Oproep 2030", HTTP_HOST="maasland.example").status_code == 302  # another regie
    taken = new_call(admin_client, "Oproep 2030", HTTP_ACCEPT_LANGUAGE="en")
    assert taken.status_code == 200
    assert taken.context["adminform"].form.errors["name"] == ["This regie already has a call of this name."]
    assert Call.objects.filter(name="Oproep 2030").count() == 2


def test_the_calls_list_and_the_dashboard_show_only_the_hosts_regie(admin_client, maasland):
    ours = CallFactory(regie=maasland, name="Oproep Maasland")
    theirs = CallFactory(name="Oproep Zuidoost")
    host = {"HTTP_HOST": "maasland.example"}

    calls = admin_client.get("/admin/vouchers/call/", **host).content.decode()
    assert "Oproep Maasland" in calls and "Oproep Zuidoost" not in calls
    assert admin_client.get(f"/admin/vouchers/call/{theirs.pk}/change/", **host).status_code != 200
    dashboard = admin_client.get("/admin/dashboard/", **host)
    assert [call.name for call in dashboard.context["calls"]] == ["Oproep Maasland"]
    asked = admin_client.get("/admin/dashboard/", {"call": theirs.pk}, **host)  # another regie's call: not there
    assert asked.context["scope"].call is None and "Oproep Zuidoost" not in asked.content.decode()
    assert admin_client.get("/admin/dashboard/", {"call": ours.pk}, **host).context["scope"].call == ours


def test_the_programme_report_names_its_regie_when_there_are_several(maasland, tmp_path):
    CallFactory(regie=maasland, name="Oproep Maasland")
    with pytest.raises(CommandError) as refused:
        call_command("programme_report", "--year", str(timezone.localdate().year), "--output", str(tmp_path / "r.pdf"))
    assert str(refused.value) == "Give --regie (its short name): this install has several regies: maasland, zuidoost."
    with pytest.raises(CommandError) as unknown:
        call_command("programme_report", "--regie", "noord", "--year", "2026", "--output", str(tmp_path / "r.pdf"))
    assert str(unknown.value) == "--regie: no regie 'noord'; the regies are: maasland, zuidoost"
    call = Call.objects.get(name="Oproep Maasland")
    with pytest.raises(CommandError) as other:
        call_command("programme_report", "--regie", "zuidoost", "--call", str(call.pk), "--output",
                     str(tmp_path / "r.pdf"))
    assert str(other.value).startswith(f"No call with id {call.pk}; the calls are: ")
