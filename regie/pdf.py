"""The one way the portal turns HTML into a tagged PDF (PDF/UA-1): WeasyPrint with the fonts shipped in
static/fonts/ ("Cheque Sans"), its font configuration and each stylesheet built once per process, which makes a
render several times faster than WeasyPrint's defaults. The title and language come from <title> and <html lang>.

A regie's logo, as its documents (and the HTML of its mails) show it: read from the file storage (local disk or S3)
once per process and logo file, scaled down and kept as a PNG data: URI, so a batch of cheques reads and encodes it
once. A logo that cannot be read is left out (and logged), never a failed document.
"""
import atexit
import base64
import functools
import io
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import format_html

from regie.models.brand import ALLOWED_LOGO_FORMATS, LOGO_MAX_PIXELS

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "source-sans-3"
FONT_FACES = {
    ("normal", 400): "SourceSans3_400Regular.ttf",
    ("italic", 400): "SourceSans3_400Regular_Italic.ttf",
    ("normal", 600): "SourceSans3_600SemiBold.ttf",
    ("normal", 700): "SourceSans3_700Bold.ttf",
}
PDF_VARIANT = "pdf/ua-1"  # tagged: structure, /Lang and the title shown by PDF readers
LOGO_PIXELS = 240  # the longest side of the embedded logo: sharp at 15 mm (400 dpi), a few kB in each PDF
LOGO_RETRY_SECONDS = 300  # a logo that could not be read is tried again after this long, not for every cheque

logger = logging.getLogger(__name__)


def font_face_css():
    return "\n".join(
        f'@font-face {{ font-family: "Cheque Sans"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (style, weight), name in FONT_FACES.items()
    )


@functools.cache
def weasyprint():
    """(HTML class, CSS class, font configuration), made once per process."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 late: 0.65 s to import; only a process that renders needs it
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 late: as above

    return HTML, CSS, FontConfiguration()


@functools.cache
def stylesheet(css):
    """The fonts plus `css`, parsed once per process for each distinct text."""
    _html, CSS, font_config = weasyprint()
    return CSS(string=font_face_css() + css, font_config=font_config)


# Release WeasyPrint's font configuration while the interpreter is still whole.
atexit.register(stylesheet.cache_clear)
atexit.register(weasyprint.cache_clear)


def render_pdf(html, *, css=""):
    """HTML to a tagged PDF with the shipped fonts and the stylesheet `css` (text)."""
    HTML, _css, font_config = weasyprint()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet(css)], font_config=font_config, pdf_variant=PDF_VARIANT)


@dataclass(frozen=True)
class Logo:
    """A regie's logo, ready to embed: a PNG data: URI (on white) and its size in pixels."""

    data_uri: str
    width: int
    height: int

    def size(self, height: float, max_width: float) -> tuple[float, float]:
        """(width, height) at `height`, aspect kept, narrowed (and lowered) to `max_width` when wider."""
        width = height * self.width / self.height
        if width > max_width:
            width, height = max_width, max_width * self.height / self.width
        return round(width, 2), round(height, 2)

    def img(self, *, alt: str, height: float, max_width: float, css_class: str = "printed-logo"):
        """The <img> for a PDF, sized in millimetres (a style attribute: a PDF has no Content-Security-Policy)."""
        width, height = self.size(height, max_width)
        return format_html('<img class="{}" src="{}" alt="{}" style="width:{}mm;height:{}mm">',
                           css_class, self.data_uri, alt, width, height)


_logos: dict[str, tuple[Logo | None, float]] = {}  # storage name -> (logo or None, when an unread one is tried again)
_logos_lock = threading.Lock()


def logo_name(regie) -> str:
    """The storage name of the regie's logo; "" without one."""
    field = getattr(regie, "logo", None)
    return (field.name or "") if field else ""


def logo(regie) -> Logo | None:
    """The regie's logo, read once per process and logo file (a new upload has a new name: the storages never
    overwrite); None without a logo or when its file cannot be read (then logged, and tried again later)."""
    name = logo_name(regie)
    if not name:
        return None
    known = _logos.get(name)
    if known is not None and (known[0] is not None or known[1] > time.monotonic()):
        return known[0]
    prepared = _read_logo(regie, name)
    with _logos_lock:
        if len(_logos) > 256:  # a process that saw very many uploads: start again
            _logos.clear()
        _logos[name] = (prepared, time.monotonic() + LOGO_RETRY_SECONDS)
    return prepared


def forget_logos() -> None:
    """Empty the process's logos (tests: each has its own file storage)."""
    with _logos_lock:
        _logos.clear()


def _read_logo(regie, name: str) -> Logo | None:
    from PIL import Image  # noqa: PLC0415 late: only a process that shows a logo needs it

    try:
        with default_storage.open(name, "rb") as file:
            data = file.read(settings.LOGO_MAX_BYTES + 1)
        if len(data) > settings.LOGO_MAX_BYTES:
            raise ValueError(f"larger than {settings.LOGO_MAX_BYTES} bytes")
        with Image.open(io.BytesIO(data), formats=sorted(ALLOWED_LOGO_FORMATS)) as image:
            if max(image.size) > LOGO_MAX_PIXELS:  # one stored before the rule, or written around it
                raise ValueError(f"{image.size} pixels, more than {LOGO_MAX_PIXELS} wide or high")
            image.load()
            picture = image.convert("RGBA")
        picture.thumbnail((LOGO_PIXELS, LOGO_PIXELS), Image.Resampling.LANCZOS)
        # On white, as every document shows it (paper, or a white plate on a dark band): no transparency for
        # WeasyPrint to split into a mask at each render.
        picture = Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture).convert("RGB")
        png = io.BytesIO()
        picture.save(png, "PNG", optimize=True)
    except Exception:  # gone from the storage, storage away, not an image: the document goes without it
        logger.warning("The logo %s of regie %s cannot be read; documents and mails go without it for now", name,
                       getattr(regie, "short_name", regie), exc_info=True)
        return None
    uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")
    return Logo(data_uri=uri, width=picture.width, height=picture.height)
