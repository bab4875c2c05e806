"""Demo calls, applications in every state and issued cheques (fictitious businesses)."""
import datetime
import io
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from enterprises.demo import demo_enterprise_number
from enterprises.models import Postcode, ServiceCategory, SocialEnterprise
from regie.dates import add_months
from regie.models import Regie
from regie.regies.demo import DEMO_REGIE, SECOND_REGIE
from vouchers import services
from vouchers.models import Answer, Application, Call, FollowUp, Redemption, Respondent, Voucher

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
    ("Slagerij Op 't Hoekske", "Vlijtingen", "nl", "approved"),
    ("Transport Houben", "Romershoven", "nl", "approved"),
]
EARLIER = ("Schrijnwerkerij Reniers", "Vroenhoven", "nl")


# The article's programme: a subsidy of 50,000 euro a year from the Flemish government, 30+ businesses with a cheque.
DEMO_FUNDING = {"funding_reference": "Vlaamse overheid, subsidie regie sociale economie (demo)",
                "subsidy_amount": Decimal("50000.00"), "target_cheques": 30}


def demo_call(name: str, opens_on: datetime.date, closes_on: datetime.date, budget: str = "15000.00",
              funding: dict[str, Any] | None = None, regie: str = DEMO_REGIE) -> Call:
    """A demo call of the regie `regie` (short name); its French and English names say the same ("Oproep 2026
    (demo)" -> "Appel 2026 (démo)")."""
    year = name.split()[1]
    call, _ = Call.objects.update_or_create(
        regie=Regie.objects.get(short_name=regie), name=name,
        defaults={"budget": Decimal(budget), "opens_on": opens_on, "closes_on": closes_on,
                  "name_fr": f"Appel {year} (démo)", "name_en": f"Call {year} (demo)", **(funding or {})})
    return call


def _apply(call: Call, index: int, company: str, place: str, language: str) -> tuple[Application, bool]:
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
    }, categories=ServiceCategory.objects.of_regie(call.regie)[:2])
    return application, True


def _bring_to(application: Application, state: str, coordinator: User) -> None:
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


def seed() -> Application | None:
    """Returns an approved demo application, to show its personal page."""
    coordinator = get_user_model().objects.get(username="coordinator")
    today = timezone.localdate()
    call = demo_call("Oproep 2026 (demo)", today - datetime.timedelta(days=60), today + datetime.timedelta(days=120),
                     funding=DEMO_FUNDING)
    for index, (company, place, language, state) in enumerate(DEMO_APPLICATIONS, start=1):
        application, created = _apply(call, index, company, place, language)
        if created:
            _bring_to(application, state, coordinator)
    _seed_expired_cheque(coordinator, today)
    seed_redemptions()
    return Application.objects.filter(call=call, status="approved").order_by("pk").first()


# The second demo regie's applications (numbered on from 200) and what its firms redeemed of their cheques:
# (company, place, language, final state) and (cheque of application #, firm slug, amount).
SECOND_APPLICATIONS = [
    ("Bakkerij Maasbrood", "Eisden", "nl", "approved"),
    ("Garage Kessels", "Lanaken", "nl", "approved"),
    ("Brasserie La Meuse", "Rekem", "fr", "verified"),
    ("Schrijnwerkerij Stokkem", "Stokkem", "nl", "submitted"),
]
SECOND_REDEMPTIONS = [(1, "kringwinkel-maasland-riemst", "150.00"), (2, "maaswerk-groen", "200.00")]


def seed_second() -> None:
    """The second demo regie's call, applications, cheques and two redemptions: one by a firm both regies list."""
    coordinator = get_user_model().objects.get(username="coordinator")
    today = timezone.localdate()
    call = demo_call("Oproep 2026 (demo)", today - datetime.timedelta(days=30), today + datetime.timedelta(days=150),
                     budget="10000.00", regie=SECOND_REGIE)
    for index, (company, place, language, state) in enumerate(SECOND_APPLICATIONS, start=201):
        application, created = _apply(call, index, company, place, language)
        if created:
            _bring_to(application, state, coordinator)
    if Redemption.objects.filter(voucher__call=call).exists():
        return
    cheques = list(Voucher.objects.filter(call=call).order_by("application__pk"))
    for index, (cheque, slug, amount) in enumerate(SECOND_REDEMPTIONS, start=1):
        _redeem(cheques[cheque - 1], slug, Decimal(amount), f"DEMO-M-{index:03d}", today)


