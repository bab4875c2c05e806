"""The applicant's magic links, personal page, PDF download and the public verify page."""
import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.utils import timezone

from tests.clock import at
from tests.factories import RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import links, services
from vouchers.models import Application, ApplicationStatus, FollowUp, Voucher

pytestmark = pytest.mark.django_db


def path(url):
    return url.split("http://testserver", 1)[1]


@pytest.fixture
def issued(db):
    application = ApplicationFactory(company_name="Vertrouwelijk BV", email="geheim@example.be")
    voucher = services.issue_voucher(application=application, by=UserFactory(is_staff=True))
    return application, voucher


def test_confirmation_link_shows_a_button_and_confirms_on_post(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    url = path(links.confirm_url(application))
    assert client.get(url).status_code == 200
    # a GET (link scanner) changes nothing
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    response = client.post(url)
    assert response.status_code == 302 and "/nl/aanvraag/" in response["Location"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.VERIFIED


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "x" + token,
    lambda token: "forged",
    lambda token: signing.dumps("00000000-0000-0000-0000-000000000000", salt=links.CONFIRM_SALT),
])
def test_tampered_or_forged_confirmation_token_is_refused(client, mangle):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    token = links.make_token(application, links.CONFIRM_SALT)
    response = client.post(f"/nl/aanvraag/bevestigen/{mangle(token)}/")
    assert response.status_code == 403
    assert "niet meer geldig" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_personal_page_token_cannot_confirm_and_vice_versa(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    page_token = links.make_token(application, links.APPLICANT_SALT)
    assert client.post(f"/nl/aanvraag/bevestigen/{page_token}/").status_code == 403
    confirm_token = links.make_token(application, links.CONFIRM_SALT)
    assert client.get(f"/nl/aanvraag/{confirm_token}/").status_code == 403


def offers_a_new_link(response):
    body = response.content.decode()
    return (response.status_code == 403 and "Deze link is niet meer geldig" in body
            and 'action="/nl/aanvraag/link/"' in body and "Stuur me een nieuwe link" in body)


def test_the_personal_page_link_lasts_thirty_days(client):
    application = ApplicationFactory()
    sent = timezone.now()
    with at(sent):
        url = path(links.applicant_url(application))
    with at(sent + datetime.timedelta(days=30, seconds=-1)):
        assert client.get(url).status_code == 200
    with at(sent + datetime.timedelta(days=30, seconds=1)):
        assert offers_a_new_link(client.get(url))


def test_the_confirmation_link_lasts_seven_days_then_offers_a_new_one(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)
    sent = timezone.now()
    with at(sent):
        url = path(links.confirm_url(application))
    with at(sent + datetime.timedelta(days=7, seconds=1)):
        assert offers_a_new_link(client.get(url)) and offers_a_new_link(client.post(url))
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    with at(sent + datetime.timedelta(days=7, seconds=-1)):
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.VERIFIED


def test_a_link_opens_only_its_own_application(client, issued):
    _application, voucher = issued
    other = ApplicationFactory(company_name="Andere NV")
    body = client.get(path(links.applicant_url(other))).content.decode()
    assert "Andere NV" in body and "Vertrouwelijk BV" not in body and voucher.code_display not in body


def test_personal_page_shows_the_cheque_and_the_pdf_downloads(client, issued):
    application, voucher = issued
    url = path(links.applicant_url(application))
    body = client.get(url).content.decode()
    for text in [voucher.code_display, "500,00", voucher.valid_until.strftime("%d/%m/%Y"), "Download de cheque"]:
        assert text in body
    pdf = client.get(url + "cheque.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "private" in pdf["Cache-Control"]


def test_cancelled_and_expired_cheques_cannot_be_downloaded(client, issued):
    application, voucher = issued
    url = path(links.applicant_url(application))
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(url + "cheque.pdf").status_code == 404
    assert "verlopen" in client.get(url).content.decode()
    Voucher.objects.filter(pk=voucher.pk).update(status="cancelled", valid_until=timezone.localdate())
    assert client.get(url + "cheque.pdf").status_code == 404
    assert "geannuleerd" in client.get(url).content.decode()


def test_rejected_application_shows_the_reason(client):
    application = ApplicationFactory(status=ApplicationStatus.REJECTED, rejection_reason="Buiten de regio.")
    assert "Buiten de regio." in client.get(path(links.applicant_url(application))).content.decode()


def test_withdraw_from_the_personal_page(client):
    application = ApplicationFactory()
    url = path(links.applicant_url(application))
    client.post(url + "intrekken/")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN


def test_fresh_link_answer_is_the_same_whether_or_not_it_matches(client, django_capture_on_commit_callbacks):
    ApplicationFactory(email="an@example.be", enterprise_number="0123456749", language="en")
    matching = client.post("/nl/aanvraag/link/", {"email": "AN@example.be", "enterprise_number": "BE0123.456.749"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.be"]
    assert re.search(r"/en/application/[^/]+/", mail.outbox[0].body)
    wrong = client.post("/nl/aanvraag/link/", {"email": "an@example.be", "enterprise_number": "0403.170.701"})
    assert len(mail.outbox) == 1

    def strip(response):
        return response.content.decode().replace("AN@example.be", "").replace("an@example.be", "")

    assert strip(matching) == strip(wrong)


def test_verify_page_states_and_no_personal_data(client, issued):
    application, voucher = issued
    body = client.get(f"/nl/cheque/{voucher.code}/").content.decode()
    assert "Geldig" in body and voucher.valid_until.strftime("%d/%m/%Y") in body
    for private in ["Vertrouwelijk", "geheim@example.be", application.enterprise_number, "0123"]:
        assert private not in body
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert "Verlopen" in client.get(f"/nl/cheque/{voucher.code}/").content.decode()
    Voucher.objects.filter(pk=voucher.pk).update(status="cancelled")
    assert "Geannuleerd" in client.get(f"/nl/cheque/{voucher.code}/").content.decode()
    Voucher.objects.filter(pk=voucher.pk).update(status="used_up")
    assert "Volledig gebruikt" in client.get(f"/nl/cheque/{voucher.code}/").content.decode()


def test_verify_normalises_what_was_typed(client, issued):
    _application, voucher = issued
    response = client.get(f"/nl/cheque/{voucher.code_display.lower()}/")
    assert response.status_code == 302 and response["Location"] == f"/nl/cheque/{voucher.code}/"


def test_malformed_and_unknown_codes_get_the_same_answer(client):
    unknown = client.get("/nl/cheque/ABCDEFGHKLMNPQRS/")
    malformed = client.get("/nl/cheque/not-a-code/")
    assert unknown.status_code == malformed.status_code == 404

    def main(response):
        return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]

    assert main(unknown) == main(malformed)
    assert "Onbekende code" in unknown.content.decode()


def test_the_twenty_first_code_guess_within_fifteen_minutes_is_refused_then_one_goes_through(client, issued):
    """README: guessing cheque codes, 20 per 15 minutes per address; then 429 with Retry-After, no waiting."""
    _application, voucher = issued
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    with at(start):
        for attempt in range(20):
            assert client.get(f"/nl/cheque/GUESS{attempt:02d}AAAAAAAAA/").status_code == 404
            if attempt == 9:
                assert client.get(f"/nl/cheque/{voucher.code}/").status_code == 200  # a real cheque does not count
        refused = client.get("/nl/cheque/GUESSMOREAAAAAAA/")
        assert refused.status_code == 429 and "Te veel pogingen" in refused.content.decode()
        assert 0 < int(refused["Retry-After"]) <= 900
        assert client.get(f"/nl/cheque/{voucher.code}/", REMOTE_ADDR="10.9.8.7").status_code == 200  # elsewhere
        assert client.get("/nl/cheque/GUESSELSEAAAAAAA/", REMOTE_ADDR="10.9.8.7").status_code == 404
    with at(start + datetime.timedelta(minutes=14, seconds=59)):
        assert client.get("/nl/cheque/GUESSLATEAAAAAAA/").status_code == 429
    with at(start + datetime.timedelta(minutes=15, seconds=1)):
        assert client.get("/nl/cheque/GUESSAGAINAAAAAA/").status_code == 404


def test_verify_page_shows_a_partly_used_cheque_with_its_balance(client, issued):
    from tests.redemption_helpers import redeem

    _application, voucher = issued
    redeem(voucher, amount="125.50")
    body = client.get(f"/nl/cheque/{voucher.code}/").content.decode()
    assert "Gedeeltelijk gebruikt" in body and "EUR 374,50" in body


@pytest.fixture
def maasland(db):
    return RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])


def test_a_link_opens_its_application_only_on_the_host_of_its_regie(client, issued, maasland):
    """On another regie's host the personal page, its PDF and its buttons answer as for a forged link."""
    application, voucher = issued
    url = path(links.applicant_url(application))
    assert offers_a_new_link(client.get(url, HTTP_HOST="maasland.example"))
    assert client.get(url + "cheque.pdf", HTTP_HOST="maasland.example").status_code == 404
    assert offers_a_new_link(client.post(url + "intrekken/", HTTP_HOST="maasland.example"))
    confirm = path(links.confirm_url(ApplicationFactory(status=ApplicationStatus.SUBMITTED, verified_at=None)))
    assert offers_a_new_link(client.post(confirm, HTTP_HOST="maasland.example"))
    assert Application.objects.filter(status=ApplicationStatus.WITHDRAWN).count() == 0
    assert voucher.code_display in client.get(url).content.decode()  # on its own regie's host


def test_the_apply_form_takes_the_open_call_of_the_hosts_regie(client, maasland):
    CallFactory(regie=maasland, name="Oproep Maasland")
    CallFactory(name="Volgende oproep Zuidoost", opens_on=timezone.localdate() + datetime.timedelta(days=10),
                closes_on=timezone.localdate() + datetime.timedelta(days=40))

    assert client.get("/nl/aanvragen/", HTTP_HOST="maasland.example").context["call"].name == "Oproep Maasland"
    closed = client.get("/nl/aanvragen/").content.decode()
    assert "Volgende oproep Zuidoost" in closed and "Oproep Maasland" not in closed
    assert "<form" not in closed.split("<main")[1]


def test_a_fresh_link_is_mailed_only_for_the_applications_of_the_hosts_regie(client, maasland,
                                                                              django_capture_on_commit_callbacks):
    ApplicationFactory(email="an@example.be", enterprise_number="0123456749")
    asked = {"email": "an@example.be", "enterprise_number": "0123456749"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/aanvraag/link/", asked, HTTP_HOST="maasland.example")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/aanvraag/link/", asked)
    assert len(mail.outbox) == 1


def test_a_follow_up_link_opens_only_on_the_host_of_its_regie(client, issued, maasland):
    _application, voucher = issued
    followup = FollowUp.objects.create(voucher=voucher, enterprise=SocialEnterpriseFactory(), respondent="business",
                                       sent_at=timezone.now())
    url = urlsplit(links.followup_url(followup, "nl")).path
    assert client.get(url, HTTP_HOST="maasland.example").status_code == 410  # as an expired or forged link
    assert client.post(url, {"answer": "yes"}, HTTP_HOST="maasland.example").status_code == 410
    assert FollowUp.objects.get(pk=followup.pk).answer == ""
    assert client.get(url).status_code == 200
