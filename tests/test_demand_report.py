"""Issue 19 on the dashboard and in the programme report: demand against use per service category and per firm,
and the results of each networking moment, counted by hand on a small programme."""
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language
from tests.factories import FirmMembershipFactory, ServiceCategoryFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.models import Application, FollowUp, Respondent
from vouchers.reports import networking
from vouchers.reports.figures import Scope
from vouchers.reports.programme import programme_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DAY = datetime.timedelta(days=1)


def submitted(application, when):
    Application.objects.filter(pk=application.pk).update(submitted_at=when)


@pytest.fixture
def programme():
    """3 applications ask for Groenonderhoud (offered by Groen bv): 2 introduced to it (a third introduction was
    withdrawn), 1 used its cheque there and still works with it. A fourth named Strijk bv only. A business that
    asked nothing used its cheque at Groen bv too (not demand); an unconfirmed and a withdrawn one asked for it
    (not counted). A meeting 150 days ago: 5 places taken, 3 came, 2 introductions from it; 1 attendee business
    applied a month later (twice), another 4 months later (too late), a third before the start and unconfirmed.
    At the meeting, confirmed registrations ask for Groenonderhoud too: the first asking business again (counted
    once) and a new one without a number, introduced; an unconfirmed one on the waiting list does not count."""
    today = timezone.localdate()
    call = CallFactory(name="Oproep netwerk", opens_on=today - 200 * DAY, closes_on=today + 60 * DAY)
    green = ServiceCategoryFactory(name_en="Groenonderhoud", name_nl="Groenonderhoud", slug="groen")
    firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="Groen bv", categories=[green]))
    ironing = SocialEnterpriseFactory(name="Strijk bv")
    asking = [ApplicationFactory(call=call) for _ in range(3)]
    for application in asking:
        application.interested_categories.set([green])
    ApplicationFactory(call=call).interested_enterprises.set([ironing])
    for application in asking[:2]:
        IntroductionFactory(enterprise=firm.enterprise, application_public_id=application.public_id)
    IntroductionFactory(enterprise=firm.enterprise, application_public_id=asking[2].public_id,
                        withdrawn_at=timezone.now())
    coordinator = UserFactory(is_staff=True)
    voucher = services.issue_voucher(application=asking[0], by=coordinator)
    redeem(voucher, firm, amount="200.00", invoice_amount="200.00")
    redeem(services.issue_voucher(application=ApplicationFactory(call=call), by=coordinator), firm,
           amount="100.00", invoice_amount="100.00")
    FollowUp.objects.create(voucher=voucher, enterprise=firm.enterprise, respondent=Respondent.BUSINESS,
                            sent_at=timezone.now(), answer="still", answered_at=timezone.now())
    for status in ("submitted", "withdrawn"):
        ApplicationFactory(call=call, status=status).interested_categories.set([green])
    meeting = _meeting(call, firm.enterprise)
    again = RegistrationFactory(meeting=meeting, enterprise_number=asking[0].enterprise_number,
                                email_confirmed_at=timezone.now())
    new = RegistrationFactory(meeting=meeting, email="Nieuw@Example.be", email_confirmed_at=timezone.now())
    unconfirmed = RegistrationFactory(meeting=meeting, status="waiting")
    for registration in (again, new, unconfirmed):
        registration.interested_categories.set([green])
    IntroductionFactory(enterprise=firm.enterprise, source="registration", registration=new)
    return {"call": call, "meeting": meeting}


