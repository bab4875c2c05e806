"""Erasure on request (GDPR art. 17), per business (enterprise number): applications without a cheque are
deleted; those with a cheque lose names, contact details, free texts and the cheque file, keeping the enterprise
number, amounts, dates and the invoices (the record of the aid and the accounts: art. 17(3)(b); they go with
the 10-year retention rule); the business's own mails and the sent mails naming it (vouchers/privacy/mails.py),
the finished background mails to it (which may carry a reason) and the failed background work about it are
deleted; the audit log forgets the names. Refused, with the reasons, while something is still open. A business
that only registered for networking moments (or was introduced) is found by its enterprise number or, without
one, by its e-mail address (business_number); its registrations and introductions are anonymised
(networking.privacy.business) and the mails to the addresses it registered with deleted.

Each regie is the controller of its own calls' applications (and what hangs under them: cheques, uses, follow-ups,
its outbox's mails, its audit events, background work about them) and of its own meetings' registrations and
introductions. Every function here takes `regie`: the regie whose staff answers the business, which sees, exports
and erases that regie's data only, and knows no business another regie alone keeps something of; None (a platform
administrator, or the staff of an install of one regie): the whole install."""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from networking.models import Introduction, Registration
from networking.privacy import business as networking
from regie.audit import record
from regie.formats.numbers import format_enterprise_number, normalize_enterprise_number
from regie.models import BackgroundJob, OutgoingMail
from regie.privacy.audit import forget_objects
from regie.privacy.schedule import period
from vouchers.models import Application, ApplicationStatus, Redemption, RedemptionStatus, Voucher
from vouchers.models.vouchers import SPENDABLE, VoucherStatus
from vouchers.privacy.anonymise import Forgotten, anonymise_applications, delete_applications
from vouchers.privacy.kept import Kept, what_an_erasure_keeps
from vouchers.privacy.mails import BusinessMails, addresses_of, applications_in, business_mails, outbox

UNDECIDED = (RedemptionStatus.SUBMITTED, RedemptionStatus.CONFIRMED, RedemptionStatus.CONTESTED)
PENDING = (ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED, ApplicationStatus.WAITLISTED)


class UnknownBusiness(Exception):
    """An enterprise number that is not valid, or that the portal keeps nothing under (no application,
    registration or introduction); an e-mail address it keeps nothing under, or that several numbers used."""


class ErasureRefused(Exception):
    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def business_number(text, *, regie=None):
    """The key the portal keeps a business's data under: its 10-digit enterprise number (typed in any notation,
    or found from an e-mail address used with it), or, for a business that only registered for a networking
    moment (or was introduced) without a number, its e-mail address, lower-cased. Else UnknownBusiness, also for
    a business only another regie than `regie` knows (in the same words as for one nobody knows)."""
    text = (text or "").strip()
    if "@" in text:
        return _business_of_address(text.lower(), regie)
    try:
        number = normalize_enterprise_number(text)
    except ValidationError as error:
        raise UnknownBusiness(f"{text}: {error.messages[0]}") from None
    if not applications_in(regie).filter(enterprise_number=number).exists() and not _networking_knows(number, regie):
        raise UnknownBusiness(_("No business with enterprise number %(number)s has applied; nothing is stored "
                                "under that number.") % {"number": format_enterprise_number(number)})
    return number


def is_address(key):
    """Whether a business's key (business_number) is an e-mail address: a business known without a number."""
    return "@" in key


def applications_of(key, *, regie=None):
    """The business's cheque applications (to `regie`'s calls): those with its enterprise number; none for a
    business known by its address alone (it never applied: an application always carries a number)."""
    return Application.objects.none() if is_address(key) else applications_in(regie).filter(enterprise_number=key)


def kept_of(key, *, regie=None):
    """What an erasure keeps of the business (vouchers/privacy/kept.py): nothing for one known by its address."""
    return Kept() if is_address(key) else what_an_erasure_keeps(key, regie=regie)


def _networking_knows(key, regie):
    business = networking_business(key, regie=regie) if is_address(key) else networking.Business.of(
        number=key, regie=regie)
    return networking.registrations_of(business).exists() or networking.introductions_of(business).exists()


def _numbers_used_with(address, regie):
    """The enterprise numbers an e-mail address was given with: on applications, registrations, introductions."""
    numbers = set()
    for model in (Application, Registration, Introduction):
        numbers |= set(model.objects.within(regie).annotate(address=Lower("email")).filter(address=address).exclude(
            enterprise_number="").values_list("enterprise_number", flat=True))
    return sorted(numbers)


