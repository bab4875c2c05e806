"""Euro amounts as people in Belgium type them: "125,50", "1.250,00", "€ 300", "125.50"."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

_THOUSANDS_WITH_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_euro(text: object) -> Decimal | None:
    """A Decimal, or None when `text` is not an amount. More than two decimals are refused."""
    cleaned = re.sub(r"(?i)\s|€|eur", "", str(text or ""))
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS_WITH_DOTS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        return None


class EuroField(forms.DecimalField):
    default_error_messages = {
        "invalid": _("Enter an amount in euro with at most two decimals, e.g. 125,50."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "decimal"})
        self.widget.attrs.pop("step", None)

    # django-stubs 5.2 gives DecimalField the to_python of its base IntegerField (int | None).
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        amount = parse_euro(value)
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """A text input (people type "1.250,00"): HTML allows no min, max or step on it; the validators still apply."""
        attrs = super().widget_attrs(widget)
        for name in ("step", "min", "max"):
            attrs.pop(name, None)
        return attrs
