"""Registrations for a networking moment. A meeting is never over capacity, also when many register for its last
place at once: the places are counted under the meeting's row lock, held until commit.

Lock order (so that two services never wait on each other): the meeting, then its registrations in the order of
their pk, then introductions. Registering, cancelling and moving up the waiting list lock the meeting first; the
services that change one registration only (confirm_registration_email, set_listed, and give_consent /
withdraw_consent in networking.services.introductions) lock that registration and never its meeting, since they
hold the registration's lock when they would ask for it. Who registers when it is full waits; a freed place goes
to the first one waiting."""
from collections.abc import Iterable
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from enterprises.models import ServiceCategory, SocialEnterprise
from networking.exceptions import RegistrationRefused
from networking.models import Meeting, Registration, RegistrationKind, RegistrationStatus
from networking.services.introductions import introduce_registration
from networking.services.reminders import reminded_with_confirmation
from networking.tasks import after_commit, mail_registration
from regie.accounts.languages import preferred_language, supported
from regie.audit import record


def _mail(registration: Registration, kind: str) -> None:
    """The registrant's mail of this kind, after commit (networking.tasks)."""
    after_commit(mail_registration, registration.pk, kind)


def _address_taken(meeting: Meeting, email: str) -> bool:
    """Has this address a place or a waiting one? (Read through the index of registration_one_active_per_email.)"""
    return (Registration.objects.active().filter(meeting_id=meeting.pk).alias(address=Lower("email"))
            .filter(address=email).exists())


def _register(meeting: Meeting, *, kind: str, email: str, by: AbstractBaseUser | None = None,
              **values: object) -> Registration:
    """A place while places are left, else the waiting list. The meeting's row is locked as late as possible and
    held until commit: the places are counted under it."""
    if _address_taken(meeting, email):
        raise RegistrationRefused("duplicate")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.registration_open():
        raise RegistrationRefused("closed")
    if not meeting.open_to(kind):
        raise RegistrationRefused("audience")
    full = meeting.registrations.registered().count() >= meeting.capacity
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    reminded = None if full else reminded_with_confirmation(meeting)  # a place given after the reminder time
    try:
        with transaction.atomic():
            registration = Registration.objects.create(meeting=meeting, kind=kind, status=status, email=email,
                                                       reminded_at=reminded, **values)
    except IntegrityError:  # the constraints registration_one_active_per_email and on submission_key
        raise RegistrationRefused("duplicate") from None
    record(by, "meeting.registered", registration, {"meeting": meeting.pk, "kind": kind, "status": status})
    _mail(registration, "waiting" if full else "registered")
    return registration


def _by_key(meeting: Meeting, submission_key: UUID | None) -> Registration | None:
    """The registration this form (its submission key) already made for this meeting, if any."""
    if submission_key is None:
        return None
    return Registration.objects.filter(meeting_id=meeting.pk, submission_key=submission_key).first()


@transaction.atomic
def register_business(*, meeting: Meeting, contact_name: str, company_name: str, email: str, language: str,
                      enterprise_number: str = "", looking_for: str = "",
                      categories: Iterable[ServiceCategory] = (), enterprises: Iterable[SocialEnterprise] = (),
                      consent: bool = False, listed: bool = False, submission_key: UUID | None = None) -> Registration:
    """A regular business registers (no log-in). The same `submission_key` twice for the meeting returns the first
    registration.
    The consent is kept, but the firms receive the business's details only once the address is confirmed
    (confirm_registration_email): whoever typed an address in the form may not be its owner."""
    if (existing := _by_key(meeting, submission_key)) is not None:
        return existing
    if submission_key and Registration.objects.filter(submission_key=submission_key).exists():
        submission_key = None  # the key of a form sent to another meeting: not a resubmission of this one
    try:
        registration = _register(
            meeting, kind=RegistrationKind.BUSINESS, email=email.strip().lower(), contact_name=contact_name,
            company_name=company_name, language=supported(language) or "nl", enterprise_number=enterprise_number,
            looking_for=looking_for, listed_for_attendees=listed, submission_key=submission_key,
            consented_to_introductions_at=timezone.now() if consent else None)
    except RegistrationRefused as refused:  # a twin request (same form sent twice at once) stored it first
        if refused.code != "duplicate" or (existing := _by_key(meeting, submission_key)) is None:
            raise
        return existing
    categories, enterprises = list(categories), list(enterprises)
    if categories:
        registration.interested_categories.set(categories)
    if enterprises:
        registration.interested_enterprises.set(enterprises)
    return registration


