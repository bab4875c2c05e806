"""Every mail is the mail of the regie it is about: with two regies on one install, the second regie's applicants,
registrants, firms and staff get mails From its name and sender, replying to its contact address, with its links
on its own host and its signature, never the first regie's. The calendar invitation and the personal QR code of
its meeting lead to its host too."""
import datetime
import email
import email.policy
import io

import pytest
import segno
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from networking import introduction_mails, services as networking_services
from networking.calendar import ics_for
from networking.qr import qr_png
from regie.accounts.groups import COORDINATORS
from tests.clock import at
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.support.networking import IntroductionFactory, MeetingFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import notifications, tasks

pytestmark = pytest.mark.django_db

MAASLAND = "http://cheque.maasland.example"  # its primary host; maasland.example is its other host name
SIGNATURE = "The coordinator of Regie Maasland\ninfo@maasland.example · +32 89 00 00 00"


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland",
                        legal_name="Regie Maasland vzw", contact_email="info@maasland.example",
                        contact_phone="+32 89 00 00 00", sender_email="noreply@maasland.example",
                        hosts=["cheque.maasland.example", "maasland.example"])


def assert_from_maasland(message):
    assert message.from_email == '"Regie Maasland" <noreply@maasland.example>'
    assert message.reply_to == ["info@maasland.example"]
    sent = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)  # as a reader reads it
    assert sent["From"] == "Regie Maasland <noreply@maasland.example>"
    assert sent["Reply-To"] == "info@maasland.example"
    for text in (message.body, message.alternatives[0][0]):
        assert "testserver" not in text and "zuidoost" not in text.lower()


def test_an_applicant_of_the_second_regies_call_gets_its_confirmation_mail(regie, maasland):
    application = ApplicationFactory(call=CallFactory(regie=maasland), language="en", status="submitted",
                                     contact_name="Lies Maes", email="lies@maasbakker.example")
    tasks.mail_applicant.enqueue(application.pk, "application_confirm")
    [message] = mail.outbox
    assert_from_maasland(message)
    assert f"\n{MAASLAND}/en/application/confirm/" in message.body
    assert f'href="{MAASLAND}/en/application/confirm/' in message.alternatives[0][0]
    assert message.body.rstrip().endswith(SIGNATURE)


def test_a_french_reader_reads_the_regies_french_name_in_from_and_signature(maasland):
    maasland.name_fr = "Régie du Pays mosan"
    maasland.save(update_fields=["name_fr"])
    application = ApplicationFactory(call=CallFactory(regie=maasland), language="fr", status="submitted")
    tasks.mail_applicant.enqueue(application.pk, "application_confirm")
    [message] = mail.outbox
    sent = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert sent["From"] == "Régie du Pays mosan <noreply@maasland.example>"
    assert "Régie du Pays mosan\ninfo@maasland.example · +32 89 00 00 00" in message.body


def test_the_first_regies_applicant_still_reads_the_first_regie(regie, maasland):
    application = ApplicationFactory(call=CallFactory(regie=regie), language="en", status="submitted")
    tasks.mail_applicant.enqueue(application.pk, "application_confirm")
    [message] = mail.outbox
    assert message.from_email == '"Regie sociale economie Zuidoost-Limburg" <noreply@regie-zuidoost-limburg.example>'
    assert message.reply_to == ["socialeeconomie@regie-zuidoost-limburg.example"]
    assert "\nhttp://testserver/en/application/confirm/" in message.body and "maasland" not in message.body


def test_with_no_coordinator_the_new_application_goes_to_its_regies_contact_address(maasland):
    application = ApplicationFactory(call=CallFactory(regie=maasland))
    notifications.mail_coordinators(application)
    [message] = mail.outbox
    assert message.to == ["info@maasland.example"]
    assert_from_maasland(message)
    assert f"{MAASLAND}/admin/vouchers/application/{application.pk}/change/" in message.body


def test_with_two_regies_a_new_application_goes_to_its_regies_address_not_to_every_coordinator(
        maasland, staff_user):
    staff_user(COORDINATORS, email="an@zuidoost.example")  # a coordinator of the install's first regie
    application = ApplicationFactory(call=CallFactory(regie=maasland))
    notifications.mail_coordinators(application)
    [message] = mail.outbox
    assert message.to == ["info@maasland.example"]
    assert f"{MAASLAND}/admin/vouchers/application/{application.pk}/change/" in message.body


def test_a_registrant_of_the_second_regies_meeting_gets_its_invitation_and_code_on_its_host(
        maasland, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(regie=maasland, slug="maasmechelen-2027", title_en="Networking Maasmechelen")
    with django_capture_on_commit_callbacks(execute=True):
        registration = networking_services.register_business(
            meeting=meeting, contact_name="Lies Maes", company_name="Maasbakker", email="lies@maasbakker.example",
            language="en")
    [message] = mail.outbox
    assert_from_maasland(message)
    assert f"{MAASLAND}/en/" in message.body and message.body.rstrip().endswith(SIGNATURE)
    lines = ics_for(registration).decode().replace("\r\n ", "").split("\r\n")
    assert "URL:http://cheque.maasland.example/en/meetings/maasmechelen-2027/" in lines
    assert "ORGANIZER;CN=Regie Maasland:mailto:info@maasland.example" in lines
    assert f"UID:registration-{registration.public_id}@cheque.maasland.example" in lines
    code = f"http://cheque.maasland.example/nl/ontmoetingen/inchecken/{registration.check_in_code}/"
    expected = io.BytesIO()
    segno.make(code, error="m").save(expected, kind="png", scale=8, border=4, dark="#000", light="#fff")
    assert qr_png(registration) == expected.getvalue()


def test_a_firm_hears_of_an_introduction_from_the_second_regies_call_as_that_regies_mail(maasland):
    firm = SocialEnterpriseFactory(name="Maasgroen")
    FirmMembershipFactory(enterprise=firm, user=UserFactory(email="info@maasgroen.example"))
    application = ApplicationFactory(call=CallFactory(regie=maasland))
    introduction = IntroductionFactory(enterprise=firm, application_public_id=application.public_id)
    introduction_mails.mail_introduction.enqueue(introduction.pk)
    [message] = mail.outbox
    assert_from_maasland(message)
    assert f"{MAASLAND}/nl/partner/introducties/{introduction.public_id}/" in message.body


def test_a_password_reset_asked_on_the_second_regies_host_is_its_mail(client, maasland):
    user = UserFactory(email="an@maasgroen.example")
    client.post("/en/partner/forgot-password/", {"email": user.email}, HTTP_HOST="maasland.example")
    [message] = mail.outbox
    assert_from_maasland(message)
    assert f"\n{MAASLAND}/en/partner/new-password/" in message.body
    assert " ".join(message.body.split()).startswith(
        "Hello, Someone (hopefully you) asked to choose a new password for the partner portal of Regie Maasland, for "
        "the account an@maasgroen.example.")
    assert message.body.rstrip().endswith(SIGNATURE)


def test_codes_locked_on_the_second_regies_host_are_mailed_as_its_mail(client, settings, maasland):
    settings.STAFF_TWO_FACTOR = True
    user = UserFactory(is_staff=True, email="an@maasland.example")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    start = timezone.now()
    for minute in range(5):  # a minute apart: each after the wait of the one before
        with at(start + datetime.timedelta(minutes=minute)):
            client.post("/admin/tweestaps/", {"code": "zzzz-zzzz"}, HTTP_HOST="maasland.example")
    [message] = mail.outbox
    assert_from_maasland(message)
    assert f"{MAASLAND}/admin/password_change/" in message.body