def _business_of_address(address, regie):
    numbers = _numbers_used_with(address, regie)
    if len(numbers) > 1:
        raise UnknownBusiness(_("The e-mail address %(email)s was used with several enterprise numbers "
                                "(%(numbers)s): type the enterprise number.") % {
            "email": address, "numbers": ", ".join(map(format_enterprise_number, numbers))})
    if numbers:
        return numbers[0]
    if not _networking_knows(address, regie):
        raise UnknownBusiness(_("Nothing is stored under the e-mail address %(email)s.") % {"email": address})
    return address


def open_matters(key, today=None, *, regie=None):
    """Why the business's data (of `regie`) cannot be erased yet: applications awaiting confirmation or a
    decision, cheques that can still be used, uses awaiting a decision or their payment (finance still needs
    them), registrations for networking moments still to come. Another regie's open matters are that regie's."""
    today, applications = today or timezone.localdate(), applications_of(key, regie=regie)
    reasons = [_pending(application) for application in applications.filter(
        status__in=PENDING).select_related("call").order_by("submitted_at")]
    spendable = Voucher.objects.filter(application__in=applications, status__in=SPENDABLE)
    reasons += [_spendable(voucher) for voucher in spendable if voucher.current_status(today) in SPENDABLE]
    redemptions = Redemption.objects.filter(voucher__application__in=applications).select_related(
        "voucher", "enterprise", "batch").order_by("submitted_at")
    reasons += [_("The use of cheque %(code)s at %(firm)s awaits the customer or a decision: decide on it "
                  "first.") % _use(redemption) for redemption in redemptions.filter(status__in=UNDECIDED)]
    reasons += [_unpaid(redemption) for redemption in redemptions.filter(status=RedemptionStatus.APPROVED)]
    return reasons + networking.open_matters(networking_business(key, regie=regie))


def networking_business(key, *, regie=None):
    """The business as the networking app finds its registrations and introductions (of `regie`'s meetings):
    its enterprise number, its own addresses and its applications (read before an erasure clears or deletes
    them). A business known by its address alone: that address."""
    if is_address(key):
        return networking.Business.of(number="", emails=[key], regie=regie)
    return networking.Business.of(number=key, emails=addresses_of(key, regie=regie)[0], application_public_ids=list(
        applications_of(key, regie=regie).values_list("public_id", flat=True)), regie=regie)


def registrant_addresses(key, *, regie=None):
    """The addresses the business registered for networking moments (of `regie`) with that no other business
    uses (on an application or a registration of another enterprise number, of `regie`)."""
    registered = set(networking.registrations_of(networking_business(key, regie=regie)).filter(
        anonymised_at__isnull=True).values_list("address", flat=True))
    others = set(applications_in(regie).exclude(pk__in=applications_of(key, regie=regie)).annotate(
        address=Lower("email")).filter(address__in=registered).values_list("address", flat=True))
    own = [""] if is_address(key) else ["", key]
    others |= set(Registration.objects.within(regie).exclude(enterprise_number__in=own).annotate(
        address=Lower("email")).filter(address__in=registered).values_list("address", flat=True))
    return registered - others


def mails_of(key, *, regie=None):
    """The stored mails of the business (vouchers/privacy/mails.py; one known by its address alone has only its
    own), with the mails to the addresses it alone registered for networking moments with as its own; of `regie`'s
    outbox only."""
    found = BusinessMails() if is_address(key) else business_mails(key, regie=regie)
    addresses = registrant_addresses(key, regie=regie)
    if addresses:
        mails = outbox(regie).exclude(pk__in=found.own).only("pk", "recipients").order_by("pk")
        found.own += [mail.pk for mail in mails.iterator()
                      if mail.recipients and {recipient.lower() for recipient in mail.recipients} <= addresses]
    return found


def _use(redemption):
    return {"code": redemption.voucher.code_display, "firm": redemption.enterprise.name,
            "batch": redemption.batch.reference if redemption.batch else ""}


def _unpaid(redemption):
    if redemption.batch is None:
        return _("The use of cheque %(code)s at %(firm)s is approved but not paid yet: erase the data once it is "
                 "paid.") % _use(redemption)
    return _("The use of cheque %(code)s at %(firm)s is in payout batch %(batch)s, which is not paid yet: erase "
             "the data once it is paid.") % _use(redemption)


