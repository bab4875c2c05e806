from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from vouchers.amounts import parse_euro


@pytest.mark.parametrize("typed, amount", [
    ("125,50", "125.50"), ("125.50", "125.50"), ("1.250,00", "1250.00"), ("1.250", "1250"), ("€ 300", "300"),
    ("300 EUR", "300"), ("15.000", "15000"), (" 0 ", "0"), ("12,5", "12.5"), ("300000", "300000"),
])
def test_belgian_notations(typed, amount):
    assert parse_euro(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["12,345", "1,2,3", "abc", "", "12.3.4", "1e5", "NaN", "12,50.3", "--5"])
def test_not_amounts(typed):
    assert parse_euro(typed) is None


cents = st.integers(min_value=0, max_value=10**9)


@given(cents)
def test_round_trip_with_comma_and_with_point(value):
    amount = Decimal(value) / 100
    euros, rest = divmod(value, 100)
    assert parse_euro(f"{euros},{rest:02d}") == amount
    assert parse_euro(f"{euros}.{rest:02d}") == amount
    grouped = f"{euros:,}".replace(",", ".")
    assert parse_euro(f"{grouped},{rest:02d}") == amount
