"""Bringing them together, measured like the cheque (issue 19): what businesses asked for against what came of
it, per service category and per firm, and the results of each networking moment. Read with a fixed number of
queries whatever the amount of data: the rows are read once and counted here, as figures.py does.

Demand and use, per business (one business = one enterprise number, else one lower-cased e-mail address; a
business that ticked something on its application and on a registration counts once), over the counted
applications of the scope (confirmed ones and the decisions on them: vouchers.models.applications.COUNTED) and
the registrations with a confirmed e-mail address for the scope's networking moments, that ticked a service or
a firm:
- asked for: businesses that ticked the category (per firm: ticked the firm or a category it offers);
- introduced: of those, the ones introduced to a firm of that category / to that firm (introductions of those
  applications and registrations whose consent was not withdrawn);
- redeemed: of those, the ones that used their cheque (a redemption not rejected) at such a firm;
- still working together: of those, the ones that answered the follow-up about such a firm "we still work
  together".

Networking moments, per meeting of the scope (by its date: within the call's application window, in the year):
places taken, attended (checked in at the door), introductions that came from it (from a registration for it
or from wishes to meet again after it, consent not withdrawn), and the businesses among its attendees that
applied for a cheque (a counted application) from the meeting's start to 3 months after: an application with an
attendee's enterprise number, or an attendee's e-mail address when the attendee gave no number; each business
(the application's enterprise number) once."""
import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from enterprises.models import ServiceCategory, SocialEnterprise
from networking.models import Introduction, IntroductionSource, Meeting, Registration, RegistrationKind
from regie.dates import add_months
from vouchers.models import Answer, Application, Respondent
from vouchers.models.applications import COUNTED
from vouchers.models.redemptions import COUNTING

STEPS = ("asked", "introduced", "redeemed", "together")
MONTHS_AFTER_MEETING = 3


def _pairs(rows):
    """{key: set of ids} from (key, id) rows."""
    result = defaultdict(set)
    for key, value in rows:
        result[key].add(value)
    return result


def business_key(number, email):
    """One business: its enterprise number, else its lower-cased e-mail address."""
    return number or (email or "").lower()


def _keyed(rows):
    """{business key: set of ids} from (enterprise number, e-mail address, id) rows."""
    return _pairs((business_key(number, email), value) for number, email, value in rows)


def _askers(scope):
    """The counted applications of the scope and the registrations with a confirmed address for its meetings."""
    return (scope.applications().filter(status__in=COUNTED),
            Registration.objects.filter(meeting__in=meetings_of(scope).values("pk"), email_confirmed_at__isnull=False))


def _asked(scope, registrations, field, target):
    """{business key: ids of `target`} ticked (`field`) on counted applications and on confirmed registrations."""
    on_applications = getattr(Application, field).through.objects.filter(
        scope._calls_filter("application__call"), application__status__in=COUNTED)
    on_registrations = getattr(Registration, field).through.objects.filter(registration__in=registrations.values("pk"))
    return _keyed([*on_applications.values_list("application__enterprise_number", "application__email", target),
                   *on_registrations.values_list("registration__enterprise_number", "registration__email", target)])


def _introduced(applications, registrations):
    """{business key: firms it was introduced to} from those applications and registrations, consent not withdrawn.
    An introduction brings its application's number and address along (subqueries), so that only the applications
    with an introduction are read, not every application of the scope."""
    by_registration = {pk: business_key(number, email) for pk, number, email
                       in registrations.values_list("pk", "enterprise_number", "email")}
    of_application = applications.filter(public_id=OuterRef("application_public_id")).order_by()
    rows = Introduction.objects.filter(
        Q(application_public_id__in=applications.values("public_id")) | Q(registration__in=registrations.values("pk")),
        withdrawn_at__isnull=True,
    ).annotate(application_number=Subquery(of_application.values("enterprise_number")[:1]),
               application_email=Subquery(of_application.values("email")[:1]),
               ).values_list("application_number", "application_email", "registration_id", "enterprise_id")
    # An introduction of no application of these (None, None) falls back on its registration, as before.
    return _pairs((business_key(number, email) or by_registration[registration_id], firm)
                  for number, email, registration_id, firm in rows)


def _demand_rows(scope):
    """What each business of the scope asked for and what came of it, keyed by business (business_key). When no
    business asked for anything, there is nothing to follow: the later steps are not read."""
    applications, registrations = _askers(scope)
    asked = {"categories": _asked(scope, registrations, "interested_categories", "servicecategory_id"),
             "firms": _asked(scope, registrations, "interested_enterprises", "socialenterprise_id")}
    if not (asked["categories"] or asked["firms"]):
        return {**asked, "introduced": {}, "redeemed": {}, "together": {}}
    customer = ("voucher__application__enterprise_number", "voucher__application__email", "enterprise_id")
    return {
        **asked,
        "introduced": _introduced(applications, registrations),
        "redeemed": _keyed(scope.redemptions().filter(status__in=COUNTING).order_by().values_list(*customer)),
        "together": _keyed(scope.followups().filter(respondent=Respondent.BUSINESS, answer=Answer.STILL)
                           .values_list(*customer)),
    }


def _count(counts, key, business, rows, firms):
    """Add one asking business to `counts[key]`, and to each later step it reached at one of `firms`."""
    counts[key]["asked"] += 1
    for step in STEPS[1:]:
        if rows[step].get(business, set()) & firms:
            counts[key][step] += 1