def _pending(application):
    values = {"call": application.call.public_name(), "period": period("unconfirmed_applications")}
    if application.status == ApplicationStatus.SUBMITTED:
        return _("The application to %(call)s awaits the confirmation of its e-mail address: the business can "
                 "withdraw it on its personal page; otherwise it is deleted %(period)s after it was sent.") % values
    return _("The application to %(call)s awaits a decision: withdraw it (the business can, on its personal "
             "page) or decide on it first.") % values


def _spendable(voucher):
    values = {"code": voucher.code_display, "date": formats.date_format(voucher.valid_until, "SHORT_DATE_FORMAT")}
    if voucher.status == VoucherStatus.ISSUED and voucher.balance == voucher.face_value:  # as cancel_voucher
        return _("Cheque %(code)s can still be used until %(date)s: cancel it first (possible while it is unused) "
                 "or erase the data once it has expired.") % values
    return _("Cheque %(code)s has been used in part and can still be used until %(date)s: erase the data once it "
             "is used up or has expired.") % values


def finished_mail_tasks(application_ids):
    """Finished background mails to these applications: their arguments may carry a reason (a free text)."""
    ids = set(application_ids)
    finished = DBTaskResult.objects.filter(task_path="vouchers.tasks.mail_applicant", finished_at__isnull=False)
    tasks = finished.only("pk", "args_kwargs")
    return [task.pk for task in tasks if (task.args_kwargs.get("args") or [None])[0] in ids]


def _forget_messages(mails, applications):
    """Delete these stored mails (mails_of(...).to_erase(): the business's own and the sent ones naming it), and
    the finished background mails to it."""
    result = Forgotten()
    result.audit_events = forget_objects(OutgoingMail, mails)  # "send again" names subject and recipients
    result.mails = OutgoingMail.objects.filter(pk__in=mails).delete()[0]
    tasks = finished_mail_tasks(application.pk for application in applications)
    result.task_results = DBTaskResult.objects.filter(pk__in=tasks).delete()[0]
    jobs = background_jobs([application.pk for application in applications])  # they name it, carry reasons
    result.audit_events += forget_objects(BackgroundJob, jobs)  # "try again" names the object
    result.task_results += BackgroundJob.objects.filter(pk__in=jobs).delete()[0]
    return result


def background_jobs(application_ids):
    """The failed background work about these applications, their cheques and the cheques' uses."""
    vouchers = list(Voucher.objects.filter(application__in=application_ids).values_list("pk", flat=True))
    redemptions = Redemption.objects.filter(voucher__in=vouchers).values_list("pk", flat=True)
    about = [(Application, application_ids), (Voucher, vouchers), (Redemption, list(redemptions))]
    jobs = BackgroundJob.objects.none()
    for model, ids in about:
        jobs |= BackgroundJob.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                             object_id__in=[str(pk) for pk in ids])
    return list(jobs.values_list("pk", flat=True))


@transaction.atomic
def erase_personal_data(*, enterprise_number, by, regie=None):
    """Erase the personal data of the business (enterprise number, or the e-mail address of one known by it
    alone) that `regie` keeps (None: the whole install keeps), audited as `regie`'s event; another regie's data of
    the same business stay as they are. Returns the counts (Forgotten). Raises UnknownBusiness, ErasureRefused."""
    number = business_number(enterprise_number, regie=regie)
    rows = list(applications_of(number, regie=regie).select_for_update().order_by("pk"))
    reasons = open_matters(number, regie=regie)
    if reasons:
        raise ErasureRefused(reasons)
    ids = [application.pk for application in rows]
    mails = mails_of(number, regie=regie).to_erase()  # while the applications and registrations name the addresses
    counts = networking.erase_business(business=networking_business(number, regie=regie), by=by)  # audited itself
    result = _forget_messages(mails, rows)
    result += delete_applications(Application.objects.filter(pk__in=ids))
    result += anonymise_applications(
        Application.objects.filter(pk__in=ids, anonymised_at__isnull=True).values_list("pk", flat=True),
        on_request=True)
    result.registrations, result.introductions = counts["registrations"], counts["introductions"]
    if result.as_data():
        record(by, "privacy.erased", None, {"applications": ids, "counts": result.as_data()}, regie=regie)
    return result
