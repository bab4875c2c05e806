"""The door of a networking moment: staff check people in by their personal QR code (the door page's scanner
posts what it read, or the code is typed; a phone's camera app opens the code's own page), a code scanned twice
says so, a code of another meeting names that meeting; nobody else learns anything from a code. The attendee list
is a tagged PDF to print and an XLSX export, for staff with the permission, each download audited."""
import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from networking.links import check_in_url
from regie.accounts.groups import COORDINATORS, FINANCE
from regie.accounts.languages import choose_language
from regie.models import AuditEvent
from tests.clock import at
from tests.factories import FirmMembershipFactory
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def meeting():
    """A meeting whose door is open: it starts within the hour (check-in is refused on other days)."""
    return MeetingFactory(title_en="Networking moment Tongeren", slug="tongeren",
                          starts_at=timezone.now() + datetime.timedelta(minutes=30))


@pytest.fixture
def coordinator(client, staff_user):
    user = staff_user(COORDINATORS)
    client.force_login(user)
    return user


def test_staff_check_people_in_at_the_door_by_typed_code_and_by_scanned_address(client, coordinator, meeting):
    anna = RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters")
    bart = RegistrationFactory(meeting=meeting, contact_name="Bart Claes", company_name="Garage Claes")
    elsewhere = RegistrationFactory(meeting=MeetingFactory(title_en="Networking moment Riemst"))
    door = en("networking:door", slug="tongeren")

    page = client.get(door)
    assert "0 of 2 checked in" in page.content.decode()
    assert "camera=(self)" in page["Permissions-Policy"]
    assert "camera=()" in client.get(en("networking:meetings"))["Permissions-Policy"]  # the door only

    typed = client.post(door, {"code": anna.check_in_code}).content.decode()
    assert "Welcome, Anna Peeters, Bakkerij Peeters" in typed and "1 of 2 checked in" in typed
    scanned = client.post(door, {"code": check_in_url(bart)}, headers={"Accept": "application/json"}).json()
    assert scanned == {"tone": "welcome", "message": "Welcome, Bart Claes, Garage Claes",
                       "counts": "2 of 2 checked in"}

    again = client.post(door, {"code": check_in_url(anna)}, headers={"Accept": "application/json"}).json()
    anna.refresh_from_db()
    assert again["tone"] == "already"
    assert again["message"] == (f"Already checked in at {timezone.localtime(anna.checked_in_at):%H:%M}: "
                                "Anna Peeters, Bakkerij Peeters")
    other = client.post(door, {"code": check_in_url(elsewhere)}, headers={"Accept": "application/json"}).json()
    assert other["tone"] == "refused" and "Networking moment Riemst" in other["message"]
    unknown = client.post(door, {"code": "not-a-code"}).content.decode()
    assert "This code is not a registration for a networking moment." in unknown
    assert AuditEvent.objects.filter(action="meeting.checked_in").count() == 2
    assert anna.checked_in_by == coordinator


def test_a_phones_camera_app_opens_the_code_page_which_checks_in_only_on_the_staffs_button(client, coordinator,
                                                                                          meeting):
    anna = RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters")
    page = client.get(check_in_url(anna))  # the Dutch address the QR code holds
    assert "Anna Peeters" in page.content.decode() and '<form method="post">' in page.content.decode()
    anna.refresh_from_db()
    assert anna.checked_in_at is None  # a GET changes nothing

    code_page = en("networking:check_in_code", code=anna.check_in_code)
    assert "Welcome, Anna Peeters, Bakkerij Peeters" in client.post(code_page).content.decode()
    assert "Already checked in at" in client.post(code_page).content.decode()
    unknown = client.get(en("networking:check_in_code", code="x" * 22)).content.decode()
    assert "This code is not a registration" in unknown


@pytest.mark.parametrize("who", ["anonymous", "firm user", "finance"])
def test_nobody_but_door_staff_learns_anything_from_a_code_or_checks_anyone_in(client, staff_user, meeting, who):
    anna = RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters")
    if who == "firm user":
        client.force_login(FirmMembershipFactory().user)
    elif who == "finance":
        client.force_login(staff_user(FINANCE))
    code_page = en("networking:check_in_code", code=anna.check_in_code)
    for answer in (client.get(code_page), client.post(code_page)):
        text = answer.content.decode()
        assert "This is a personal entry code for a networking moment. Show it at the door." in text
        assert "Anna" not in text and "Peeters" not in text and meeting.title_en not in text
    door = en("networking:door", slug="tongeren")
    answer = client.post(door, {"code": anna.check_in_code})
    if who == "finance":
        assert answer.status_code == 403
    else:
        assert answer.status_code == 302 and answer["Location"] == f"{reverse('admin:login')}?next={door}"
    anna.refresh_from_db()
    assert anna.checked_in_at is None
    for download in ("networking:attendees_pdf", "networking:attendees_xlsx"):
        assert client.get(en(download, slug="tongeren")).status_code in (302, 403)


