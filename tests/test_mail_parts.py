"""Mails as they leave the portal: the password-reset link on the regie's primary host whatever host name a
request came in on (a forged one gets no page and no mail), and a mail of three parts (text, HTML, the cheque PDF)
that comes out of the outbox as it went in, also when sent again."""
import email
import email.policy

import pytest
from django.core import mail

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from regie.mail.outbox import send_again
from regie.models import MailStatus, OutgoingMail
from tests.factories import UserFactory
from tests.vouchers_factories import ApplicationFactory
from vouchers import notifications, services

pytestmark = pytest.mark.django_db
SITE = "http://testserver"  # the test regie's primary host; localhost is another of its host names


@pytest.mark.parametrize("staff", [False, True])
def test_the_reset_link_is_on_the_regies_primary_host_whatever_host_name_asked(client, staff):
    user = UserFactory(email="an@bakker.example", is_staff=staff)
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email}, HTTP_HOST="localhost")
    [message] = mail.outbox
    assert "localhost" not in message.body and "localhost" not in message.alternatives[0][0]
    assert f"{SITE}/nl/partner/wachtwoord-instellen/" in message.body
    assert f'href="{SITE}/nl/partner/wachtwoord-instellen/' in message.alternatives[0][0]


def test_a_forged_host_gets_no_page_and_no_mail(client):
    user = UserFactory(email="an@bakker.example")
    response = client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email}, HTTP_HOST="evil.example")
    assert response.status_code == 400 and mail.outbox == []


def test_the_reset_mail_is_in_the_users_language_else_the_pages(client):
    french, unknown = UserFactory(email="fr@fouron.example"), UserFactory(email="new@fouron.example")
    choose_language(user=french, language="fr", by=french)
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": french.email})
    client.post("/en/partner/forgot-password/", {"email": unknown.email})
    to_french, to_unknown = mail.outbox
    assert "Choisissez un nouveau mot de passe" in to_french.subject and f"{SITE}/fr/partenaire/" in to_french.body
    assert "Choose a new password" in to_unknown.subject and f"{SITE}/en/partner/" in to_unknown.body


def parsed(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def assert_three_parts(message, pdf):
    assert message.get_content_type() == "multipart/mixed"
    assert message["Subject"] == "Votre Chèque découverte" and message["Content-Language"] == "fr"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Zoë's Hoeve & Co" in text and "Zoë&#x27;s Hoeve &amp; Co" in html and '<html lang="fr"' in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "cheque.pdf" and attachment.get_content() == pdf


def test_text_html_and_pdf_survive_the_outbox_and_sending_again(settings, django_capture_on_commit_callbacks,
                                                              staff_user):
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    settings.MAIL_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    application = ApplicationFactory(language="fr", company_name="Zoë's Hoeve & Co")
    coordinator = staff_user(COORDINATORS)
    voucher = services.issue_voucher(application=application, by=coordinator)
    pdf = b"%PDF-1.7\n% a cheque \xe2\x82\xac 500\n%%EOF\n"
    with django_capture_on_commit_callbacks(execute=True):
        notifications.mail_applicant(application, "application_approved", voucher=voucher,
                                     attachments=[("cheque.pdf", pdf, "application/pdf")])
    stored = OutgoingMail.objects.get(recipients=[application.email])
    assert stored.status == MailStatus.SENT and stored.subject == "Votre Chèque découverte"
    assert_three_parts(parsed(bytes(stored.message)), pdf)
    first = mail.outbox[-1].message().as_bytes()
    assert_three_parts(parsed(first), pdf)
    OutgoingMail.objects.filter(pk=stored.pk).update(status=MailStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        send_again(mail=stored, by=coordinator)
    assert len(mail.outbox) == 2 and mail.outbox[-1].message().as_bytes() == first
