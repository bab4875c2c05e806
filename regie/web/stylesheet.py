"""/regie.css: the brand colours of the regie a page is served as, as the CSS custom properties that
static/css/site.css reads (--brand, --brand-dark and what follows from them). A stylesheet of its own, not a style
attribute: the Content-Security-Policy allows styles from files only (style-src 'self').

The two colours are checked when a regie is saved (regie/models/brand.py: white text on each at 4.5:1 at least);
the tint behind the home page's introduction and the link colour are worked out here so that text in the brand
colours on the tint, and links on the portal's light grey boxes, keep 4.5:1 as well."""
import hashlib

from django.http import HttpResponse
from django.views.decorators.http import etag, require_safe

from regie.models.brand import MINIMUM_CONTRAST, WHITE, contrast_ratio

BLACK = "#000000"
LIGHT_GREY = "#f4f7f6"  # the catalogue's filter box (site.css .filters), where links stand too
MAX_AGE = 86400  # the address carries the colours' version (base.html), so a changed colour is fetched at once


def _mix(colour: str, other: str, share: float) -> str:
    """`share` of `colour` and the rest of `other`, channel by channel."""
    channels = (round(int(colour[i:i + 2], 16) * share + int(other[i:i + 2], 16) * (1 - share)) for i in (1, 3, 5))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _rgb(colour: str) -> str:
    return ", ".join(str(int(colour[i:i + 2], 16)) for i in (1, 3, 5))


def _readable_on(colour: str, *backgrounds: str) -> bool:
    return all(contrast_ratio(colour, background) >= MINIMUM_CONTRAST for background in backgrounds)


def tint(primary: str, accent: str) -> str:
    """A light tint of the brand colour, light enough that text in either brand colour stays readable on it."""
    shares = (0.10, 0.08, 0.06, 0.04, 0.02)
    return next((light for light in (_mix(primary, WHITE, share) for share in shares)
                 if _readable_on(primary, light) and _readable_on(accent, light)), WHITE)


def link_colour(primary: str, *backgrounds: str) -> str:
    """The brand colour, darkened step by step (mixed with black) until a link in it is readable on `backgrounds`."""
    darker = (_mix(primary, BLACK, 1 - step / 20) for step in range(21))
    return next(colour for colour in darker if _readable_on(colour, *backgrounds))


def properties(primary: str, accent: str) -> dict[str, str]:
    light = tint(primary, accent)
    link = link_colour(primary, WHITE, LIGHT_GREY, light)
    return {"--brand": primary, "--brand-dark": accent, "--brand-rgb": _rgb(primary), "--brand-light": light,
            "--brand-link": link, "--brand-link-rgb": _rgb(link)}


CALL_BADGE = "#ffd84d"  # the yellow label of the call on the cheque
MUTED_ON_DARK = "#e3efe9"  # the places under the regie's name on its dark band (cheque, remittance advice)
TEXT = "#1d2327"


def printed(regie) -> str:
    """The regie's colours as the custom properties the PDFs' stylesheets read (cheque, remittance advice, report,
    attendee list; each falls back to the portal's green): a style attribute on the document's <html>, which
    WeasyPrint reads (no Content-Security-Policy there). Text on the yellow call label and the muted line on the dark
    band keep 4.5:1 too, in the brand colour where it is readable there."""
    primary, accent = regie.primary_colour.lower(), regie.accent_colour.lower()
    values = {"--brand": primary, "--brand-dark": accent, "--brand-light": tint(primary, accent),
              "--brand-on-badge": accent if _readable_on(accent, CALL_BADGE) else TEXT,
              "--brand-muted": MUTED_ON_DARK if _readable_on(MUTED_ON_DARK, accent) else WHITE}
    return ";".join(f"{name}:{value}" for name, value in values.items())


def stylesheet(regie) -> str:
    declarations = ";".join(f"{name}:{value}" for name, value in
                            properties(regie.primary_colour.lower(), regie.accent_colour.lower()).items())
    return f":root{{{declarations}}}\n"


def version(regie) -> str:
    """Changes when a colour changes: the ETag, and the `v` of the address base.html links."""
    return hashlib.sha256(f"{regie.primary_colour}{regie.accent_colour}".lower().encode()).hexdigest()[:12]


@require_safe
@etag(lambda request: version(request.regie))
def regie_css(request):
    response = HttpResponse(stylesheet(request.regie), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
