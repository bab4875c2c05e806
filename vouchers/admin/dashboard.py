"""The coordinator's and finance's landing page: /admin/dashboard/, per call or for all calls of the regie whose
host the admin is on (another regie's call, asked for by its id, is not there: all calls)."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from regie.web.hosts import sees_shared_rows
from vouchers.models import Call
from vouchers.reports import attention
from vouchers.reports.context import report_context
from vouchers.reports.figures import Scope
from vouchers.reports.programme import NoData, programme_report


def regie_calls(request):
    """The calls of the regie whose host the admin is on, newest first, each with its regie (the figures ask it)."""
    return list(Call.objects.filter(regie=request.regie).select_related("regie").order_by("-opens_on"))


def scope_from(request, calls):
    """The scope the query string asks for: one of `calls` (the regie's), the calls opening in one year, or all."""
    given = request.GET.get("call", "")
    call = next((call for call in calls if given.isdecimal() and call.pk == int(given)), None)
    given = request.GET.get("year", "")
    year = int(given) if given.isdecimal() and len(given) == 4 and call is None else None  # a year a date can have
    return Scope(regie=request.regie, call=call, year=year)


def dashboard(request):
    if not request.user.has_perm("vouchers.view_call"):
        raise PermissionDenied
    calls = regie_calls(request)  # read once: the call picker, the years, and the scope's call among them
    scope = scope_from(request, calls)
    years = sorted({call.opens_on.year for call in calls}, reverse=True)
    return TemplateResponse(request, "admin/vouchers/dashboard.html", {
        **admin.site.each_context(request), "title": _("Dashboard"), "calls": calls,
        "years": years, "attention": attention.items(request.regie, platform_rows=sees_shared_rows(request)),
        **report_context(scope)})


def report(request):
    if not request.user.has_perm("vouchers.view_call"):
        raise PermissionDenied
    scope = scope_from(request, regie_calls(request))
    language = request.GET.get("language") if request.GET.get("language") in ("nl", "fr", "en") else "nl"
    try:
        pdf, filename = programme_report(scope, language)
    except NoData as error:
        messages.warning(request, str(error))
        return redirect(f"{request.path.rsplit('rapport.pdf', 1)[0]}?{request.GET.urlencode()}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
