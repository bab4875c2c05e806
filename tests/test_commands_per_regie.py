"""The commands with several regies on one install (issue 20): `check_ledger` checks each regie's ledger apart and
names the regie of each mismatch, `deminimis_register --regie` writes one regie's grants, and the scheduled commands
that work over every regie say what they did per regie."""
import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from regie.dates import add_months
from regie.models import CommandRun
from tests.clock import at, brussels
from tests.factories import RegieFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.models import Application, ApplicationStatus, Call, LedgerCheck, Redemption, Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland",
                        contact_email="info@maasland.example", sender_email="noreply@maasland.example",
                        hosts=["maasland.example"])


def cheque(call, **application):
    return services.issue_voucher(application=ApplicationFactory(call=call, **application),
                                  by=UserFactory(is_staff=True))


@pytest.fixture
def calls(regie, maasland):
    """A call with a cheque in each regie."""
    zuidoost, theirs = CallFactory(regie=regie, name="Oproep Zuidoost"), CallFactory(regie=maasland,
                                                                                    name="Oproep Maasland")
    cheque(zuidoost), cheque(theirs)
    return zuidoost, theirs


def check_ledger(**options):
    """(exit code, stdout, stderr) of `manage.py check_ledger -v 2`."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_ledger", verbosity=2, stdout=out, stderr=err, **options)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()


def test_a_mismatch_in_one_regie_fails_the_check_naming_that_regie_only(calls):
    _zuidoost, theirs = calls
    Call.objects.filter(pk=theirs.pk).update(committed=F("committed") - 100)  # changed behind the ledger's back
    code, out, err = check_ledger()
    assert code == 1
    assert err.splitlines() == [
        f"maasland: call Oproep Maasland (#{theirs.pk}): committed expected 500.00, found 400.00",
        "1 mismatch(es) in the ledger of maasland."]
    assert out.startswith("zuidoost: the ledger adds up (") and "maasland" not in out
    checks = {check.regie.short_name: check for check in LedgerCheck.objects.all()}
    assert {name: check.mismatches for name, check in checks.items()} == {"maasland": 1, "zuidoost": 0}
    assert checks["maasland"].report == f"call Oproep Maasland (#{theirs.pk}): committed expected 500.00, found 400.00"
    assert checks["zuidoost"].report == ""
    assert CommandRun.objects.get(name="check_ledger").summary == "1 mismatch(es) in 2 regie(s) (maasland 1)"


def test_health_and_each_regies_dashboard_tell_the_mismatch_of_one_regie(calls, client, settings):
    settings.HEALTH_TOKEN = "health-token"
    _zuidoost, theirs = calls
    Call.objects.filter(pk=theirs.pk).update(committed=F("committed") - 100)
    check_ledger(regie="maasland")
    check_ledger(regie="zuidoost")  # checked later, and adds up: the install's ledger still does not
    ledger = client.get("/health/", HTTP_AUTHORIZATION="Bearer health-token").json()["checks"]["ledger"]
    assert (ledger["ok"], ledger["mismatches"], ledger["regies_with_mismatches"]) == (False, 1, 1)
    client.force_login(UserFactory(username="coordinator-zuidoost", is_staff=True))  # works for zuidoost only
    ledger = client.get("/health/").json()["checks"]["ledger"]  # their regie's figures, maasland's counted
    assert (ledger["ok"], ledger["mismatches"], ledger["other_regies_with_mismatches"]) == (False, 0, 1)
    client.force_login(UserFactory(username="platform", is_staff=True, is_superuser=True))
    counts = {host: client.get("/admin/dashboard/", HTTP_HOST=host).context["attention"] for host in
              ("testserver", "maasland.example")}
    mismatches = {host: next(item["count"] for item in items if item["url"] == "/admin/vouchers/ledgercheck/")
                  for host, items in counts.items()}
    assert mismatches == {"testserver": 0, "maasland.example": 1}


def test_each_regies_last_check_is_its_own(calls, regie, maasland):
    _zuidoost, theirs = calls
    check_ledger()
    Call.objects.filter(pk=theirs.pk).update(redeemed=F("redeemed") + 1)
    check_ledger()
    assert LedgerCheck.objects.count() == 4
    assert LedgerCheck.objects.last_of(maasland).mismatches == 1 and LedgerCheck.objects.last_of(regie).adds_up
    assert [(c.regie.short_name, c.mismatches) for c in LedgerCheck.objects.last_of_each_regie()] == [
        ("maasland", 1), ("zuidoost", 0)]
    assert LedgerCheck.objects.last_of(None) is None


def test_the_check_of_the_clean_regie_alone_passes_and_is_not_the_scheduled_run(calls, regie):
    _zuidoost, theirs = calls
    Call.objects.filter(pk=theirs.pk).update(committed=F("committed") - 100)
    code, out, err = check_ledger(regie="zuidoost")
    assert code == 0 and err == "" and out.startswith("zuidoost: the ledger adds up (")
    assert set(LedgerCheck.objects.values_list("regie__short_name", "mismatches")) == {("zuidoost", 0)}
    assert not CommandRun.objects.filter(name="check_ledger").exists()  # maasland was not checked
    code, _out, err = check_ledger(regie="maasland")
    assert code == 1 and err.startswith("maasland: call Oproep Maasland")


def test_an_unknown_regie_is_refused_naming_the_regies(maasland):
    with pytest.raises(CommandError, match=r"^--regie: no regie 'noord'; the regies are: maasland, zuidoost$"):
        call_command("check_ledger", regie="noord")
    assert not LedgerCheck.objects.exists()


def test_the_de_minimis_register_of_one_regie_lists_only_its_grants(calls, tmp_path):
    zuidoost, theirs = calls
    cheque(theirs, company_name="Brouwerij Maaseik")
    output, year = tmp_path / "register.csv", timezone.localdate().year
    with pytest.raises(CommandError, match=r"Give --regie \(its short name\): this install has several regies: "
                                           r"maasland, zuidoost\."):
        call_command("deminimis_register", year=year, output=str(output))
    assert not output.exists()
    out = io.StringIO()
    call_command("deminimis_register", regie="maasland", year=year, output=str(output), verbosity=2, stdout=out)
    rows = list(csv.reader(io.StringIO(output.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert sorted(row[-1] for row in rows[1:]) == sorted(v.code_display for v in Voucher.objects.filter(call=theirs))
    assert len(rows) == 3 and "Brouwerij Maaseik" in {row[1] for row in rows}
    assert out.getvalue() == f"Written: {output} (2 grants of maasland).\n"
    call_command("deminimis_register", regie="zuidoost", year=year, output=str(output))
    rows = list(csv.reader(io.StringIO(output.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert [row[-1] for row in rows[1:]] == [Voucher.objects.get(call=zuidoost).code_display]


def run(command, **options):
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue(), CommandRun.objects.get(name=command).summary


def test_expiry_says_how_many_cheques_expired_in_each_regie(regie, maasland):
    zuidoost, theirs = CallFactory(regie=regie), CallFactory(regie=maasland)
    past = [cheque(zuidoost).pk, cheque(zuidoost).pk, cheque(theirs).pk]
    cheque(theirs)  # valid for a year yet
    Voucher.objects.filter(pk__in=past).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert run("expire_vouchers") == ("3 cheque(s) expired (maasland 1, zuidoost 2).\n",
                                      "3 expired (maasland 1, zuidoost 2)")
    assert run("expire_vouchers", verbosity=2) == ("0 cheque(s) expired.\n",
                                                   "0 expired")


def test_the_purge_says_how_many_applications_it_deleted_in_each_regie(regie, maasland):
    for call, count in ((CallFactory(regie=regie), 1), (CallFactory(regie=maasland), 2)):
        for _ in range(count):
            stale = ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED, verified_at=None)
            Application.objects.filter(pk=stale.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=31))
    assert run("purge_unverified_applications") == (
        "3 unverified application(s) deleted (maasland 2, zuidoost 1).\n", "3 deleted (maasland 2, zuidoost 1)")


def test_automatic_confirmation_counts_per_regie_what_it_confirmed(regie, maasland):
    due, ours = redeem(cheque(CallFactory(regie=maasland))), redeem(cheque(CallFactory(regie=regie)))
    redeem(cheque(CallFactory(regie=maasland)))  # submitted today: may still be contested
    late = timezone.now() - datetime.timedelta(days=due.voucher.call.contest_days + 2)
    Redemption.objects.filter(pk__in=[due.pk, ours.pk]).update(submitted_at=late)
    assert run("confirm_due_redemptions") == ("2 redemption(s) confirmed (maasland 1, zuidoost 1).\n",
                                              "2 confirmed (maasland 1, zuidoost 1)")


def test_reminders_and_follow_ups_name_no_regie_when_nothing_was_due(maasland):
    assert run("remind_expiring", verbosity=2) == ("0 reminder(s) sent.\n",
                                                   "0 reminded")
    assert run("send_followups", verbosity=2) == (
        "0 follow-up question(s) sent, 0 reminder(s).\n",
        "0 asked, 0 reminded")


def test_a_reminder_before_expiry_is_counted_in_its_regie(regie, maasland):
    soon = cheque(CallFactory(regie=maasland))
    Voucher.objects.filter(pk=soon.pk).update(valid_until=timezone.localdate() + datetime.timedelta(days=6))
    cheque(CallFactory(regie=regie))  # a year left: no reminder
    assert run("remind_expiring") == ("1 reminder(s) sent (maasland 1).\n",
                                      "1 reminded (maasland 1)")


def test_follow_up_questions_and_their_reminders_are_counted_in_their_regie(maasland):
    voucher = cheque(CallFactory(regie=maasland))
    redemption = redeem(voucher, amount="500.00", invoice_amount="500.00")
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    asked = brussels(add_months(timezone.localdate(), voucher.call.followup_months), 9)
    with at(asked):  # the business and the firm are asked
        assert run("send_followups")[1] == "2 asked (maasland 2), 0 reminded"
    with at(asked + datetime.timedelta(days=15)):
        assert run("send_followups")[1] == "0 asked, 2 reminded (maasland 2)"
