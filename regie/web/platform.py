"""The pages of a platform host (regie/web/hosts.py, regie/platform_urls.py): the list of the regies this install
serves, each a link to its own host. Anything else is a 404 of its own: the regies' pages (base.html) are not
there, and no regie's name or contact shows on a host that is no regie's."""
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from regie.models import Regie


@require_safe
def regies(request):
    listed = Regie.objects.prefetch_related("hosts").order_by("is_demo", "name")
    return TemplateResponse(request, "platform/regies.html", {"regies": [r for r in listed if r.primary_host]})


def not_found(request, exception=None):
    return HttpResponseNotFound(render_to_string("platform/not_found.html", request=request))


def bad_request(request, exception=None):
    return HttpResponseBadRequest(render_to_string("platform/bad_request.html", request=request))

