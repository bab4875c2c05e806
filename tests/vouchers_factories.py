import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from enterprises.demo import demo_enterprise_number
from tests.factories import MunicipalityFactory, RegieFactory
from vouchers.models import Application, ApplicationStatus, Call


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    regie = factory.SubFactory(RegieFactory)
    name = factory.Sequence(lambda n: f"Oproep {2026 + n}")
    budget = Decimal("15000.00")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    submission_key = factory.LazyFunction(uuid.uuid4)
    status = ApplicationStatus.VERIFIED
    company_name = factory.Sequence(lambda n: f"Bedrijf {n}")
    enterprise_number = factory.Sequence(lambda n: demo_enterprise_number(200_000 + n))
    street = "Markt 1"
    postcode = "3700"
    place = "Tongeren"
    municipality = factory.SubFactory(MunicipalityFactory, slug="tongeren", name_nl="Tongeren", name="Tongeren")
    sector = "retail"
    size = "1-9"
    contact_name = "An Peeters"
    email = factory.Sequence(lambda n: f"klant{n}@example.be")
    phone = "012 34 56 78"
    language = "nl"
    motivation = "We willen graag kennismaken."
    deminimis_amount = Decimal("0")
    accepted_terms_at = factory.LazyFunction(timezone.now)
    verified_at = factory.LazyFunction(timezone.now)
