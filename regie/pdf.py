"""The one way the portal turns HTML into a tagged PDF (PDF/UA-1): WeasyPrint with the fonts shipped in
static/fonts/ ("Cheque Sans"), its font configuration and each stylesheet built once per process, which makes a
render several times faster than WeasyPrint's defaults. The title and language come from <title> and <html lang>.
"""
import atexit
import functools

from django.conf import settings

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "source-sans-3"
FONT_FACES = {
    ("normal", 400): "SourceSans3_400Regular.ttf",
    ("italic", 400): "SourceSans3_400Regular_Italic.ttf",
    ("normal", 600): "SourceSans3_600SemiBold.ttf",
    ("normal", 700): "SourceSans3_700Bold.ttf",
}
PDF_VARIANT = "pdf/ua-1"  # tagged: structure, /Lang and the title shown by PDF readers


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
