"""A networking moment (netwerkmoment): regular and social-economy entrepreneurs meet, at a place and time."""
import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from regie.models.regies import RegieScopedQuerySet


class Audience(models.TextChoices):
    BUSINESSES = "businesses", _("Regular businesses")
    FIRMS = "firms", _("Social-economy firms")
    BOTH = "both", _("Regular businesses and social-economy firms")


class MeetingQuerySet(RegieScopedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def with_counts(self):
        """Annotated `registered_count` (places taken), `waiting_count` and `attended_count`."""
        return self.annotate(
            registered_count=Count("registrations", filter=Q(registrations__status="registered"), distinct=True),
            waiting_count=Count("registrations", filter=Q(registrations__status="waiting"), distinct=True),
            attended_count=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False),
                                 distinct=True))


class Meeting(models.Model):
    regie_path = "regie"
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT,
                              related_name="meetings")
    slug = models.SlugField(_("address"), max_length=80,
                            help_text=_("Part of the meeting's public address, e.g. netwerkmoment-tongeren-2027."))
    title = models.CharField(_("title"), max_length=150)  # nl/fr/en through modeltranslation
    text = models.TextField(_("text"), help_text=_("What happens, for whom, the programme. Plain text; an empty "
                                                   "line starts a new paragraph."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place_name = models.CharField(_("place"), max_length=150, help_text=_("The building or venue, e.g. De Velinx."))
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("municipality"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)],
                                           help_text=_("Places; who registers after that lands on the waiting list."))
    audience = models.CharField(_("who it is for"), max_length=12, choices=Audience.choices, default=Audience.BOTH)
    registration_closes_at = models.DateTimeField(_("registration closes"))
    is_published = models.BooleanField(_("published"), default=False,
                                       help_text=_("Listed on the public site and open for registration."))
    sequence = models.PositiveIntegerField(
        _("calendar revision"), default=0, editable=False,
        help_text="RFC 5545 SEQUENCE: raised each time the time or place changes, so calendars update the event.")
    reminders_sent_at = models.DateTimeField(_("reminders sent"), null=True, blank=True, editable=False)
    wishes_asked_at = models.DateTimeField(_("after-meeting mail sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MultilingualManager.from_queryset(MeetingQuerySet)()  # see enterprises.models.Municipality

    class Meta:
        verbose_name = _("networking moment")
        verbose_name_plural = _("networking moments")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=Q(registration_closes_at__lte=models.F("ends_at")),
                                   name="meeting_registration_closes_before_end"),
            models.UniqueConstraint(fields=["regie", "slug"], name="one_meeting_address_per_regie",
                                    violation_error_message=_("This regie already has a meeting at this address.")),
        ]
        permissions = [("check_in_registration", _("Can check in attendees at the door")),
                       ("view_attendee_list", _("Can see and export the attendee list"))]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("networking:meeting", kwargs={"slug": self.slug})

    @property
    def address_line(self):
        return f"{self.place_name}, {self.street}, {self.postcode} {self.city}"

    def registration_open(self, now=None):
        """Cheap guard: published and before the deadline."""
        return self.is_published and (now or timezone.now()) < self.registration_closes_at

    def is_over(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    def open_to(self, kind):
        """Does the meeting take registrations of this RegistrationKind ("business" or "firm")?"""
        return self.audience == Audience.BOTH or (self.audience == Audience.BUSINESSES) == (kind == "business")