@transaction.atomic
def register_firm_user(*, meeting: Meeting, user: AbstractBaseUser, enterprise: SocialEnterprise,
                       listed: bool = True) -> Registration:
    """A firm's user registers for their firm in one click: name, e-mail and language of the user."""
    if not SocialEnterprise.objects.of_user(user).filter(pk=enterprise.pk).exists():
        raise RegistrationRefused("not_member")
    if not enterprise.listings.filter(regie_id=meeting.regie_id).exists():
        raise RegistrationRefused("not_listed")
    name = user.get_full_name().strip() or user.get_username()  # type: ignore[attr-defined]
    return _register(meeting, kind=RegistrationKind.FIRM, email=user.email.strip().lower(),  # type: ignore[attr-defined]
                     contact_name=name[:150], company_name=enterprise.name, language=preferred_language(user),
                     enterprise=enterprise, user=user, listed_for_attendees=listed, by=user,
                     email_confirmed_at=timezone.now())  # the address of a logged-in user: confirmed at once


@transaction.atomic
def cancel_registration(*, registration: Registration,
                        by: AbstractBaseUser | None = None) -> Registration | None:
    """Cancel a place or leave the waiting list; a freed place goes to the first one waiting, who is returned."""
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationRefused("cancelled")
    if timezone.now() >= meeting.starts_at:
        raise RegistrationRefused("over")
    was = registration.status
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    record(by, "meeting.registration_cancelled", registration, {"meeting": meeting.pk, "was": was})
    _mail(registration, "cancelled")
    moved = promote_waiting(meeting=meeting, by=by) if was == RegistrationStatus.REGISTERED else []
    return moved[0] if moved else None


@transaction.atomic
def promote_waiting(*, meeting: Meeting, by: AbstractBaseUser | None = None) -> list[Registration]:
    """Give the free places to the waiting list, first come first served; returns those moved up."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    free = meeting.capacity - meeting.registrations.registered().count()
    if free <= 0:
        return []
    first = list(meeting.registrations.waiting_in_order().values_list("pk", flat=True)[:free])
    locked = Registration.objects.select_for_update().filter(pk__in=first).order_by("pk")  # the lock order
    moved = sorted(locked, key=lambda registration: first.index(registration.pk))  # first come first served
    now = timezone.now()
    for registration in moved:
        registration.status, registration.promoted_at = RegistrationStatus.REGISTERED, now
        registration.reminded_at = reminded_with_confirmation(meeting, now)  # the mail counts as the reminder
        registration.save(update_fields=["status", "promoted_at", "reminded_at"])
        record(by, "meeting.moved_up", registration, {"meeting": meeting.pk})
        _mail(registration, "moved_up")
    return moved


@transaction.atomic
def confirm_registration_email(*, registration: Registration) -> Registration:
    """The registrant confirms the address from the link in the mail (once; again changes nothing). With consent,
    the firms concerned receive the introduction now."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.email_confirmed_at is None:
        registration.email_confirmed_at = timezone.now()
        registration.save(update_fields=["email_confirmed_at"])
        record(None, "meeting.email_confirmed", registration, {"meeting": registration.meeting_id})
    if registration.has_consent:
        introduce_registration(registration=registration)
    return registration


@transaction.atomic
def set_listed(*, registration: Registration, listed: bool, by: AbstractBaseUser | None = None) -> Registration:
    """The registrant agrees (or no longer agrees) that the other attendees see the company's name after the
    meeting, on the page where they say whom they would like to meet again."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.listed_for_attendees != listed:
        registration.listed_for_attendees = listed
        registration.save(update_fields=["listed_for_attendees"])
        record(by, "meeting.listed_changed", registration, {"listed": listed})
    return registration


@transaction.atomic
def resend_registration_mail(*, meeting: Meeting, email: str) -> Registration | None:
    """Someone registers again with an address that has a place or waits: the existing registration's mail goes
    out again (to that address only, so nothing is revealed to whoever typed it). None if it has no registration."""
    registration = (Registration.objects.active().filter(meeting_id=meeting.pk, anonymised_at__isnull=True)
                    .alias(address=Lower("email")).filter(address=email.strip().lower()).first())
    if registration is not None:
        record(None, "meeting.mail_resent", registration, {"meeting": meeting.pk, "status": registration.status})
        kind = "waiting" if registration.status == RegistrationStatus.WAITING else "registered"
        after_commit(mail_registration, registration.pk, kind, True)  # says: already registered, nothing changed
    return registration
