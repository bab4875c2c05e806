"""The programme's figures for a scope (one call, one year's calls, or all), read with a fixed number of
queries whatever the amount of data. The dashboard, the exports and the PDF report all read these."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Exists, F, Max, Min, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils.translation import gettext_lazy as _

from enterprises.models import Municipality, ServiceCategory
from vouchers.models import (
    Answer, Application, ApplicationStatus, Call, FollowUp, MunicipalityShare, Redemption, RedemptionStatus,
    Respondent, Voucher, VoucherStatus,
)
from vouchers.models.redemptions import COUNTING

ZERO = Decimal("0.00")
USED = [RedemptionStatus.APPROVED, RedemptionStatus.PAID]
MONEY = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class Scope:
    """Which calls the figures are about: one call, the calls opening in one year, or every call."""
    call: Call | None = None
    year: int | None = None

    def calls(self):
        if self.call is not None:
            return Call.objects.filter(pk=self.call.pk)
        if self.year is not None:
            return Call.objects.filter(opens_on__year=self.year)
        return Call.objects.all()

    def applications(self):
        return Application.objects.filter(call__in=self.calls())

    def vouchers(self):
        return Voucher.objects.filter(call__in=self.calls())

    def redemptions(self):
        return Redemption.objects.filter(voucher__call__in=self.calls())

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


def funnel(scope):
    """[(step, count)]: applications -> e-mail confirmed -> approved -> used -> used up -> still together."""
    applications = scope.applications().aggregate(
        submitted=Count("pk"), confirmed=Count("pk", filter=Q(verified_at__isnull=False)),
        approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)))
    used = Exists(Redemption.objects.filter(voucher=OuterRef("pk"), status__in=COUNTING))
    vouchers = scope.vouchers().aggregate(
        used=Count("pk", filter=Q(used)), used_up=Count("pk", filter=Q(status=VoucherStatus.USED_UP)))
    together = FollowUp.objects.filter(voucher__call__in=scope.calls(), respondent=Respondent.BUSINESS,
                                       answer=Answer.STILL).values("voucher").distinct().count()
    return [(_("Applications"), applications["submitted"]), (_("E-mail confirmed"), applications["confirmed"]),
            (_("Approved, cheque issued"), applications["approved"]), (_("Cheque used (any part)"), vouchers["used"]),
            (_("Cheque used up"), vouchers["used_up"]), (_("Still working together (follow-up)"), together)]


def municipalities(scope):
    """One row per municipality: applications, cheques, committed, redeemed, and its share where there is one."""
    applications = {row["municipality"]: row for row in scope.applications().values("municipality").annotate(
        applications=Count("pk"), cheques=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)))}
    held = {row["application__municipality"]: row["held"] for row in
            scope.vouchers().values("application__municipality").annotate(held=_sum(HOLDS))}
    redeemed = dict(scope.redemptions().filter(status__in=USED).values("voucher__application__municipality")
                    .annotate(euros=_sum("amount")).values_list("voucher__application__municipality", "euros"))
    shares = dict(MunicipalityShare.objects.filter(call__in=scope.calls()).values("municipality")
                  .annotate(total=_sum("amount")).values_list("municipality", "total"))
    rows = []
    for municipality in Municipality.objects.order_by("name"):
        counts = applications.get(municipality.pk, {})
        share = shares.get(municipality.pk)
        committed = held.get(municipality.pk, ZERO)
        rows.append({"municipality": municipality.name, "applications": counts.get("applications", 0),
                     "cheques": counts.get("cheques", 0), "committed": committed,
                     "redeemed": redeemed.get(municipality.pk, ZERO), "share": share,
                     "share_used_up": share is not None and committed >= share})
    return rows


def firms(scope):
    """Per social-economy firm: euros redeemed, customers, new customers (no cheque with it in earlier calls)."""
    used = scope.redemptions().filter(status__in=USED)
    rows = list(used.values("enterprise", "enterprise__name").annotate(
        euros=_sum("amount"), customers=Count("voucher__application__enterprise_number", distinct=True))
        .order_by("-euros", "enterprise__name"))
    first_call = scope.calls().aggregate(first=Min("opens_on"))["first"]
    earlier = set(Redemption.objects.filter(status__in=USED, voucher__call__opens_on__lt=first_call).values_list(
        "enterprise", "voucher__application__enterprise_number")) if first_call else set()
    pairs = set(used.values_list("enterprise", "voucher__application__enterprise_number"))
    for row in rows:
        row["new_customers"] = sum(1 for firm, number in pairs - earlier if firm == row["enterprise"])
    return rows


def categories(scope):
    """Per service category: euros redeemed at its firms and the number of those firms (a firm counts in each of
    its categories)."""
    names = {category.pk: category.name for category in ServiceCategory.objects.all()}
    rows = scope.redemptions().filter(status__in=USED, enterprise__categories__isnull=False).values(
        "enterprise__categories").annotate(euros=_sum("amount"), firms=Count("enterprise", distinct=True))
    return sorted(({"category": names.get(row["enterprise__categories"], "?"), "euros": row["euros"],
                    "firms": row["firms"]} for row in rows), key=lambda row: (-row["euros"], row["category"]))


def applications_per_week(scope):
    rows = scope.applications().annotate(week=TruncWeek("submitted_at")).values("week").annotate(n=Count("pk"))
    return [(row["week"].date(), row["n"]) for row in rows.order_by("week")]


def redemptions_per_month(scope):
    rows = scope.redemptions().filter(status__in=COUNTING).annotate(month=TruncMonth("submitted_at")).values(
        "month").annotate(n=Count("pk"), euros=_sum("amount"))
    return [(row["month"].date(), row["n"], row["euros"]) for row in rows.order_by("month")]


def followup_answers(scope):
    """{respondent: {answer or "open": count}} and the comments their authors agreed to be quoted."""
    followups = FollowUp.objects.filter(voucher__call__in=scope.calls())
    counts = {respondent: {answer: 0 for answer in [*Answer.values, "open"]} for respondent in Respondent.values}
    for row in followups.values("respondent", "answer").annotate(n=Count("pk")):
        counts[row["respondent"]][row["answer"] or "open"] = row["n"]
    quotes = list(followups.filter(may_quote=True).exclude(comment="").values(
        "comment", "respondent", "enterprise__name", "voucher__application__company_name").order_by("-answered_at"))
    return counts, quotes


def random_checks(scope):
    counts = dict(scope.redemptions().exclude(random_check="").values("random_check").annotate(
        n=Count("pk")).values_list("random_check", "n"))
    return {"drawn": sum(counts.values()), **counts}


def has_data(scope):
    return scope.applications().exists()


def last_activity(scope):
    return scope.applications().aggregate(last=Max("submitted_at"))["last"]
