import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from enterprises.demo import demo_enterprise_number
from enterprises.models import (
    AreaPostcode,
    EnterpriseKind,
    FirmListing,
    FirmMembership,
    Municipality,
    Postcode,
    ServiceCategory,
    SocialEnterprise,
)
from regie.dates import add_years
from regie.models import Regie, RegieHost, StaffMembership

TEST_REGIE = "zuidoost"  # the regie every test with a database runs as (tests/conftest.py)


REGIE_1_PROGRAMME = {"fr": "Chèque découverte", "en": "Introduction cheque"}


def programme_in(regie, language):
    """Regie 1's programme name in `language`; any other name given is the same in every language."""
    return REGIE_1_PROGRAMME[language] if regie.programme_name == "Kennismakingscheque" else regie.programme_name


class RegieFactory(factory.django.DjangoModelFactory):
    """A regie with the values the one-regie install had in its settings; `hosts` are its host names, the first
    primary."""

    class Meta:
        model = Regie
        django_get_or_create = ["short_name"]
        skip_postgeneration_save = True

    short_name = TEST_REGIE
    name = "Regie sociale economie Zuidoost-Limburg"
    region_name = "Zuidoost-Limburg"
    programme_name = "Kennismakingscheque"  # and in French and English, as regie 1 has them (vouchers 0023)
    programme_name_nl = factory.SelfAttribute("programme_name")
    programme_name_fr = factory.LazyAttribute(lambda regie: programme_in(regie, "fr"))
    programme_name_en = factory.LazyAttribute(lambda regie: programme_in(regie, "en"))
    legal_name = "Regie sociale economie Zuidoost-Limburg"
    enterprise_number = "0899000057"
    iban = "BE71096123456769"
    bic = "GKCCBEBB"
    postal_address = "Stadhuisplein 1, 3700 Tongeren"
    contact_email = "socialeeconomie@regie-zuidoost-limburg.example"
    contact_phone = "+32 12 00 00 00"
    sender_email = "noreply@regie-zuidoost-limburg.example"

    @factory.post_generation
    def hosts(obj, create, extracted, **kwargs):
        if create and not obj.hosts.exists():
            for number, name in enumerate(extracted or [f"{obj.short_name}.example"]):
                RegieHost.objects.create(regie=obj, name=name, is_primary=number == 0)


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

    @factory.post_generation
    def regies(obj, create, extracted, **kwargs):
        """The regies a staff user works for: `regies=[...]` as given; by default the test's regie (the one
        serving the test client's host, tests/conftest.py), as a coordinator or finance member of one regie is."""
        if not create or not obj.is_staff or obj.is_superuser:
            return
        chosen = extracted if extracted is not None else Regie.objects.filter(hosts__name="testserver")
        StaffMembership.objects.bulk_create([StaffMembership(user=obj, regie=regie) for regie in chosen],
                                            ignore_conflicts=True)


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
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: str(3700 + n % 99))
    place_nl = factory.Sequence(lambda n: f"Plaats {n}")
    place = factory.SelfAttribute("place_nl")
    municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def in_area_of(obj, create, extracted, **kwargs):
        """The regies whose area the postcode is in: `in_area_of=[...]` as given; by default the test's regie."""
        if not create:
            return
        chosen = extracted if extracted is not None else Regie.objects.filter(hosts__name="testserver")
        AreaPostcode.objects.bulk_create([AreaPostcode(postcode=obj, regie=regie) for regie in chosen],
                                         ignore_conflicts=True)


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    """A service category of the test's regie unless `regie=` names another."""

    class Meta:
        model = ServiceCategory
        django_get_or_create = ["regie", "slug"]

    regie = factory.SubFactory(RegieFactory)

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

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)

    @factory.post_generation
    def listed_by(obj, create, extracted, **kwargs):
        """The regies that list the firm: `listed_by=[...]` as given; by default the test's regie (the one serving
        the test client's host, tests/conftest.py)."""
        if not create:
            return
        chosen = extracted if extracted is not None else Regie.objects.filter(hosts__name="testserver")
        FirmListing.objects.bulk_create(
            [FirmListing(enterprise=obj, regie=regie, is_published=True) for regie in chosen], ignore_conflicts=True)

    @factory.post_generation
    def is_published(obj, create, extracted, **kwargs):
        """`is_published=False`: no regie that lists the firm publishes it (each listing says; published by default)."""
        if create and extracted is not None:
            obj.listings.update(is_published=extracted)

    @factory.post_generation
    def accepts_cheques(obj, create, extracted, **kwargs):
        """`accepts_cheques=False`: no regie that lists the firm lets it redeem cheques."""
        if create and extracted is not None:
            obj.listings.update(accepts_cheques=extracted)


class FirmMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirmMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(SocialEnterpriseFactory)
