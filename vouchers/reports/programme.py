"""The programme report: a PDF per year or per call, in Dutch, French or English, that the regie attaches to
its yearly report to the Flemish government. The same figures and charts as the dashboard."""
import atexit
import functools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vouchers.pdf import _weasyprint, font_face_css
from vouchers.reports import figures
from vouchers.reports.context import report_context


class NoData(Exception):
    """A scope without a single application: there is nothing to report."""


def programme_report(scope, language="nl"):
    """(PDF bytes, file name). Raises NoData for a year or call without applications."""
    with translation.override(language):
        if not figures.has_data(scope):
            raise NoData(_("There are no applications for %(scope)s: no report was made.") % {"scope": scope.title})
        context = {**report_context(scope), "made_on": timezone.localdate(), "language": language,
                   "CONTACT_EMAIL": settings.CONTACT_EMAIL,
                   "title": _("Introduction cheque: programme report %(scope)s") % {"scope": scope.title}}
        html = render_to_string("reports/programme.html", context)
        filename = f"{slugify(_('programme report'))}-{slugify(scope.title)}-{language}.pdf"
    return render(html), filename


@functools.cache
def _stylesheet():
    from weasyprint import CSS

    _html, _cheque_css, font_config = _weasyprint()
    css = font_face_css() + (Path(__file__).parent / "report.css").read_text()
    return CSS(string=css, font_config=font_config), font_config


# Release the cached stylesheet (and its font configuration) while the interpreter is still whole.
atexit.register(_stylesheet.cache_clear)


def render(html):
    """The report's HTML to a tagged PDF (PDF/UA): title and language come from <title> and <html lang>."""
    from weasyprint import HTML

    stylesheet, font_config = _stylesheet()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1")
