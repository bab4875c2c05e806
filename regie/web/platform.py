"""The page of a platform host: the regies this install serves, each a link to its own host."""
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from regie.models import Regie


@require_safe
def regies(request):
    listed = Regie.objects.prefetch_related("hosts").order_by("is_demo", "name")
    return TemplateResponse(request, "platform/regies.html", {"regies": [r for r in listed if r.primary_host]})
