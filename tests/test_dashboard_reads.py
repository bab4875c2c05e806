"""The dashboard reads a scope's redemptions once and sums every figure from those rows (vouchers/reports/figures.py):
a redemption that waits for approval counts as a cheque used in the funnel, but not as euros redeemed per
municipality or per firm, whichever figure read the rows first."""
from decimal import Decimal

import pytest

from tests.factories import FirmMembershipFactory, MunicipalityFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.reports import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_with_a_waiting_redemption(regie):
    """A call of 1,000 EUR with two cheques of businesses in Tongeren, both used at X Groen: 100 EUR approved,
    40 EUR submitted and not decided yet."""
    coordinator = UserFactory(is_staff=True)
    tongeren = MunicipalityFactory(slug="tongeren", name_nl="Tongeren", name="Tongeren")
    firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="X Groen", listed_by=[regie]))
    call = CallFactory(name="Deze oproep", budget=Decimal("1000.00"))
    approved, waiting = (services.issue_voucher(application=ApplicationFactory(call=call, municipality=tongeren),
                                                by=coordinator) for _ in range(2))
    redemption = redeem(approved, firm, amount="100.00", invoice_amount="100.00")
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=coordinator)
    redeem(waiting, firm, amount="40.00", invoice_amount="40.00")
    return call


@pytest.mark.parametrize("first", ["funnel", "municipalities", "firms"])
def test_only_approved_and_paid_redemptions_are_euros_redeemed_whichever_figure_reads_first(
        call_with_a_waiting_redemption, first):
    scope = figures.Scope(call=call_with_a_waiting_redemption)
    getattr(figures, first)(scope)  # the rows are read once per scope, by whichever figure asks first
    assert figures.funnel(scope)[figures.FUNNEL_USED][1] == 2  # "Cheque used (any part)": both
    tongeren = next(row for row in figures.municipalities(scope) if row["municipality"] == "Tongeren")
    assert (tongeren["applications"], tongeren["cheques"], tongeren["redeemed"]) == (2, 2, Decimal("100.00"))
    assert [(row["enterprise__name"], row["euros"], row["customers"]) for row in figures.firms(scope)] == [
        ("X Groen", Decimal("100.00"), 1)]
    assert figures.redemptions_per_month(scope)[0][1:] == (2, Decimal("140.00"))  # not rejected: both
