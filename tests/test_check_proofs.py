"""Random checks in the portal: the firm sees "Proof asked", uploads its proof (PDF and images, checked like
invoices), the coordinators are mailed and review the files beside the redemption, the outcome shows on the
partner page; proof files go with the invoices at the end of the retention period."""
import io

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, RegieFactory
from tests.redemption_helpers import issued_voucher, redeem
from vouchers import services
from vouchers.models import CheckProof, Redemption
from vouchers.privacy.anonymise import anonymise_applications
from vouchers.reports import attention

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def pdf(javascript=False):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('x');")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("leveringsbon.pdf", buffer.getvalue(), content_type="application/pdf")


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def drawn(django_capture_on_commit_callbacks):
    """A redemption drawn for a check (the call checks every redemption), recorded by a firm user."""
    voucher = issued_voucher()
    type(voucher.call).objects.filter(pk=voucher.call_id).update(random_check_percent=100)
    membership = FirmMembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        redemption = redeem(voucher, membership)
    client = Client()
    client.force_login(membership.user)
    return redemption, client


def proof_url(redemption):
    with translation.override("en"):  # the English path once the catalogues are merged, the Dutch one before
        return reverse("partner:check_proof", args=[redemption.public_id])


def send(client, redemption, *files, note="Delivery note and a photo of the garden"):
    return client.post(proof_url(redemption), {"proof": list(files), "note": note})


