"""A regie's names and texts in the visitor's language, Dutch where no translation exists."""
from modeltranslation.translator import TranslationOptions, register

from regie.models import Regie


@register(Regie)
class RegieTranslation(TranslationOptions):
    fields = ("name", "region_name", "programme_name", "introduction")
    required_languages = ("nl",)
