"""A business's personal data per regie (issue 20 point 4; DESIGN.md 3 "Personal data", 5 "Several regies"): each
regie is the controller of its own calls' applications (and their cheques, mails, audit events, background work) and
its own meetings' registrations and introductions. On regie B's host, B's coordinator looks up, exports and erases
B's data of a business only; a business only regie A knows is unknown there, in the words for one nobody knows; A's
data of a business both know stay as they were, and A's open matters do not hold up B's erasure. A platform
administrator answers for the whole install; the staff of an install of one regie keep the whole install's pages."""
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.mail import mail_admins
from django.forms.models import model_to_dict
from django.utils import timezone
from pypdf import PdfReader

from networking.models import Introduction, Registration
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent, BackgroundJob, MailStatus, OutgoingMail
from regie.ops import background
from tests.factories import UserFactory
from tests.redemption_helpers import redeem
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import notifications, services
from vouchers.models import Application, Redemption, Voucher
from vouchers.privacy.anonymise import ERASED
from vouchers.privacy.erasure import UnknownBusiness, erase_personal_data
from vouchers.privacy.export import export_personal_data

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

PAGE = "/admin/persoonsgegevens/"
NUMBER, NUMBER_DISPLAY = "0477123402", "0477.123.402"  # the business both regies know
ONLY_A, NOBODY = "0888123486", "0477567820"  # a business only regie A (zuidoost) knows; one nobody knows
ADDRESS = "info@houtatelier.example"
UNKNOWN = ("Geen enkel bedrijf met ondernemingsnummer {} heeft een aanvraag ingediend; onder dat nummer is niets "
           "bewaard.")


def _coordinator_of(regie):
    coordinator = UserFactory(is_staff=True, regies=[regie])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return coordinator


def _business_at(regie, name, face_value, *, meeting_in_days):
    """The business's application to a call of `regie` with an issued cheque, a mail to it in `regie`'s outbox, a
    failed background mail about it, a registration for a meeting of `regie` and an introduction from it."""
    call = CallFactory(regie=regie, name=f"Oproep {name} 2026", face_value=face_value)
    application = ApplicationFactory(call=call, company_name=name, enterprise_number=NUMBER, email=ADDRESS)
    services.issue_voucher(application=application, by=None)
    notifications.mail_applicant(application, "applicant_link")
    background._record_failure("vouchers.tasks.mail_applicant", "vouchers.Application", [application.pk],
                               {"kind": "applicant_link"}, ConnectionRefusedError("the mail server is away"))
    starts = timezone.now() + datetime.timedelta(days=meeting_in_days)
    meeting = MeetingFactory(regie=regie, title_nl=f"Netwerkmoment {name}", starts_at=starts,
                             ends_at=starts + datetime.timedelta(hours=3))
    RegistrationFactory(meeting=meeting, enterprise_number=NUMBER, company_name=name, email=ADDRESS)
    IntroductionFactory(regie=regie, application_public_id=application.public_id, company_name=name, email=ADDRESS)
    return Application.objects.select_related("voucher").get(pk=application.pk)


@pytest.fixture
def two(regie, settings):
    """Houtatelier Zuid at regie A (its cheque of EUR 750 still usable, used in part with invoice F2026-ZUID-1 that
    awaits the customer, its meeting still to come: open matters at A) and Houtatelier Maas at regie B (its cheque
    cancelled, its meeting over), one enterprise number and address; and Brouwerij Alleen Zuid, at A only."""
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    b = maasland()
    at_a = _business_at(regie, "Houtatelier Zuid", "750.00", meeting_in_days=10)
    at_b = _business_at(b, "Houtatelier Maas", "500.00", meeting_in_days=-10)
    redeem(at_a.voucher, invoice_number="F2026-ZUID-1")
    services.cancel_voucher(voucher=at_b.voucher, by=None, reason="Dubbele aanvraag")
    ApplicationFactory(call=at_a.call, company_name="Brouwerij Alleen Zuid", enterprise_number=ONLY_A,
                       email="bier@alleen-zuid.example")
    return {"a": regie, "b": b, "at_a": at_a, "at_b": at_b}


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _everything_of(regie):
    """Every stored value of `regie`'s applications, cheques, their uses, registrations, introductions, mails,
    background work and audit events."""
    return [[model_to_dict(row) for row in rows.order_by("pk")] for rows in (
        Application.objects.of_regie(regie), Voucher.objects.of_regie(regie), Redemption.objects.of_regie(regie),
        Registration.objects.of_regie(regie),
        Introduction.objects.of_regie(regie), OutgoingMail.objects.filter(regie=regie),
        BackgroundJob.objects.filter(regie=regie), AuditEvent.objects.filter(regie=regie))]


