"""Catalogue content shown in the visitor's language, Dutch where no translation exists."""
from modeltranslation.translator import TranslationOptions, register

from enterprises.models import Municipality, Postcode, ServiceCategory, SocialEnterprise


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("nl",)


@register(Postcode)
class PostcodeTranslation(TranslationOptions):
    fields = ("place",)
    required_languages = ("nl",)


@register(ServiceCategory)
class ServiceCategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("nl",)


@register(SocialEnterprise)
class SocialEnterpriseTranslation(TranslationOptions):
    fields = ("summary", "description", "services")
    required_languages = ("nl",)
