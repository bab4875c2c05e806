"""Fields that store a number in its normalised form, whatever notation was typed."""
from collections.abc import Callable

from django import forms
from django.db import models

from regie.formats.numbers import format_enterprise_number, normalize_enterprise_number, normalize_iban


class NormalizingFormField(forms.CharField):
    normalizer: Callable[[str], str] | None = None  # a subclass names it

    def to_python(self, value):
        value = super().to_python(value)
        return type(self).normalizer(value) if value else value


class EnterpriseNumberFormField(NormalizingFormField):
    normalizer = staticmethod(normalize_enterprise_number)

    def prepare_value(self, value):
        return format_enterprise_number(value) if value and len(str(value)) == 10 else value


class IBANFormField(NormalizingFormField):
    normalizer = staticmethod(normalize_iban)


class NormalizedCharField(models.CharField):
    """Stores `normalizer(value)`; forms accept the longer notations people type."""

    normalizer: Callable[[str], str] | None = None  # a subclass names these four
    stored_length: int | None = None
    typed_length: int | None = None
    form_class: type[forms.Field] | None = None

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = self.stored_length
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return type(self).normalizer(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, "max_length": self.typed_length, **kwargs})


class EnterpriseNumberField(NormalizedCharField):
    """A Belgian enterprise number, stored as 10 digits."""

    normalizer = staticmethod(normalize_enterprise_number)
    stored_length, typed_length = 10, 32
    form_class = EnterpriseNumberFormField


class IBANField(NormalizedCharField):
    """An IBAN, stored compact (BE71096123456769)."""

    normalizer = staticmethod(normalize_iban)
    stored_length, typed_length = 34, 42
    form_class = IBANFormField
