"""Right of access (GDPR art. 15): everything the portal keeps about one business (enterprise number; or e-mail
address, for a business that only registered for networking moments without one) as JSON and as a readable,
tagged PDF (PDF/UA) in Dutch, French or English. Asked by one regie's staff (`regie`), it holds what that regie
keeps (its calls' applications with their cheques, uses, follow-ups and history; its meetings' registrations; its
introductions; its outbox's mails) and names that regie as the controller; without one (None), the whole install's,
naming every regie that keeps something of the business at the top, and with each application, registration,
introduction and mail the regie that keeps it (the controller of that row; a mail of no regie is the platform's)."""
import dataclasses
import datetime
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from networking.privacy.business import export_business, introductions_of, registrations_of
from regie.audit import record
from regie.formats.numbers import format_enterprise_number
from regie.models import AuditEvent, OutgoingMail, Regie
from regie.privacy.register import organisation
from regie.privacy.schedule import entry, period
from vouchers.models import Application, DeMinimisGrant, FollowUp, Redemption, Voucher
from vouchers.privacy.erasure import (
    applications_of,
    business_number,
    is_address,
    kept_of,
    mails_of,
    networking_business,
)
from vouchers.reports.programme import render

FORMATS = ("json", "pdf")


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def _history(model, pk):
    """What happened to the object, when; without staff names or addresses."""
    events = AuditEvent.objects.filter(content_type__app_label=model._meta.app_label,
                                       content_type__model=model._meta.model_name, object_id=str(pk))
    return [{"time": _local(event.created_at), "action": event.action} for event in events.order_by("created_at")]


def _redemption(redemption):
    return {"firm": redemption.enterprise.name, "status": redemption.get_status_display(),
            "amount": redemption.amount, "service": redemption.description, "service_date": redemption.service_date,
            "invoice_number": redemption.invoice_number, "invoice_date": redemption.invoice_date,
            "invoice_amount_excluding_vat": redemption.invoice_amount,
            "invoice_file": bool(redemption.invoice or redemption.einvoice),
            "credit_note": redemption.credit_note_number,
            "recorded_at": _local(redemption.submitted_at), "answered_at": _local(redemption.answered_at),
            "objection": redemption.contest_reason, "reason_for_rejection": redemption.rejection_reason,
            "paid_on": redemption.paid_at, "history": _history(Redemption, redemption.pk)}


def _followup(followup):
    return {"firm": followup.enterprise.name, "asked": followup.get_respondent_display(),
            "asked_on": _local(followup.sent_at), "answer": followup.get_answer_display(), "reason": followup.reason,
            "comment": followup.comment, "may_be_quoted": followup.may_quote,
            "answered_on": _local(followup.answered_at)}


def _grant(voucher):
    """The de-minimis aid the cheque granted, as recorded for the state-aid register (kept after an erasure)."""
    grant = DeMinimisGrant.objects.filter(voucher=voucher).first()
    if grant is None:
        return None
    return {"amount": grant.current_amount, "granted_on": grant.granted_on, "granting_authority": grant.authority_name,
            "regulation": f"(EU) {grant.regulation}", "corrected_on": grant.corrected_on}


def _cheque(voucher):
    redemptions = Redemption.objects.filter(voucher=voucher).select_related("enterprise").order_by("submitted_at")
    followups = FollowUp.objects.filter(voucher=voucher).select_related("enterprise").order_by("sent_at")
    return {"code": voucher.code_display, "face_value": voucher.face_value, "balance": voucher.balance,
            "status": voucher.get_status_display(), "issued_at": _local(voucher.issued_at),
            "valid_until": voucher.valid_until, "cancelled_at": _local(voucher.cancelled_at),
            "reason_for_cancellation": voucher.cancel_reason, "deminimis_aid": _grant(voucher),
            "redemptions": [_redemption(r) for r in redemptions],
            "followups": [_followup(f) for f in followups], "history": _history(Voucher, voucher.pk)}


def _application(application):
    voucher = Voucher.objects.filter(application=application).first()
    return {
        "controller": organisation(application.call.regie),
        "call": application.call.public_name(), "status": application.get_status_display(),
        "company_name": application.company_name, "enterprise_number": application.enterprise_number_display,
        "street": application.street, "postcode": application.postcode, "place": application.place,
        "municipality": application.municipality.name, "sector": application.get_sector_display(),
        "size": application.get_size_display(), "contact_name": application.contact_name, "email": application.email,
        "phone": application.phone, "language": application.language, "motivation": application.motivation,
        "services_of_interest": [str(c) for c in application.interested_categories.all()],
        "enterprises_of_interest": [str(e) for e in application.interested_enterprises.all()],
        "deminimis_aid_last_three_years": application.deminimis_amount,
        "enterprise_register_when_applying": application.register_check,
        "terms_accepted_at": _local(application.accepted_terms_at), "submitted_at": _local(application.submitted_at),
        "email_confirmed_at": _local(application.verified_at), "decided_at": _local(application.decided_at),
        "reason_for_rejection": application.rejection_reason,
        "personal_data_removed_at": _local(application.anonymised_at),
        "cheque": _cheque(voucher) if voucher else None, "history": _history(Application, application.pk)}