def _meeting(call, enterprise):
    starts = timezone.now() - 150 * DAY
    meeting = MeetingFactory(title_en="Meeting in Tongeren", starts_at=starts, ends_at=starts + DAY / 8,
                             registration_closes_at=starts - 2 * DAY)
    came = [RegistrationFactory(meeting=meeting, checked_in_at=starts, enterprise_number="0403170701"),
            RegistrationFactory(meeting=meeting, checked_in_at=starts, email="Late@Example.be"),
            RegistrationFactory(meeting=meeting, checked_in_at=starts)]
    stayed_home = [RegistrationFactory(meeting=meeting, enterprise_number="0202239951") for _ in range(2)]
    RegistrationFactory(meeting=meeting, status="waiting")
    RegistrationFactory(meeting=meeting, status="cancelled")
    for registration in came[:2]:
        IntroductionFactory(enterprise=enterprise, source="registration", registration=registration)
    IntroductionFactory(enterprise=enterprise, source="registration", registration=came[2],
                        withdrawn_at=timezone.now())
    submitted(ApplicationFactory(call=call, enterprise_number="0403170701"), starts + 30 * DAY)
    submitted(ApplicationFactory(call=call, enterprise_number="0403170701", status="rejected"), starts + 40 * DAY)
    came_email = came[2].email
    submitted(ApplicationFactory(call=call, email=came_email, status="submitted"), starts + 10 * DAY)  # unconfirmed
    submitted(ApplicationFactory(call=call, email=came_email), starts - datetime.timedelta(minutes=1))  # before
    submitted(ApplicationFactory(call=call, email="late@example.be"), starts + 122 * DAY)  # 4 months: too late
    submitted(ApplicationFactory(call=call, enterprise_number=stayed_home[0].enterprise_number), starts + 9 * DAY)
    return meeting


def test_demand_and_use_per_category_and_firm_read_as_counted_by_hand(programme):
    with translation.override("en"):
        demand = networking.demand(Scope(call=programme["call"]))
    figures = {row["name"]: (row["asked"], row["introduced"], row["redeemed"], row["together"])
               for row in demand["categories"]}
    assert figures == {"Groenonderhoud": (4, 3, 1, 1)}
    firms = {row["name"]: (row["asked"], row["introduced"], row["redeemed"], row["together"])
             for row in demand["firms"]}
    assert firms == {"Groen bv": (4, 3, 1, 1), "Strijk bv": (1, 0, 0, 0)}


def test_each_meeting_shows_its_results_with_the_same_queries_whatever_the_data(programme):
    scope = Scope(call=programme["call"])
    MeetingFactory(is_published=False)  # a draft nobody registered for: not a result
    with translation.override("en"):
        rows = networking.meetings(scope)
    assert [(row["title"], row["registered"], row["attended"], row["introductions"], row["cheques"])
            for row in rows] == [("Meeting in Tongeren", 7, 3, 3, 1)]
    assert networking.meetings(Scope(year=2031)) == []

    def queries():
        with CaptureQueriesContext(connection) as captured:
            networking.meetings(scope)
            networking.demand(scope)
        return len(captured)

    few = queries()
    for _ in range(3):
        meeting = _meeting(programme["call"], SocialEnterpriseFactory(categories=[ServiceCategoryFactory()]))
        ApplicationFactory(call=programme["call"]).interested_enterprises.set([SocialEnterpriseFactory()])
        asking = RegistrationFactory(meeting=meeting, email_confirmed_at=timezone.now())
        asking.interested_enterprises.set([SocialEnterpriseFactory()])
        IntroductionFactory(enterprise=asking.interested_enterprises.get(), source="registration",
                            registration=asking)
    assert queries() == few


def test_the_dashboard_and_the_report_show_both_sections(client, programme, staff_user):
    user = staff_user(COORDINATORS)
    choose_language(user=user, language="en", by=user)
    client.force_login(user)
    body = client.get("/admin/dashboard/", {"call": programme["call"].pk})
    text = body.content.decode()
    assert 'id="demand-title"' in text and 'id="meetings-title"' in text
    assert '<p class="chart-caption" id="meetings-chart-caption">Attended per networking moment</p>' in text
    assert ('<div class="table-scroll table-responsive" role="region" tabindex="0" '
            'aria-labelledby="demand-firms-title">') in text  # wide: scrolls in its own box on a phone
    assert ('<th scope="row">Groenonderhoud</th><td class="num">4</td><td class="num">3</td>\n'
            '      <td class="num">1</td><td class="num">1</td>') in text
    pdf, _name = programme_report(Scope(call=programme["call"]), "en")
    reader = PdfReader(io.BytesIO(pdf))
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Demand and use" in content and "Networking moments" in content and "Meeting in Tongeren" in content
    assert "/StructTreeRoot" in reader.trailer["/Root"]
