import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from enterprises.demo import demo_enterprise_number
from enterprises.models import EnterpriseKind, FirmMembership, Municipality, Postcode, ServiceCategory, SocialEnterprise
from regie.dates import add_years


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    name_nl = factory.Sequence(lambda n: f"Gemeente {n}")
    name = factory.SelfAttribute("name_nl")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    code = factory.Sequence(lambda n: str(3700 + n % 99))
    place_nl = factory.Sequence(lambda n: f"Plaats {n}")
    place = factory.SelfAttribute("place_nl")
    municipality = factory.SubFactory(MunicipalityFactory)


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ["slug"]

    name_nl = factory.Sequence(lambda n: f"Categorie {n}")
    name = factory.SelfAttribute("name_nl")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class SocialEnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialEnterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Onderneming {n:04d}")
    slug = factory.LazyAttribute(lambda e: slugify(e.name))
    enterprise_number = factory.Sequence(lambda n: demo_enterprise_number(1000 + n))
    kind = EnterpriseKind.MAATWERKBEDRIJF
    recognition_reference = factory.Sequence(lambda n: f"ERK-{n}")
    recognition_valid_until = factory.LazyFunction(lambda: add_years(timezone.localdate(), 1))
    street = "Teststraat 1"
    postcode = factory.SubFactory(PostcodeFactory)
    summary_nl = factory.Sequence(lambda n: f"Korte beschrijving {n}")
    summary = factory.SelfAttribute("summary_nl")
    email = "info@example.org"
    is_published = True

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class FirmMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirmMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(SocialEnterpriseFactory)
