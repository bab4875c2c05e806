"""A regie's logo on its documents and in its mails (issue 20, point 1): the cheque, the payment advice, the
programme report and the attendee list show it where they name the regie, with the regie's name as its text in the
tagged PDF; the HTML of its mails opens with it, from the regie's own host. Without a logo they look as before; a
logo that cannot be read is left out, never a failed cheque; a batch of cheques reads it once."""
import io
import logging

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from networking.attendees import attendee_list_pdf
from regie import pdf
from tests.factories import UserFactory
from tests.support.networking import MeetingFactory, RegistrationFactory
from tests.support.remittance import approved, firm_with_users, paid_batch
from tests.vouchers_factories import ApplicationFactory
from vouchers import services
from vouchers.pdf import render_cheque_pdf
from vouchers.remittance import advice_pdf
from vouchers.reports import figures
from vouchers.reports.programme import programme_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # documents and mails of a regie: no date rule

NAME = "Regie sociale economie Zuidoost-Limburg"  # the test regie's name: the logo's text
SITE = "http://testserver"  # the test regie's primary host


@pytest.fixture(autouse=True)
def fresh_logos():
    """Each test has its own file storage: no logo read by an earlier test."""
    pdf.forget_logos()
    yield
    pdf.forget_logos()


def png(size=(160, 80)):
    buffer = io.BytesIO()
    Image.new("RGBA", size, (192, 57, 43, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def with_logo(regie):
    regie.logo.save("zuidoost.png", ContentFile(png()))
    return regie


def issued(language="nl"):
    return services.issue_voucher(application=ApplicationFactory(language=language),
                                  by=UserFactory(is_staff=True))


def images(document: bytes) -> list[bytes]:
    """The distinct raster images of the PDF (a report's pages share one resource dictionary: each lists them)."""
    return sorted({image.data for page in PdfReader(io.BytesIO(document)).pages for image in page.images})


def figure_texts(document: bytes) -> list[str]:
    """The alternative texts of the figures in the PDF's structure tree."""
    found = []

    def walk(element):
        element = element.get_object()
        if isinstance(element, list):
            for kid in element:
                walk(kid)
        elif hasattr(element, "get"):
            if element.get("/S") == "/Figure":
                found.append(str(element.get("/Alt")))
            if element.get("/K") is not None:
                walk(element["/K"])

    walk(PdfReader(io.BytesIO(document)).trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def tagged_in(document: bytes) -> tuple[bool, str]:
    root = PdfReader(io.BytesIO(document)).trailer["/Root"]
    return bool(root["/MarkInfo"]["/Marked"]), str(root["/Lang"])


def test_a_cheque_shows_the_regies_logo_once_with_its_name_as_text_and_stays_tagged_on_one_page(with_logo):
    cheque = render_cheque_pdf(issued("fr"))
    assert len(images(cheque)) == 1
    assert figure_texts(cheque) == [NAME, "Code QR contenant l'adresse ci-dessous"]
    assert tagged_in(cheque) == (True, "fr")
    assert len(PdfReader(io.BytesIO(cheque)).pages) == 1


def test_a_cheque_of_a_regie_without_a_logo_has_no_image_as_before(regie):
    cheque = render_cheque_pdf(issued())
    assert images(cheque) == []  # the QR code is drawn (SVG), not an image
    assert NAME not in figure_texts(cheque)
    assert tagged_in(cheque) == (True, "nl")


def test_a_batch_of_cheques_reads_the_logo_from_the_storage_once(with_logo, monkeypatch):
    reads = []
    opened = FileSystemStorage.open

    def counted(storage, name, mode="rb"):
        reads.append(name)
        return opened(storage, name, mode)

    monkeypatch.setattr(FileSystemStorage, "open", counted)
    cheques = [render_cheque_pdf(issued()) for _ in range(3)]
    assert [len(images(cheque)) for cheque in cheques] == [1, 1, 1]
    assert reads == [with_logo.logo.name]


@pytest.mark.parametrize("damage", ["gone", "not an image"])
def test_a_logo_that_cannot_be_read_is_left_out_and_logged_never_a_failed_cheque(with_logo, damage, caplog):
    default_storage.delete(with_logo.logo.name)
    if damage == "not an image":
        default_storage.save(with_logo.logo.name, ContentFile(b"%PDF-1.4 no picture"))
    with caplog.at_level(logging.WARNING, logger="regie.pdf"):
        cheque = render_cheque_pdf(issued())
    assert images(cheque) == [] and len(PdfReader(io.BytesIO(cheque)).pages) == 1
    assert f"The logo {with_logo.logo.name} of regie zuidoost cannot be read" in caplog.text


def test_the_advice_the_report_and_the_attendee_list_show_the_logo_with_the_regies_name(
        with_logo, django_capture_on_commit_callbacks):
    [membership] = firm_with_users("De Groene Hand", "BE21001234567803", "nl")
    approved(membership, "125.50", "Bakker & Zonen")
    with django_capture_on_commit_callbacks(execute=True):
        payment = paid_batch().payments.get()
    meeting = MeetingFactory(regie=with_logo)
    RegistrationFactory(meeting=meeting, checked_in_at=timezone.now())
    report, _name = programme_report(figures.Scope(regie=with_logo), "nl")
    for document in (advice_pdf(payment, "nl"), report, attendee_list_pdf(meeting, language="nl")):
        assert len(images(document)) == 1
        assert NAME in figure_texts(document)
        assert tagged_in(document) == (True, "nl")


def test_the_html_mail_opens_with_the_logo_from_the_regies_host_and_the_text_is_unchanged(client, regie):
    user = UserFactory(email="an@bakker.example")
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email})
    regie.logo.save("zuidoost.png", ContentFile(png()))
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email})
    before, after = mail.outbox
    html = after.alternatives[0][0]
    logo = (f'<img src="{SITE}/media/logos/regies/zuidoost.png" alt="{NAME}" width="96" height="48" '
            'style="display:block;margin:0 0 24px 0;border:0;max-width:100%;height:auto;">')
    assert logo in html and html.index(logo) < html.index("<h1")
    assert "<img" not in before.alternatives[0][0]  # the same regie before it had a logo: no image
    assert after.body.split("wachtwoord-instellen/")[0] == before.body.split("wachtwoord-instellen/")[0]
    served = client.get("/media/logos/regies/zuidoost.png")  # on the regie's host, as the mail links it
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_a_mail_whose_logo_cannot_be_read_has_no_image(client, with_logo):
    default_storage.delete(with_logo.logo.name)
    user = UserFactory(email="an@bakker.example")
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email})
    [message] = mail.outbox
    assert "<img" not in message.alternatives[0][0]


def test_a_logo_of_a_huge_picture_in_a_small_file_is_refused_and_never_decoded(regie, caplog):
    """A PNG of one colour compresses to a few kB whatever its size; decoded, 13,000 × 13,000 pixels take 1.5 GB."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regie.models.brand import validate_logo
    buffer = io.BytesIO()
    Image.new("1", (5000, 100)).save(buffer, "PNG")
    with pytest.raises(ValidationError) as refused:
        validate_logo(SimpleUploadedFile("poster.png", buffer.getvalue(), content_type="image/png"))
    assert refused.value.messages == [
        "Het logo is 5000 bij 100 pixels; het mag hoogstens 4096 pixels breed en hoog zijn."]
    regie.logo.save("poster.png", ContentFile(buffer.getvalue()))  # written around the form, or stored before
    with caplog.at_level(logging.WARNING, logger="regie.pdf"):
        assert pdf.logo(regie) is None
    assert "cannot be read" in caplog.text
