"""How long something is kept: a period in years, months and days, counted in whole days in Brussels."""
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from regie.dates import add_months


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def before(self, day):
        """`day` less the period: what started on an earlier day has been kept for longer than the period."""
        return add_months(day, -(12 * self.years + self.months)) - datetime.timedelta(days=self.days)

    def after(self, day):
        """The last day something that started on `day` is kept: the day after it, `before` has passed `day`."""
        return add_months(day, 12 * self.years + self.months) + datetime.timedelta(days=self.days)

    def cutoff(self, today):
        """The instant (midnight in Brussels) before which a moment has been kept for longer than the period."""
        day = self.before(today)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def __str__(self):
        return str(describe(self.years, self.months, self.days))


def describe(years=0, months=0, days=0):
    """"2 years", "30 days", "1 year and 6 months" in the active language."""
    parts = [ngettext("%(n)d year", "%(n)d years", years) % {"n": years} if years else "",
             ngettext("%(n)d month", "%(n)d months", months) % {"n": months} if months else "",
             ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days else ""]
    parts = [part for part in parts if part]
    if len(parts) > 1:
        return f"{', '.join(parts[:-1])} {gettext('and')} {parts[-1]}"
    return parts[0] if parts else ""


def describe_seconds(seconds):
    """A cookie's age: whole weeks or days ("52 weeks", "14 days"), else hours."""
    if seconds % 86400:
        hours = max(1, round(seconds / 3600))
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = seconds // 86400
    if days % 7 == 0 and days >= 21:
        return ngettext("%(n)d week", "%(n)d weeks", days // 7) % {"n": days // 7}
    return describe(days=days)
