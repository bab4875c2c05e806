"""The partner's redemption pages, the customer's answer and the coordinator's review, through HTTP."""
import datetime
import io
import re
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from enterprises.models import FirmListing
from regie.accounts.groups import COORDINATORS
from tests.factories import FirmMembershipFactory, RegieFactory
from tests.redemption_helpers import invoice_data, invoice_pdf, issued_voucher, redeem
from vouchers import links, services
from vouchers.models import Redemption, RedemptionStatus, Voucher

pytestmark = pytest.mark.django_db
FIND, DETAILS = "/nl/partner/inwisselen/", "/nl/partner/inwisselen/factuur/"


@pytest.fixture
def firm_client(client):
    membership = FirmMembershipFactory()
    client.force_login(membership.user)
    client.membership = membership
    return client


def find(client, voucher, code=None, number=None):
    return client.post(FIND, {"code": code or voucher.code_display.lower().replace("-", " "),
                              "enterprise_number": number or voucher.application.enterprise_number_display,
                              "firm": client.membership.enterprise.pk})


def details(client, **changes):
    page = client.get(DETAILS)
    form = page.context["form"]
    data = {"submission_key": form.initial["submission_key"], "cheque": form.initial["cheque"], "amount": "125,50",
            "description": "Snoeiwerk", "service_date": timezone.localdate().isoformat(),
            "invoice_number": "F-001", "invoice_date": timezone.localdate().isoformat(),
            "invoice_amount": "400,00", "invoice": invoice_pdf()}
    data.update(changes)
    return data


def test_firm_user_redeems_in_two_steps(firm_client):
    voucher = issued_voucher()
    assert find(firm_client, voucher)["Location"] == DETAILS
    page = firm_client.get(DETAILS).content.decode()
    assert "500,00" in page and voucher.code_display in page
    response = firm_client.post(DETAILS, details(firm_client))
    assert response.status_code == 302 and response["Location"] == "/nl/partner/"
    redemption = Redemption.objects.get()
    assert redemption.amount == Decimal("125.50") and redemption.enterprise == firm_client.membership.enterprise
    home = firm_client.get("/nl/partner/").content.decode()
    assert "125,50" in home and "Wacht op de klant" in home and voucher.application.company_name in home


def test_double_submit_records_once(firm_client):
    voucher = issued_voucher()
    find(firm_client, voucher)
    data = details(firm_client)
    firm_client.post(DETAILS, data)
    find(firm_client, voucher)  # back button, then the same form again
    data["invoice"] = invoice_pdf()
    firm_client.post(DETAILS, data)
    assert Redemption.objects.count() == 1


GENERIC = ("Deze code en dit ondernemingsnummer passen niet bij een geldige cheque. "
           "Controleer beide en probeer opnieuw.")


def answer(response):
    """What step 1 tells the user: status and the page's main part, without what they typed and the CSRF token."""
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return response.status_code, re.sub(r'\svalue="[^"]*"', "", main)


def expire(voucher):
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))


@pytest.mark.parametrize("code, number, change", [
    ("ABCD-EFGH-KLMN-PQRS", None, None),  # a code that does not exist
    (None, "0403.170.701", None),  # the right code with another business's enterprise number
    ("AB", None, None), ("I0O1-" * 4, None, None),  # not even a code
    (None, None, expire),  # past its date
    (None, None, lambda v: Voucher.objects.filter(pk=v.pk).update(status="expired")),
    (None, None, lambda v: Voucher.objects.filter(pk=v.pk).update(status="cancelled")),
    (None, None, lambda v: Voucher.objects.filter(pk=v.pk).update(status="used_up", balance=0)),
])
def test_wrong_code_or_number_gets_one_generic_message(firm_client, code, number, change):
    """Step 1 never tells a guesser that a code exists: one message, one status, nothing more."""
    voucher = issued_voucher()
    if change:
        change(voucher)
    response = find(firm_client, voucher, code=code, number=number)
    body = response.content.decode()
    assert response.status_code == 200 and body.count(GENERIC) == 1
    assert Redemption.objects.count() == 0 and firm_client.get(DETAILS)["Location"] == FIND
    unknown = find(firm_client, issued_voucher(), code="ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    assert answer(response) == answer(unknown)


def test_a_cheque_of_another_regie_is_unknown_on_this_regies_host(firm_client):
    """A firm working on regie Maasland's host cannot redeem a cheque of Zuidoost-Limburg: step 1 answers as for a
    code that does not exist, step 2 sends it back, the service refuses it; on its own regie's host it is found."""
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])
    FirmListing.objects.create(regie=maasland, enterprise=firm_client.membership.enterprise)  # it works for both
    voucher = issued_voucher()  # a cheque of the test's regie
    data = {"code": voucher.code, "enterprise_number": voucher.application.enterprise_number,
            "firm": firm_client.membership.enterprise.pk}

    other = firm_client.post(FIND, data, HTTP_HOST="maasland.example")
    unknown = firm_client.post(FIND, {**data, "code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, HTTP_HOST="maasland.example")

    assert answer(other) == answer(unknown) and other.content.decode().count(GENERIC) == 1
    assert find(firm_client, voucher)["Location"] == DETAILS  # on its own host; then step 2 on the other host:
    assert firm_client.post(DETAILS, details(firm_client), HTTP_HOST="maasland.example")["Location"] == FIND
    with pytest.raises(ValidationError) as refused:
        redeem_at(maasland, voucher, firm_client.membership)
    assert refused.value.messages == ["Deze code en dit ondernemingsnummer passen niet bij een geldige cheque."]
    assert not Redemption.objects.exists()


def test_the_partner_home_lists_the_redemptions_of_the_hosts_regie_only(firm_client):
    RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])
    redeem(issued_voucher(company_name="Bakkerij Zuidoost"), firm_client.membership)
    assert "Bakkerij Zuidoost" in firm_client.get("/nl/partner/").content.decode()
    assert "Bakkerij Zuidoost" not in firm_client.get("/nl/partner/", HTTP_HOST="maasland.example").content.decode()


