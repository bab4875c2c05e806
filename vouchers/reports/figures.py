"""The programme's figures for a scope (one call, one year's calls, or all), read with a fixed number of
queries whatever the amount of data. The dashboard, the exports and the PDF report all read these.

The redemptions of the scope are read once, as plain rows, and every figure about them (per firm, per
municipality, per category, per month, the funnel's use) is summed from those rows in one pass; the applications
are counted once per municipality and hour for the municipalities, the funnel and the weeks (sums.py)."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from enterprises.models import Municipality, ServiceCategory, SocialEnterprise
from regie.models import Regie
from vouchers.models import (
    Answer,
    Application,
    Call,
    FollowUp,
    MunicipalityShare,
    Redemption,
    RedemptionStatus,
    Respondent,
    Voucher,
    VoucherStatus,
)
from vouchers.reports import sums

ZERO = Decimal("0.00")
USED = [RedemptionStatus.APPROVED, RedemptionStatus.PAID]
MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class Scope:
    """Which calls the figures are about: one call, the calls of a regie opening in one year, or all of a regie's
    calls. A call names its own regie; without a call or a regie (a platform-wide view) every regie's calls count."""
    regie: Regie | None = None
    call: Call | None = None
    year: int | None = None
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def owner(self) -> Regie | None:
        """The regie the figures are of: the call's, or the one given."""
        return self.call.regie if self.call is not None else self.regie

    def calls(self):
        if self.call is not None:
            return Call.objects.filter(pk=self.call.pk)
        calls = Call.objects.filter(regie=self.regie) if self.regie is not None else Call.objects.all()
        return calls.filter(opens_on__year=self.year) if self.year is not None else calls

    def _calls_filter(self, path):
        """A direct condition on the call (no subquery), so the database plans each figure's query well."""
        if self.call is not None:
            return Q(**{f"{path}_id": self.call.pk})
        condition = Q(**{f"{path}__regie_id": self.regie.pk}) if self.regie is not None else Q()
        return condition & Q(**{f"{path}__opens_on__year": self.year}) if self.year is not None else condition

    def applications(self):
        return Application.objects.filter(self._calls_filter("call"))

    def vouchers(self):
        return Voucher.objects.filter(self._calls_filter("call"))

    def redemptions(self):
        return Redemption.objects.filter(self._calls_filter("voucher__call"))

    def followups(self):
        return FollowUp.objects.filter(self._calls_filter("voucher__call"))

    @property
    def title(self):
        if self.call is not None:
            return str(self.call)
        return str(self.year) if self.year is not None else str(_("All calls"))


def _sum(expression):
    return Coalesce(Sum(expression, output_field=MONEY), Value(ZERO), output_field=MONEY)


def budget(scope):
    """{budget, committed, redeemed, paid, remaining} over the scope's calls."""
    totals = scope.calls().aggregate(budget=_sum("budget"), committed=_sum("committed"), redeemed=_sum("redeemed"),
                                     paid=_sum("paid"))
    return {**totals, "remaining": totals["budget"] - totals["committed"]}


HOLDS = Case(When(status=VoucherStatus.CANCELLED, then=Value(ZERO)),
             When(status=VoucherStatus.EXPIRED, then=F("face_value") - F("balance")),
             default=F("face_value"), output_field=MONEY)


def committed_per_municipality(call):
    """{municipality id: what the cheques of its businesses hold of the call's budget} (vouchers/ledger.py)."""
    rows = Voucher.objects.filter(call=call).values("application__municipality").annotate(held=_sum(HOLDS))
    return {row["application__municipality"]: row["held"] for row in rows}


def _per_municipality(scope):
    """({municipality id: {applications, confirmed, cheques}}, {municipality id: {held, used_up}}) of the scope's
    applications and cheques, read once per scope: the municipalities' rows, and the funnel as their sums."""
    if "per_municipality" not in scope._cache:
        vouchers = {row["application__municipality"]: row for row in scope.vouchers().order_by().values(
            "application__municipality").annotate(held=_sum(HOLDS), used_up=Count(
                "pk", filter=Q(status=VoucherStatus.USED_UP)))}
        scope._cache["per_municipality"] = sums.applications(scope)[0], vouchers
    return scope._cache["per_municipality"]


def funnel(scope):
    """[(step, count)]: applications -> e-mail confirmed -> approved -> used -> used up -> still together."""
    per_municipality, vouchers = _per_municipality(scope)
    applications = {total: sum(row[count] for row in per_municipality.values()) for total, count in (
        ("submitted", "applications"), ("confirmed", "confirmed"), ("approved", "cheques"))}
    used = sums.redemptions(scope)["used"]
    used_up = sum(row["used_up"] for row in vouchers.values())
    together = scope.followups().filter(respondent=Respondent.BUSINESS, answer=Answer.STILL).values(
        "voucher").distinct().count()
    return [(_("Applications"), applications["submitted"]), (_("E-mail confirmed"), applications["confirmed"]),
            (_("Approved, cheque issued"), applications["approved"]), (_("Cheque used (any part)"), used),
            (_("Cheque used up"), used_up), (_("Still working together (follow-up)"), together)]


FUNNEL_ISSUED, FUNNEL_USED = 2, 3  # funnel()'s steps "Approved, cheque issued" and "Cheque used (any part)"


