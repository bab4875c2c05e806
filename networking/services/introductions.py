"""Introductions: a business that agreed to it is presented to the firms it said interest it (the ones it ticked,
and the published firms offering a service it ticked), on their partner page and by mail. Never without consent;
once per firm per application and per registration (the models' constraints); withdrawing the consent hides the
business's details from the firms; the firm marks what came of it.

Every function is one transaction with its audit record; the mails go after commit (networking.introduction_mails).
"""
from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import ServiceCategory, SocialEnterprise
from networking import introduction_mails
from networking.models import Introduction, IntroductionOutcome, IntroductionSource, Registration, RegistrationKind
from networking.privacy.anonymise import anonymise_introductions
from networking.tasks import after_commit
from regie.audit import record
from regie.models import Regie


def _targets(regie: Regie, categories: Iterable[ServiceCategory], enterprises: Iterable[SocialEnterprise],
             exclude: int | None = None) -> list[tuple[SocialEnterprise, bool, list[ServiceCategory]]]:
    """[(firm, chosen directly, the ticked categories it offers)]: the published firms `regie` lists that were
    ticked or offer a ticked service, in name order."""
    category_ids = {category.pk for category in categories}
    chosen_ids = {enterprise.pk for enterprise in enterprises}
    firms = (SocialEnterprise.objects.published_by(regie)
             .filter(Q(pk__in=chosen_ids) | Q(categories__in=category_ids))
             .exclude(pk=exclude).distinct().prefetch_related("categories").order_by("name", "pk"))
    return [(firm, firm.pk in chosen_ids, [c for c in firm.categories.all() if c.pk in category_ids])
            for firm in firms]


def _introduce(existing: "Iterable[Introduction]", targets, **details) -> list[Introduction]:
    """Create the introductions of `targets` not yet among `existing` (mailed after commit). A withdrawn one among
    `existing` stays withdrawn (only the business agreeing again shows it again: show_again); an anonymised one
    (the retention run removed its details) counts as absent: the firm gets a fresh one."""
    known = {introduction.enterprise_id for introduction in existing if not introduction.anonymised_at}
    created = []
    for firm, chosen_directly, categories in targets:
        if firm.pk in known:
            continue
        introduction = Introduction.objects.create(enterprise=firm, chosen_directly=chosen_directly, **details)
        introduction.categories.set(categories)
        record(None, "introduction.created", introduction, {"enterprise": firm.pk, "source": details["source"]})
        after_commit(introduction_mails.mail_introduction, introduction.pk)
        created.append(introduction)
    return created


@transaction.atomic
def show_again(*, registration: Registration | None = None, application_public_id: UUID | None = None) -> int:
    """The business agreed again (give_consent; vouchers' set_introduction_consent): its withdrawn introductions
    that still carry its details are shown to the firms again, without a mail. Returns how many."""
    return _of(registration, application_public_id).filter(
        withdrawn_at__isnull=False, anonymised_at__isnull=True).update(withdrawn_at=None)


def _of(registration: Registration | None, application_public_id: UUID | None) -> "QuerySet[Introduction]":
    """The introductions that come from this registration, or else from this cheque application."""
    if registration is not None:
        return Introduction.objects.filter(registration=registration)
    if application_public_id is not None:
        return Introduction.objects.filter(application_public_id=application_public_id)
    raise ValueError("Name a registration or an application_public_id.")


@transaction.atomic
def introduce_application(*, regie: Regie, application_public_id: UUID, company_name: str, contact_name: str,
                          email: str,
                          phone: str, enterprise_number: str, language: str, looking_for: str,
                          categories: Iterable[ServiceCategory],
                          enterprises: Iterable[SocialEnterprise]) -> list[Introduction]:
    """The business of a verified cheque application that agreed to introductions (the caller checks the consent
    and holds the application's lock) is introduced to the firms concerned; returns the new introductions."""
    existing = Introduction.objects.select_for_update().filter(application_public_id=application_public_id)
    return _introduce(list(existing), _targets(regie, categories, enterprises),
                      regie=regie, source=IntroductionSource.APPLICATION,
                      application_public_id=application_public_id,
                      company_name=company_name, contact_name=contact_name, email=email, phone=phone,
                      enterprise_number=enterprise_number, language=language, looking_for=looking_for)


def _details(registration: Registration, source: str) -> dict:
    return {"regie": registration.meeting.regie, "source": source, "registration": registration,
            "company_name": registration.company_name,
            "contact_name": registration.contact_name, "email": registration.email,
            "enterprise_number": registration.enterprise_number, "language": registration.language,
            "looking_for": registration.looking_for}


