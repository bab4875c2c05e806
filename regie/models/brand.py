"""A regie's brand colours: white text on them must stay readable (WCAG 2.2, 1.4.3: a contrast of at least 4.5:1);
a logo (a regie's, a firm's) is a real PNG, JPEG or WebP image of limited size."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Give the colour as # and six hexadecimal digits, e.g. #0b5d4b."), code="colour")
    ratio = contrast_ratio(value, WHITE)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _("White text on %(colour)s has a contrast of %(ratio)s:1; at least 4.5:1 is needed. Choose a darker "
              "colour."), code="contrast", params={"colour": value, "ratio": f"{int(ratio * 100) / 100:.2f}"})


ALLOWED_LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
LOGO_MAX_PIXELS = 4096  # wide or high: a logo, not a poster


def validate_logo(file):
    """A logo is a real PNG, JPEG or WebP image (checked by content) of limited size. One already stored was checked
    when it came (and saving its row again must not need the file: it may be gone from the storage)."""
    if getattr(file, "_committed", False):
        return
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size)s); at most %(max)s is allowed."),
            code="logo_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(settings.LOGO_MAX_BYTES)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except Exception:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_not_image") from None
    finally:
        file.seek(0)
    if image_format not in ALLOWED_LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_not_image")
    if max(width, height) > LOGO_MAX_PIXELS:  # a small file can hold a huge picture, which printing would decode
        raise ValidationError(
            _("The logo is %(width)s by %(height)s pixels; at most %(max)s pixels wide and high is allowed."),
            code="logo_too_many_pixels", params={"width": width, "height": height, "max": LOGO_MAX_PIXELS})
