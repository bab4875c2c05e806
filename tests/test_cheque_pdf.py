"""The cheque PDF: tagged and in its holder's language (title, text, QR code, file name), readable as
words, one page even for long names; printing several cheques gives one tagged file with a title."""
import io
import os
import re
import shutil
import subprocess

import pypdfium2
import pytest
import zxingcpp
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from tests.factories import MunicipalityFactory, PostcodeFactory, RegieFactory, UserFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.pdf import cheque_filename, render_cheque_pdf

IN_CI = os.environ.get("CI") == "true"  # in CI a missing poppler-utils fails instead of skipping

pytestmark = pytest.mark.django_db

SITE = "https://testserver"  # the test regie's primary host, on the scheme production uses
TITLES = {"nl": "Kennismakingscheque", "fr": "Chèque découverte", "en": "Introduction cheque"}
FILE_NAMES = {"nl": "kennismakingscheque", "fr": "cheque-decouverte", "en": "introduction-cheque"}
HEADINGS = {  # what a reader copies or a screen reader reads: whole words, however they are styled
    "nl": ["Kennismakingscheque", "WAARDE", "UITGEREIKT AAN", "CHEQUECODE", "GELDIG TOT EN MET", "Voorwaarden"],
    "fr": ["Chèque découverte", "VALEUR", "ÉMIS AU NOM DE", "CODE DU CHÈQUE", "VALABLE JUSQU'AU", "Conditions"],
    "en": ["Introduction cheque", "VALUE", "ISSUED TO", "CHEQUE CODE", "VALID UNTIL", "Conditions"],
}
LANGUAGES = list(TITLES)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", is_staff=True)


@pytest.fixture
def cheque(coordinator, settings):
    settings.PUBLIC_SCHEME = "https"

    def issue(language="nl", **fields):
        return services.issue_voucher(application=ApplicationFactory(language=language, **fields), by=coordinator)
    return issue


def catalog(pdf):
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def structure_types(element):
    """The structure types of a tagged PDF's tree (an element or an array of them), depth first."""
    element = element.get_object()
    if isinstance(element, list):
        return [kind for kid in element for kind in structure_types(kid)]
    if not hasattr(element, "get"):  # a marked-content id: the leaves of the tree
        return []
    return [element.get("/S"), *structure_types(element.get("/K", ArrayObject()))]


def pdfium_text(pdf, page=0):
    return pypdfium2.PdfDocument(pdf)[page].get_textpage().get_text_range()


def qr_codes(pdf):
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1.5).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cheque_is_a_tagged_pdf_with_title_and_language_of_its_holder(cheque, language):
    voucher = cheque(language)
    pdf = render_cheque_pdf(voucher)
    root = catalog(pdf)
    assert root["/MarkInfo"]["/Marked"].value is True and root["/Lang"] == language
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert PdfReader(io.BytesIO(pdf)).metadata.title == f"{TITLES[language]} {voucher.code_display}"
    types = structure_types(root["/StructTreeRoot"]["/K"])
    assert types[0] == "/Document" and types.count("/H1") == 1 and "/H2" in types and types.count("/LI") == 4
    assert "/Table" not in types  # laid out with blocks, not with a layout table read out as data


@pytest.mark.skipif(not shutil.which("pdfinfo") and not IN_CI, reason="needs pdfinfo (Debian package poppler-utils)")
@pytest.mark.parametrize("language", LANGUAGES)
def test_pdfinfo_says_tagged_with_the_title(cheque, language, tmp_path):
    voucher = cheque(language)
    path = tmp_path / "cheque.pdf"
    path.write_bytes(render_cheque_pdf(voucher))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+{TITLES[language]} {voucher.code_display}$", info, re.M)


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_and_labels_extract_as_words(cheque, language):
    text = pdfium_text(render_cheque_pdf(cheque(language)))
    for words in HEADINGS[language]:
        assert words in text


@pytest.mark.skipif(not shutil.which("pdftotext") and not IN_CI,
                    reason="needs pdftotext (Debian package poppler-utils)")
@pytest.mark.parametrize("language", LANGUAGES)
def test_pdftotext_reads_the_headings_as_words(cheque, language, tmp_path):
    voucher = cheque(language)
    path = tmp_path / "cheque.pdf"
    path.write_bytes(render_cheque_pdf(voucher))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for words in HEADINGS[language] + [voucher.code_display]:
        assert words in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_qr_code_opens_the_verify_page_in_the_holders_language(cheque, language):
    voucher = cheque(language)
    pdf = render_cheque_pdf(voucher)
    address = f"{SITE}/{language}/cheque/{voucher.code}/"
    assert qr_codes(pdf) == [address]
    assert address in "".join(pdfium_text(pdf).split())  # the address printed under the code


