"""Belgian enterprise numbers (KBO/BCE) and IBANs: normalise, validate, format.

python-stdnum does the arithmetic; this module turns its exceptions into field errors
in the portal's words.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.be import vat
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError as StdnumError,
)

# The longest way to type one: "BE 0123 . 456 . 749" and the like, with room for stray spaces.
MAX_TYPED_LENGTH = 32


def normalize_enterprise_number(value):
    """Return the 10-digit form of an enterprise number, or raise ValidationError.

    Accepts "0123.456.749", "BE0123456749", "BE 0123 456 749", "123456749".
    """
    raw = str(value or "").strip()
    if not raw:
        raise ValidationError(_("Enter an enterprise number."), code="required")
    if len(raw) > MAX_TYPED_LENGTH:  # stdnum would turn thousands of digits into an int: ValueError, not an answer
        raise _length_error()
    try:
        return vat.validate(raw.upper())
    # InvalidLength is a kind of InvalidFormat: the specific case comes first.
    except InvalidLength:
        raise _length_error() from None
    except InvalidFormat:
        raise ValidationError(
            _("An enterprise number contains only digits, e.g. 0123.456.749."), code="invalid_format"
        ) from None
    except InvalidComponent:
        raise ValidationError(_("An enterprise number starts with 0 or 1."), code="invalid_start") from None
    except (InvalidChecksum, StdnumError):
        raise ValidationError(
            _("This enterprise number does not exist: its check digits are wrong. Please check for a typo."),
            code="invalid_checksum",
        ) from None


def _length_error():
    return ValidationError(
        _("An enterprise number has 10 digits (9 in older notation), e.g. 0123.456.749."), code="invalid_length")


def format_enterprise_number(number):
    """"0123456749" -> "0123.456.749" (the notation of the KBO)."""
    number = str(number or "")
    if len(number) != 10:
        return number
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def normalize_iban(value):
    """Return the compact IBAN (e.g. BE68539007547034) or raise ValidationError."""
    raw = str(value or "").strip()
    try:
        return iban.validate(raw)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid IBAN, e.g. BE71 0961 2345 6769."), code="invalid_iban"
        ) from None

