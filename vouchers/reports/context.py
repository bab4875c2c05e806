"""Everything the dashboard and the programme report show, for one scope, with its charts."""
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vouchers.reports import charts, figures, networking


def report_context(scope):
    budget = figures.budget(scope)
    funnel = figures.funnel(scope)
    municipalities = figures.municipalities(scope)
    firms = figures.firms(scope)
    categories = figures.categories(scope)
    weeks = figures.applications_per_week(scope)
    months = figures.redemptions_per_month(scope)
    answers, quotes = figures.followup_answers(scope)
    context = {
        "scope": scope, "budget": budget, "funnel": funnel, "municipalities": municipalities, "firms": firms,
        "has_shares": any(row["share"] is not None for row in municipalities),
        "categories": categories, "weeks": weeks, "months": months, "answers": answers, "quotes": quotes,
        "random_checks": figures.random_checks(scope),
        "demand": networking.demand(scope), "meetings": networking.meetings(scope),
    }
    return {**context, "charts": _charts(context)}


def _charts(context):
    """The figures as server-rendered SVG charts (the page and the PDF show the same table beside each)."""
    budget = context["budget"]
    budget_rows = [(_("Committed"), budget["committed"]), (_("Redeemed"), budget["redeemed"]),
                   (_("Paid"), budget["paid"]), (_("Remaining"), budget["remaining"])]
    return {
        "budget": charts.bars(budget_rows, title=_("Budget use (EUR)"), decimals=2),
        "funnel": charts.bars(context["funnel"], title=_("From application to lasting partnership")),
        "municipalities": charts.bars([(row["municipality"], row["redeemed"]) for row in context["municipalities"]],
                                      title=_("Redeemed per municipality (EUR)"), decimals=2),
        "firms": charts.bars([(row["enterprise__name"], row["euros"]) for row in context["firms"][:15]],
                             title=_("Redeemed per social-economy enterprise (EUR)"), decimals=2),
        "categories": charts.bars([(row["category"], row["euros"]) for row in context["categories"]],
                                  title=_("Redeemed per service category (EUR)"), decimals=2),
        "weeks": charts.columns([(date_format(week, "d/m"), n) for week, n in context["weeks"]],
                                title=_("Applications per week")),
        "months": charts.columns([(date_format(month, "m/Y"), euros) for month, _n, euros in context["months"]],
                                 title=_("Redemptions registered per month (EUR)"), decimals=2),
        "demand": charts.bars([(row["name"], row["asked"]) for row in context["demand"]["categories"][:15]],
                              title=_("Businesses that asked for each service category")),
        "meetings": charts.bars([(f"{row['title']} ({date_format(row['date'], 'd/m/Y')})", row["attended"])
                                 for row in context["meetings"]], title=_("Attended per networking moment")),
    }