@pytest.mark.skipif(not shutil.which("pdftotext") and not IN_CI, reason="needs pdftotext (poppler-utils)")
def test_a_cheque_of_the_second_regies_call_leads_to_its_host_and_names_it(cheque, tmp_path):
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", legal_name="Welzijnsregie Maasland",
                            enterprise_number="0403170701", contact_email="cheque@maasland.example",
                            contact_phone="+32 89 00 00 00", programme_name="Proefcheque",
                            hosts=["cheque.regie-maasland.example", "maasland.example"])
    voucher = cheque("nl", call=CallFactory(regie=maasland))
    assert cheque_filename(voucher) == f"proefcheque-{voucher.code_display}.pdf"
    path = tmp_path / "cheque.pdf"
    path.write_bytes(render_cheque_pdf(voucher))
    address = f"https://cheque.regie-maasland.example/nl/cheque/{voucher.code}/"
    assert qr_codes(path.read_bytes()) == [address]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert address in "".join(text.split())  # the address printed under the code
    assert "Regie Maasland" in text and "cheque@maasland.example · +32 89 00 00 00" in text
    assert "Welzijnsregie Maasland (ondernemingsnummer 0403.170.701)" in " ".join(text.split())  # the aid's grantor
    assert "testserver" not in text and "Zuidoost" not in text and "regie-zuidoost-limburg" not in text
    assert text.startswith("Regie Maasland") and "\nProefcheque\n" in text and "Kennismakingscheque" not in text
    assert PdfReader(path).metadata.title == f"Proefcheque {voucher.code_display}"


@pytest.mark.parametrize(("language", "status"), [("nl", "Geldig"), ("fr", "Valable"), ("en", "Valid")])
def test_the_verify_page_answers_in_the_language_of_its_address(client, cheque, language, status):
    voucher = cheque(language)
    response = client.get(f"/{language}/cheque/{voucher.code}/")
    body = response.content.decode()
    assert response.status_code == 200 and f'<html lang="{language}"' in body
    assert f">{status}</h2>" in body and voucher.code_display in body


def test_the_call_and_the_region_are_named_in_the_holders_language(cheque):
    for slug, dutch, french in [("tongeren", "Tongeren", "Tongres"), ("voeren", "Voeren", "Fourons")]:
        PostcodeFactory(municipality=MunicipalityFactory(slug=slug, name=dutch, name_nl=dutch, name_fr=french))
    PostcodeFactory(in_area_of=[], municipality=MunicipalityFactory(slug="lanaken", name_nl="Lanaken"))  # not its area
    call = CallFactory(name="Oproep 2027", name_fr="Appel 2027")
    french = pdfium_text(render_cheque_pdf(cheque("fr", call=call)))
    english = pdfium_text(render_cheque_pdf(cheque("en", call=call)))
    assert "Appel 2027" in french and "Fourons · Tongres" in french and "Oproep" not in french
    assert "Oproep 2027" in english and "Tongeren · Voeren" in english  # no English name given: the Dutch one
    assert "Lanaken" not in french + english


