"""A meeting's title and text in nl, fr and en (Dutch where no translation exists)."""
from modeltranslation.translator import TranslationOptions, register

from networking.models import Meeting


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "text")
    required_languages = ("nl",)
