"""Demo networking moments (fictitious businesses), made through the real services like vouchers/demo.py: an
upcoming "Netwerkmoment Tongeren" with registrations in Dutch and French and the demo firm De Groene Hand, and a
meeting six weeks ago with attendees checked in, wishes to meet again and the introductions that came of them.

The past meeting's story is played now, through the same services and rules as a real meeting (registration
before its deadline, the door open around its start, the wishes once it is over), and its rows are then moved back
six weeks with QuerySet.update, as vouchers/demo.py back-dates its expired cheque. Safe to run again: a meeting
whose address (slug) exists is left as it is. Mails go nowhere: seed_demo runs this with SILENT.
"""
import datetime

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone

from enterprises.demo import demo_enterprise_number
from enterprises.models import ServiceCategory, SocialEnterprise
from networking import services
from networking.models import Audience, Introduction, IntroductionSource, Meeting, Registration, Wish
from networking.services.registrations import confirm_registration_email
from regie.models import Regie
from regie.regies.demo import DEMO_REGIE

UPCOMING = "netwerkmoment-tongeren"
PAST = "netwerkmoment-bilzen"

TEXTS = {
    "nl": ("Netwerkmoment Tongeren",
           ("Ondernemers uit Zuidoost-Limburg en de sociale-economiebedrijven uit de streek leren elkaar kennen, "
            "bij een hapje en een drankje van Keuken van Spouwen.\n\n"
            "18:00 onthaal · 18:30 drie bedrijven vertellen hoe ze met de kennismakingscheque startten · 19:15 "
            "speeddates en vrij netwerken. Deelnemen is gratis.")),
    "fr": ("Moment de réseautage à Tongres",
           ("Les entrepreneurs du sud-est du Limbourg et les entreprises d'économie sociale de la région font "
            "connaissance, autour d'un verre et d'une bouchée de Keuken van Spouwen.\n\n"
            "18h00 accueil · 18h30 trois entreprises racontent leurs débuts avec le chèque découverte · 19h15 "
            "speed dating et réseautage libre. La participation est gratuite.")),
    "en": ("Networking moment Tongeren",
           ("Entrepreneurs from south-east Limburg and the region's social-economy firms get to know each other, "
            "over a drink and a bite from Keuken van Spouwen.\n\n"
            "18:00 welcome · 18:30 three businesses tell how they started with the introduction cheque · 19:15 "
            "speed dates and free networking. Taking part is free.")),
}
PAST_TITLES = {"nl": "Netwerkontbijt Bilzen", "fr": "Petit-déjeuner réseautage à Bilzen",
               "en": "Networking breakfast Bilzen"}
PAST_TEXT = {"nl": "Een ontbijt waar ondernemers en sociale-economiebedrijven elkaar ontmoeten.",
             "fr": "Un petit-déjeuner où entrepreneurs et entreprises d'économie sociale se rencontrent.",
             "en": "A breakfast where entrepreneurs and social-economy firms meet."}

# (contact, company, language, service category slugs, firm slugs, consent to introductions)
UPCOMING_BUSINESSES = [
    ("Lies Vandereycken", "Brouwerij De Kroon van Widooie", "nl", ["catering"], [], True),
    ("Tom Huybrechts", "Garage Tongria Motors", "nl", ["schoonmaak", "groenonderhoud"], ["de-groene-hand"], True),
    ("Marie Lambert", "Gîte Le Val de la Berwinne", "fr", ["wassen-strijken"], ["het-strijkhuis-tongeren"], True),
    ("Julien Xhonneux", "Fromagerie des Fourons", "fr", ["assemblage-verpakking"], ["atelier-fouron"], True),
    ("An Claes", "Architectenbureau Jekerzicht", "nl", ["drukwerk-mailing"], [], False),
    ("Pieter Jans", "Schrijnwerkerij Jans", "nl", [], [], False),
    ("Nathalie Dubois", "Boucherie Dubois", "fr", ["catering"], [], False),
    ("Koen Stevens", "Fietsen Stevens", "nl", ["fietsherstel"], ["bilzerse-fietsenbank"], True),
    ("Sarah Peeters", "Kinderopvang 't Kasteeltje", "nl", ["groenonderhoud"], [], True),
    ("Luc Renard", "Imprimerie Renard", "fr", [], [], False),
    ("Eva Moors", "Hotel De Pelgrim", "nl", ["wassen-strijken", "catering"], [], True),
    ("Claire Schmetz", "Transports Schmetz", "fr", ["logistiek"], [], False),
]