def test_long_french_names_wrap_and_the_cheque_stays_one_page(cheque):
    company = ("Société coopérative Boulangerie-Pâtisserie-Chocolaterie Artisanale du Plateau de Herve "
               "et des Fourons, Maatwerk Mechelen-Wommersom SRL")[:150]
    call = CallFactory(name_fr=("Appel à candidatures 2027 pour les entreprises de Tongres, Bilzen, Hoeselt, "
                                "Riemst et Fourons (deuxième tour)")[:100])
    voucher = cheque("fr", company_name=company, call=call)
    pdf = render_cheque_pdf(voucher)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = " ".join(pdfium_text(pdf).split())
    assert company in text and call.name_fr in text
    assert voucher.code_display in text and "Des questions ?" in text  # the last line of the cheque too


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_download_and_the_mail_name_the_file_in_the_holders_language(
        client, coordinator, django_capture_on_commit_callbacks, language):
    from vouchers import links

    with django_capture_on_commit_callbacks(execute=True):
        voucher = services.issue_voucher(application=ApplicationFactory(language=language), by=coordinator)
    expected = f"{FILE_NAMES[language]}-{voucher.code_display}.pdf"
    assert mail.outbox[-1].attachments[0][0] == expected
    page = links.applicant_url(voucher.application).removeprefix("http://testserver")
    download = client.get(page + "cheque.pdf")
    assert download["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_printing_one_cheque_gives_the_holders_own_file(admin_client, cheque):
    voucher = cheque("fr")
    response = admin_client.post("/admin/vouchers/voucher/",
                                 {"action": "print_cheques", "_selected_action": [voucher.pk]})
    assert response["Content-Disposition"] == f'attachment; filename="cheque-decouverte-{voucher.code_display}.pdf"'
    voucher.refresh_from_db()
    assert response.content == voucher.pdf.read()


def test_printing_several_cheques_gives_one_tagged_file_with_a_title(admin_client, cheque):
    vouchers = [cheque(language) for language in LANGUAGES]
    response = admin_client.post("/admin/vouchers/voucher/", {
        "action": "print_cheques", "_selected_action": [v.pk for v in vouchers]})
    today = timezone.localdate()
    name = f"kennismakingscheque-cheques-{today.isoformat()}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == f"Kennismakingscheque: cheques om af te drukken (3), {today:%d/%m/%Y}"
    assert root["/MarkInfo"]["/Marked"].value is True and root["/Lang"] == "nl"
    sections = root["/StructTreeRoot"]["/K"][0].get_object()["/K"]
    assert [section.get_object()["/Lang"] for section in sections] == LANGUAGES  # each cheque keeps its language
    for number, (page, voucher) in enumerate(zip(reader.pages, vouchers, strict=True)):
        assert voucher.code_display in page.extract_text()
        assert_page_is_tagged(root, page, number)


def assert_page_is_tagged(root, page, number):
    """The page's marked content maps, through the parent tree, to elements of this page under the Document."""
    numbers = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    elements = dict(zip(numbers[::2], numbers[1::2], strict=True))[page["/StructParents"]]
    assert elements and all(e.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum for e in elements)
    section = elements[0].get_object()
    while section["/P"].get("/S") != "/Document":
        section = section["/P"]
    assert section == root["/StructTreeRoot"]["/K"][0].get_object()["/K"][number].get_object()


def band_colour(pdf):
    """The colour of the cheque's band, above the regie's name (72 dpi: 1 pixel a point)."""
    return "#{:02x}{:02x}{:02x}".format(*pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().getpixel((300, 38)))


def test_the_cheque_is_printed_in_its_regies_colours_and_its_code_still_scans(cheque):
    assert band_colour(render_cheque_pdf(cheque("nl"))) == "#07402f"  # the test regie's own dark green
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", primary_colour="#6b1d5c",
                            accent_colour="#123563", hosts=["maasland.example"])
    voucher = cheque("nl", call=CallFactory(regie=maasland))
    pdf = render_cheque_pdf(voucher)
    assert band_colour(pdf) == "#123563"
    assert qr_codes(pdf) == [f"https://maasland.example/nl/cheque/{voucher.code}/"]


def text_box(pdf, text):
    """(left, top, bottom) in points from the page's top of the first and last characters of `text` on the cheque."""
    page = pypdfium2.PdfDocument(pdf)[0]
    textpage, height = page.get_textpage(), page.get_height()
    index, count = textpage.search(text).get_next()
    left, _bottom, _right, top = textpage.get_charbox(index)
    bottom = textpage.get_charbox(index + count - 1)[1]
    return round(left, 1), round(height - top, 1), round(height - bottom, 1)


def test_the_conditions_read_two_per_row_in_order_with_the_contact_line_under_them(cheque):
    pdf = render_cheque_pdf(cheque("en"))
    first, second, third, fourth = (text_box(pdf, start) for start in (
        "The cheque covers", "Valid only at", "The enterprise redeems", "The service must"))
    assert second[1] == pytest.approx(first[1], abs=1) and fourth[1] == pytest.approx(third[1], abs=1)  # rows
    assert third[1] > first[1] + 20  # 1 beside 2, then 3 beside 4 (two lines of 9.5 pt each)
    assert third[0] == pytest.approx(first[0], abs=1) and fourth[0] == pytest.approx(second[0], abs=1)  # columns
    assert second[0] > 842 / 2  # the second column starts past the middle of the page (A4 landscape: 842 pt)
    ends = [text_box(pdf, end)[2] for end in ("cheque deducted.", "exchanged for cash.")]
    assert text_box(pdf, "Questions?")[1] > max(ends)  # the contact line under the last row, not over the list