def _seed_expired_cheque(coordinator: User, today: datetime.date) -> None:
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


# (cheque of demo application #, firm slug, amount, final state)
DEMO_REDEMPTIONS = [
    (1, "de-groene-hand", "200.00", "paid"),
    (1, "kringwinkel-jekervallei", "100.00", "submitted"),
    (2, "de-groene-hand", "150.00", "confirmed"),
    (2, "atelier-fouron", "80.00", "contested"),
    (2, "kringwinkel-jekervallei", "60.00", "rejected"),
    (3, "atelier-fouron", "320.00", "approved"),
    (5, "de-groene-hand", "500.00", "paid"),
]


def demo_invoice(number: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Demo-factuur {number}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{number}.pdf", buffer.getvalue(), content_type="application/pdf")


def seed_redemptions() -> None:
    """Demo redemptions in every state, and a paid demo payout batch. Skipped once cheques were used."""
    if Redemption.objects.exists():
        return
    User = get_user_model()
    coordinator, finance = User.objects.get(username="coordinator"), User.objects.get(username="finance")
    applications = list(Application.objects.filter(call__name="Oproep 2026 (demo)", voucher__status="issued")
                        .order_by("pk"))
    today = timezone.localdate()
    paid = []
    for index, (cheque, slug, amount, state) in enumerate(DEMO_REDEMPTIONS, start=1):
        redemption = _redeem(applications[cheque - 1].voucher, slug, Decimal(amount), f"DEMO-{index:03d}", today)
        _bring_redemption_to(redemption, state, coordinator)
        if state == "paid":
            paid.append(redemption.pk)
    batch = services.create_payout_batch(by=finance, regie=Regie.objects.get(short_name=DEMO_REGIE),
                                         execution_date=today, redemption_ids=paid)
    services.mark_batch_paid(batch=batch, by=finance, paid_on=today)
    seed_followup(today)


def _redeem(voucher: Voucher, slug: str, amount: Decimal, invoice_number: str, today: datetime.date) -> Redemption:
    """The firm's first user redeems `amount` of the cheque, with a demo invoice of the amount plus EUR 50."""
    firm = SocialEnterprise.objects.get(slug=slug)
    membership = firm.memberships.first()
    assert membership is not None  # every demo firm has a user (enterprises/demo.py)
    return services.submit_redemption(
        code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number, enterprise=firm,
        by=membership.user, submission_key=uuid.uuid4(), regie=voucher.call.regie,
        invoice=demo_invoice(invoice_number),
        data={"amount": amount, "description": "Demo: dienst geleverd aan de klant.",
              "service_date": today, "invoice_number": invoice_number, "invoice_date": today,
              "invoice_amount": amount + Decimal("50.00")})


def _bring_redemption_to(redemption: Redemption, state: str, coordinator: User) -> None:
    """The customer's answer and the coordinator's decision that lead to `state` (paid is done by batch)."""
    if state in ("confirmed", "approved", "paid"):
        services.confirm_redemption(redemption=redemption)
    if state in ("contested", "rejected"):
        services.contest_redemption(redemption=redemption, reason="Demo: de klant herkent deze dienst niet.")
    if state in ("approved", "paid"):
        services.approve_redemption(redemption=redemption, by=coordinator)
    if state == "rejected":
        services.reject_redemption(redemption=redemption, by=coordinator, reason="Demo: geen bewijs van levering.")


def seed_followup(today: datetime.date) -> None:
    """The cheque used up at De Groene Hand is followed up (as it will be months from now) and both answered."""
    services.send_followups(today=add_months(today, 12))
    business, firm = (FollowUp.objects.get(enterprise__slug="de-groene-hand", respondent=respondent,
                                           voucher__application__company_name="Transport Houben")
                      for respondent in (Respondent.BUSINESS, Respondent.FIRM))
    services.answer_followup(followup=business, answer=Answer.STILL, may_quote=True,
                             comment="Demo: ze onderhouden nu elk seizoen onze tuin en parking; een blijvertje.")
    services.answer_followup(followup=firm, answer=Answer.PLANNED,
                             comment="Demo: we maken een offerte voor het onderhoud van hun tweede winkel.")