def redeem_at(regie, voucher, membership):
    return services.submit_redemption(
        regie=regie, code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number,
        enterprise=membership.enterprise, by=membership.user, submission_key=uuid.uuid4(), data=invoice_data(),
        invoice=invoice_pdf())


def test_step_two_without_step_one_goes_back(firm_client):
    assert firm_client.get(DETAILS)["Location"] == FIND


@pytest.mark.parametrize("changes, message", [
    ({"amount": "600"}, "resterende saldo"),
    ({"amount": "-5"}, "groter zijn dan nul"),
    ({"amount": "0"}, "groter zijn dan nul"),
    ({"amount": "12,345"}, "twee decimalen"),
    ({"amount": "450", "invoice_amount": "300"}, "factuurbedrag"),
    ({"service_date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "toekomst"),
    ({"service_date": "2020-01-01"}, "tussen"),
    ({"service_date": "31/02/2026"}, "geldige datum"),
])
def test_bad_amounts_and_dates_get_clear_messages(firm_client, changes, message):
    find(firm_client, issued_voucher())
    response = firm_client.post(DETAILS, details(firm_client, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Redemption.objects.exists()


def fake(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("upload, message", [
    (lambda: fake("factuur.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100), "pdf-bestand"),
    (lambda: fake("factuur.pdf", b"<html><script>alert(1)</script></html>"), "pdf-bestand"),
    (lambda: fake("factuur.pdf", b"%PDF-1.4 garbage"), "kan niet gelezen"),
    (lambda: fake("factuur.pdf", b""), "leeg"),
])
def test_invoice_must_be_a_real_pdf(firm_client, upload, message):
    find(firm_client, issued_voucher())
    response = firm_client.post(DETAILS, details(firm_client, invoice=upload()))
    assert message in response.content.decode() and not Redemption.objects.exists()


def active_pdf(kind):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if kind == "javascript":
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('factuur');")})
    elif kind == "attachment":
        writer.add_attachment("payload.exe", b"MZ...")
    elif kind == "launch":
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), target_page_index=0))
        annotation = writer.pages[0]["/Annots"][0].get_object()
        annotation[NameObject("/A")] = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                                         NameObject("/F"): TextStringObject("calc.exe")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return fake("factuur.pdf", buffer.getvalue())


@pytest.mark.parametrize("kind", ["javascript", "attachment", "launch"])
def test_an_invoice_with_scripts_files_or_launch_actions_is_refused(firm_client, kind):
    find(firm_client, issued_voucher())
    response = firm_client.post(DETAILS, details(firm_client, invoice=active_pdf(kind)))
    assert "bevat scripts, ingesloten bestanden of acties" in response.content.decode()
    assert not Redemption.objects.exists()


def test_an_invoice_is_always_a_download_in_a_sandbox(firm_client, staff_user):
    redemption = redeem(issued_voucher(), firm_client.membership)
    staff = Client()
    staff.force_login(staff_user(COORDINATORS))
    for client, url in [(firm_client, f"/nl/partner/inwisselingen/{redemption.public_id}/factuur.pdf"),
                        (staff, f"/admin/vouchers/redemption/{redemption.pk}/factuur/")]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_posting_the_same_redemption_again_shows_the_same_success_and_records_once(firm_client):
    voucher = issued_voucher()
    find(firm_client, voucher)
    data = details(firm_client)
    first = firm_client.post(DETAILS, data, follow=True)
    data["invoice"] = invoice_pdf()
    second = firm_client.post(DETAILS, data, follow=True)  # the step-1 session is gone by now
    for response in (first, second):
        assert response.redirect_chain[-1][0] == "/nl/partner/"
        assert "De inwisseling is geregistreerd." in response.content.decode()
    assert Redemption.objects.count() == 1


def test_invoice_size_is_limited(firm_client, settings):
    settings.INVOICE_MAX_BYTES = 1000
    find(firm_client, issued_voucher())
    big = fake("factuur.pdf", invoice_pdf().read() + b"%" + b"x" * 2000)
    response = firm_client.post(DETAILS, details(firm_client, invoice=big))
    assert "te groot" in response.content.decode() and not Redemption.objects.exists()


def test_invoice_only_for_the_firm_that_uploaded_it_and_staff(client):
    redemption = redeem(issued_voucher())
    url = f"/nl/partner/inwisselingen/{redemption.public_id}/factuur.pdf"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(FirmMembershipFactory().user)  # firm B
    assert client.get(url).status_code == 404
    owner = redemption.enterprise.memberships.first().user
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert not redemption.invoice.url.startswith("/media/")


def test_customer_confirms_on_their_page_and_cannot_touch_another_cheque(client):
    redemption = redeem(issued_voucher())
    mine = links.applicant_url(redemption.voucher.application).removeprefix("http://testserver")
    other = links.applicant_url(issued_voucher().application).removeprefix("http://testserver")
    assert "Wacht op jouw antwoord" in client.get(mine).content.decode()
    assert client.post(f"{other}inwisselingen/{redemption.public_id}/bevestigen/").status_code == 404
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.SUBMITTED
    client.post(f"{mine}inwisselingen/{redemption.public_id}/bevestigen/")
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.CONFIRMED


def test_customer_contests_with_a_reason(client):
    redemption = redeem(issued_voucher())
    page = links.applicant_url(redemption.voucher.application).removeprefix("http://testserver")
    client.post(f"{page}inwisselingen/{redemption.public_id}/betwisten/", {"reason": ""})
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.SUBMITTED
    client.post(f"{page}inwisselingen/{redemption.public_id}/betwisten/", {"reason": "Nooit geleverd"})
    assert Redemption.objects.get(pk=redemption.pk).contest_reason == "Nooit geleverd"


@pytest.fixture
def coordinator_client(client, staff_user):
    client.force_login(staff_user(COORDINATORS))
    return client


def test_coordinator_bulk_approves_confirmed_and_rejects_with_reason(coordinator_client):
    voucher = issued_voucher()
    confirmed, waiting, contested = (redeem(voucher, amount="100"), redeem(voucher, amount="50"),
                                     redeem(voucher, amount="25"))
    Redemption.objects.filter(pk=confirmed.pk).update(status=RedemptionStatus.CONFIRMED)
    Redemption.objects.filter(pk=contested.pk).update(status=RedemptionStatus.CONTESTED, contest_reason="x")
    listing = coordinator_client.get("/admin/vouchers/redemption/", {"betwist": "ja"})
    assert [r.pk for r in listing.context["cl"].result_list] == [contested.pk]
    assert "⚠" in listing.content.decode()
    coordinator_client.post("/admin/vouchers/redemption/", {"action": "approve",
                                                             "_selected_action": [confirmed.pk, waiting.pk]})
    assert Redemption.objects.get(pk=confirmed.pk).status == RedemptionStatus.APPROVED
    assert Redemption.objects.get(pk=waiting.pk).status == RedemptionStatus.SUBMITTED
    coordinator_client.post("/admin/vouchers/redemption/", {"action": "reject", "_selected_action": [contested.pk],
                                                             "reason": "Klant heeft gelijk", "confirmed": "1"})
    assert Redemption.objects.get(pk=contested.pk).status == RedemptionStatus.REJECTED
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("350.00")
    invoice = coordinator_client.get(f"/admin/vouchers/redemption/{confirmed.pk}/factuur/")
    assert invoice.status_code == 200


def test_invoice_in_the_admin_is_for_staff_only(client):
    redemption = redeem(issued_voucher())
    client.force_login(redemption.enterprise.memberships.first().user)
    response = client.get(f"/admin/vouchers/redemption/{redemption.pk}/factuur/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.slow
def test_a_form_of_another_tab_records_nothing_and_a_kept_invoice_stays_with_its_cheque(firm_client):
    first, second = issued_voucher(), issued_voucher()
    find(firm_client, first)
    tab_a = details(firm_client, invoice_number="")  # an error elsewhere on the form: the invoice is kept
    kept = firm_client.post(DETAILS, tab_a).context["form"].data["kept_invoice"]
    assert kept and firm_client.session["redeem_invoice"]["cheque"] == first.pk
    find(firm_client, second)  # another tab: step 1 for another cheque
    assert "redeem_invoice" not in firm_client.session  # the first cheque's file is not offered for this one
    page = firm_client.post(DETAILS, {**tab_a, "invoice_number": "F-001", "invoice": invoice_pdf()})
    [error] = page.context["form"].errors.as_data()["__all__"]
    with translation.override("en"):
        assert (error.code, str(error.message)) == (
            "other_cheque", "You opened another cheque in the meantime: find this cheque again.")
    assert not Redemption.objects.exists() and "redeem_invoice" not in firm_client.session
    assert firm_client.post(DETAILS, details(firm_client))["Location"] == "/nl/partner/"  # tab B's own form
    assert Redemption.objects.get().voucher == second
