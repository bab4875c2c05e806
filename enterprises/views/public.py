"""The public catalogue of social-economy enterprises."""
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from enterprises import selectors
from enterprises.forms import CatalogueFilterForm
from enterprises.models import SocialEnterprise, categories_of


def catalogue(request):
    municipalities, categories = selectors.filter_choices(request.regie)
    form = CatalogueFilterForm(request.GET, municipalities=municipalities, categories=categories)
    filters = form.filters()
    enterprises = selectors.catalogue(regie=request.regie, **filters)
    page = Paginator(enterprises, settings.CATALOGUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return TemplateResponse(request, "enterprises/catalogue.html", {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filtered": any(filters.values()),
        "query_string": query.urlencode(),
    })


def detail(request, slug):
    enterprise = get_object_or_404(
        SocialEnterprise.objects.published_by(request.regie).select_related("postcode__municipality")
        .prefetch_related(categories_of(request.regie))
        .annotate(accepts_cheques=F("listings__accepts_cheques")),  # this regie's listing's (published_by's join)
        slug=slug,
    )
    return TemplateResponse(request, "enterprises/detail.html", {"enterprise": enterprise})
