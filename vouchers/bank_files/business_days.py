"""The days on which banks execute a SEPA credit transfer: Monday to Friday, except the TARGET closing days
(1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December). The `holidays` library keeps that
calendar (its ECB financial calendar, "XECB"), so a change by the ECB is an upgrade, not a code change.

A payout batch may still ask for another day (the bank then executes on the next business day); finance's
forms propose the business day instead, so the date in the file is the date the firms are paid."""
import datetime
import functools

import holidays

DAY = datetime.timedelta(days=1)


@functools.lru_cache(maxsize=16)
def _closing_days(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.financial_holidays("XECB", years=year))


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _closing_days(day.year)


def business_day_from(day: datetime.date) -> datetime.date:
    """`day` itself when the banks execute on it, else the first business day after it."""
    while not is_business_day(day):
        day += DAY
    return day