def pdf_tool(tool, content, tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    return subprocess.run([tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                          capture_output=True, text=True, check=True).stdout


# a laptop without poppler-utils skips it; CI installs the package, so there a missing tool fails
@pytest.mark.skipif(not shutil.which("pdfinfo") and os.environ.get("CI") != "true",
                    reason="needs pdfinfo and pdftotext (Debian package poppler-utils)")
def test_the_attendee_list_is_a_tagged_pdf_and_a_spreadsheet_registered_by_company_then_waiting(
        client, coordinator, meeting, tmp_path):
    RegistrationFactory(meeting=meeting, contact_name="Zoë Wouters", company_name="Zorg & Co", language="fr")
    RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters",
                        checked_in_at=timezone.now())
    RegistrationFactory(meeting=meeting, contact_name="Wim Wachter", company_name="Aardappel nv", status="waiting")
    RegistrationFactory(meeting=meeting, contact_name="Carl Cancel", company_name="Weg bv", status="cancelled")

    pdf = client.get(en("networking:attendees_pdf", slug="tongeren"))
    assert pdf["Content-Disposition"] == 'attachment; filename="attendees-tongeren.pdf"'
    content = b"".join(pdf.streaming_content)
    info, text = pdf_tool("pdfinfo", content, tmp_path), pdf_tool("pdftotext", content, tmp_path)
    assert "Tagged:          yes" in info and "Attendee list: Networking moment Tongeren" in info
    assert "A4" in info
    assert text.index("Anna Peeters") < text.index("Zoë Wouters") < text.index("Waiting list: 1") < text.index(
        "Wim Wachter")
    assert "Registered: 2" in text and "Signature" in text and "Carl Cancel" not in text

    xlsx = client.get(en("networking:attendees_xlsx", slug="tongeren"))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Company", "Kind") and rows[0][-1] == "Agreed to introductions"
    assert [(row[0], row[5]) for row in rows[1:]] == [
        ("Anna Peeters", "Registered"), ("Zoë Wouters", "Registered"), ("Wim Wachter", "On the waiting list")]
    assert rows[2][8] == "French" and rows[1][6] is not None and rows[2][6] is None
    assert [e.data["format"] for e in AuditEvent.objects.filter(action="meeting.attendee_list_exported")
            .order_by("pk")] == ["pdf", "xlsx"]


def test_the_door_refuses_codes_outside_its_window_naming_when_it_opens_and_closes(client, coordinator):
    day = timezone.localdate() + datetime.timedelta(days=3)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))  # until 21:00
    meeting = MeetingFactory(title_en="Networking moment Bilzen", slug="bilzen", starts_at=starts)
    anna = RegistrationFactory(meeting=meeting, contact_name="Anna Peeters")
    refused = f"Check-in for Networking moment Bilzen opens at 15:00 and closes at 22:00 on {day:%d/%m/%Y}."
    door, code_page = en("networking:door", slug="bilzen"), en("networking:check_in_code", code=anna.check_in_code)
    answer = client.post(door, {"code": anna.check_in_code}, headers={"Accept": "application/json"}).json()
    assert answer == {"tone": "refused", "message": refused, "counts": "0 of 1 checked in"}
    page = client.get(code_page).content.decode()
    assert refused in page and '<form method="post">' not in page  # no button to press days ahead
    assert refused in client.post(code_page).content.decode()
    with at(starts + datetime.timedelta(hours=4, minutes=1)):  # the meeting ended (3 h) more than an hour ago
        assert client.post(door, {"code": anna.check_in_code}, headers={"Accept": "application/json"}).json()[
            "message"] == refused
    anna.refresh_from_db()
    assert anna.checked_in_at is None
    with at(starts - datetime.timedelta(hours=3)):  # the door opens three hours before the start
        assert "Welcome, Anna Peeters" in client.post(code_page).content.decode()


def test_someone_without_their_qr_code_is_found_in_the_doors_list_and_checked_in_with_its_button(
        client, coordinator, meeting):
    anna = RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters")
    RegistrationFactory(meeting=meeting, contact_name="Bart Claes", company_name="Garage Claes")
    RegistrationFactory(meeting=meeting, contact_name="Carla Binnen", company_name="Al Binnen bv",
                        checked_in_at=timezone.now())
    RegistrationFactory(meeting=meeting, contact_name="Wim Wachter", company_name="Wacht nv", status="waiting")
    door = en("networking:door", slug="tongeren")

    page = client.get(door).content.decode()
    assert "Anna Peeters" in page and "Garage Claes" in page  # a place, not yet checked in
    assert "Carla Binnen" not in page and "Wim Wachter" not in page
    found = client.get(door, {"q": "bakkerij"}).content.decode()
    assert "Anna Peeters" in found and "Bart Claes" not in found
    assert f'name="code" value="{anna.check_in_code}"' in found and 'name="q" value="bakkerij"' in found

    checked = client.post(door, {"code": anna.check_in_code, "q": "bakkerij"}).content.decode()
    assert "Welcome, Anna Peeters, Bakkerij Peeters" in checked and "2 of 3 checked in" in checked
    assert "Nobody with a place and not yet checked in matches “bakkerij”." in checked
    anna.refresh_from_db()
    assert anna.checked_in_by == coordinator


def test_the_attendee_list_speaks_the_language_of_the_door_page_and_dates_read_as_on_the_site(
        client, coordinator, meeting):
    choose_language(user=coordinator, language="fr", by=coordinator)
    RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters")
    with translation.override("nl"):
        door, xlsx = reverse("networking:door", args=["tongeren"]), reverse("networking:attendees_xlsx",
                                                                            args=["tongeren"])
    assert xlsx in client.get(door).content.decode()
    answer = client.get(xlsx)
    assert answer["Content-Disposition"] == 'attachment; filename="aanwezigen-tongeren.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    assert next(sheet.iter_rows(values_only=True))[:2] == ("Naam", "Bedrijf")

    listed = client.get(reverse("admin:networking_meeting_changelist")).content.decode()
    assert f"{timezone.localtime(meeting.starts_at):%d/%m/%Y %H:%M}" in listed
    elsewhere = RegistrationFactory(meeting=MeetingFactory(title_en="Networking moment Riemst"))
    other = client.post(en("networking:door", slug="tongeren"), {"code": elsewhere.check_in_code}).content.decode()
    assert f"Networking moment Riemst of {timezone.localtime(elsewhere.meeting.starts_at):%d/%m/%Y}" in other
