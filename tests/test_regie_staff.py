"""Staff work for regies: a coordinator or finance member of one regie logs in, opens admin pages, the door and the
health details on that regie's hosts only, and reads, counts and chooses that regie's rows only; a platform
administrator (superuser) works for every regie. (Pages of the memberships themselves: test_regie_staff_pages.py.)"""
import pytest
from django.urls import reverse
from django.utils import translation

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.models import MailStatus, OutgoingMail, Regie
from tests.factories import RegieFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.support.bank_statements import EntryFactory, write_camt053
from tests.support.networking import MeetingFactory
from tests.support.statement_payments import firm, paid_batch
from vouchers import services
from vouchers.models import BankStatementEntry, EntryOutcome, PaymentStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

MAASLAND = "maasland.example"
MAASLAND_IBAN = "BE48001123456727"
PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's
OTHER_REGIE = ("{username} werkt niet voor {regie}. Meld je aan op het adres van je eigen regie; de "
               "platformbeheerder kan je aan deze regie toevoegen.")
NOT_A_CHOICE = "Selecteer een geldige keuze. Deze keuze is niet beschikbaar."  # Django's, in Dutch


@pytest.fixture
def maasland():
    """A second regie, complete (IBAN, enterprise number, host), with an account of its own."""
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland", iban=MAASLAND_IBAN,
                        contact_email="info@maasland.example", sender_email="noreply@maasland.example",
                        hosts=[MAASLAND])


@pytest.fixture
def superuser():
    return UserFactory(username="platform", is_staff=True, is_superuser=True)


def logged_in(client):
    return "_auth_user_id" in client.session


def attention(page):
    """The dashboard's "needs attention" list as {English label: count}."""
    with translation.override("en"):
        return {str(item["label"]): item["count"] for item in page.context["attention"]}


def test_a_coordinator_of_another_regie_is_told_where_to_log_in_and_is_logged_in_nowhere(client, maasland,
                                                                                          staff_user):
    user = staff_user(COORDINATORS, username="an.maasland", regies=[maasland])
    credentials = {"username": "an.maasland", "password": PASSWORD}
    refused = client.post("/admin/login/", credentials)
    page = refused.content.decode()
    assert refused.status_code == 200 and '<html lang="nl"' in page
    assert OTHER_REGIE.format(username="an.maasland", regie="Regie sociale economie Zuidoost-Limburg") in page
    assert not logged_in(client) and client.get("/admin/").status_code == 302
    wrong = client.post("/admin/login/", {**credentials, "password": "not-the-password"}).content.decode()
    assert "werkt niet voor" not in wrong  # a wrong password does not tell whose the account is
    welcome = client.post("/admin/login/", credentials, HTTP_HOST=MAASLAND)
    assert welcome.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/", HTTP_HOST=MAASLAND).status_code == 200


def test_another_regies_coordinator_with_a_session_is_sent_to_log_in_a_superuser_is_let_in_everywhere(
        client, regie, maasland, staff_user, superuser):
    door = reverse("networking:door", kwargs={"slug": MeetingFactory(regie=regie, slug="tongeren").slug})
    theirs = reverse("networking:door", kwargs={"slug": MeetingFactory(regie=maasland, slug="maaseik").slug})
    pages = ["/admin/", "/admin/dashboard/", "/admin/vouchers/call/", "/admin/vouchers/redemption/"]
    client.force_login(staff_user(COORDINATORS, regies=[maasland]))
    for url in [*pages, door]:
        answer = client.get(url)
        assert (answer.status_code, answer["Location"].split("?")[0]) == (302, "/admin/login/"), url
    for url in [*pages, theirs]:
        assert client.get(url, HTTP_HOST=MAASLAND).status_code == 200, url  # their own regie's
    client.force_login(superuser)
    for url, host in [*((url, host) for url in pages for host in ("testserver", MAASLAND)), (door, "testserver"),
                      (theirs, MAASLAND)]:
        assert client.get(url, HTTP_HOST=host).status_code == 200, (url, host)