def demand(scope):
    """{"categories": [...], "firms": [...]}: rows {name, asked, introduced, redeemed, together}, most asked first;
    each figure counts businesses."""
    rows = _demand_rows(scope)
    if not (rows["categories"] or rows["firms"]):
        return {"categories": [], "firms": []}  # nobody asked: no row to count (nor the firms' categories to read)
    firms_of = _pairs(SocialEnterprise.categories.through.objects.values_list(
        "servicecategory_id", "socialenterprise_id"))
    per_category = defaultdict(lambda: dict.fromkeys(STEPS, 0))
    per_firm = defaultdict(lambda: dict.fromkeys(STEPS, 0))
    for business in rows["categories"].keys() | rows["firms"].keys():
        asked = rows["categories"].get(business, set())
        for category in asked:
            _count(per_category, category, business, rows, firms_of.get(category, set()))
        firms = set(rows["firms"].get(business, set())).union(*(firms_of.get(c, set()) for c in asked))
        for firm in firms:
            _count(per_firm, firm, business, rows, {firm})
    category_names = {c.pk: c.name for c in ServiceCategory.objects.filter(pk__in=list(per_category))}
    firm_names = dict(SocialEnterprise.objects.filter(pk__in=list(per_firm)).values_list("pk", "name"))
    return {"categories": _ranked(per_category, category_names), "firms": _ranked(per_firm, firm_names)}


def _ranked(counts, names):
    rows = [{"name": names.get(pk, "?"), **values} for pk, values in counts.items()]
    return sorted(rows, key=lambda row: (-row["asked"], -row["redeemed"], row["name"]))


def meetings_of(scope):
    """The networking moments of the scope's regie, by their date in Brussels."""
    meetings = Meeting.objects.filter(regie=scope.owner) if scope.owner is not None else Meeting.objects.all()
    if scope.call is not None:
        start = timezone.make_aware(datetime.datetime.combine(scope.call.opens_on, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(scope.call.closes_on, datetime.time.max))
        meetings = meetings.filter(starts_at__range=(start, end))
    elif scope.year is not None:
        meetings = meetings.filter(starts_at__year=scope.year)
    return meetings.order_by("starts_at", "pk")


def meetings(scope):
    """[{meeting, title, date, registered, attended, introductions, cheques}] per meeting of the scope (a draft
    that nobody registered for is left out)."""
    rows = list(meetings_of(scope).with_counts().filter(Q(is_published=True) | Q(registered_count__gt=0)))
    ids = [meeting.pk for meeting in rows]
    introductions = dict(Introduction.objects.filter(
        registration__meeting__in=ids, withdrawn_at__isnull=True,
        source__in=[IntroductionSource.REGISTRATION, IntroductionSource.WISH],
    ).values("registration__meeting").annotate(n=Count("pk")).values_list("registration__meeting", "n"))
    cheques = _cheques_after(rows)
    return [{"meeting": meeting, "title": meeting.title, "date": timezone.localdate(meeting.starts_at),
             "registered": meeting.registered_count, "attended": meeting.attended_count,
             "introductions": introductions.get(meeting.pk, 0), "cheques": cheques.get(meeting.pk, 0)}
            for meeting in rows]


def _attendees(meetings):
    """({meeting id: its attendees' enterprise numbers}, {meeting id: addresses of attendees who gave none})."""
    numbers, emails = defaultdict(set), defaultdict(set)
    for meeting_id, number, email in Registration.objects.filter(
            meeting__in=[m.pk for m in meetings], checked_in_at__isnull=False, kind=RegistrationKind.BUSINESS,
    ).values_list("meeting_id", "enterprise_number", Lower("email")):
        if number:
            numbers[meeting_id].add(number)
        else:
            emails[meeting_id].add(email)
    return numbers, emails


def _cheques_after(meetings):
    """{meeting id: businesses among its attendees with a counted application for a call of the meeting's regie,
    submitted from its start to MONTHS_AFTER_MEETING months after}."""
    if not meetings:
        return {}
    numbers, emails = _attendees(meetings)
    windows = {m.pk: (m.regie_id, m.starts_at, add_months(timezone.localdate(m.starts_at), MONTHS_AFTER_MEETING))
               for m in meetings}
    last = max(end for _regie, _start, end in windows.values()) + datetime.timedelta(days=1)
    applications = Application.objects.annotate(email_lower=Lower("email")).filter(
        Q(enterprise_number__in=set().union(*numbers.values())) | Q(email_lower__in=set().union(*emails.values())),
        status__in=COUNTED, call__regie__in={regie for regie, _start, _end in windows.values()},
        submitted_at__gte=min(start for _regie, start, _end in windows.values()),
        submitted_at__lt=timezone.make_aware(datetime.datetime.combine(last, datetime.time.min)),
    ).values_list("enterprise_number", "email_lower", "submitted_at", "call__regie")
    businesses = defaultdict(set)
    for number, email, submitted_at, regie in applications:
        for meeting_id, (meeting_regie, start, end) in windows.items():
            if regie == meeting_regie and start <= submitted_at and timezone.localdate(submitted_at) <= end and (
                    number in numbers[meeting_id] or email in emails[meeting_id]):
                businesses[meeting_id].add(business_key(number, email))
    return {meeting_id: len(keys) for meeting_id, keys in businesses.items()}
