"""What every page says about the host regie's area, read from the data (enterprises/region.py) only when a template
uses it: `region.names` (the header's line), `region.listing` ("A, B and C"), `region.area` ("A, B (3700) or C")."""
from functools import partial

from django.utils.functional import SimpleLazyObject

from enterprises.region import RegieArea


def region(request):
    return {"region": SimpleLazyObject(partial(RegieArea, getattr(request, "regie", None), request))}
