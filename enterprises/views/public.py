"""The public catalogue of social-economy enterprises."""
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.views.decorators.http import etag

from enterprises import catalogue_cache, selectors
from enterprises.forms import CatalogueFilterForm
from enterprises.models import SocialEnterprise, categories_of


@etag(catalogue_cache.page_tag)  # a browser that has the page gets 304 until something it shows changes
def catalogue(request):
    municipalities, categories = catalogue_cache.filter_choices(request)
    form = CatalogueFilterForm(request.GET, municipalities=municipalities, categories=categories)
    filters = form.filters()
    key = catalogue_cache.list_key(request, filters)
    results = cache.get(key) if key else None
    if results is None:
        results = _results(request, filters)
        if key:
            cache.set(key, results, catalogue_cache.LIST_TIMEOUT)
    return TemplateResponse(request, "enterprises/catalogue.html", {
        "form": form, "filtered": any(filters.values()),
        "results": mark_safe(results),  # what _results rendered from our own template, escaped there
    })


def _results(request, filters) -> str:
    """The result list of the catalogue: the count, the firms of the page asked for, the links to the others."""
    enterprises = selectors.catalogue(regie=request.regie, **filters)
    page = Paginator(enterprises, settings.CATALOGUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render_to_string("enterprises/_results.html", {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query_string": query.urlencode(),
    }, request=request)


@etag(catalogue_cache.page_tag)
def detail(request, slug):
    enterprise = get_object_or_404(
        SocialEnterprise.objects.published_by(request.regie).select_related("postcode__municipality")
        .prefetch_related(categories_of(request.regie))
        .annotate(accepts_cheques=F("listings__accepts_cheques")),  # this regie's listing's (published_by's join)
        slug=slug,
    )
    return TemplateResponse(request, "enterprises/detail.html", {"enterprise": enterprise})
