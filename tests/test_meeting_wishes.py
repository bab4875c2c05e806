"""After a networking moment (networking.services.wishes, `ask_meeting_wishes`, the wishes page): each attendee
is asked once whom they would like to meet again, among the other attendees' companies that agreed to be listed;
a mutual wish becomes an introduction, a one-sided one is never shared."""
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from networking import links
from networking.models import Introduction, Wish
from networking.services.wishes import record_wishes
from tests.clock import at, brussels
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.support.networking import FirmRegistrationFactory, MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
MEETING_DAY = datetime.date(2027, 4, 8)  # a Thursday evening, 18:00-21:00 in Brussels
NEXT_MORNING = brussels(MEETING_DAY + datetime.timedelta(days=1), 9, 30)


def run_command():
    out = io.StringIO()
    call_command("ask_meeting_wishes", stdout=out)
    return out.getvalue().strip()


def page_path(registration):
    """The wishes page in English (the test reads English), whatever the registrant's language."""
    with translation.override("en"):
        return reverse("networking:wishes", kwargs={"token": links.registration_token(registration)})


@pytest.fixture
def attendees():
    """At one meeting: a business and a firm that attended and agreed to be listed, a business that attended
    unlisted, one with a place who did not come, one cancelled."""
    starts = brussels(MEETING_DAY, 18)
    with at(brussels(MEETING_DAY, 21, 30)):
        meeting = MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
                                 registration_closes_at=starts - datetime.timedelta(days=1))
        came = {"checked_in_at": starts, "listed_for_attendees": True}
        firm = SocialEnterpriseFactory(name="Kringwinkel Haspengouw")
        FirmMembershipFactory(enterprise=firm, user=UserFactory(email="team@kringwinkel.example"))
        return {
            "business": RegistrationFactory(meeting=meeting, company_name="Bakkerij Peeters", language="en", **came),
            "firm": FirmRegistrationFactory(meeting=meeting, enterprise=firm, language="nl", **came),
            "unlisted": RegistrationFactory(meeting=meeting, company_name="Stil bv", checked_in_at=starts),
            "absent": RegistrationFactory(meeting=meeting, company_name="Afwezig nv", listed_for_attendees=True),
            "cancelled": RegistrationFactory(meeting=meeting, status="cancelled", listed_for_attendees=True),
        }


def test_attendees_are_asked_once_and_a_mutual_wish_becomes_an_introduction(
        attendees, client, django_capture_on_commit_callbacks):
    business, firm = attendees["business"], attendees["firm"]
    with at(NEXT_MORNING), django_capture_on_commit_callbacks(execute=True):
        assert run_command() == "3 attendee(s) asked whom they would like to meet again."
        assert run_command() == ""  # idempotent: nobody twice
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        attendees[name].email for name in ("business", "firm", "unlisted"))
    to_business = next(message for message in mail.outbox if message.to == [business.email])
    assert "whom would you like to meet again?" in to_business.subject
    mailed_link = re.search(r"http\S+", to_business.body).group(0)
    assert mailed_link.startswith("http://testserver/en/")
    mail.outbox.clear()

    with at(NEXT_MORNING):
        page = client.get(mailed_link.removeprefix("http://testserver")).content.decode()
    # only the other attendee that agreed to be listed: not oneself, the unlisted, the absent or the cancelled
    assert re.findall(r'class="form-check-label">([^<]*)</label>', page) == ["Kringwinkel Haspengouw"]

    with at(NEXT_MORNING), django_capture_on_commit_callbacks(execute=True):
        answer = client.post(page_path(business), {"wished": [firm.pk]}, follow=True)
    assert "Thank you: your wish is noted." in answer.content.decode()
    assert Introduction.objects.count() == 0 and mail.outbox == []  # one-sided: nothing shared
    with at(NEXT_MORNING):
        firm_page = client.get(page_path(firm)).content.decode()
    assert "Bakkerij Peeters" in firm_page and "Mutual" not in firm_page

    with at(NEXT_MORNING + datetime.timedelta(days=29)), django_capture_on_commit_callbacks(execute=True):
        client.post(page_path(firm), {"wished": [business.pk]})
        page = client.get(page_path(business)).content.decode()
    introduction = Introduction.objects.get()
    assert (introduction.enterprise, introduction.registration, introduction.source) == (
        firm.enterprise, business, "wish")
    assert introduction.company_name == "Bakkerij Peeters"
    # the firm hears of the business, the business gets the firm's details
    assert sorted(message.to[0] for message in mail.outbox) == [business.email, "team@kringwinkel.example"]
    assert "Mutual: we put you in touch with each other" in page


def test_two_businesses_that_wish_each_other_get_each_others_details_and_nobody_else_can_wish(
        attendees, client, django_capture_on_commit_callbacks):
    business, unlisted = attendees["business"], attendees["unlisted"]
    with at(NEXT_MORNING):
        other = RegistrationFactory(meeting=business.meeting, company_name="Garage Claes", language="fr",
                                    checked_in_at=business.checked_in_at, listed_for_attendees=True)
        with django_capture_on_commit_callbacks(execute=True):
            assert record_wishes(registration=business, wished=[other]) == []
            assert record_wishes(registration=other, wished=[business.pk]) == []  # no firm: no introduction row
            record_wishes(registration=unlisted, wished=[business])  # an unlisted attendee may wish too
    assert sorted(message.to[0] for message in mail.outbox) == sorted([business.email, other.email])
    assert Wish.objects.count() == 3 and Introduction.objects.count() == 0

    with at(NEXT_MORNING):
        not_attended = client.get(page_path(attendees["absent"]))
        segments = page_path(business).split("/")  # [..., token, the page's word, ""]
        segments[-3] = segments[-3][:-1] + ("A" if segments[-3][-1] != "A" else "B")
        tampered = client.get("/".join(segments))
        wrong_choice = client.post(page_path(business), {"wished": [attendees["absent"].pk]})
    assert not_attended.status_code == 403
    assert "Only the people who attended the meeting" in not_attended.content.decode()
    assert tampered.status_code in (404, 410)
    assert wrong_choice.status_code == 400 and Wish.objects.count() == 3
    with at(NEXT_MORNING + datetime.timedelta(days=31)):
        closed = client.get(page_path(business)).content.decode()
    assert "Wishes could be added until 8 May 2027." in closed
