import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from regie.models.brand import validate_logo  # noqa: F401  (here since the firms' logos; their migrations name it)

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
ONE_LINE_MESSAGE = _("This field must be one line of plain text: it contains an invisible character (%(code)s), "
                     "such as a line break, a tab or a text-direction mark. Type it again rather than pasting it.")
MULTILINE_MESSAGE = _("This text contains an invisible character (%(code)s), such as a tab or a text-direction "
                      "mark. Type it again rather than pasting it.")


@deconstructible
class ControlCharacterValidator:
    """Typed text holds no invisible control characters: none of Unicode's control characters (Cc), line or
    paragraph separators (Zl, Zp), nor the bidirectional controls that can reorder what a reader sees
    (U+202A-U+202E, U+2066-U+2069). A one-line field (a name, a company) refuses line breaks too; with
    `multiline`, a text allows line breaks (\\n, \\r\\n) and nothing else of the kind."""

    def __init__(self, *, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        text = str(value).replace("\r\n", "\n") if self.multiline else str(value)
        for character in text:
            if character == "\n" and self.multiline:
                continue
            if character in BIDI_CONTROLS or unicodedata.category(character) in REFUSED_CATEGORIES:
                raise ValidationError(MULTILINE_MESSAGE if self.multiline else ONE_LINE_MESSAGE,
                                      code="control_character", params={"code": f"U+{ord(character):04X}"})

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline
