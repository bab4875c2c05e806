"""The programme report: a PDF per year or per call, in Dutch, French or English, that the regie attaches to
its yearly report to the Flemish government. The same figures and charts as the dashboard, and what a funder
reads first: its reference and targets against what was reached, how the figures were made, a signature.

Everything in it, its title and file name too, is in the report's language. `warm_up` renders a tiny PDF
through the same path, and a cheque, when a process starts (regie.ops.warmup), so the first report or cheque is
not the slow one."""
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regie import pdf
from vouchers import pdf as cheques
from vouchers.reports import figures
from vouchers.reports.context import report_context


class NoData(Exception):
    """A scope without a single application: there is nothing to report."""


def report_name(scope):
    """"Programme report, all calls", in the active language: the cover, the PDF's title and its file name."""
    if scope.call is not None:
        return _("Programme report, %(call)s") % {"call": scope.call.public_name()}
    if scope.year is not None:
        return _("Programme report, calls of %(year)s") % {"year": scope.year}
    return _("Programme report, all calls")


def _share(reached, target):
    return round(reached * 100 / target) if target else None


def targets(context):
    """[{what, target, reached, share, format}]: the funders' targets against what the portal counted."""
    funding, funnel, budget = context["funding"], context["funnel"], context["budget"]
    rows = []
    if funding["target_cheques"] is not None:
        for what, (_step, reached) in ((_("Cheques issued"), funnel[figures.FUNNEL_ISSUED]),
                                       (_("Businesses that used their cheque"), funnel[figures.FUNNEL_USED])):
            rows.append({"what": what, "target": funding["target_cheques"], "reached": reached, "format": "0g",
                         "share": _share(reached, funding["target_cheques"])})
    rows.append({"what": _("Cheque budget redeemed (EUR)"), "target": budget["budget"], "reached": budget["redeemed"],
                 "format": "2g", "share": _share(budget["redeemed"], budget["budget"])})
    return rows


def programme_report(scope, language="nl"):
    """(PDF bytes, file name) of the scope's regie (its name on the cover and the signature, its contact address).
    Raises NoData for a year or call without applications."""
    regie = scope.owner
    if regie is None:
        raise ValueError("A programme report is one regie's: give the scope a regie or a call.")
    with translation.override(language):
        if not figures.has_data(scope):
            raise NoData(_("There are no applications for %(scope)s: no report was made.") % {"scope": scope.title})
        name = report_name(scope)
        context = {**report_context(scope), "funding": figures.funding(scope), "made_on": timezone.localdate(),
                   "language": language, "regie": regie, "CONTACT_EMAIL": regie.contact_email, "report_name": name,
                   "title": _("%(programme)s: %(report)s") % {"programme": regie.programme_name, "report": name}}
        context["targets"] = targets(context)
        html = render_to_string("reports/programme.html", context)
    return render(html), f"{slugify(name)}-{language}.pdf"


REPORT_CSS = (Path(__file__).parent / "report.css").read_text()


def render(html):
    """The report's HTML to a tagged PDF (PDF/UA): title and language come from <title> and <html lang>."""
    return pdf.render_pdf(html, css=REPORT_CSS)


WARM_UP_PAGE = ('<!doctype html><html lang="nl"><head><title>-</title></head><body class="report"><h1>-</h1>'
                '<p>- <strong>-</strong> <em>-</em></p><div class="chart bar-chart"><div class="bar-row">'
                '<span class="bar-label">-</span><svg class="bar" viewBox="0 0 100 10"><rect width="50" height="10"/>'
                '</svg><span class="bar-value">1</span></div></div></body></html>')


def warm_up():
    """What the first report or cheque of a process would otherwise do on a user's time (about 1 to 5 s): import
    WeasyPrint, build its font configuration and the stylesheets, read the fonts, compile the templates,
    load the catalogues; then lay out a report page and a whole cheque. Needs no database."""
    get_template("reports/programme.html")
    for language, _name in settings.LANGUAGES:
        with translation.override(language):  # activating a language reads its catalogue
            pass
    render(WARM_UP_PAGE)
    cheques.render_pdf(cheques.warm_up_html())  # a whole cheque too: the worker's first cheque is not the slow one
