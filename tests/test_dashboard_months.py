"""The dashboard's time charts count each redemption in the Brussels month and each application in the Brussels week
it was made in, summer time or winter time, to the cent (vouchers/reports/sums.py: the database gives the UTC hour
and integer cents, each hour is placed in its Brussels month or week once)."""
import datetime
from decimal import Decimal

import pytest

from tests.factories import FirmMembershipFactory, MunicipalityFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.models import Application, ApplicationStatus, Redemption
from vouchers.reports import figures

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(year, month, day, hour, minute=0, second=0, microsecond=0):
    return datetime.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


@pytest.fixture
def call(regie):
    return CallFactory(name="Deze oproep", budget=Decimal("5000.00"))


@pytest.fixture
def firm(regie):
    return FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="X Groen", listed_by=[regie]))


def redeemed(call, firm, amount, when, municipality=None, approve=False):
    """A cheque of the call used at `firm` for `amount`, registered at `when` (UTC); approved if asked."""
    coordinator = UserFactory(is_staff=True)
    application = ApplicationFactory(call=call, **({"municipality": municipality} if municipality else {}))
    redemption = redeem(services.issue_voucher(application=application, by=coordinator), firm, amount=amount,
                        invoice_amount=amount)
    if approve:
        services.confirm_redemption(redemption=redemption)
        services.approve_redemption(redemption=redemption, by=coordinator)
    Redemption.objects.filter(pk=redemption.pk).update(submitted_at=when)
    return redemption


def test_a_redemption_counts_in_the_brussels_month_it_was_registered_in_summer_or_winter_time(call, firm):
    for amount, when in (
            ("10.00", at(2025, 3, 31, 21, 30)),  # 23:30 on 31 March in Brussels (summer time, UTC+2): March
            ("0.10", at(2025, 3, 31, 21, 59, 59, 900_000)),  # 23:59:59.9 in Brussels: still March (not rounded up)
            ("20.00", at(2025, 3, 31, 22)),  # midnight in Brussels: 1 April
            ("0.20", at(2025, 10, 31, 22, 30)),  # 23:30 on 31 October in Brussels (winter time, UTC+1): October
            ("30.01", at(2025, 10, 31, 23)),  # midnight in Brussels: 1 November
            ("0.30", at(2025, 12, 31, 23, 30)),  # 00:30 on 1 January 2026 in Brussels: the new year
    ):
        redeemed(call, firm, amount, when)
    months = figures.redemptions_per_month(figures.Scope(call=call))
    assert months == [
        (datetime.date(2025, 3, 1), 2, Decimal("10.10")), (datetime.date(2025, 4, 1), 1, Decimal("20.00")),
        (datetime.date(2025, 10, 1), 1, Decimal("0.20")), (datetime.date(2025, 11, 1), 1, Decimal("30.01")),
        (datetime.date(2026, 1, 1), 1, Decimal("0.30"))]
    assert [str(euros) for _month, _n, euros in months] == ["10.10", "20.00", "0.20", "30.01", "0.30"]  # to the cent


def test_euros_redeemed_add_up_to_the_cent_per_firm_municipality_and_category(call, firm):
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    for amount in ("0.10", "0.20", "100.01"):
        redeemed(call, firm, amount, at(2025, 5, 5, 10), municipality=tongeren, approve=True)
    redeemed(call, firm, "40.00", at(2025, 5, 5, 10), municipality=tongeren)  # waits for approval: not redeemed yet
    scope = figures.Scope(call=call)
    [row] = [row for row in figures.municipalities(scope) if row["municipality"] == "Tongeren"]
    assert (row["applications"], row["cheques"], str(row["redeemed"])) == (4, 4, "100.31")
    assert [(row["enterprise__name"], str(row["euros"]), row["customers"]) for row in figures.firms(scope)] == [
        ("X Groen", "100.31", 3)]
    assert figures.redemptions_per_month(scope) == [(datetime.date(2025, 5, 1), 4, Decimal("140.31"))]
    assert figures.funnel(scope)[figures.FUNNEL_USED][1] == 4  # "Cheque used (any part)": the waiting one too


def sent(call, when, municipality, confirmed=True):
    application = ApplicationFactory(call=call, municipality=municipality, **(
        {} if confirmed else {"status": ApplicationStatus.SUBMITTED, "verified_at": None}))
    Application.objects.filter(pk=application.pk).update(submitted_at=when)


def test_an_application_counts_in_the_brussels_week_it_was_sent_in_and_per_municipality(call):
    tongeren, bilzen = (MunicipalityFactory(slug=name.lower(), name_nl=name, name=name)
                        for name in ("Tongeren", "Bilzen"))
    sent(call, at(2025, 1, 5, 22, 59, 59, 900_000), tongeren)  # Sunday 23:59:59.9 in Brussels (winter): week of 30/12
    sent(call, at(2025, 1, 5, 23), tongeren, confirmed=False)  # Monday 0:00 in Brussels: week of 6/1
    sent(call, at(2025, 3, 30, 21, 30), bilzen)  # Sunday 23:30 in Brussels (summer time since that night): 24/3
    sent(call, at(2025, 3, 30, 22), tongeren)  # Monday 31 March 0:00 in Brussels: its own week
    sent(call, at(2025, 3, 31, 9), tongeren)
    scope = figures.Scope(call=call)
    assert figures.applications_per_week(scope) == [
        (datetime.date(2024, 12, 30), 1), (datetime.date(2025, 1, 6), 1), (datetime.date(2025, 3, 24), 1),
        (datetime.date(2025, 3, 31), 2)]
    rows = {row["municipality"]: row["applications"] for row in figures.municipalities(scope)}
    assert (rows["Tongeren"], rows["Bilzen"]) == (4, 1)
    assert [count for _step, count in figures.funnel(scope)[:3]] == [5, 4, 0]  # sent, e-mail confirmed, approved
