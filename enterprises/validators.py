from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_logo(file):
    """A logo is a real PNG, JPEG or WebP image (checked by content) of limited size."""
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size)s); at most %(max)s is allowed."),
            code="logo_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(settings.LOGO_MAX_BYTES)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_not_image") from None
    finally:
        file.seek(0)
    if image_format not in ALLOWED_LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_not_image")
