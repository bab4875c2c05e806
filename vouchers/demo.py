"""Demo calls, applications in every state and issued cheques (fictitious businesses)."""
import datetime
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprises.demo import demo_enterprise_number
from enterprises.models import Postcode, ServiceCategory
from vouchers import services
from vouchers.models import Application, Call, Voucher

# (company, place, language, final state)
DEMO_APPLICATIONS = [
    ("Bakkerij Het Gouden Korenaar", "Tongeren", "nl", "approved"),
    ("Garage Jekerdal", "Riemst", "nl", "approved"),
    ("Boulangerie du Plateau", "'s-Gravenvoeren", "fr", "approved"),
    ("Architectenbureau Demerzicht", "Bilzen", "nl", "cancelled"),
    ("Tuincentrum De Haspengouwse Hof", "Hoeselt", "nl", "verified"),
    ("Fietsen Vanhees", "Munsterbilzen", "nl", "verified"),
    ("Gîte Les Trois Frontières", "Teuven", "fr", "verified"),
    ("Drukkerij Tongria", "Tongeren", "nl", "submitted"),
    ("Brouwerij Mergelland", "Kanne", "en", "submitted"),
    ("Kapsalon Lotte", "Werm", "nl", "waitlisted"),
    ("Makelaardij Vastgoed Limburg", "Beverst", "nl", "rejected"),
    ("Café De Kroon", "Lauw", "nl", "withdrawn"),
]
EARLIER = ("Schrijnwerkerij Reniers", "Vroenhoven", "nl")


def demo_call(name, opens_on, closes_on, budget="15000.00"):
    call, _ = Call.objects.update_or_create(
        name=name, defaults={"budget": Decimal(budget), "opens_on": opens_on, "closes_on": closes_on})
    return call


def _apply(call, index, company, place, language):
    number = demo_enterprise_number(100_000 + index)
    existing = Application.objects.filter(call=call, enterprise_number=number).first()
    if existing is not None:
        return existing, False
    postcode = Postcode.objects.get(place_nl=place)
    application = services.submit_application(call=call, submission_key=uuid.uuid4(), data={
        "company_name": company, "enterprise_number": number, "street": f"Voorbeeldstraat {index}",
        "postcode": postcode.code, "place": place, "sector": "retail", "size": "1-9",
        "contact_name": "Demo Contact", "email": f"demo{index}@demo.example", "phone": "012 00 00 00",
        "language": language, "motivation": "Demo-aanvraag: we willen graag kennismaken met de sociale economie.",
        "deminimis_amount": Decimal("0"),
    }, categories=ServiceCategory.objects.all()[:2])
    return application, True


def _bring_to(application, state, coordinator):
    if state == "submitted":
        return
    application = services.confirm_email(application=application)
    if state in ("approved", "cancelled"):
        voucher = services.issue_voucher(application=application, by=coordinator)
        if state == "cancelled":
            services.cancel_voucher(voucher=voucher, by=coordinator, reason="Demo: het bedrijf zag af van de cheque.")
    elif state == "waitlisted":
        services.waitlist_application(application=application, by=coordinator)
    elif state == "rejected":
        services.reject_application(application=application, by=coordinator,
                                    reason="Demo: de vestiging ligt buiten de regio.")
    elif state == "withdrawn":
        services.withdraw_application(application=application)


def seed():
    """Returns an approved demo application, to show its personal page."""
    coordinator = get_user_model().objects.get(username="coordinator")
    today = timezone.localdate()
    call = demo_call("Oproep 2026 (demo)", today - datetime.timedelta(days=60), today + datetime.timedelta(days=120))
    for index, (company, place, language, state) in enumerate(DEMO_APPLICATIONS, start=1):
        application, created = _apply(call, index, company, place, language)
        if created:
            _bring_to(application, state, coordinator)
    _seed_expired_cheque(coordinator, today)
    return Application.objects.filter(call=call, status="approved").order_by("pk").first()


def _seed_expired_cheque(coordinator, today):
    """A cheque of an earlier call that was never used and has expired."""
    earlier = demo_call("Oproep 2025 (demo)", datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 3, 31),
                        budget="500.00")
    company, place, language = EARLIER
    application = Application.objects.filter(call=earlier).first()
    if application is None:
        Call.objects.filter(pk=earlier.pk).update(closes_on=today)  # accept this one application
        earlier.refresh_from_db()
        application, _ = _apply(earlier, 99, company, place, language)
        services.confirm_email(application=application)
        voucher = services.issue_voucher(application=application, by=coordinator)
        Call.objects.filter(pk=earlier.pk).update(closes_on=datetime.date(today.year - 1, 3, 31))
        Voucher.objects.filter(pk=voucher.pk).update(
            issued_at=timezone.now() - datetime.timedelta(days=300), valid_until=today - datetime.timedelta(days=120))
        services.expire_vouchers(today=today)
