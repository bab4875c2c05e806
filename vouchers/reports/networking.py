"""Bringing them together, measured like the cheque (issue 19): what businesses asked for against what came of
it, per service category and per firm, and the results of each networking moment. Read with a fixed number of
queries whatever the amount of data: the rows are read once and counted here, as figures.py does.

Demand and use, over the applications of the scope that ticked a service or a firm:
- asked for: applications that ticked the category (per firm: ticked the firm or a category it offers);
- introduced: of those, the ones introduced to a firm of that category / to that firm (introductions of their
  application whose consent was not withdrawn);
- redeemed: of those, the ones that used their cheque (a redemption not rejected) at such a firm;
- still working together: of those, the ones that answered the follow-up about such a firm "we still work
  together".

Networking moments, per meeting of the scope (by its date: within the call's application window, in the year):
places taken, attended (checked in at the door), introductions that came from it (from a registration for it
or from wishes to meet again after it, consent not withdrawn), and cheques applied for by its attendees within
3 months after its date (an application with an attendee's enterprise number, or an attendee's e-mail address
when the attendee gave no number)."""
import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from enterprises.models import ServiceCategory, SocialEnterprise
from networking.models import Introduction, IntroductionSource, Meeting, Registration, RegistrationKind
from regie.dates import add_months
from vouchers.models import Answer, Application, Respondent
from vouchers.models.redemptions import COUNTING

STEPS = ("asked", "introduced", "redeemed", "together")
MONTHS_AFTER_MEETING = 3


def _pairs(rows):
    """{application public id: set of ids} from (public id, id) rows."""
    result = defaultdict(set)
    for key, value in rows:
        result[key].add(value)
    return result


def _demand_rows(scope):
    """What each application of the scope asked for and what came of it, keyed by its public id."""
    in_scope = scope._calls_filter("application__call")
    links = Application.interested_categories.through.objects.filter(in_scope)
    chosen = Application.interested_enterprises.through.objects.filter(in_scope)
    return {
        "categories": _pairs(links.values_list("application__public_id", "servicecategory_id")),
        "firms": _pairs(chosen.values_list("application__public_id", "socialenterprise_id")),
        "introduced": _pairs(Introduction.objects.filter(
            withdrawn_at__isnull=True, application_public_id__in=scope.applications().values("public_id"),
        ).values_list("application_public_id", "enterprise_id")),
        "redeemed": _pairs(scope.redemptions().filter(status__in=COUNTING).values_list(
            "voucher__application__public_id", "enterprise_id")),
        "together": _pairs(scope.followups().filter(respondent=Respondent.BUSINESS, answer=Answer.STILL).values_list(
            "voucher__application__public_id", "enterprise_id")),
    }


def _count(counts, key, application, rows, firms):
    """Add one asking application to `counts[key]`, and to each later step it reached at one of `firms`."""
    counts[key]["asked"] += 1
    for step in STEPS[1:]:
        if rows[step].get(application, set()) & firms:
            counts[key][step] += 1


def demand(scope):
    """{"categories": [...], "firms": [...]}: rows {name, asked, introduced, redeemed, together}, most asked first."""
    rows = _demand_rows(scope)
    firms_of = _pairs(SocialEnterprise.categories.through.objects.values_list(
        "servicecategory_id", "socialenterprise_id"))
    per_category = defaultdict(lambda: dict.fromkeys(STEPS, 0))
    per_firm = defaultdict(lambda: dict.fromkeys(STEPS, 0))
    for application in rows["categories"].keys() | rows["firms"].keys():
        asked = rows["categories"].get(application, set())
        for category in asked:
            _count(per_category, category, application, rows, firms_of.get(category, set()))
        firms = set(rows["firms"].get(application, set())).union(*(firms_of.get(c, set()) for c in asked))
        for firm in firms:
            _count(per_firm, firm, application, rows, {firm})
    category_names = {c.pk: c.name for c in ServiceCategory.objects.filter(pk__in=list(per_category))}
    firm_names = dict(SocialEnterprise.objects.filter(pk__in=list(per_firm)).values_list("pk", "name"))
    return {"categories": _ranked(per_category, category_names), "firms": _ranked(per_firm, firm_names)}


def _ranked(counts, names):
    rows = [{"name": names.get(pk, "?"), **values} for pk, values in counts.items()]
    return sorted(rows, key=lambda row: (-row["asked"], -row["redeemed"], row["name"]))


def meetings_of(scope):
    """The networking moments of the scope, by their date in Brussels."""
    meetings = Meeting.objects.all()
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


def _cheques_after(meetings):
    """{meeting id: applications by its attendees within MONTHS_AFTER_MEETING months after its date}."""
    if not meetings:
        return {}
    numbers, emails = defaultdict(set), defaultdict(set)
    for meeting_id, number, email in Registration.objects.filter(
            meeting__in=[m.pk for m in meetings], checked_in_at__isnull=False, kind=RegistrationKind.BUSINESS,
    ).values_list("meeting_id", "enterprise_number", Lower("email")):
        if number:
            numbers[meeting_id].add(number)
        else:
            emails[meeting_id].add(email)
    windows = {m.pk: (timezone.localdate(m.starts_at), add_months(timezone.localdate(m.starts_at),
                                                                  MONTHS_AFTER_MEETING)) for m in meetings}
    first = min(start for start, _end in windows.values())
    last = max(end for _start, end in windows.values()) + datetime.timedelta(days=1)
    applications = Application.objects.annotate(email_lower=Lower("email")).filter(
        Q(enterprise_number__in=set().union(*numbers.values())) | Q(email_lower__in=set().union(*emails.values())),
        submitted_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
        submitted_at__lt=timezone.make_aware(datetime.datetime.combine(last, datetime.time.min)),
    ).values_list("enterprise_number", "email_lower", "submitted_at")
    counts = defaultdict(int)
    for number, email, submitted_at in applications:
        day = timezone.localdate(submitted_at)
        for meeting_id, (start, end) in windows.items():
            if start <= day <= end and (number in numbers[meeting_id] or email in emails[meeting_id]):
                counts[meeting_id] += 1
    return counts
