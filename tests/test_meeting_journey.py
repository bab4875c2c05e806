"""Issue 19's "done when", as one story through the real pages and forms: a coordinator announces a networking
moment in the admin; 40 businesses and firms register in Dutch and French (20 each, four firms in one click from
the partner portal), each mailed a calendar invitation in their language; the 41st lands on the waiting list and
moves up when someone cancels through the link in their mail; the door checks people in from the QR code; the
introductions reach only the firms the consenting businesses chose; the dashboard and the programme report show
the meeting's results."""
import datetime
import io
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from networking.links import check_in_url
from networking.models import Introduction, Meeting, Registration
from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from tests.clock import at
from tests.factories import FirmMembershipFactory, ServiceCategoryFactory, SocialEnterpriseFactory, UserFactory
from tests.support.networking import MeetingFactory, RegistrationFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
AUDIT_INLINE = "regie-auditevent-content_type-object_id"
DAY, MINUTE = datetime.timedelta(days=1), datetime.timedelta(minutes=1)
NBSP = "\u00a0"  # French puts one before a colon
SUBJECTS = {"nl": "Je bent ingeschreven: Netwerkmoment Tongeren",
            "fr": f"Vous êtes inscrit(e){NBSP}: Rencontre à Tongres"}


def localized(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def text(response):
    return response.content.decode()


def announce(client, coordinator, day):
    """The coordinator's admin form, as a browser posts it: nl/fr/en, 18:00-21:00 in Brussels, capacity 40."""
    client.force_login(coordinator)
    response = client.post("/admin/networking/meeting/add/", {
        "title_nl": "Netwerkmoment Tongeren", "title_fr": "Rencontre à Tongres", "title_en": "Networking Tongeren",
        "text_nl": "Kom kennismaken.", "text_fr": "Venez faire connaissance.", "text_en": "Come and meet.",
        "slug": "netwerkmoment-tongeren", "is_published": "on", "audience": "both",
        "starts_at": f"{day.isoformat()}T18:00", "ends_at": f"{day.isoformat()}T21:00",
        "registration_closes_at": f"{(day - 2 * DAY).isoformat()}T12:00",
        "place_name": "De Velinx", "street": "Dijk 111", "postcode": "3700", "city": "Tongeren", "capacity": "40",
        f"{AUDIT_INLINE}-TOTAL_FORMS": "0", f"{AUDIT_INLINE}-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Meeting.objects.get(slug="netwerkmoment-tongeren")


def register(number, language, **choices):
    """Business no. `number` fills in the public form in `language` (each from its own address: the form is
    throttled per client); returns the page it lands on, which names the address the mail went to."""
    browser = Client(REMOTE_ADDR=f"198.51.100.{number}")
    url = localized("networking:meeting", language, slug="netwerkmoment-tongeren")
    key = browser.get(url).context["form"].initial["submission_key"]
    response = browser.post(url, {
        "submission_key": key, "contact_name": f"Contact {number:02d}", "company_name": f"Bedrijf {number:02d}",
        "email": f"info@bedrijf{number:02d}.example", "language": language, **choices})
    assert response.status_code == 302, response.context["form"].errors
    page = text(browser.get(response["Location"]))
    assert f"info@bedrijf{number:02d}.example" in page
    return page


def firm_user(firm, language):
    user = UserFactory(first_name="Sofie", last_name=firm.name, email=f"sofie@{firm.slug}.example")
    FirmMembershipFactory(user=user, enterprise=firm)
    choose_language(user=user, language=language, by=user)
    return user


def firm_of(user):
    return user.firm_memberships.get().enterprise


def register_in_one_click(user, language):
    browser = Client()
    browser.force_login(user)
    url = localized("partner:meeting_register", language, slug="netwerkmoment-tongeren")
    assert browser.post(url, {"firm": firm_of(user).pk})["Location"] == localized("partner:home", language)


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def about_the_meeting(address):
    return [message for message in sent_to(address) if "Tongeren" in message.subject or "Tongres" in message.subject]


def links_in_the_mail(address):
    """(personal page, cancel link): the links on lines of their own in the first mail about the meeting."""
    links = re.findall(r"^http\S+$", about_the_meeting(address)[0].body, flags=re.MULTILINE)
    [personal] = [link for link in links if re.search(r"/(inschrijving|inscription)/[^/]+/$", link)]
    [cancel] = [link for link in links if re.search(r"/(annuleren|annuler)/$", link)]
    return personal, cancel


def calendar_start(message):
    """The event's DTSTART in the attached meeting.ics (RFC 5545: folded lines unfolded)."""
    [ics] = [part for part in message.attachments if not isinstance(part, tuple)
             and part.get_filename() == "meeting.ics"]
    lines = ics.get_payload(decode=True).decode().replace("\r\n ", "").split("\r\n")
    event = lines[lines.index("BEGIN:VEVENT"):]
    start = next(line for line in event if line.startswith("DTSTART"))
    name, value = start.split(":")
    assert name == "DTSTART;TZID=Europe/Brussels"
    return datetime.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=BRUSSELS)


@pytest.fixture
def firms():
    green = ServiceCategoryFactory(name_nl="Groenonderhoud", name_fr="Entretien des espaces verts", slug="groen")
    return {"groen": SocialEnterpriseFactory(name="De Groene Hand", categories=[green]),
            "strijk": SocialEnterpriseFactory(name="Het Strijkhuis"),
            "fouron": SocialEnterpriseFactory(name="Atelier Fouron"),
            "kring": SocialEnterpriseFactory(name="Kringwinkel Jekervallei"),
            "green": green}


def everyone_registers(firms, django_capture_on_commit_callbacks):
    """18 businesses on the Dutch form and 18 on the French one, 2 firms each way in one click: 40 places."""
    users = {}
    with django_capture_on_commit_callbacks(execute=True):
        register(1, "nl", consent="on", interested_categories=[firms["green"].pk])
        register(2, "nl", interested_categories=[firms["green"].pk], interested_enterprises=[firms["fouron"].pk])
        for number in range(3, 19):
            register(number, "nl")
        register(21, "fr", consent="on", interested_enterprises=[firms["strijk"].pk])
        for number in range(22, 39):
            register(number, "fr")
        for key, language in (("groen", "nl"), ("strijk", "nl"), ("fouron", "fr"), ("kring", "fr")):
            users[key] = firm_user(firms[key], language)
            register_in_one_click(users[key], language)
    return users


def test_a_networking_moment_from_the_announcement_to_the_dashboard(
        client, staff_user, firms, django_capture_on_commit_callbacks):
    coordinator = staff_user(COORDINATORS, username="annelies")
    today = timezone.localdate()
    call = CallFactory(opens_on=today - 30 * DAY, closes_on=today + 90 * DAY)
    ApplicationFactory(call=call)  # the report is made for a call with applications
    meeting = announce(client, coordinator, today + 14 * DAY)
    starts = datetime.datetime.combine(today + 14 * DAY, datetime.time(18, 0), tzinfo=BRUSSELS)
    assert meeting.starts_at == starts
    users = everyone_registers(firms, django_capture_on_commit_callbacks)

    registered = list(meeting.registrations.order_by("pk"))
    assert [r.status for r in registered] == ["registered"] * 40
    assert sum(r.language == "nl" for r in registered) == sum(r.language == "fr" for r in registered) == 20
    for registration in registered:
        [message] = about_the_meeting(registration.email)
        assert message.subject == SUBJECTS[registration.language]
        assert calendar_start(message) == starts  # 18:00 in Brussels

    waiting = waiting_list_and_cancel(meeting, django_capture_on_commit_callbacks)
    introductions_reach_only_the_chosen_firms(firms, users, django_capture_on_commit_callbacks)
    with at(starts + 20 * MINUTE):  # the door opens on the day
        client.force_login(coordinator)  # on the phone at the door
        at_the_door(client, meeting, registered, waiting)
    results_on_the_dashboard_and_in_the_report(client, call, meeting)


def waiting_list_and_cancel(meeting, django_capture_on_commit_callbacks):
    """The meeting's page offers the waiting list and the 41st's mail says it waits, in place 1; a French business
    cancels through the link in its mail; the 41st moves up and is mailed the invitation."""
    full = text(Client().get(localized("networking:meeting", "nl", slug=meeting.slug)))
    assert "Dit netwerkmoment is volzet." in full and "Zet me op de wachtlijst" in full
    with django_capture_on_commit_callbacks(execute=True):
        register(41, "nl")
    [waiting_mail] = sent_to("info@bedrijf41.example")
    assert waiting_mail.subject == "Op de wachtlijst: Netwerkmoment Tongeren" and "op plaats 1" in waiting_mail.body
    assert not waiting_mail.attachments

    personal_page, cancel_link = links_in_the_mail("info@bedrijf25.example")
    assert "/fr/rencontres/inscription/" in personal_page and cancel_link.endswith("/annuler/")
    browser = Client()
    assert "Annuler votre inscription" in text(browser.get(urlsplit(cancel_link).path))
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(urlsplit(cancel_link).path, follow=True)
    assert "Votre inscription est annulée." in text(done) and "Cette inscription est annulée." in text(done)
    assert urlsplit(personal_page).path == done.redirect_chain[-1][0]

    moved_up = Registration.objects.get(email="info@bedrijf41.example")
    assert moved_up.status == "registered"
    [_waiting, moved_mail] = sent_to("info@bedrijf41.example")
    assert moved_mail.subject == "Er kwam een plaats vrij: je bent ingeschreven voor Netwerkmoment Tongeren"
    assert calendar_start(moved_mail) == meeting.starts_at
    assert sent_to("info@bedrijf25.example")[-1].subject == f"Inscription annulée{NBSP}: Rencontre à Tongres"
    assert meeting.registrations.registered().count() == 40
    return moved_up


def door_says(client, meeting, code):
    door = localized("networking:door", "nl", slug=meeting.slug)
    return client.post(door, {"code": code}, headers={"Accept": "application/json"}).json()


def at_the_door(client, meeting, registered, moved_up):
    """The coordinator's phone posts what it scanned: the check-in address in each personal QR code."""
    came = [*[r for r in registered if r.email != "info@bedrijf25.example"][:24], moved_up]
    for registration in came:
        assert door_says(client, meeting, check_in_url(registration))["tone"] == "welcome"
    first = Registration.objects.get(email="info@bedrijf01.example")
    assert door_says(client, meeting, check_in_url(first)) == {
        "tone": "already", "counts": "25 van 40 ingecheckt",
        "message": f"Al ingecheckt om {timezone.localtime(first.checked_in_at):%H:%M}: Contact 01, Bedrijf 01"}
    riemst = MeetingFactory(title_nl="Netwerkmoment Riemst", starts_at=meeting.starts_at + 7 * DAY)
    elsewhere = RegistrationFactory(meeting=riemst)
    assert door_says(client, meeting, check_in_url(elsewhere))["message"] == (
        f"Deze code is voor Netwerkmoment Riemst van {timezone.localtime(riemst.starts_at):%d/%m/%Y}, niet voor "
        "dit netwerkmoment.")
    cancelled = Registration.objects.get(email="info@bedrijf25.example")
    assert door_says(client, meeting, check_in_url(cancelled))["tone"] == "refused"
    assert meeting.registrations.attended().count() == 25


def introductions_reach_only_the_chosen_firms(firms, users, django_capture_on_commit_callbacks):
    """Bedrijf 01 agreed and ticked green maintenance, Bedrijf 21 agreed and chose Het Strijkhuis; Bedrijf 02 ticked
    green maintenance and Atelier Fouron without agreeing: nobody receives its details. The firms receive the
    details once the business confirmed its address (the button on the personal page its mail links to)."""
    assert not Introduction.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for number in (1, 2, 21):
            personal_page, _cancel = links_in_the_mail(f"info@bedrijf{number:02d}.example")
            assert Client().post(urlsplit(personal_page).path, {"confirm": "email"}).status_code == 302
    assert set(Introduction.objects.values_list("company_name", "enterprise__name")) == {
        ("Bedrijf 01", "De Groene Hand"), ("Bedrijf 21", "Het Strijkhuis")}
    assert sorted((m.to[0], m.subject) for m in mail.outbox if "Introductie" in m.subject) == [
        ("sofie@de-groene-hand.example", "Introductie: Bedrijf 01 wil graag kennismaken met je onderneming"),
        ("sofie@het-strijkhuis.example", "Introductie: Bedrijf 21 wil graag kennismaken met je onderneming")]
    for key, shown in (("groen", "Bedrijf 01"), ("strijk", "Bedrijf 21"), ("fouron", None)):
        browser = Client()
        browser.force_login(users[key])
        page = text(browser.get(localized("partner:introductions", "nl")))
        assert "Bedrijf 02" not in page
        assert set(re.findall(r"Bedrijf \d\d", page)) == ({shown} if shown else set())


def results_on_the_dashboard_and_in_the_report(client, call, meeting):
    date = f"{timezone.localtime(meeting.starts_at):%d/%m/%Y}"
    dashboard = text(client.get("/admin/dashboard/", {"call": call.pk}))
    assert (f'<tr><th scope="row">Netwerkmoment Tongeren ({date})</th><td class="num">40</td>\n'
            '      <td class="num">25</td><td class="num">2</td><td class="num">0</td></tr>') in dashboard
    report = client.get("/admin/dashboard/rapport.pdf", {"call": call.pk, "language": "nl"})
    content = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages)
    words = " ".join(content.split())
    assert "Netwerkmoment Ingeschreven Aanwezig Introducties" in words
    assert f"Netwerkmoment Tongeren ({date}) 40 25 2 0" in words  # registered, attended, introductions, cheques
