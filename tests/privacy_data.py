"""Demo data for the tests of a business's rights (tests/test_privacy_rights.py, tests/test_privacy_admin.py):
Transport Houben, whose cheque was used up at De Groene Hand, paid and followed up, with contact details of
its own, the mails the portal sent about it and a replaced follow-up answer in the audit log."""
import json

import pytest
from django.contrib.auth import get_user_model

from regie.mail.outbox import send_again, send_due_mails
from regie.models import AuditEvent, MailStatus, OutgoingMail
from tests.demo import seed_demo
from tests.support.demo_snapshot import demo_data
from vouchers import notifications, services
from vouchers.models import Answer, Application, FollowUp, Redemption
from vouchers.privacy.correction import correct_application

CONTACT = {"contact_name": "Jan Houben-Vranken", "email": "jan@transport-houben.example",
           "phone": "+32 89 41 22 33", "street": "Steenweg op Hasselt 88"}
NEW_COMMENT = "Jan Houben-Vranken: de ploeg van De Groene Hand komt nu elke maand."
OLD_COMMENTS = ["Demo: ze onderhouden nu elk seizoen onze tuin en parking", "Demo: we maken een offerte"]
# What must be gone from every table once Transport Houben's data is erased.
REMOVED = ["Transport Houben", *CONTACT.values(), NEW_COMMENT, *OLD_COMMENTS]


@pytest.fixture
def demo(request, django_capture_on_commit_callbacks, stand_in_cheques):
    demo_data(request, "stand-in cheques, no meetings", lambda: seed_with_stand_ins(django_capture_on_commit_callbacks))


def seed_with_stand_ins(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the cheque files are stored after commit
        seed_demo(meetings=False)


@pytest.fixture
def houben(demo, settings):
    """Transport Houben's application, with the mails about it in the outbox, sent (and one to another
    business)."""
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    application = business("Transport Houben")
    correct_application(application=application, changes=CONTACT, by=None)
    application.refresh_from_db()
    notifications.mail_applicant(application, "applicant_link")  # to the business
    notifications.mail_coordinators(application)  # names the enterprise number
    followups = FollowUp.objects.filter(voucher__application=application)
    notifications.mail_followup(followups.get(respondent="firm"), "followup_question")  # to the firm, names it
    services.answer_followup(followup=followups.get(respondent="business"), answer=Answer.STILL,
                             comment=NEW_COMMENT)  # the audit log keeps the answer it replaces
    notifications.mail_applicant(business("Bakkerij Het Gouden Korenaar"), "applicant_link")
    settings.MAIL_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_due_mails()  # the worker sent them
    [to_firm] = [mail for mail in OutgoingMail.objects.all() if "partner-groenehand@demo.example" in mail.recipients]
    OutgoingMail.objects.filter(pk=to_firm.pk).update(status=MailStatus.FAILED)
    send_again(mail=to_firm, by=coordinator())  # audited with the subject, which names the business
    send_due_mails()
    return application


def business(company_name):
    return Application.objects.select_related("voucher").get(company_name=company_name)


def coordinator():
    return get_user_model().objects.get(username="coordinator")


def audit_text():
    """The whole audit table as text."""
    return json.dumps(list(AuditEvent.objects.values_list("object_repr", "data", "address")), default=str,
                      ensure_ascii=False)


def outbox_text():
    from vouchers.privacy.mails import mail_text

    return "\n".join(f"{mail.recipients} {mail_text(mail)}" for mail in OutgoingMail.objects.all()).lower()


def kept_figures(application):
    """What an erasure keeps: amounts, dates, statuses, the enterprise number, the municipality."""
    application = Application.objects.select_related("voucher").get(pk=application.pk)
    voucher = application.voucher
    return (application.enterprise_number, application.postcode, application.municipality_id, application.status,
            application.submitted_at, application.decided_at, application.deminimis_amount,
            voucher.code, voucher.face_value, voucher.balance, voucher.status, voucher.issued_at, voucher.valid_until,
            sorted(Redemption.objects.filter(voucher=voucher).values_list(
                "pk", "amount", "status", "service_date", "invoice_number", "invoice_date", "invoice_amount",
                "paid_at", "enterprise")),
            sorted(FollowUp.objects.filter(voucher=voucher).values_list("pk", "respondent", "answer", "sent_at")))


def everything_of(application):
    """Every stored value of a business's application, cheque, redemptions, follow-ups and audit events."""
    application = Application.objects.get(pk=application.pk)
    redemptions = Redemption.objects.filter(voucher__application=application).order_by("pk")
    followups = FollowUp.objects.filter(voucher__application=application).order_by("pk")
    return ([(f.name, getattr(application, f.attname)) for f in Application._meta.concrete_fields],
            list(redemptions.values()), list(followups.values()),
            list(AuditEvent.objects.filter(content_type__model="application", object_id=str(application.pk))
                 .order_by("pk").values()),
            sorted(mail.pk for mail in OutgoingMail.objects.all() if application.email in mail.recipients))
