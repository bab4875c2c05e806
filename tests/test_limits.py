"""The limits README promises, against a client that rotates its IPv6 addresses and for an office behind one
address: wrong cheque codes 20 per 15 minutes, possession proofs 10 per user and per address, mails 10 per
address per hour, log-ins locked after 10 wrong passwords for 15 minutes (30 per address in all); an IPv6
client is its /64, and a /48 gets 5 times the limit over 4 times the window."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from regie.accounts.groups import COORDINATORS
from tests.clock import at
from tests.factories import FirmMembershipFactory, UserFactory
from tests.redemption_helpers import issued_voucher

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # no date rule: run once in CI
PASSWORD = "a-long-test-password"
FIND, LOGIN = "/nl/partner/inwisselen/", "/nl/partner/aanmelden/"


@pytest.fixture
def quarter():
    """The start of a fresh quarter hour (and hour), so that no window ends during the test."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    with at(start):
        yield start


def in_64(n, net="2001:db8:aa:1"):
    """The nth address in one /64, as a client that rotates its addresses would use them."""
    return f"{net}:{n:x}:{n:x}:{n:x}:{n + 1:x}"


def wrong_code(n):
    return f"/nl/cheque/WRONG{n:03d}AAAAAAAA/"


def test_a_client_rotating_addresses_inside_its_ipv6_64_gets_twenty_wrong_codes_in_all(client, quarter):
    for n in range(20):
        assert client.get(wrong_code(n), REMOTE_ADDR=in_64(n)).status_code == 404
    refused = client.get(wrong_code(20), REMOTE_ADDR=in_64(20))
    assert refused.status_code == 429 and "Te veel pogingen" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 900
    assert client.get(wrong_code(21), REMOTE_ADDR="2001:db8:aa:2::1").status_code == 404  # the next /64: someone else


def test_an_ipv4_address_written_as_ipv6_is_the_same_client(client, quarter):
    for n in range(10):
        assert client.get(wrong_code(n), REMOTE_ADDR="192.0.2.7").status_code == 404
        assert client.get(wrong_code(n + 10), REMOTE_ADDR="::ffff:192.0.2.7").status_code == 404
    assert client.get(wrong_code(20), REMOTE_ADDR="::ffff:192.0.2.7").status_code == 429


def test_an_ipv6_48_gets_a_hundred_wrong_codes_per_hour_over_all_its_64s(client, quarter):
    for n in range(100):  # 20 from each of five /64s of one /48
        assert client.get(wrong_code(n), REMOTE_ADDR=f"2001:db8:bb:{n // 20:x}::{n + 1:x}").status_code == 404
    refused = client.get(wrong_code(100), REMOTE_ADDR="2001:db8:bb:ff::1")
    assert refused.status_code == 429 and 900 < int(refused["Retry-After"]) <= 3600
    assert client.get(wrong_code(101), REMOTE_ADDR="2001:db8:bc:ff::1").status_code == 404  # another /48
    with at(quarter + datetime.timedelta(hours=1)):
        assert client.get(wrong_code(102), REMOTE_ADDR="2001:db8:bb:ff::1").status_code == 404


def test_after_a_colleagues_twenty_wrong_codes_the_office_gets_ten_more_checks_for_real_cheques_only(client, quarter):
    voucher = issued_voucher()
    office = {"REMOTE_ADDR": "198.51.100.20"}
    for n in range(20):
        assert client.get(wrong_code(n), **office).status_code == 404
    for _ in range(9):
        answer = client.get(f"/nl/cheque/{voucher.code}/", **office)
        assert answer.status_code == 200 and "Geldig" in answer.content.decode()
    assert client.get(wrong_code(20), **office).status_code == 429  # guessing stays refused (the 10th check)
    assert client.get(f"/nl/cheque/{voucher.code}/", **office).status_code == 429  # 30 answers in all
    with at(quarter + datetime.timedelta(minutes=15)):
        assert client.get(f"/nl/cheque/{voucher.code}/", **office).status_code == 200


def find(client, voucher, number=None, **where):
    return client.post(FIND, {"code": voucher.code, "enterprise_number": number or
                              voucher.application.enterprise_number_display,
                              "firm": client.membership.enterprise.pk}, **where)


def firm_client():
    membership = FirmMembershipFactory()
    client = Client()
    client.force_login(membership.user)
    client.membership = membership
    return client


def test_one_firms_ten_wrong_proofs_do_not_stop_another_firm_at_that_address(quarter):
    voucher, other_voucher = issued_voucher(), issued_voucher()
    typist, colleague = firm_client(), firm_client()
    office = {"REMOTE_ADDR": "198.51.100.30"}
    for _ in range(10):
        assert find(typist, voucher, number="0403.170.701", **office).status_code == 200
    assert find(typist, voucher, **office).status_code == 429  # the user: 10 wrong, then refused
    assert find(colleague, other_voucher, number="0403.170.701", **office).status_code == 429  # the address: 10
    assert find(colleague, other_voucher, **office)["Location"] == "/nl/partner/inwisselen/factuur/"