def test_a_business_only_regie_a_knows_is_unknown_on_bs_host_in_the_words_for_one_nobody_knows(client, two):
    client.force_login(_coordinator_of(two["b"]))
    for number in (ONLY_A, NOBODY):
        html = client.get(PAGE, {"number": number}, HTTP_HOST=MAASLAND_HOST).content.decode()
        assert UNKNOWN.format(f"{number[:4]}.{number[4:7]}.{number[7:]}") in html
        assert "Brouwerij Alleen Zuid" not in html and "/admin/persoonsgegevens/wissen/" not in html
    html = client.get(PAGE, {"number": "bier@alleen-zuid.example"}, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Onder het e-mailadres bier@alleen-zuid.example is niets bewaard." in html
    response = client.get(f"{PAGE}export/", {"number": ONLY_A, "format": "json"}, HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302 and _messages(response) == [UNKNOWN.format("0888.123.486")]
    before = _everything_of(two["a"])
    response = client.post(f"{PAGE}wissen/", {"number": ONLY_A, "confirmation": ONLY_A}, HTTP_HOST=MAASLAND_HOST)
    assert _messages(response)[-1] == UNKNOWN.format("0888.123.486") and _everything_of(two["a"]) == before
    correct = f"{PAGE}aanvraag/{two['at_a'].pk}/verbeteren/"
    assert client.get(correct, HTTP_HOST=MAASLAND_HOST).status_code == 404  # A's application is not there


def test_an_address_used_with_another_number_at_regie_a_finds_bs_business_without_naming_it(client, two):
    ApplicationFactory(call=two["at_a"].call, company_name="Houthandel Zuid", enterprise_number=ONLY_A,
                       email=ADDRESS.upper())  # at A, the address goes with two numbers
    client.force_login(_coordinator_of(two["b"]))
    html = client.get(PAGE, {"number": ADDRESS}, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert f"Ondernemingsnummer {NUMBER_DISPLAY}" in html and "Houtatelier Maas" in html
    assert "0888.123.486" not in html and "Houthandel Zuid" not in html


def test_the_look_up_on_bs_host_lists_bs_application_and_registration_only_and_nothing_open(client, two):
    client.force_login(_coordinator_of(two["b"]))
    html = client.get(PAGE, {"number": NUMBER}, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Houtatelier Maas" in html and "Netwerkmoment Houtatelier Maas" in html
    assert two["at_b"].voucher.code_display in html
    assert f'href="{PAGE}aanvraag/{two["at_b"].pk}/verbeteren/"' in html
    for trace in ("Houtatelier Zuid", two["at_a"].voucher.code_display, "Oproep Houtatelier Zuid 2026", "F2026-ZUID"):
        assert trace not in html
    assert 'action="/admin/persoonsgegevens/wissen/"' in html  # A's cheque and meeting hold nothing up at B
    assert "kunnen nog niet gewist worden" not in html


def test_the_export_on_bs_host_holds_bs_data_only_with_b_as_the_controller(client, two):
    client.force_login(_coordinator_of(two["b"]))
    response = client.get(f"{PAGE}export/", {"number": NUMBER, "format": "json"}, HTTP_HOST=MAASLAND_HOST)
    data = json.loads(response.content)
    assert (data["controller"], data["contact"]) == ("Regie Maasland", "info@maasland.example")
    [application] = data["applications"]
    assert (application["company_name"], application["cheque"]["face_value"]) == ("Houtatelier Maas", "500.00")
    assert [r["company_name"] for r in data["meeting_registrations"]] == ["Houtatelier Maas"]
    assert [i["company_name"] for i in data["introductions"]] == ["Houtatelier Maas"]
    assert len(data["emails"]) == 1 and data["kept_after_erasure"]["invoices"] == []
    text = response.content.decode()
    for trace in ("Houtatelier Zuid", two["at_a"].voucher.code_display, "750.00", "Zuidoost", "F2026-ZUID"):
        assert trace not in text
    pdf = client.get(f"{PAGE}export/", {"number": NUMBER, "format": "pdf"}, HTTP_HOST=MAASLAND_HOST)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Houtatelier Maas" in text and "Houtatelier Zuid" not in text and "Zuidoost" not in text
    events = AuditEvent.objects.filter(action="privacy.exported")
    assert [(e.regie, e.data["applications"]) for e in events] == [(two["b"], [two["at_b"].pk])] * 2


def test_an_erasure_on_bs_host_anonymises_bs_data_and_leaves_regie_as_as_it_was(client, two):
    before = _everything_of(two["a"])
    coordinator = _coordinator_of(two["b"])
    client.force_login(coordinator)
    response = client.post(f"{PAGE}wissen/", {"number": NUMBER, "confirmation": NUMBER_DISPLAY},
                           HTTP_HOST=MAASLAND_HOST)
    assert _messages(response)[0].startswith(
        f"De persoonsgegevens van {NUMBER_DISPLAY} zijn gewist: geanonimiseerde aanvragen: 1, verwijderde "
        "aanvragen: 0, verwijderde e-mails: 1.")
    erased = Application.objects.get(pk=two["at_b"].pk)
    assert (erased.company_name, erased.email, erased.phone) == (ERASED, "", "")
    assert Registration.objects.of_regie(two["b"]).get().company_name == ERASED
    assert Introduction.objects.of_regie(two["b"]).get().company_name == ERASED
    assert not OutgoingMail.objects.filter(regie=two["b"]).exists()  # its one mail, to the business
    assert not BackgroundJob.objects.filter(regie=two["b"]).exists()
    [event] = AuditEvent.objects.filter(action="privacy.erased")
    assert (event.regie, event.actor, event.data["applications"]) == (two["b"], coordinator, [two["at_b"].pk])
    assert AuditEvent.objects.get(action="privacy.networking_erased").regie == two["b"]
    assert _everything_of(two["a"]) == before  # A's application, cheque, mails, registration: untouched
    assert Application.objects.get(pk=two["at_a"].pk).company_name == "Houtatelier Zuid"


def test_a_platform_administrator_answers_for_every_regie_on_any_regies_host(client, two):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(PAGE, {"number": NUMBER}, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Houtatelier Zuid" in html and "Houtatelier Maas" in html
    assert "<td>Regie sociale economie Zuidoost-Limburg</td>" in html  # whose each row is
    assert f'href="{PAGE}aanvraag/{two["at_b"].pk}/verbeteren/"' in html  # corrected on its own regie's host
    assert f'href="{PAGE}aanvraag/{two["at_a"].pk}/verbeteren/"' not in html
    assert two["at_a"].voucher.code_display in html and 'action="/admin/persoonsgegevens/wissen/"' not in html
    assert "Brouwerij Alleen Zuid" in client.get(PAGE, {"number": ONLY_A}, HTTP_HOST=MAASLAND_HOST).content.decode()
    data = json.loads(client.get(f"{PAGE}export/", {"number": NUMBER, "format": "json"},
                                 HTTP_HOST=MAASLAND_HOST).content)
    assert data["controller"] == "Regie Maasland; Regie sociale economie Zuidoost-Limburg"
    assert [a["company_name"] for a in data["applications"]] == ["Houtatelier Zuid", "Houtatelier Maas"]
    before = [_everything_of(two["a"]), _everything_of(two["b"])]
    response = client.post(f"{PAGE}wissen/", {"number": NUMBER, "confirmation": NUMBER}, HTTP_HOST=MAASLAND_HOST)
    assert two["at_a"].voucher.code_display in _messages(response)[0]  # A's open matters hold up a whole erasure
    assert [_everything_of(two["a"]), _everything_of(two["b"])] == before


def test_with_one_regie_its_coordinator_erases_also_the_platforms_mails_naming_the_business(client, regie, settings):
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    settings.ADMINS = [("Platform", "platform@example.org")]
    ApplicationFactory(call=CallFactory(regie=regie), company_name="Houtatelier Zuid", enterprise_number=NUMBER,
                       status="rejected", rejection_reason="Buiten het gebied")
    mail_admins(f"Fout bij {NUMBER_DISPLAY}", "Een fout.")  # the platform's (no regie), naming the business
    OutgoingMail.objects.update(status=MailStatus.SENT)
    client.force_login(_coordinator_of(regie))
    html = client.get(PAGE, {"number": NUMBER}).content.decode()
    assert "Houtatelier Zuid" in html and "<td>zuidoost</td>" not in html
    client.post(f"{PAGE}wissen/", {"number": NUMBER, "confirmation": NUMBER})
    assert not Application.objects.exists() and not OutgoingMail.objects.exists()
    assert AuditEvent.objects.get(action="privacy.erased").regie == regie


def test_the_services_take_the_regie_and_write_their_audit_events_as_its(two):
    b = two["b"]
    content, _name = export_personal_data(enterprise_number=NUMBER, regie=b)  # no host: a command, a task
    assert [a["company_name"] for a in json.loads(content)["applications"]] == ["Houtatelier Maas"]
    with pytest.raises(UnknownBusiness) as unknown:
        export_personal_data(enterprise_number=ONLY_A, regie=b)
    assert str(unknown.value) == UNKNOWN.format("0888.123.486")
    result = erase_personal_data(enterprise_number=NUMBER, by=None, regie=b)
    assert (result.applications, result.registrations, result.introductions) == (1, 1, 1)
    assert sorted(AuditEvent.objects.filter(action__startswith="privacy.").values_list("action", "regie")) == [
        ("privacy.erased", b.pk), ("privacy.exported", b.pk), ("privacy.networking_erased", b.pk)]
