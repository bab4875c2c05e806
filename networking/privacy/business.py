"""A business's registrations and introductions, for its export (GDPR art. 15) and its erasure on request
(art. 17). The cheque side (vouchers.privacy) knows the business: it hands over its enterprise number, its own
e-mail addresses (not shared with another enterprise number) and the public ids of its applications. A
registration is the business's when it carries its enterprise number, or no number and one of its addresses;
an introduction also when it comes from one of its applications or registrations. A business of one regie (its
`regie`, the controller whose staff asks) has only that regie's meetings' registrations and its introductions;
without one (None), those of the whole install."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from networking.models import ACTIVE, Introduction, Registration, RegistrationKind
from networking.privacy.anonymise import anonymise_introductions, anonymise_registrations
from regie.audit import record
from regie.models import AuditEvent, Regie
from regie.models.regies import RegieScopedQuerySet


@dataclass(frozen=True)
class Business:
    number: str  # the normalised enterprise number; "" for a business known by its address alone
    emails: frozenset[str] = frozenset()  # lower-cased
    application_public_ids: frozenset[Any] = frozenset()
    regie: Regie | None = None  # whose rows: one regie's, or (None) the whole install's

    @classmethod
    def of(cls, *, number: str, emails: Iterable[str] = (), application_public_ids: Iterable[Any] = (),
           regie: Regie | None = None) -> "Business":
        return cls(number, frozenset(e.lower() for e in emails if e), frozenset(application_public_ids), regie)


def _scoped(rows: RegieScopedQuerySet, business: Business) -> RegieScopedQuerySet:
    """The rows of the business's regie (all of them for a business of the whole install)."""
    return rows.within(business.regie)


def _by_number(business: Business) -> Q:
    """Rows with the business's enterprise number; nothing for a business known by its address alone."""
    return Q(enterprise_number=business.number) if business.number else Q(pk__in=[])


def registrations_of(business: Business) -> "QuerySet[Registration]":
    by_address = Q(enterprise_number="", address__in=business.emails)
    return _scoped(Registration.objects.annotate(address=Lower("email")).filter(
        _by_number(business) | by_address, kind=RegistrationKind.BUSINESS), business)


def introductions_of(business: Business) -> "QuerySet[Introduction]":
    registrations = registrations_of(business).values("pk")
    return _scoped(Introduction.objects.annotate(address=Lower("email")).filter(
        Q(application_public_id__in=business.application_public_ids) | _by_number(business)
        | Q(enterprise_number="", address__in=business.emails) | Q(registration__in=registrations)), business)


def _local(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _history(obj: Registration | Introduction) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(content_type__app_label="networking", content_type__model=obj._meta.model_name,
                                       object_id=str(obj.pk)).order_by("created_at")
    return [{"time": _local(event.created_at), "action": event.action} for event in events]


def _registration(registration: Registration) -> dict[str, Any]:
    return {
        "meeting": registration.meeting.title, "meeting_starts_at": _local(registration.meeting.starts_at),
        "status": registration.get_status_display(), "kind": registration.get_kind_display(),
        "contact_name": registration.contact_name, "company_name": registration.company_name,
        "enterprise_number": registration.enterprise_number_display, "email": registration.email,
        "language": registration.language, "looking_for": registration.looking_for,
        "services_of_interest": [str(c) for c in registration.interested_categories.all()],
        "enterprises_of_interest": [str(e) for e in registration.interested_enterprises.all()],
        "agreed_to_introductions_at": _local(registration.consented_to_introductions_at),
        "listed_for_the_other_attendees": registration.listed_for_attendees,
        "registered_at": _local(registration.created_at), "moved_up_at": _local(registration.promoted_at),
        "checked_in_at": _local(registration.checked_in_at), "cancelled_at": _local(registration.cancelled_at),
        "wishes_to_meet_again": [wish.wished.company_name for wish in registration.wishes_made.all()],
        "personal_data_removed_at": _local(registration.anonymised_at), "history": _history(registration)}


def _introduction(introduction: Introduction) -> dict[str, Any]:
    return {
        "firm": introduction.enterprise.name, "source": introduction.get_source_display(),
        "company_name": introduction.company_name, "contact_name": introduction.contact_name,
        "email": introduction.email, "phone": introduction.phone,
        "enterprise_number": introduction.enterprise_number_display, "looking_for": introduction.looking_for,
        "services_asked_for": [str(c) for c in introduction.categories.all()],
        "introduced_at": _local(introduction.created_at), "outcome": introduction.get_outcome_display(),
        "consent_withdrawn_at": _local(introduction.withdrawn_at),
        "personal_data_removed_at": _local(introduction.anonymised_at), "history": _history(introduction)}


def export_business(business: Business) -> dict[str, list[dict[str, Any]]]:
    """The business's registrations and introductions, texts in the active language."""
    registrations = registrations_of(business).select_related("meeting").prefetch_related(
        "interested_categories", "interested_enterprises", "wishes_made__wished").order_by("created_at", "pk")
    introductions = introductions_of(business).select_related("enterprise").prefetch_related(
        "categories").order_by("created_at", "pk")
    return {"meeting_registrations": [_registration(r) for r in registrations],
            "introductions": [_introduction(i) for i in introductions]}


def open_matters(business: Business, now: datetime.datetime | None = None) -> list[str]:
    """Why its data cannot be erased yet: a place or a waiting-list spot for a meeting that is not over."""
    active = registrations_of(business).filter(status__in=ACTIVE, meeting__ends_at__gt=now or timezone.now())
    return [_("The registration for %(meeting)s on %(date)s is still active: cancel it first (with the link in its "
              "mails, or in the administration), or erase the data once the meeting is over.") % {
        "meeting": registration.meeting.title,
        "date": formats.date_format(timezone.localtime(registration.meeting.starts_at), "SHORT_DATE_FORMAT")}
        for registration in active.select_related("meeting").order_by("meeting__starts_at")]


@transaction.atomic
def erase_business(*, business: Business, by: Any) -> dict[str, int]:
    """Anonymise the business's registrations (its consent to introductions withdrawn) and introductions (the
    firms no longer see them; the figures count them as before: anonymising is not a withdrawal); audited with
    ids and counts, as the business's regie's event. Returns the counts."""
    registrations = list(registrations_of(business).select_for_update(of=("self",)).filter(
        anonymised_at__isnull=True).values_list("pk", flat=True))
    introductions = list(introductions_of(business).select_for_update(of=("self",)).filter(
        anonymised_at__isnull=True).values_list("pk", flat=True))
    counts = {"registrations": anonymise_registrations(registrations, withdraw_consent=True),
              "introductions": anonymise_introductions(introductions)}
    if any(counts.values()):
        record(by, "privacy.networking_erased", None,
               {"registrations": registrations, "introductions": introductions, "counts": counts}, regie=business.regie)
    return counts