def test_possession_proofs_from_a_rotating_64_count_as_one_address(quarter):
    voucher = issued_voucher()
    for n in range(10):
        assert find(firm_client(), voucher, number="0403.170.701", REMOTE_ADDR=in_64(n)).status_code == 200
    assert find(firm_client(), voucher, number="0403.170.701", REMOTE_ADDR=in_64(10)).status_code == 429


def test_reset_mails_from_a_rotating_64_count_as_one_address(client, quarter):
    for n in range(10):
        assert client.post("/nl/partner/wachtwoord-vergeten/", {"email": f"someone{n}@example.be"},
                           REMOTE_ADDR=in_64(n)).status_code == 302
    refused = client.post("/nl/partner/wachtwoord-vergeten/", {"email": "another@example.be"}, REMOTE_ADDR=in_64(10))
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600


def log_in(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.status_code, "_auth_user_id" in client.session


def test_ten_wrong_passwords_from_a_rotating_64_lock_that_user_there_and_a_coordinator_sees_the_64(
        settings, quarter, staff_user):
    settings.AXES_ENABLED = True
    user = FirmMembershipFactory().user
    for n in range(10):
        assert log_in(user.username, "guess", in_64(n))[1] is False
    assert log_in(user.username, PASSWORD, in_64(10)) == (429, False)
    assert log_in(user.username, PASSWORD, "2001:db8:aa:2::1") == (302, True)  # another /64
    coordinator = Client()
    coordinator.force_login(staff_user(COORDINATORS))
    assert "2001:db8:aa:1::/64" in coordinator.get("/admin/axes/accessattempt/").content.decode()
    coordinator.post("/admin/axes/accessattempt/", {"action": "delete_selected", "post": "yes",
                                                    "_selected_action": list(AccessAttempt.objects.values_list(
                                                        "pk", flat=True))})
    assert log_in(user.username, PASSWORD, in_64(11)) == (302, True)


def test_one_firms_typos_lock_out_only_that_user_and_an_address_gets_thirty_wrong_passwords(settings, quarter):
    settings.AXES_ENABLED = True
    office = "198.51.100.40"
    typist, colleague, late, last = (UserFactory() for _ in range(4))
    for _ in range(10):
        log_in(typist.username, "typo", office)
    assert log_in(typist.username, PASSWORD, office) == (429, False)  # refused: counts as a failure too
    assert log_in(colleague.username, PASSWORD, office) == (302, True)
    for n in range(18):  # 29 failed log-ins from the office in all
        assert log_in(f"nobody{n % 3}", "guess", office)[0] == 200
    assert log_in(late.username, PASSWORD, office) == (302, True)
    log_in("nobody9", "guess", office)  # the 30th
    refused = log_in(last.username, PASSWORD, office)
    assert refused == (429, False)
    assert log_in(last.username, PASSWORD, "198.51.100.41") == (302, True)
    with at(quarter + datetime.timedelta(minutes=16)):
        assert log_in(last.username, PASSWORD, office) == (302, True)


def test_the_lock_out_page_says_whether_the_account_or_the_whole_connection_is_locked(settings, quarter):
    settings.AXES_ENABLED = True
    office, typist, other = "198.51.100.50", UserFactory(), UserFactory()
    for _ in range(10):
        Client(REMOTE_ADDR=office).post(LOGIN, {"username": typist.username, "password": "typo"})
    account = Client(REMOTE_ADDR=office).post(LOGIN, {"username": typist.username, "password": PASSWORD})
    assert account.status_code == 429 and account["Retry-After"] == "900"
    assert "kan dit account zich 15 minuten niet aanmelden vanaf jouw verbinding" in account.content.decode()
    for n in range(20):  # 30 wrong passwords from the office in all, with the refused one above
        Client(REMOTE_ADDR=office).post(LOGIN, {"username": f"nobody{n}", "password": "guess"})
    everyone = Client(REMOTE_ADDR=office).post(LOGIN, {"username": other.username, "password": PASSWORD})
    assert everyone.status_code == 429 and everyone["Retry-After"] == "900"
    assert "kan niemand zich er 15 minuten aanmelden" in everyone.content.decode()


def test_a_client_stopped_on_one_regies_host_still_checks_a_cheque_on_another_regies(client, quarter):
    """Throttles count per regie (regie.web.throttles): twenty wrong codes on Zuidoost-Limburg's host stop that
    client there only."""
    from tests.support.two_regies import MAASLAND_HOST, maasland

    maasland()
    for n in range(20):
        assert client.get(wrong_code(n), REMOTE_ADDR="192.0.2.7").status_code == 404
    assert client.get(wrong_code(20), REMOTE_ADDR="192.0.2.7").status_code == 429
    assert client.get(wrong_code(21), REMOTE_ADDR="192.0.2.7", HTTP_HOST=MAASLAND_HOST).status_code == 404