def municipalities(scope):
    """One row per municipality of the regie's area (of every regie's, platform-wide) and per other municipality with
    figures: applications, cheques, committed, redeemed, and its share where there is one."""
    applications, vouchers = _per_municipality(scope)
    held = {municipality: row["held"] for municipality, row in vouchers.items()}
    redeemed = sums.redemptions(scope)["municipality_euros"]
    shares = dict(MunicipalityShare.objects.filter(scope._calls_filter("call")).values("municipality")
                  .annotate(total=_sum("amount")).values_list("municipality", "total"))
    listed = Municipality.objects.order_by("name")
    if scope.owner is not None:  # its regie's area, and wherever its calls had applicants or shares
        listed = listed.filter(Q(postcodes__areas__regie=scope.owner) | Q(pk__in=[*applications, *shares])).distinct()
    rows = []
    for municipality in listed:
        if municipality.merged_into_id and municipality.pk not in applications and municipality.pk not in shares:
            continue  # a former municipality (merged since) without figures in this scope
        counts = applications.get(municipality.pk, {})
        share = shares.get(municipality.pk)
        committed = held.get(municipality.pk, ZERO)
        rows.append({"municipality": municipality.name, "applications": counts.get("applications", 0),
                     "cheques": counts.get("cheques", 0), "committed": committed,
                     "redeemed": redeemed.get(municipality.pk, ZERO), "share": share,
                     "share_used_up": share is not None and committed >= share})
    return rows


def firms(scope):
    """Per social-economy firm: euros redeemed, customers, new customers (no cheque with it in the regie's earlier
    calls)."""
    redemptions = sums.redemptions(scope)
    euros, customers = redemptions["firm_euros"], redemptions["customers"]
    names = dict(SocialEnterprise.objects.filter(pk__in=list(euros)).values_list("pk", "name"))
    first_call = scope.calls().aggregate(first=Min("opens_on"))["first"]
    earlier = defaultdict(set)
    if first_call and customers:
        calls = Call.objects.filter(regie=scope.owner) if scope.owner is not None else Call.objects.all()
        # The earlier calls by their ids: PostgreSQL then knows how few redemptions they hold (joined on the dates,
        # it guessed an average call's share and read every redemption of the firms).
        earlier_calls = list(calls.filter(opens_on__lt=first_call).order_by().values_list("pk", flat=True))
        earlier_pairs = Redemption.objects.filter(
            status__in=USED, enterprise__in=list(customers), voucher__call__in=earlier_calls,
        ).order_by().values_list("enterprise", "voucher__application__enterprise_number").distinct()
        for firm, number in earlier_pairs:
            earlier[firm].add(number)
    rows = [{"enterprise": firm, "enterprise__name": names[firm], "euros": euros[firm],
             "customers": len(customers[firm]), "new_customers": len(customers[firm] - earlier[firm])}
            for firm in euros]
    return sorted(rows, key=lambda row: (-row["euros"], row["enterprise__name"]))


def categories(scope):
    """Per service category of the scope's regie: euros redeemed at its firms and the number of those firms (a firm
    counts in each of its categories). A platform-wide view counts the categories of every regie by name, a firm
    once under each name."""
    euros = sums.redemptions(scope)["firm_euros"]
    categories = ServiceCategory.objects.filter(enterprises__in=list(euros))
    if scope.owner is not None:
        categories = categories.of_regie(scope.owner)
    firms_per_name = defaultdict(set)
    for name, firm in categories.values_list("name", "enterprises"):
        firms_per_name[name].add(firm)
    return sorted(({"category": name, "euros": sum((euros[firm] for firm in firms), ZERO), "firms": len(firms)}
                   for name, firms in firms_per_name.items()), key=lambda row: (-row["euros"], row["category"]))


def applications_per_week(scope):
    """[(Monday of the week in Brussels, applications)]."""
    return sums.applications(scope)[1]


def redemptions_per_month(scope):
    """[(first day of the month in Brussels, redemptions, euros)] of the redemptions that are not rejected."""
    return sums.redemptions(scope)["months"]


def followup_answers(scope):
    """{respondent: {answer or "open": count}} and the comments their authors agreed to be quoted."""
    followups = scope.followups()
    counts = {respondent: dict.fromkeys([*Answer.values, "open"], 0) for respondent in Respondent.values}
    for row in followups.values("respondent", "answer").annotate(n=Count("pk")):
        counts[row["respondent"]][row["answer"] or "open"] = row["n"]
    quotes = list(followups.filter(may_quote=True).exclude(comment="").values(
        "comment", "respondent", "enterprise__name", "voucher__application__company_name").order_by("-answered_at"))
    return counts, quotes


def random_checks(scope):
    counts = dict(scope.redemptions().exclude(random_check="").values("random_check").annotate(
        n=Count("pk")).values_list("random_check", "n"))
    return {"drawn": sum(counts.values()), **counts}


def funding(scope):
    """What the funders gave and expect, over the scope's calls: {references, subsidy, target_cheques, budget};
    the subsidy and the target are None when no call of the scope has one, else the sum of those given."""
    calls = list(scope.calls().order_by("opens_on").values_list("funding_reference", "subsidy_amount",
                                                                "target_cheques", "budget"))
    references = list(dict.fromkeys(reference for reference, *_rest in calls if reference))
    subsidies = [subsidy for _reference, subsidy, *_rest in calls if subsidy is not None]
    targets = [target for *_first, target, _budget in calls if target is not None]
    return {"references": references, "subsidy": sum(subsidies) if subsidies else None,
            "target_cheques": sum(targets) if targets else None, "budget": sum(row[3] for row in calls)}


def has_data(scope):
    return scope.applications().exists()


def last_activity(scope):
    return scope.applications().aggregate(last=Max("submitted_at"))["last"]
