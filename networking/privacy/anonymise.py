"""Removing the personal data of registrations and introductions, keeping what the figures count (the meeting,
status, kind and check-in of a registration; the firm, services, source and outcome of an introduction). Used by
the retention rules and by the erasure on request; the callers hold the transaction."""
from collections.abc import Iterable

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from networking.models import Introduction, Registration
from regie.privacy.audit import forget_objects

ERASED = "—"  # stands in for a required name (as vouchers.privacy.anonymise.ERASED)


def erased_address():
    """A unique stand-in for a removed e-mail address (erased-12@erased.invalid): one active registration per
    address and meeting is a database constraint, so several erased ones at one meeting cannot share ""."""
    return Concat(Value("erased-"), Cast("pk", output_field=CharField()), Value("@erased.invalid"))


def anonymise_registrations(ids: Iterable[int], *, withdraw_consent: bool = False) -> int:
    """Clear names, company, enterprise number, address, wishes for what to find and interests; returns how
    many registrations changed. `withdraw_consent` (an erasure) also clears the agreement to introductions."""
    ids = list(ids)
    if not ids:
        return 0
    values = {"contact_name": ERASED, "company_name": ERASED, "enterprise_number": "", "email": erased_address(),
              "looking_for": "", "user": None, "checked_in_by": None, "listed_for_attendees": False,
              "anonymised_at": Coalesce("anonymised_at", Value(timezone.now()))}
    if withdraw_consent:
        values["consented_to_introductions_at"] = None
    changed = Registration.objects.filter(pk__in=ids).update(**values)
    Registration.interested_categories.through._default_manager.filter(registration_id__in=ids).delete()
    Registration.interested_enterprises.through._default_manager.filter(registration_id__in=ids).delete()
    forget_objects(Registration, ids)
    return changed


def anonymise_introductions(ids: Iterable[int]) -> int:
    """Clear the business's details copied into these introductions. The firms no longer see them (visible()
    leaves anonymised ones out), but they stay in the figures as they were: only a business withdrawing its
    consent sets withdrawn_at, so anonymising changes no past count."""
    ids = list(ids)
    if not ids:
        return 0
    changed = Introduction.objects.filter(pk__in=ids).update(
        company_name=ERASED, contact_name=ERASED, email="", phone="", enterprise_number="", looking_for="",
        outcome_by=None, anonymised_at=Coalesce("anonymised_at", Value(timezone.now())))
    forget_objects(Introduction, ids)
    return changed
