"""One payment advice per transfer: when a payment is paid, the firm's users get one mail per language with a PDF
listing the cheques it covers, the total and the structured communication; the partner page lists each transfer
with its cheques and serves its advice to the firm's own users only."""
import io
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from tests.factories import RegieFactory, UserFactory
from tests.support.remittance import approved, firm_with_users, paid_batch
from vouchers import services
from vouchers.models import Payment, PaymentStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def firms():
    """Two firms: one read in Dutch and in French, with two cheques to be paid; one in Dutch with one."""
    groene = firm_with_users("De Groene Hand", "BE21001234567803", "nl", "fr")
    kring = firm_with_users("Kringwinkel Tongeren", "BE62510007547061", "nl")
    return {"groene": groene, "kring": kring,
            "groene_cheques": [approved(groene[0], "100.00", "Zoë's Hoeve & Co"),
                               approved(groene[0], "50.50", "Bakkerij Janssens")],
            "kring_cheques": [approved(kring[0], "99.99", "Garage Thys")]}


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, " ".join(page.extract_text() for page in reader.pages)


def pdf_of(message):
    [(name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    return pdf_text(content)


PAYMENTS = {"nl": "http://testserver/nl/partner/betalingen/", "fr": "http://testserver/fr/partenaire/paiements/"}


def mails_to(membership):
    return [m for m in mail.outbox if membership.user.email in m.to]


def test_each_firm_gets_one_advice_per_language_listing_the_cheques_its_transfer_pays(
        firms, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = paid_batch()
    assert len(mail.outbox) == 3  # De Groene Hand in Dutch and in French, Kringwinkel in Dutch: no mail per cheque
    payment = batch.payments.get(enterprise=firms["groene"][0].enterprise)
    [dutch], [french] = mails_to(firms["groene"][0]), mails_to(firms["groene"][1])
    assert dutch.extra_headers["Content-Language"] == "nl" and french.extra_headers["Content-Language"] == "fr"
    for message, language in [(dutch, "nl"), (french, "fr")]:
        assert "EUR 150,50" in message.subject and "De Groene Hand" in message.subject
        for cheque in firms["groene_cheques"]:
            assert cheque.voucher.code_display in message.body and cheque.invoice_number in message.body
        assert payment.communication in message.body and "BE** **** **** 7803" in message.body
        assert "BE21001234567803" not in message.body and PAYMENTS[language] in message.body
        reader, text = pdf_of(message)
        assert reader.trailer["/Root"]["/Lang"] == language and len(reader.pages) == 1
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] and payment.end_to_end_id in reader.metadata.title
        for fact in ["100,00", "50,50", "150,50", payment.communication, "Zoë's Hoeve & Co", "Bakkerij Janssens",
                     *(c.voucher.code_display for c in firms["groene_cheques"])]:
            assert fact in text, fact
        assert "99,99" not in text
    [kring] = mails_to(firms["kring"][0])
    assert firms["kring_cheques"][0].voucher.code_display in kring.body and "EUR 99,99" in kring.subject

    client.force_login(firms["groene"][1].user)
    with translation.override("en"):
        page = unescape(client.get(reverse("partner:payments")).content.decode())
        advice = client.get(reverse("partner:advice", args=[payment.end_to_end_id]))
        other = batch.payments.get(enterprise=firms["kring"][0].enterprise)
        assert client.get(reverse("partner:advice", args=[other.end_to_end_id])).status_code == 404
    assert "EUR 150.50" in page and payment.communication in page and "EUR 99.99" not in page
    assert all(c.voucher.code_display in page and c.voucher.application.company_name in page
               for c in firms["groene_cheques"])
    assert advice.status_code == 200 and advice["Content-Disposition"].startswith("attachment;")
    reader, text = pdf_text(b"".join(advice.streaming_content))
    assert reader.trailer["/Root"]["/Lang"] == "en" and "EUR 150.50" in text


def test_a_payment_per_redemption_gives_one_advice_per_payment_and_a_returned_one_says_why(
        firms, client, django_capture_on_commit_callbacks):
    more = approved(firms["kring"][0], "40.00", "Schrijnwerkerij Lenaerts")
    with django_capture_on_commit_callbacks(execute=True):
        batch = paid_batch(one_payment_per_firm=False)
    kring = mails_to(firms["kring"][0])
    assert len(kring) == 2  # one advice per transfer, each listing its own cheque
    for redemption in [firms["kring_cheques"][0], more]:
        payment = Payment.objects.get(batch=batch, redemptions=redemption)
        [message] = [m for m in kring if payment.communication in m.body]
        assert redemption.voucher.code_display in message.body and f"EUR {redemption.amount:.2f}".replace(
            ".", ",") in message.subject
        assert pdf_of(message)[1].count("EUR") == 3  # the amount transferred, the cheque's line and the total
    returned = Payment.objects.get(batch=batch, redemptions=more)
    Payment.objects.filter(pk=returned.pk).update(status=PaymentStatus.RETURNED, returned_on=returned.booked_on,
                                                  return_reason_code="AC04", return_reason="Account closed")
    client.force_login(firms["kring"][0].user)
    with translation.override("en"):
        page = unescape(client.get(reverse("partner:payments")).content.decode())
        assert client.get(reverse("partner:advice", args=[returned.end_to_end_id])).status_code == 404
    assert "Account closed" in page and "check your IBAN" in page and page.count("Payment advice (PDF)") == 1
    assert batch.payments.count() == 4 and len(mail.outbox) == 2 * 2 + 2  # De Groene Hand: two, each in nl and fr


def test_the_advice_of_a_second_regies_transfer_is_that_regies(django_capture_on_commit_callbacks):
    from tests.test_bank_files import regie_approved

    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", contact_email="cheque@maasland.example",
                            contact_phone="+32 89 00 00 00", sender_email="noreply@maasland.example",
                            hosts=["cheque.maasland.example"])
    [member] = firm_with_users("De Groene Hand", "BE21001234567803", "nl")
    regie_approved(member, maasland, "80.00")
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.create_payout_batch(by=UserFactory(), regie=maasland, execution_date=timezone.localdate())
        services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())
    [message] = mail.outbox
    assert message.from_email == '"Regie Maasland" <noreply@maasland.example>'
    assert "http://cheque.maasland.example/nl/partner/betalingen/" in message.body
    _reader, text = pdf_of(message)
    text = " ".join(text.split())
    assert "Regie Maasland" in text and "cheque@maasland.example · +32 89 00 00 00" in text
    assert "Zuidoost" not in text and "testserver" not in text
