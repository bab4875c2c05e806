"""Calendar arithmetic on local dates (Europe/Brussels), safe on 29 February and at month ends."""
import calendar
import datetime


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has none (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day, years):
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)