# (contact, company, language, service category slugs, consent, came to the meeting). The first one is the demo
# cheque application no. 5 of vouchers/demo.py (its enterprise number): it applied after the meeting.
PAST_BUSINESSES = [
    ("Hilde Vanhees", "Tuincentrum De Haspengouwse Hof", "nl", ["groenonderhoud"], True, True),
    ("Bart Lenaerts", "Drukkerij Lenaerts", "nl", ["administratie"], True, True),
    ("Sophie Lejeune", "Chambres d'hôtes La Voerstreek", "fr", ["wassen-strijken"], False, True),
    ("Dirk Moonen", "Moonen Bouw", "nl", [], False, True),
    ("Isabelle Franssen", "Boulangerie Franssen", "fr", ["catering"], True, True),
    ("Ellen Bosmans", "Bosmans Interieur", "nl", ["hergebruik"], True, True),
    ("Jan Vrancken", "Vrancken Logistics", "nl", ["logistiek"], False, False),
    ("Wim Jacobs", "Jacobs Elektro", "nl", [], False, False),
]
PAST_APPLICANT_NUMBER = demo_enterprise_number(100_000 + 5)  # "Tuincentrum De Haspengouwse Hof" in vouchers/demo.py
# The firms' users at the past meeting (enterprises/demo_data.py FIRM_USERS) and their firm.
PAST_FIRMS = [("partner-groenehand", "de-groene-hand"), ("partner-kringwinkel", "kringwinkel-jekervallei"),
              ("partner-fouron", "atelier-fouron")]
# Mutual wishes to meet again after the past meeting (companies), and one that was not returned.
MUTUAL = [("Moonen Bouw", "De Groene Hand"), ("Chambres d'hôtes La Voerstreek", "Atelier Fouron"),
          ("Drukkerij Lenaerts", "Boulangerie Franssen")]
ONE_SIDED = [("Tuincentrum De Haspengouwse Hof", "Kringwinkel Jekervallei")]
# Demo cheque applications (vouchers/demo.py) whose business agreed to introductions, on its personal page.
CONSENTING_APPLICATIONS = ["Boulangerie du Plateau", "Tuincentrum De Haspengouwse Hof"]
UNCONFIRMED = {"Transports Schmetz"}  # has not opened the link in its mail yet
OUTCOMES = ["quote", "contacted"]  # what De Groene Hand marked, a week after the past meeting

LOOKING_FOR = {"nl": "Demo: een vaste partner in de buurt voor de diensten die ik aanvinkte.",
               "fr": "Démo\u00a0: un partenaire régulier près de chez nous pour les services cochés.",
               "en": "Demo: a regular partner nearby for the services I ticked."}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday(day: datetime.date) -> datetime.date:
    """A meeting is not held on a weekend: Saturday and Sunday move to the Tuesday after."""
    return day + datetime.timedelta(days={5: 3, 6: 2}.get(day.weekday(), 0))


def _email(company: str) -> str:
    return "info@" + "".join(c for c in company.lower() if c.isalnum())[:30] + ".demo.example"


def _meeting(*, slug: str, titles: dict, texts: dict, starts_at: datetime.datetime, hours: int, place: tuple,
             capacity: int, closes_at: datetime.datetime | None = None) -> Meeting:
    coordinator = get_user_model().objects.get(username="coordinator")
    place_name, street, postcode, city = place
    return services.create_meeting(
        by=coordinator, regie=Regie.objects.get(short_name=DEMO_REGIE), slug=slug,
        **{f"title_{lang}": text for lang, text in titles.items()},
        **{f"text_{lang}": text for lang, text in texts.items()}, starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours), place_name=place_name, street=street,
        postcode=postcode, city=city, capacity=capacity, audience=Audience.BOTH,
        registration_closes_at=closes_at or starts_at - datetime.timedelta(days=2), is_published=True)


