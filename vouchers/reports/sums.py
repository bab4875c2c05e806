"""The scope's redemptions and applications, each read once and summed in one pass in Python (figures.py shows them).

The database does no time-zone conversion per row (that cost as much as a second read of 20,000 redemptions): it
gives each row's UTC hour as an integer, and each distinct hour is placed in its Brussels day, week and month once,
here. That is exact because Brussels is a whole number of hours off UTC (+1 or +2): its midnights, so its days,
weeks and months, start on the hour in UTC, and an hour lies in one of them. Amounts come as integer cents (the
amounts have two decimals) and are summed as integers: no Decimal parsed per row."""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Func, IntegerField, Q, Value
from django.utils import timezone

from vouchers.models import ApplicationStatus, RedemptionStatus
from vouchers.models.redemptions import COUNTING

USED = frozenset({RedemptionStatus.APPROVED, RedemptionStatus.PAID})  # euros redeemed: approved and paid
NOT_REJECTED = frozenset(COUNTING)  # a cheque used, a redemption of the month: all but rejected ones


class Integer(Func):
    """An integer the database driver gives as a Python int already: no converter called on each row."""
    output_field = IntegerField()

    def get_db_converters(self, connection):
        return []


class UtcHour(Integer):
    """The UTC hour a moment lies in, as whole hours since 1970 (floored, not rounded: 21:59:59.9 is hour 21).
    date_part's epoch is a float8 (extract's a numeric: slower), exact to the microsecond for these dates."""
    template = "floor(date_part('epoch', %(expressions)s) / 3600)::int"

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django keeps SQLite's datetimes as UTC text; strftime's format goes as a parameter (its % is no placeholder).
        seconds = Func(Value("%s"), *self.get_source_expressions(), function="strftime")
        return Func(seconds, template="(CAST(%(expressions)s AS INTEGER) / 3600)").as_sql(
            compiler, connection, **extra_context)


class Cents(Integer):
    """An amount with two decimals as integer cents."""
    template = "(%(expressions)s * 100)::int"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="CAST(ROUND(%(expressions)s * 100) AS INTEGER)",
                              **extra_context)


def euros(cents):
    """Integer cents as the Decimal with two places the database would have summed (0 -> Decimal("0.00"))."""
    return Decimal(cents).scaleb(-2)


def local_date(hour):
    """The Brussels date (the current time zone's) of the UTC hour `hour` hours after 1970 began."""
    return datetime.datetime.fromtimestamp(hour * 3600, timezone.get_current_timezone()).date()


REDEMPTION_FIELDS = ("voucher_id", "enterprise_id", "status", "voucher__application__municipality_id",
                     "voucher__application__enterprise_number")


def redemptions(scope):
    """{used, months, firm_euros, municipality_euros, customers} of the scope's redemptions, read once per scope:
    the cheques used (with a redemption that is not rejected), [(first day of the month, redemptions, euros)] of the
    redemptions that are not rejected, the approved and paid euros per firm and per municipality of the business,
    and per firm the enterprise numbers of its customers (approved and paid)."""
    if "redemptions" not in scope._cache:
        # Unordered: every figure sums or groups them (the default order cost the database a sort of them all).
        rows = scope.redemptions().order_by().values_list(*REDEMPTION_FIELDS, Cents("amount"), UtcHour("submitted_at"))
        scope._cache["redemptions"] = _sum_redemptions(rows)
    return scope._cache["redemptions"]


def _sum_redemptions(rows):
    used, hours = set(), defaultdict(lambda: [0, 0])
    firms, municipalities, customers = defaultdict(int), defaultdict(int), defaultdict(set)
    for voucher, firm, status, municipality, customer, cents, hour in rows:
        if status in NOT_REJECTED:
            used.add(voucher)
            counts = hours[hour]
            counts[0] += 1
            counts[1] += cents
            if status in USED:
                firms[firm] += cents
                municipalities[municipality] += cents
                customers[firm].add(customer)
    months = defaultdict(lambda: [0, 0])
    for hour, (n, cents) in hours.items():
        month = months[local_date(hour).replace(day=1)]
        month[0] += n
        month[1] += cents
    return {"used": len(used), "months": sorted((month, n, euros(cents)) for month, (n, cents) in months.items()),
            "firm_euros": {firm: euros(cents) for firm, cents in firms.items()},
            "municipality_euros": {municipality: euros(cents) for municipality, cents in municipalities.items()},
            "customers": customers}


def applications(scope):
    """({municipality id: {applications, confirmed, cheques}}, [(Monday of the week in Brussels, applications)]) of
    the scope's applications, read once per scope: counted per municipality and UTC hour by the database (a hash
    grouping, no sort), folded here."""
    if "applications" not in scope._cache:
        rows = scope.applications().order_by().values_list("municipality", UtcHour("submitted_at")).annotate(
            applications=Count("pk"), confirmed=Count("pk", filter=Q(verified_at__isnull=False)),
            cheques=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)))
        scope._cache["applications"] = _sum_applications(rows)
    return scope._cache["applications"]


def _sum_applications(rows):
    municipalities, hours = {}, defaultdict(int)
    for municipality, hour, submitted, confirmed, cheques in rows:
        counts = municipalities.setdefault(municipality, {"applications": 0, "confirmed": 0, "cheques": 0})
        counts["applications"] += submitted
        counts["confirmed"] += confirmed
        counts["cheques"] += cheques
        hours[hour] += submitted
    weeks = defaultdict(int)
    for hour, n in hours.items():
        day = local_date(hour)
        weeks[day - datetime.timedelta(days=day.weekday())] += n
    return municipalities, sorted(weeks.items())
