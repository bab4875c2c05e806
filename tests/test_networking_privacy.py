"""Personal data of networking moments and introductions (issue 19): the retention schedule anonymises a
registration a year after its meeting and an introduction 3 years after it was made (or the night after the
consent was withdrawn), keeping what the figures count; a business's export lists its registrations and
introductions, its erasure clears them; the privacy page and the register show both entries."""
import datetime
import json

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from networking.models import Introduction, Registration, Wish
from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from regie.dates import add_years
from regie.models import AuditEvent
from tests.factories import ServiceCategoryFactory
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.vouchers_factories import ApplicationFactory
from vouchers.models import ApplicationStatus
from vouchers.privacy.erasure import erase_personal_data, open_matters
from vouchers.privacy.export import export_personal_data, personal_data, readable
from vouchers.privacy.retention import apply_retention
from vouchers.reports.figures import Scope
from vouchers.reports.networking import meetings

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _evening(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


def _counts(day):
    return {outcome.entry.key: outcome.count for outcome in apply_retention(today=day)}


def test_a_registration_is_anonymised_a_year_after_its_meeting_and_an_introduction_after_three_years():
    day = timezone.localdate() - datetime.timedelta(days=30)
    meeting = MeetingFactory(starts_at=_evening(day))
    first = RegistrationFactory(meeting=meeting, company_name="Bakkerij Ceulemans", looking_for="Catering",
                                checked_in_at=_evening(day))
    second = RegistrationFactory(meeting=meeting, consented_to_introductions_at=_evening(day))
    first.interested_categories.add(ServiceCategoryFactory())
    Wish.objects.create(meeting=meeting, wisher=first, wished=second)
    introduction = IntroductionFactory(registration=first, company_name="Bakkerij Ceulemans")
    Introduction.objects.filter(pk=introduction.pk).update(created_at=_evening(day))

    assert _counts(add_years(day, 1))["registrations"] == 0  # the anniversary of the meeting: still kept
    assert Registration.objects.get(pk=first.pk).company_name == "Bakkerij Ceulemans"
    assert _counts(add_years(day, 1) + datetime.timedelta(days=1))["registrations"] == 2

    first.refresh_from_db()
    assert (first.contact_name, first.company_name, first.looking_for, first.enterprise_number) == ("—", "—", "", "")
    assert first.email == f"erased-{first.pk}@erased.invalid" and first.anonymised_at is not None
    assert (first.status, first.kind, first.checked_in_at) == ("registered", "business", _evening(day))
    assert not first.interested_categories.exists() and Wish.objects.count() == 1  # the figures stay
    assert Registration.objects.get(pk=second.pk).consented_to_introductions_at is not None  # a fact, no data

    assert _counts(add_years(day, 3))["introductions"] == 0
    assert Introduction.objects.get(pk=introduction.pk).company_name == "Bakkerij Ceulemans"
    assert _counts(add_years(day, 3) + datetime.timedelta(days=1))["introductions"] == 1
    introduction.refresh_from_db()
    assert (introduction.company_name, introduction.email, introduction.phone, introduction.looking_for) == (
        "—", "", "", "")
    assert introduction.enterprise_id and not Introduction.objects.visible().exists()


def test_an_introduction_whose_consent_was_withdrawn_loses_its_contact_details_the_next_night():
    kept, withdrawn = IntroductionFactory(), IntroductionFactory(withdrawn_at=timezone.now())
    assert _counts(timezone.localdate())["introductions"] == 1
    assert Introduction.objects.get(pk=withdrawn.pk).email == ""
    assert Introduction.objects.get(pk=kept.pk).email == kept.email
    assert _counts(timezone.localdate())["introductions"] == 0  # a second run finds nothing


def test_anonymising_an_introduction_changes_no_past_figure_only_a_withdrawal_does():
    meeting = MeetingFactory(starts_at=_evening(timezone.localdate() - datetime.timedelta(days=400)))
    old, erased, withdrawn = (IntroductionFactory(source="registration", registration=RegistrationFactory(
        meeting=meeting)) for _ in range(3))
    Introduction.objects.filter(pk=old.pk).update(created_at=_evening(add_years(timezone.localdate(), -4)))
    Introduction.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    before = meetings(Scope())[0]["introductions"]
    assert before == 2  # the one the business withdrew does not count
    erase_personal_data(enterprise_number=erased.registration.email, by=None)  # the business's own request
    apply_retention(today=timezone.localdate())  # anonymises the old and the withdrawn one
    assert Introduction.objects.filter(anonymised_at__isnull=False).count() == 3
    assert list(Introduction.objects.filter(withdrawn_at__isnull=False).values_list("pk", flat=True)) == [withdrawn.pk]
    assert meetings(Scope())[0]["introductions"] == before and not Introduction.objects.visible().exists()


def test_export_and_erasure_of_a_business_include_its_registrations_and_introductions():
    application = ApplicationFactory(status=ApplicationStatus.REJECTED, email="info@houtbouw.example",
                                     company_name="Houtbouw Jacobs")
    number = application.enterprise_number
    past = MeetingFactory(starts_at=_evening(timezone.localdate() - datetime.timedelta(days=20)))
    by_number = RegistrationFactory(meeting=past, enterprise_number=number, company_name="Houtbouw Jacobs",
                                    consented_to_introductions_at=timezone.now())
    by_address = RegistrationFactory(email="INFO@houtbouw.example", company_name="Houtbouw Jacobs bv")
    others = RegistrationFactory(meeting=past), IntroductionFactory()
    from_application = IntroductionFactory(application_public_id=application.public_id, company_name="Houtbouw Jacobs")
    from_registration = IntroductionFactory(source="registration", registration=by_number)

    data = json.loads(export_personal_data(enterprise_number=number, language="en")[0])
    assert {r["company_name"] for r in data["meeting_registrations"]} == {"Houtbouw Jacobs", "Houtbouw Jacobs bv"}
    assert {i["firm"] for i in data["introductions"]} == {from_application.enterprise.name,
                                                          from_registration.enterprise.name}
    with translation.override("en"):
        page = render_to_string("privacy/personal_data.html", readable(personal_data(number, "en")))
    assert "Registrations for networking moments" in page and "Registration for Networking moment" in page
    assert escape(f"Introduction to {from_application.enterprise.name}") in page
    assert export_personal_data(enterprise_number=number, file_format="pdf", language="fr")[0].startswith(b"%PDF")

    with translation.override("en"):
        [reason] = open_matters(number)
    assert reason.startswith(f"The registration for {by_address.meeting.title_en} on ")
    assert "is still active: cancel it first" in reason
    Registration.objects.filter(pk=by_address.pk).update(status="cancelled", cancelled_at=timezone.now())

    erase_personal_data(enterprise_number=number, by=None)
    for registration in Registration.objects.filter(pk__in=[by_number.pk, by_address.pk]):
        assert (registration.company_name, registration.consented_to_introductions_at) == ("—", None)
    assert not Introduction.objects.visible().exclude(pk=others[1].pk).exists()  # the firms no longer see them
    assert Introduction.objects.get(pk=from_application.pk).email == ""
    assert Registration.objects.get(pk=others[0].pk).company_name == others[0].company_name
    event = AuditEvent.objects.get(action="privacy.networking_erased")
    assert event.data["counts"] == {"registrations": 2, "introductions": 2} and "@" not in json.dumps(event.data)


def test_the_privacy_page_and_the_register_show_registrations_and_introductions(client, staff_user):
    html = client.get("/en/privacy/").content.decode()
    assert "Registrations for networking moments" in html and "1 year after the day of the meeting" in html
    assert ">Introductions<" in html and "3 years after the day of the introduction" in html
    assert "the following night" in html
    coordinator = staff_user(COORDINATORS)
    choose_language(user=coordinator, language="en", by=coordinator)
    client.force_login(coordinator)
    register = client.get("/admin/verwerkingsregister/").content.decode()
    section = register[register.index("Registrations for networking moments"):]
    assert "The coordinator (the attendee list is for staff only)" in section
    assert escape("GDPR art. 6.1(a): the business's consent, given on the application or registration form") in section