def _business(meeting: Meeting, contact: str, company: str, language: str, categories: list[str],
              firms: list[str], consent: bool, number: str = "") -> Registration:
    """Registered through the form's service, and the address confirmed from the mail's link (but one): with
    consent, that is when the firms receive the introduction."""
    registration = services.register_business(
        meeting=meeting, contact_name=contact, company_name=company, email=_email(company), language=language,
        enterprise_number=number,
        categories=ServiceCategory.objects.of_regie(meeting.regie).filter(slug__in=categories),
        enterprises=SocialEnterprise.objects.filter(slug__in=firms), consent=consent, listed=True,
        looking_for=LOOKING_FOR[language] if categories or firms else "")
    if company not in UNCONFIRMED:
        confirm_registration_email(registration=registration)
    return registration


def _firm(meeting: Meeting, username: str, slug: str) -> Registration:
    user = get_user_model().objects.get(username=username)
    return services.register_firm_user(meeting=meeting, user=user, enterprise=SocialEnterprise.objects.get(slug=slug),
                                       listed=True)  # ticked "show our firm's name to the other attendees"


def seed_upcoming(today: datetime.date) -> None:
    """In three weeks at De Velinx: twelve businesses (Dutch and French) and De Groene Hand registered."""
    if Meeting.objects.filter(slug=UPCOMING).exists():
        return
    meeting = _meeting(slug=UPCOMING, titles={lang: title for lang, (title, _text) in TEXTS.items()},
                       texts={lang: text for lang, (_title, text) in TEXTS.items()},
                       starts_at=_at(_weekday(today + datetime.timedelta(weeks=3)), 18), hours=3,
                       place=("De Velinx", "Dijk 111", "3700", "Tongeren"), capacity=40)
    for business in UPCOMING_BUSINESSES:
        _business(meeting, *business)
    _firm(meeting, "partner-groenehand", "de-groene-hand")


def seed_past(today: datetime.date) -> None:
    """Six weeks ago in Bilzen: registered, checked in at the door, wishes to meet again the day after. Played now
    (the meeting starts within the hour, so its door is open), then ended for the wishes, then back-dated."""
    if Meeting.objects.filter(slug=PAST).exists():
        return
    now = timezone.now()
    meeting = _meeting(slug=PAST, titles=PAST_TITLES, texts=PAST_TEXT, starts_at=now + datetime.timedelta(hours=1),
                       hours=2, place=("Cultuurcentrum De Kimpel", "Kloosterstraat 8", "3740", "Bilzen"), capacity=30,
                       closes_at=now + datetime.timedelta(minutes=30))
    came = []
    for index, (contact, company, language, categories, consent, attends) in enumerate(PAST_BUSINESSES):
        number = PAST_APPLICANT_NUMBER if index == 0 else ""
        registration = _business(meeting, contact, company, language, categories, [], consent, number)
        came += [registration] if attends else []
    came += [_firm(meeting, username, slug) for username, slug in PAST_FIRMS]
    coordinator = get_user_model().objects.get(username="coordinator")
    for registration in came:
        services.check_in(meeting=meeting, code=registration.check_in_code, by=coordinator)
    ended = timezone.now() - datetime.timedelta(seconds=1)
    Meeting.objects.filter(pk=meeting.pk).update(  # over: the after-meeting wishes
        starts_at=ended - datetime.timedelta(hours=2), ends_at=ended, registration_closes_at=ended)
    _wishes(Meeting.objects.get(pk=meeting.pk))
    _back_date(meeting, _weekday(today - datetime.timedelta(weeks=6)))