def _mails(number, regie=None):
    """The mails to the business: to its own addresses, or to an address it shares with another business when
    they name it (vouchers/privacy/mails.py), and to the addresses it alone registered for networking moments with."""
    mails = OutgoingMail.objects.filter(pk__in=mails_of(number, regie=regie).to_export()).select_related(
        "regie").order_by("created_at", "pk")
    return [{"controller": organisation(mail.regie) if mail.regie else "", "written_at": _local(mail.created_at),
             "to": mail.recipients, "subject": mail.subject, "status": mail.get_status_display(),
             "sent_at": _local(mail.sent_at)} for mail in mails]


def _kept(number, regie=None):
    """What an erasure keeps (or kept) of the business, why, and until when: the invoices one by one."""
    kept, rule = kept_of(number, regie=regie), entry("kept_after_erasure")
    return {"enterprise_number_kept_until": kept.until, "why": f"{rule.purpose} {rule.legal_basis}",
            "invoices": kept.invoices}


def controllers(number, regie=None):
    """The regies that keep the business's data (their calls' applications, their meetings' registrations, their
    introductions), or the one asked for: each is the controller of what it keeps."""
    if regie is not None:
        return [regie]
    business = networking_business(number)
    ids = {*applications_of(number).values_list("call__regie", flat=True),
           *registrations_of(business).values_list("meeting__regie", flat=True),
           *introductions_of(business).values_list("regie", flat=True)}
    return list(Regie.objects.filter(pk__in=ids).order_by("short_name"))


def _networking(number, regie, regies):
    """The business's registrations and introductions (networking.privacy.business), each with the regie that keeps
    it: those of the whole install's business (None) taken regie by regie, in the order of `regies`."""
    business, rows = networking_business(number, regie=regie), {"meeting_registrations": [], "introductions": []}
    for each in regies:  # every row is of one regie: together, the whole install's rows of the business
        found = export_business(business if regie is not None else dataclasses.replace(business, regie=each))
        for key, items in found.items():
            rows[key] += [{"controller": organisation(each), **item} for item in items]
    return rows


def personal_data(number, language="nl", regie=None):
    """Everything about the business with this (normalised) enterprise number, texts in `language`; the controller
    and its contact address are `regie`'s (default: of every regie that keeps something of the business)."""
    with translation.override(language):
        applications = applications_of(number, regie=regie).select_related("call__regie", "municipality").order_by(
            "submitted_at")
        regies = controllers(number, regie)
        return {
            "enterprise_number": format_enterprise_number(number), "made_at": _local(timezone.now()),
            "controller": "; ".join(organisation(r) for r in regies),
            "contact": ", ".join(dict.fromkeys(r.contact_email for r in regies)),
            "controllers": [{"name": organisation(r), "programme": r.programme_name, "contact": r.contact_email}
                            for r in regies],  # who answers a question about what
            "applications": [_application(a) for a in applications],
            **_networking(number, regie, regies),  # meeting_registrations, introductions
            "emails": _mails(number, regie), "kept_after_erasure": _kept(number, regie)}


def business_language(number, *, regie=None):
    """The language of the business's latest application (to `regie`), else of its latest registration for a
    networking moment: the one it reads the portal in."""
    latest = (applications_of(number, regie=regie).order_by("submitted_at").last()
              or registrations_of(networking_business(number, regie=regie)).order_by("created_at", "pk").last())
    return latest.language if latest and latest.language in ("nl", "fr", "en") else "nl"


def export_filename(number, file_format, language):
    """persoonsgegevens-0403170701.pdf, donnees-personnelles-….json or personal-data-…, in the export's language
    (for a business known by its address alone: persoonsgegevens-an-peeters-example.pdf)."""
    with translation.override(language):
        key = slugify(number.replace("@", "-")) if is_address(number) else number
        return f"{slugify(_('Personal data'))}-{key}.{file_format}"


@transaction.atomic
def export_personal_data(*, enterprise_number, file_format="json", language=None, by=None, regie=None):
    """(bytes, file name) of the export, in `language` (default: the business's own), naming `regie` (the one whose
    staff asks: that regie's data only; default: every regie that keeps something of the business) as the
    controller; audited, as `regie`'s event, with the ids of its applications (and of its registrations for
    networking moments, if any) only. Raises UnknownBusiness (also for a business `regie` keeps nothing of)."""
    number = business_number(enterprise_number, regie=regie)
    language = language or business_language(number, regie=regie)
    data = personal_data(number, language, regie)
    if file_format == "pdf":
        content = as_pdf(data, language)
    else:
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    ids = list(applications_of(number, regie=regie).values_list("pk", flat=True))
    registrations = list(registrations_of(networking_business(number, regie=regie)).values_list("pk", flat=True))
    audited = {"applications": ids, "format": file_format} | ({"registrations": registrations} if registrations else {})
    record(by, "privacy.exported", None, audited, regie=regie)
    return content, export_filename(number, file_format, language)


def readable(value):
    """The export's values as people read them: dates and times in the local short format."""
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [readable(item) for item in value]
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, str) and ISO_MOMENT.match(value):
        moment = datetime.datetime.fromisoformat(value)
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    return value


ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def as_pdf(data, language):
    with translation.override(language):
        key = data["enterprise_number"]
        title = (_("Personal data of the business with e-mail address %(email)s") % {"email": key} if is_address(key)
                 else _("Personal data of enterprise %(number)s") % {"number": key})
        html = render_to_string("privacy/personal_data.html", {
            **readable(data), "made_on": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            "title": title, "language": language, "mail_period": period("mails"),
            "several": len(data["controllers"]) > 1})  # each part names its regie
    return render(html)
