"""After a meeting: each attendee is asked once, by mail, whom they would like to meet again (the other attendees'
companies that agreed to be listed); two wishes that meet become an introduction (networking.services.
introductions.introduce_each_other). Wishes can be added until 30 days after the meeting; a one-sided wish is
never shown to anyone.

The command runs every morning (deploy/systemd/portal-ask-meeting-wishes.timer) and asks about the published
meetings that ended on an earlier day, within those 30 days (an unpublished meeting gets no after-meeting mail).
A registration is asked once: `Registration.wishes_asked_at` is set under its lock, in the transaction that
enqueues the mail."""
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _, gettext_lazy

from networking import links, tasks
from networking.models import Introduction, Meeting, Registration, Wish
from networking.services.introductions import introduce_each_other
from regie.audit import record
from regie.mail import messages
from regie.ops.background import background_task

WISHES_FOR = datetime.timedelta(days=30)  # after the meeting ends


def wishes_close_at(meeting: Meeting) -> datetime.datetime:
    return meeting.ends_at + WISHES_FOR


def listed_attendees(meeting: Meeting) -> QuerySet[Registration]:
    """The attendees whose company the others may see, by company name."""
    return (meeting.registrations.attended().filter(listed_for_attendees=True, anonymised_at__isnull=True)
            .order_by("company_name", "pk"))


def candidates(registration: Registration) -> QuerySet[Registration]:
    """Whom this attendee may wish to meet again: the other listed attendees (never oneself)."""
    return listed_attendees(registration.meeting).exclude(pk=registration.pk)


def wishes_made(registration: Registration) -> list[tuple[Registration, bool]]:
    """(the other attendee, mutual?) for each wish this attendee made, by company name."""
    made = Wish.objects.filter(wisher=registration).select_related("wished").order_by("wished__company_name")
    mutual = set(Wish.objects.filter(wished=registration).values_list("wisher_id", flat=True))
    return [(wish.wished, wish.wished_id in mutual) for wish in made]


def ask_for_wishes(*, meeting: Meeting) -> int:
    """Mail each attendee of a published meeting that is over, once, the link to the wishes page (not when there is
    nobody else to choose). Idempotent; returns how many were asked."""
    now = timezone.now()
    if not meeting.is_published or not meeting.is_over(now) or now > wishes_close_at(meeting):
        return 0
    listed = set(listed_attendees(meeting).values_list("pk", flat=True))
    attendees = meeting.registrations.attended().filter(wishes_asked_at__isnull=True, anonymised_at__isnull=True)
    asked = 0
    for registration_id in attendees.order_by("pk").values_list("pk", flat=True):
        if listed - {registration_id}:
            asked += _ask(registration_id)
    Meeting.objects.filter(pk=meeting.pk, wishes_asked_at__isnull=True).update(wishes_asked_at=timezone.now())
    return asked


def _ask(registration_id: int) -> bool:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.wishes_asked_at is not None or registration.checked_in_at is None:
            return False
        registration.wishes_asked_at = timezone.now()
        registration.save(update_fields=["wishes_asked_at"])
        record(None, "meeting.wishes_asked", registration, {"meeting": registration.meeting_id})
        tasks.after_commit(mail_wishes, registration.pk)
    return True


def ask_for_due_wishes(*, now: datetime.datetime | None = None) -> int:
    """What the daily command does: ask about every meeting that ended before today (Brussels) and less than 30
    days ago."""
    now = now or timezone.now()
    today = datetime.datetime.combine(timezone.localdate(now), datetime.time(0), tzinfo=timezone.get_current_timezone())
    ended = Meeting.objects.published().filter(ends_at__lt=today, ends_at__gte=now - WISHES_FOR)
    return sum(ask_for_wishes(meeting=meeting) for meeting in ended)


def check_may_wish(registration: Registration, now: datetime.datetime | None = None) -> None:
    """Raise a ValidationError (with a code) when this registration cannot record wishes (now)."""
    now = now or timezone.now()
    meeting = registration.meeting
    if registration.checked_in_at is None or registration.anonymised_at is not None:
        raise ValidationError(_("Only the people who attended the meeting can say whom they would like to meet "
                                "again."), code="not_attended")
    if not meeting.is_over(now):
        raise ValidationError(_("You can say whom you would like to meet again once the meeting is over."),
                              code="not_over")
    if now > wishes_close_at(meeting):
        closed = formats.date_format(timezone.localtime(wishes_close_at(meeting)), "j F Y")
        raise ValidationError(_("Wishes could be added until %(date)s.") % {"date": closed}, code="closed")


@transaction.atomic
def record_wishes(*, registration: Registration, wished: Iterable[Registration | int]) -> list[Introduction]:
    """Add this attendee's wishes to meet others again (earlier ones stay); each wish the other side made too
    becomes an introduction. Returns the introductions made."""
    # The meeting's lock serialises the wishes of its attendees: of two wishes that cross, the second sees the first.
    Meeting.objects.select_for_update().filter(pk=registration.meeting_id).first()
    registration = Registration.objects.select_related("meeting").get(pk=registration.pk)
    check_may_wish(registration)
    chosen = {other if isinstance(other, int) else other.pk for other in wished}
    if chosen - set(candidates(registration).values_list("pk", flat=True)):
        raise ValidationError(_("Choose among the companies listed."), code="invalid_choice")
    already = set(Wish.objects.filter(wisher=registration).values_list("wished_id", flat=True))
    introductions: list[Introduction] = []
    for other in candidates(registration).filter(pk__in=chosen - already):
        Wish.objects.create(meeting_id=registration.meeting_id, wisher=registration, wished=other)
        mutual = Wish.objects.filter(wisher=other, wished=registration).exists()
        record(None, "meeting.wished", registration, {"wished": other.pk, "mutual": mutual})
        if mutual:
            introductions += introduce_each_other(first=other, second=registration)
    return introductions


@background_task(title=gettext_lazy("Mail to an attendee: whom would you like to meet again?"),
                 about="networking.Registration")
def mail_wishes(registration_id: int) -> None:
    registration = Registration.objects.select_related("meeting__regie").filter(
        pk=registration_id, anonymised_at__isnull=True).first()
    if registration is None:
        return  # erased meanwhile
    context = {"registration": registration, "meeting": registration.meeting,
               "wishes_url": links.wishes_url(registration), "closes_at": wishes_close_at(registration.meeting)}
    messages.send("meeting_wishes", regie=registration.meeting.regie, to=[registration.email],
                  language=registration.language, context=context)