@transaction.atomic
def introduce_registration(*, registration: Registration) -> list[Introduction]:
    """A registration for a meeting with consent and a confirmed e-mail address: its business is introduced to the
    firms concerned (none without consent, none before the address is confirmed, none for a cancelled
    registration); returns the new introductions."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (not registration.has_consent or registration.email_confirmed_at is None or not registration.is_active
            or registration.anonymised_at):
        return []
    targets = _targets(registration.meeting.regie, registration.interested_categories.all(),
                       registration.interested_enterprises.all(),
                       exclude=registration.enterprise_id)
    existing = Introduction.objects.select_for_update().filter(registration=registration)
    return _introduce(list(existing), targets, **_details(registration, IntroductionSource.REGISTRATION))


def _wish_details(registration: Registration) -> dict:
    """What a mutual wish passes to the firm: all the business agreed to share while it agrees to introductions;
    without that consent, only what the wishes page and its mail promise ("we put you in touch with each other"):
    company, contact person and e-mail address."""
    details = _details(registration, IntroductionSource.WISH)
    if not registration.has_consent:
        details.update(enterprise_number="", looking_for="")
    return details


def _wish_introduction(firm: Registration, other: Registration) -> list[Introduction]:
    """`other` as the firm's introduction. A withdrawn introduction of `other` to that firm stays withdrawn: its
    details are removed now (as the retention run would the night after) and the wish introduces anew."""
    existing = list(Introduction.objects.select_for_update().filter(registration=other, enterprise=firm.enterprise))
    withdrawn = [i.pk for i in existing if i.withdrawn_at and not i.anonymised_at]
    if anonymise_introductions(withdrawn):
        record(None, "introduction.withdrawn_anonymised", other, {"introductions": withdrawn})
    existing = [i for i in existing if not i.withdrawn_at]
    return _introduce(existing, [(firm.enterprise, True, [])], **_wish_details(other))


@transaction.atomic
def introduce_each_other(*, first: Registration, second: Registration) -> list[Introduction]:
    """Two attendees who both wished to meet again: each firm among them gets the other as an introduction
    (_wish_details: what it gets), and a business gets the firm's public contact details by mail; two businesses
    get each other's details by mail. A wish never shows a withdrawn introduction again."""
    first, second = Registration.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
    created = []
    for firm, other in ((first, second), (second, first)):
        if firm.kind != RegistrationKind.FIRM or firm.enterprise is None:
            continue
        created += _wish_introduction(firm, other)
        if other.kind == RegistrationKind.BUSINESS:
            record(None, "introduction.firm_details_sent", other, {"enterprise": firm.enterprise_id})
            after_commit(introduction_mails.mail_firm_details, other.pk, firm.enterprise_id)
    if first.kind == second.kind == RegistrationKind.BUSINESS:
        record(None, "introduction.each_other", first, {"other": second.pk})
        after_commit(introduction_mails.mail_each_other, first.pk, second.pk)
    return created


@transaction.atomic
def withdraw_consent(*, registration: Registration | None = None, application_public_id: UUID | None = None,
                     by=None) -> int:
    """The business withdraws its consent (for a registration, or for a cheque application whose own field the
    caller clears): its introductions are withdrawn and no new ones are made. Returns how many were withdrawn.
    Recorded against the registration; for an application, with its public id (vouchers' set_introduction_consent
    records against the application itself and calls withdraw_introductions)."""
    if registration is not None:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.consented_to_introductions_at = None
        registration.save(update_fields=["consented_to_introductions_at"])
    count = withdraw_introductions(registration=registration, application_public_id=application_public_id)
    record(by, "introduction.consent_withdrawn", registration,
           {"application": str(application_public_id) if application_public_id else None, "introductions": count})
    return count


def withdraw_introductions(*, registration: Registration | None = None,
                           application_public_id: UUID | None = None) -> int:
    """Withdraw the introductions of this registration (or else application) still shown; the caller holds the
    transaction and records it. Returns how many."""
    return _of(registration, application_public_id).filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now())


@transaction.atomic
def give_consent(*, registration: Registration, by=None) -> list[Introduction]:
    """The business of a registration agrees (again) to introductions: once its e-mail address is confirmed, the
    firms not yet introduced (or whose introduction was anonymised since) receive it."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.consented_to_introductions_at is None:
        registration.consented_to_introductions_at = timezone.now()
        registration.save(update_fields=["consented_to_introductions_at"])
        shown = show_again(registration=registration) if registration.is_active else 0
        record(by, "introduction.consent_given", registration, {"shown_again": shown})
    return introduce_registration(registration=registration)


@transaction.atomic
def mark_outcome(*, introduction: Introduction, outcome: str, by) -> Introduction:
    """The firm says what came of the introduction (contacted, quote sent, became a customer, nothing)."""
    if outcome not in IntroductionOutcome.values or outcome == IntroductionOutcome.NEW:
        raise ValidationError({"outcome": _("Choose what came of the introduction.")}, code="invalid_outcome")
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.outcome != outcome:
        before = introduction.outcome
        introduction.outcome, introduction.outcome_at, introduction.outcome_by = outcome, timezone.now(), by
        introduction.save(update_fields=["outcome", "outcome_at", "outcome_by"])
        record(by, "introduction.outcome", introduction, {"outcome": outcome, "before": before})
    return introduction
