"""A business that never applied for a cheque but registered for networking moments (issue 19) has the same
rights: the coordinator finds it on the personal-data page by its enterprise number or, when it registered
without one, by its e-mail address; `export_personal_data` and `erase_personal_data` take either."""
import datetime
import io
import json

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from networking import tasks
from networking.models import Introduction, Registration
from networking.services import register_business
from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from regie.models import OutgoingMail
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.vouchers_factories import ApplicationFactory
from vouchers.privacy.erasure import erase_personal_data, open_matters
from vouchers.privacy.export import personal_data

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PAGE = "/admin/persoonsgegevens/"
NUMBER = "0456789034"  # a valid enterprise number (check digits) that never applied


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def coordinator_client(client, staff_user):
    coordinator = staff_user(COORDINATORS, username="coord")
    choose_language(user=coordinator, language="en", by=coordinator)
    client.force_login(coordinator)
    return client


@pytest.fixture
def registrants(django_capture_on_commit_callbacks, settings):
    """Bakkerij Vos registered with its enterprise number for a past meeting (an introduction followed); Atelier
    Noël, without a number, for that meeting and, through the form, for a coming one; each got a mail."""
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"  # stored, as in production
    past = MeetingFactory(starts_at=_ago(20), ends_at=_ago(20) + datetime.timedelta(hours=3),
                          registration_closes_at=_ago(22))
    vos = RegistrationFactory(meeting=past, company_name="Bakkerij Vos", enterprise_number=NUMBER,
                              email="info@vos.example", consented_to_introductions_at=_ago(25))
    IntroductionFactory(source="registration", registration=vos, company_name="Bakkerij Vos", email=vos.email)
    tasks.mail_registration.enqueue(vos.pk, "registered")
    RegistrationFactory(meeting=past, company_name="Atelier Noël", email="Noel@Atelier.example", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        coming = register_business(meeting=MeetingFactory(title_en="Networking moment Bilzen"),
                                   contact_name="Noël Martin", company_name="Atelier Noël",
                                   email="noel@atelier.example", language="fr")
    return {"vos": vos, "coming": coming}


def test_a_business_that_only_registered_is_found_exported_and_erased_by_number_or_address(
        coordinator_client, registrants, tmp_path):
    page = coordinator_client.get(PAGE, {"number": "BE 0456.789.034"}).content.decode()
    assert "Enterprise number 0456.789.034" in page and "Bakkerij Vos" in page and "info@vos.example" in page
    assert "Atelier Noël" not in page and 'action="/admin/persoonsgegevens/wissen/"' in page

    page = coordinator_client.get(PAGE, {"number": " NOEL@atelier.EXAMPLE "}).content.decode()
    assert "E-mail address noel@atelier.example" in page and page.count("Atelier Noël") == 2
    assert "The registration for Networking moment Bilzen on " in page  # still to come: not erasable yet
    assert 'action="/admin/persoonsgegevens/wissen/"' not in page
    unknown = coordinator_client.get(PAGE, {"number": "nobody@atelier.example"}).content.decode()
    assert "Nothing is stored under the e-mail address nobody@atelier.example." in unknown

    output = tmp_path / "noel.json"
    call_command("export_personal_data", "noel@atelier.example", "--output", str(output))
    exported = json.loads(output.read_text())
    assert [r["company_name"] for r in exported["meeting_registrations"]] == ["Atelier Noël", "Atelier Noël"]
    assert exported["applications"] == [] and [m["to"] for m in exported["emails"]] == [["noel@atelier.example"]]
    call_command("export_personal_data", "noel@atelier.example", "--format", "pdf", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")
    download = coordinator_client.get(f"{PAGE}export/", {"number": NUMBER, "format": "pdf", "language": "nl"})
    assert download.content.startswith(b"%PDF")
    assert download["Content-Disposition"] == 'attachment; filename="persoonsgegevens-0456789034.pdf"'

    Registration.objects.filter(pk=registrants["coming"].pk).update(status="cancelled", cancelled_at=timezone.now())
    erased = coordinator_client.post(f"{PAGE}wissen/", {"number": "noel@atelier.example",
                                                         "confirmation": "Noel@Atelier.example"})
    [message] = [str(m) for m in get_messages(erased.wsgi_request)]
    assert message == ("The personal data of noel@atelier.example are erased: 0 application(s) anonymised, 0 "
                       "deleted, 1 e-mail(s) deleted. Anonymised as well: 2 registration(s) for networking moments "
                       "and 0 introduction(s).")
    assert not Registration.objects.filter(company_name="Atelier Noël").exists()
    assert [mail.recipients for mail in OutgoingMail.objects.all()] == [["info@vos.example"]]  # Vos's stays

    with pytest.raises(CommandError, match=r"Nothing is stored under the e-mail address noel@atelier\.example"):
        call_command("erase_personal_data", "noel@atelier.example", "--yes")  # the command takes an address too
    out = io.StringIO()
    call_command("erase_personal_data", "BE0456789034", "--yes", stdout=out)
    assert "Erased for 0456.789.034: mails: 1, registrations: 1, introductions: 1." in out.getvalue()
    assert not OutgoingMail.objects.exists()
    assert Registration.objects.get(pk=registrants["vos"].pk).company_name == "—"
    assert not Introduction.objects.visible().exists()
    with translation.override("en"):
        gone = coordinator_client.get(PAGE, {"number": NUMBER}).content.decode()
    assert "No business with enterprise number 0456.789.034 has applied" in gone


def test_a_business_known_by_its_address_is_never_the_one_whose_application_carries_0000000097(registrants):
    """0000000097 is a well-formed enterprise number: an application carrying it belongs to that business only,
    not to a business known by its e-mail address alone (its export, erasure and open matters)."""
    real = ApplicationFactory(enterprise_number="0000000097", company_name="Echte NV", status="verified",
                              email="info@echte.example")
    Registration.objects.filter(pk=registrants["coming"].pk).update(status="cancelled", cancelled_at=timezone.now())
    with translation.override("en"):
        assert personal_data("noel@atelier.example", "en")["applications"] == []
        assert open_matters("noel@atelier.example") == []  # not blocked by Echte NV's application awaiting a decision
        result = erase_personal_data(enterprise_number="noel@atelier.example", by=None)
    assert (result.applications, result.deleted_applications, result.registrations) == (0, 0, 2)
    real.refresh_from_db()
    assert (real.company_name, real.email, real.anonymised_at) == ("Echte NV", "info@echte.example", None)
    assert [a["company_name"] for a in personal_data("0000000097", "en")["applications"]] == ["Echte NV"]
