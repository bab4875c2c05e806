"""Factories for the networking app: meetings, registrations, introductions (issue 19)."""
import datetime

import factory
from django.utils import timezone

from networking.models import Introduction, Meeting, Registration
from tests.factories import RegieFactory, SocialEnterpriseFactory
from tests.vouchers_factories import ApplicationFactory


def _in_days(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    regie = factory.SubFactory(RegieFactory)
    slug = factory.Sequence(lambda n: f"netwerkmoment-{n}")
    title_nl = factory.Sequence(lambda n: f"Netwerkmoment {n}")
    title_fr = factory.Sequence(lambda n: f"Moment de réseautage {n}")
    title_en = factory.Sequence(lambda n: f"Networking moment {n}")
    text_nl = "Ondernemers uit de regio ontmoeten elkaar."
    text_fr = "Les entrepreneurs de la région se rencontrent."
    text_en = "Entrepreneurs of the region meet."
    starts_at = factory.LazyFunction(lambda: _in_days(14, 18))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=2))
    place_name = "De Velinx"
    street = "Dijk 111"
    postcode = "3700"
    city = "Tongeren"
    capacity = 40
    is_published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A business's registration with a place; pass status="waiting" for the waiting list."""

    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    kind = "business"
    status = "registered"
    contact_name = factory.Sequence(lambda n: f"Contact {n}")
    company_name = factory.Sequence(lambda n: f"Bedrijf {n} bv")
    email = factory.Sequence(lambda n: f"contact{n}@bedrijf.example")
    language = "nl"


class FirmRegistrationFactory(RegistrationFactory):
    kind = "firm"
    enterprise = factory.SubFactory(SocialEnterpriseFactory)
    company_name = factory.LazyAttribute(lambda o: o.enterprise.name)


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    # its meeting's regie, else the test's regie (tests/conftest.py)
    regie = factory.LazyAttribute(lambda o: o.registration.meeting.regie if o.registration else RegieFactory())
    enterprise = factory.SubFactory(SocialEnterpriseFactory)
    source = "application"
    # an application to a call of the test's regie, so that the introduction is that regie's (partner pages)
    application_public_id = factory.LazyAttribute(
        lambda o: ApplicationFactory().public_id if o.source == "application" and not o.registration else None)
    registration = None
    company_name = factory.Sequence(lambda n: f"Klant {n} nv")
    contact_name = factory.Sequence(lambda n: f"Klant Contact {n}")
    email = factory.Sequence(lambda n: f"klant{n}@klant.example")
    phone = "089 12 34 56"
    looking_for = "Groenonderhoud van ons bedrijfsterrein."