def test_the_firm_sends_proof_and_the_coordinator_reviews_it_beside_the_redemption(
        drawn, staff_user, django_capture_on_commit_callbacks):
    redemption, firm = drawn
    asked = [m for m in mail.outbox if "steekproef" in m.subject.lower()]
    assert "/nl/partner/" in asked[0].body and "reply to this e-mail" not in asked[0].body
    home = firm.get("/en/partner/").content.decode()
    assert "Proof asked" in home and proof_url(redemption) in home

    coordinator = staff_user(COORDINATORS, email="coordinator@example.org")
    choose_language(user=coordinator, language="en", by=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(firm, redemption, pdf(), png())
    assert response.status_code == 302 and response["Location"] == "/en/partner/"
    assert "Proof sent, waiting for review" in firm.get("/en/partner/").content.decode()
    [message] = mail.outbox
    assert message.to == ["coordinator@example.org"]
    code = redemption.voucher.code_display
    assert message.subject == f"Proof for the random check of cheque {code} is waiting for review"
    assert f"/admin/vouchers/redemption/{redemption.pk}/change/" in message.body
    proofs = list(CheckProof.objects.filter(redemption=redemption))
    assert [p.content_type for p in proofs] == ["application/pdf", "image/png"]
    assert proofs[0].note == "Delivery note and a photo of the garden"
    assert AuditEvent.objects.filter(action="redemption.check_proof_sent", object_id=str(redemption.pk)).count() == 1

    admin = Client()
    admin.force_login(coordinator)
    page = admin.get(f"/admin/vouchers/redemption/{redemption.pk}/change/").content.decode()
    for proof in proofs:
        url = f"/admin/vouchers/redemption/{redemption.pk}/bewijs/{proof.pk}/"
        assert url in page
        download = admin.get(url)
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Content-Security-Policy"] == "sandbox" and download["Content-Type"] == proof.content_type
        body = b"".join(download.streaming_content)
        assert body.startswith(b"%PDF-") if proof.content_type == "application/pdf" else Image.open(
            io.BytesIO(body)).size == (64, 48)

    services.record_check(redemption=redemption, by=coordinator, passed=False, note="The photo shows another garden")
    home = firm.get("/en/partner/").content.decode()
    assert "Proof not accepted: The photo shows another garden" in home and proof_url(redemption) not in home
    refused = send(firm, redemption, png())  # the outcome is recorded: no more proof
    assert "Proof can only be sent while the random check waits for it." in refused.content.decode()
    assert CheckProof.objects.count() == 2


@pytest.mark.parametrize(("upload", "message"), [
    (lambda: pdf(javascript=True),
     "leveringsbon.pdf contains scripts, embedded files or actions that start programs, which we do not accept."),
    (lambda: SimpleUploadedFile("foto.png", b"just some text, renamed", content_type="image/png"),
     "foto.png is not a PDF file nor a JPEG or PNG image that can be read."),
    (lambda: SimpleUploadedFile("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script>'
                                b"</svg>", content_type="image/svg+xml"),
     "tekening.svg is not a PDF file nor a JPEG or PNG image that can be read."),
    (lambda: SimpleUploadedFile("groot.png", png().read() + b"\0" * (5 * 1_048_576), content_type="image/png"),
     "groot.png is too large (5.0\xa0MB); at most 5.0\xa0MB per file is allowed."),
])
def test_unsafe_or_unreadable_proof_is_refused_and_nothing_is_stored(drawn, upload, message):
    redemption, firm = drawn
    response = send(firm, redemption, png(), upload())
    assert response.status_code == 200 and message in response.content.decode()
    assert not CheckProof.objects.exists()


def test_another_firm_gets_404_and_a_redemption_without_a_check_takes_no_proof(drawn):
    redemption, firm = drawn
    other = Client()
    other.force_login(FirmMembershipFactory().user)
    assert other.get(proof_url(redemption)).status_code == 404
    assert send(other, redemption, png()).status_code == 404
    Redemption.objects.filter(pk=redemption.pk).update(random_check="")
    response = send(firm, redemption, png())
    assert "Proof can only be sent while the random check waits for it." in response.content.decode()
    assert not CheckProof.objects.exists()


def test_proof_files_are_kept_by_an_erasure_and_removed_with_the_invoices(drawn, django_capture_on_commit_callbacks):
    redemption, firm = drawn
    send(firm, redemption, pdf(), png())
    names = list(CheckProof.objects.values_list("file", flat=True))
    storage = CheckProof._meta.get_field("file").storage
    application_ids = [redemption.voucher.application_id]
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_applications(application_ids, on_request=True)  # an erasure on request: the accounts keep them
    assert set(CheckProof.objects.values_list("note", flat=True)) == {""}
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_applications(application_ids, on_request=False)  # the end of the ten years
    assert set(CheckProof.objects.values_list("file", flat=True)) == {""}
    assert not any(storage.exists(name) for name in names)
    assert not Redemption.objects.get(pk=redemption.pk).invoice


def test_files_stored_before_a_failure_are_deleted_and_storage_away_is_said(drawn, monkeypatch):
    redemption, firm = drawn
    storage = storages["private"]  # behind CheckProof.file (a lazy proxy)
    saved, original = [], storage.save

    def save(name, content, **kwargs):
        if len(saved) == 2:
            raise OSError("object storage unreachable")
        saved.append(original(name, content, **kwargs))
        return saved[-1]

    monkeypatch.setattr(storage, "save", save)
    response = send(firm, redemption, pdf(), png(), png("tweede.png"))
    assert response.status_code == 200
    assert "The proof could not be stored; try again in a minute." in response.content.decode()
    assert len(saved) == 2 and not any(storage.exists(name) for name in saved)
    assert not CheckProof.objects.exists()


def test_proof_for_a_rejected_redemption_is_not_asked_nor_taken_nor_counted(drawn, staff_user):
    redemption, firm = drawn
    services.reject_redemption(redemption=redemption, by=staff_user(COORDINATORS), reason="No service delivered")
    home = firm.get("/en/partner/").content.decode()
    assert "Proof asked" not in home and proof_url(redemption) not in home
    response = send(firm, redemption, png())
    assert "Proof can only be sent while the random check waits for it." in response.content.decode()
    assert not CheckProof.objects.exists()
    with translation.override("en"):
        counts = {str(item["label"]): item["count"] for item in attention.items(RegieFactory())}
    assert counts["Random checks waiting for proof"] == 0


def test_a_multi_picture_jpeg_from_a_phone_is_taken_as_its_first_picture(drawn):
    redemption, firm = drawn
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "MPO", save_all=True,
                                             append_images=[Image.new("RGB", (64, 48), "red")])
    assert send(firm, redemption, SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue())).status_code == 302
    [proof] = CheckProof.objects.all()
    with proof.file.open("rb") as stored, Image.open(stored) as image:
        assert (proof.content_type, image.format, image.size) == ("image/jpeg", "JPEG", (64, 48))


def big_png(width, height):
    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def test_too_many_pixels_or_bytes_in_all_are_refused_with_the_numbers(drawn):
    redemption, firm = drawn
    response = send(firm, redemption, SimpleUploadedFile("scan.png", big_png(5000, 5000)))
    assert ("scan.png is too large an image (5000 × 5000 pixels); at most 24 million pixels are allowed."
            in response.content.decode())
    content = pdf().read() + b"\n%"
    content += b"x" * (4 * 1_048_576 - len(content))  # 4 MB each, 12 MB in all
    padded = [SimpleUploadedFile(f"bon{i}.pdf", content) for i in range(3)]
    response = send(firm, redemption, *padded)
    assert "Together the files are 12.0\xa0MB; at most 10.0\xa0MB can be sent at once." in response.content.decode()
    assert "each at most 5.0\xa0MB and 10.0\xa0MB in all" in firm.get(proof_url(redemption)).content.decode()
    assert not CheckProof.objects.exists()