def test_the_dashboard_counts_the_hosts_regies_redemptions_and_the_platforms_failures_for_who_sees_them(
        client, staff_user, superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.contest_redemption(redemption=redeem(issued_voucher()), reason="Dienst nooit geleverd")
    OutgoingMail.objects.create(sender="a@example.be", recipients=["x@example.be"], subject="s", message=b"m",
                                status=MailStatus.FAILED)
    client.force_login(staff_user(COORDINATORS))
    alone = attention(client.get("/admin/dashboard/"))
    assert alone["Contested redemptions"] == 1 and alone["E-mails that could not be sent"] == 1
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", hosts=[MAASLAND])
    ours = attention(client.get("/admin/dashboard/"))  # the mail is the platform's (no regie): not theirs now
    assert ours["Contested redemptions"] == 1 and ours["E-mails that could not be sent"] == 0
    client.force_login(staff_user(COORDINATORS, regies=[maasland]))
    page = client.get("/admin/dashboard/", HTTP_HOST=MAASLAND)
    theirs = attention(page)
    assert theirs["Contested redemptions"] == 0 and theirs["E-mails that could not be sent"] == 0
    assert "Regie Maasland" in page.content.decode()
    client.force_login(superuser)
    platform = attention(client.get("/admin/dashboard/", HTTP_HOST=MAASLAND))
    assert platform["Contested redemptions"] == 0 and platform["E-mails that could not be sent"] == 1


def test_health_details_tell_a_regies_staff_about_their_regie_only(client, regie, maasland, staff_user, superuser):
    Regie.objects.filter(pk=regie.pk).update(iban="")  # Zuidoost-Limburg cannot pay firms yet
    missing = {"zuidoost": ["IBAN that pays the firms"]}
    client.force_login(staff_user(COORDINATORS, regies=[maasland]))
    # the install fails for another regie: counted, not named
    assert client.get("/health/", HTTP_HOST=MAASLAND).json()["checks"]["regies"] == {
        "ok": False, "regies": 1, "incomplete": {}, "other_regies_incomplete": 1}
    assert set(client.get("/health/").json()) == {"status"}  # on the other regie's host: the status only
    client.force_login(staff_user(COORDINATORS))
    assert client.get("/health/").json()["checks"]["regies"] == {
        "ok": False, "regies": 1, "incomplete": missing, "other_regies_incomplete": 0}
    client.force_login(superuser)
    assert client.get("/health/", HTTP_HOST=MAASLAND).json()["checks"]["regies"] == {
        "ok": False, "regies": 2, "incomplete": missing}


def test_personal_data_pages_are_each_regies_coordinators_also_once_there_are_two_regies(client, staff_user,
                                                                                         superuser):
    """Each regie answers for what it keeps (tests/test_personal_data_per_regie.py): its coordinator finds the page
    on the admin's index with one regie and with two."""
    coordinator = staff_user(COORDINATORS)
    assert coordinator.has_perm("vouchers.erase_personal_data")
    client.force_login(coordinator)
    assert client.get("/admin/persoonsgegevens/").status_code == 200  # one regie: its coordinator's page
    RegieFactory(short_name="maasland", name="Regie Maasland", hosts=[MAASLAND])
    assert client.get("/admin/persoonsgegevens/").status_code == 200
    assert 'href="/admin/persoonsgegevens/"' in client.get("/admin/").content.decode()
    client.force_login(superuser)
    assert client.get("/admin/persoonsgegevens/").status_code == 200


def test_finance_posting_another_regies_payment_is_told_the_choice_is_not_valid(client, maasland, staff_user):
    ours = paid_batch([firm("De Groene Hand", "BE21001234567803", "0899002334")], ["100.00"]).payments.get()
    assert ours.status == PaymentStatus.SENT and ours.batch.regie.short_name == "zuidoost"
    unknown = EntryFactory(end_to_end_id="ONBEKEND-1", communication="", amount=ours.amount,
                           counterparty_iban=ours.iban)  # it would match Zuidoost-Limburg's payment in all but regie
    services.import_bank_statement(content=write_camt053([unknown], iban=MAASLAND_IBAN), filename="maas.xml",
                                   by=None, regie=maasland)
    entry = BankStatementEntry.objects.get()
    assert (entry.statement.regie, entry.outcome) == (maasland, EntryOutcome.UNMATCHED)
    client.force_login(staff_user(FINANCE, regies=[maasland]))
    resolve = reverse("admin:vouchers_bankstatemententry_resolve", args=[entry.pk])
    page = client.get(resolve, HTTP_HOST=MAASLAND)
    assert page.status_code == 200 and list(page.context["assign"].fields["payment"].queryset) == []
    refused = client.post(resolve, {"do": "assign", "assign-payment": ours.pk}, HTTP_HOST=MAASLAND)
    assert refused.status_code == 200 and refused.context["assign"].errors["payment"] == [NOT_A_CHOICE]
    entry.refresh_from_db(), ours.refresh_from_db()
    assert (entry.outcome, entry.payment, ours.status, ours.booked_on) == (
        EntryOutcome.UNMATCHED, None, PaymentStatus.SENT, None)
    assert client.get(resolve).status_code == 302  # and on Zuidoost-Limburg's host they are sent to log in


def test_a_statement_of_one_regie_neither_pays_nor_names_another_regies_payment(maasland):
    ours = paid_batch([firm("De Groene Hand", "BE21001234567803", "0899002334")], ["100.00"]).payments.get()
    # another amount: a note would tell the payment's own amount ("Payment ... is EUR 100.00, the bank booked ...")
    forged = EntryFactory(end_to_end_id=ours.end_to_end_id, communication="", amount=ours.amount + 1)
    with translation.override("en"):
        services.import_bank_statement(content=write_camt053([forged], iban=MAASLAND_IBAN), filename="maas.xml",
                                       by=None, regie=maasland)
    entry = BankStatementEntry.objects.get()
    assert (entry.outcome, entry.payment, entry.note) == (
        EntryOutcome.UNMATCHED, None, "No payment has this end-to-end id or communication.")