def _wishes(meeting: Meeting) -> None:
    """Everyone is asked whom they would like to meet again; the wishes come in; De Groene Hand marks outcomes."""
    services.ask_for_wishes(meeting=meeting)
    attendees = {r.company_name: r for r in meeting.registrations.attended()}
    for wisher, wished in MUTUAL + [(second, first) for first, second in MUTUAL] + ONE_SIDED:
        services.record_wishes(registration=attendees[wisher], wished=[attendees[wished]])
    groenehand = get_user_model().objects.get(username="partner-groenehand")
    introductions = groenehand.firm_memberships.get().enterprise.introductions.order_by("pk")
    for introduction, outcome in zip(introductions, OUTCOMES, strict=False):
        services.mark_outcome(introduction=introduction, outcome=outcome, by=groenehand)


def _back_date(meeting: Meeting, day: datetime.date) -> None:
    """Move the played story to `day`: the businesses registered in the two weeks before, the firms five days
    before, the door from 7:45, the wishes (and the introductions they made) the day after from 10:00, the outcomes
    a week later."""
    starts = _at(day, 8)
    days = datetime.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), created_at=starts - 21 * days,
        registration_closes_at=starts - 2 * days, reminders_sent_at=_at(day - days, 10),
        wishes_asked_at=_at(day + days, 9))
    registrations = list(meeting.registrations.order_by("pk"))
    door = _at(day, 7, 45)
    for index, registration in enumerate(registrations):
        _back_date_registration(registration, day, index, door)
        door += datetime.timedelta(minutes=2) if registration.checked_in_at else datetime.timedelta(0)
    for hour, wish in enumerate(Wish.objects.filter(meeting=meeting).order_by("pk"), start=10):
        Wish.objects.filter(pk=wish.pk).update(created_at=_at(day + datetime.timedelta(days=1), hour))
    _back_date_introductions(meeting, day)


def _back_date_registration(registration: Registration, day: datetime.date, index: int,
                            door: datetime.datetime) -> None:
    firms = len(PAST_BUSINESSES)
    registered = (_at(day - datetime.timedelta(days=14 - index), 9 + index) if index < firms
                  else _at(day - datetime.timedelta(days=5), 11 + index - firms))
    Registration.objects.filter(pk=registration.pk).update(
        created_at=registered, email_confirmed_at=_moved(registration.email_confirmed_at, registered),
        consented_to_introductions_at=_moved(registration.consented_to_introductions_at, registered),
        reminded_at=_moved(registration.reminded_at, _at(day - datetime.timedelta(days=1), 10)),
        checked_in_at=_moved(registration.checked_in_at, door),
        wishes_asked_at=_moved(registration.wishes_asked_at, _at(day + datetime.timedelta(days=1), 9)))


def _moved(moment: datetime.datetime | None, to: datetime.datetime) -> datetime.datetime | None:
    """The back-dated time of something that happened (`to`), or None for what did not happen."""
    return to if moment else None


def _back_date_introductions(meeting: Meeting, day: datetime.date) -> None:
    """An introduction from a registration when its address was confirmed; from a wish when the second wish came
    in; outcomes a week after the meeting."""
    introductions = Introduction.objects.filter(registration__meeting=meeting)
    for introduction in introductions.select_related("registration"):
        moment = introduction.registration.created_at
        if introduction.source == IntroductionSource.WISH:  # between the business and the firm's registration
            firm = Q(wisher__enterprise=introduction.enterprise, wished=introduction.registration)
            business = Q(wisher=introduction.registration, wished__enterprise=introduction.enterprise)
            moment = Wish.objects.filter(firm | business, meeting=meeting).aggregate(at=Max("created_at"))["at"]
        Introduction.objects.filter(pk=introduction.pk).update(created_at=moment)
    introductions.filter(outcome_at__isnull=False).update(outcome_at=_at(day + datetime.timedelta(days=8), 14))


def seed() -> None:
    """The demo networking moments (after the cheque demo: the coordinator and the firms' users exist)."""
    today = timezone.localdate()
    seed_past(today)
    seed_upcoming(today)
