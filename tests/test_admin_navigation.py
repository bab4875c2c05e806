"""The dashboard is one click away on every admin page of a coordinator or finance: in the header and at the top of
the admin's home page, in the reader's language; staff without those rights and firm users do not see the link."""
import re

import pytest

from regie.accounts.groups import COORDINATORS, FINANCE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/admin/", "/admin/vouchers/voucher/"]  # the admin's home and a list both can open


def dashboard_links(html):
    """The text of each link to the dashboard: (in the header, on the page itself)."""
    header, _, page = html.partition('<main id="content-start"')
    link = re.compile(r'<a href="/admin/dashboard/"[^>]*>([^<]+)</a>')
    return link.findall(header), link.findall(page)


@pytest.mark.parametrize("group", [COORDINATORS, FINANCE])
def test_coordinator_and_finance_find_the_dashboard_in_the_header_and_on_the_home_page(client, staff_user, group):
    client.force_login(staff_user(group))
    home = client.get("/admin/").content.decode()
    assert dashboard_links(home) == (["Dashboard"], [("Cijfers van het programma, wat nu aandacht vraagt en het "
                                                      "programmaverslag")])
    a_list = client.get("/admin/vouchers/voucher/").content.decode()
    assert dashboard_links(a_list)[0] == ["Dashboard"]


def test_a_superuser_finds_it_too_and_a_french_speaker_reads_it_in_french(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    home = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert dashboard_links(home) == (["Tableau de bord"], [("Les chiffres du programme, ce qui demande de "
                                                            "l’attention maintenant et le rapport du programme")])


def test_the_dashboard_page_marks_its_own_link_as_the_current_page(client, staff_user):
    client.force_login(staff_user(COORDINATORS))
    html = client.get("/admin/dashboard/").content.decode()
    assert '<a href="/admin/dashboard/" aria-current="page">Dashboard</a>' in html


def test_staff_without_the_dashboard_and_firm_users_do_not_see_the_link(client, firm_user):
    client.force_login(UserFactory(is_staff=True))  # staff in no group: the admin's home, nothing more
    assert dashboard_links(client.get("/admin/").content.decode()) == ([], [])
    client.force_login(firm_user)
    answer = client.get("/admin/")
    assert answer.status_code == 302 and "/admin/dashboard/" not in answer.content.decode()
