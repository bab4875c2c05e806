"""Refused log-ins (django-axes) and locked second-factor codes per regie (DESIGN.md 5, "Several regies, one
install"): once the install serves several regies, a regie's coordinator sees and lifts the locks of their
colleagues who work for that regie alone and of the users of the firms their regie alone lists, on their regie's
host; an attempt for any other username (another regie's, a firm both regies list, nobody's, or one typed in
another case than the account's) and any other account's codes stay the platform administrator's, who sees all.

Regie A is the test's regie (testserver), regie B is Maasland (maasland.example)."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.groups import COORDINATORS
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.support.two_regies import MAASLAND_HOST, maasland

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

ATTEMPTS, LOCKED_CODES = "/admin/axes/accessattempt/", "/admin/geblokkeerde-codes/"
PASSWORD = "a-long-test-password"
A_HELPS = ["collega-zuid", "firma-zuid"]  # what A's coordinator sees, in the order of the lists
NOT_A = ["collega-beide", "collega-maas", "firma-gedeeld", "firma-maas", "platform", "niemand", "FIRMA-ZUID"]


def in_dutch(text: str) -> str:
    """A message as the coordinator reads it (their language is Dutch)."""
    with translation.override("nl"):
        return gettext(text)


def coordinator_of(*regies, username=None):
    user = UserFactory(is_staff=True, regies=list(regies), **({"username": username} if username else {}))
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


def firm_user(username, *regies):
    return FirmMembershipFactory(user=UserFactory(username=username),
                                 enterprise=SocialEnterpriseFactory(listed_by=list(regies))).user


def attempt(username, address="192.0.2.7"):
    """Ten wrong passwords for `username` from `address`, a minute ago."""
    row = AccessAttempt.objects.create(username=username, ip_address=address, user_agent="x", http_accept="*/*",
                                       path_info="/admin/login/", failures_since_start=10, get_data="", post_data="")
    AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - datetime.timedelta(minutes=1))
    return row


def lock_codes(user):
    TOTPDevice.objects.create(user=user, name="app", confirmed=True, throttling_failure_count=5)
    return user


@pytest.fixture
def two_regies(regie):
    """Regie B beside A, and accounts of every kind, each with a refused log-in and locked codes."""
    other = maasland()
    accounts = {
        "collega-zuid": coordinator_of(regie, username="collega-zuid"),
        "collega-maas": coordinator_of(other, username="collega-maas"),
        "collega-beide": coordinator_of(regie, other, username="collega-beide"),
        "firma-zuid": firm_user("firma-zuid", regie),
        "firma-maas": firm_user("firma-maas", other),
        "firma-gedeeld": firm_user("firma-gedeeld", regie, other),
        "platform": UserFactory(username="platform", is_staff=True, is_superuser=True),
    }
    for username in [*accounts, "niemand", "FIRMA-ZUID"]:  # nobody's, and A's firm user's name in capitals
        attempt(username)
    for user in accounts.values():
        lock_codes(user)
    return other, accounts


def listed(client, host="testserver") -> list[str]:
    return sorted(row.username for row in client.get(ATTEMPTS, HTTP_HOST=host).context_data["cl"].result_list)


def locked(client, host="testserver") -> list[str]:
    return sorted(user.username for user, _wrong, _until in client.get(LOCKED_CODES, HTTP_HOST=host).context["rows"])


def test_a_regies_coordinator_sees_the_refused_log_ins_of_its_own_accounts_only(client, regie, two_regies):
    client.force_login(coordinator_of(regie))
    assert listed(client) == A_HELPS
    page = client.get(ATTEMPTS).content.decode()
    assert not [name for name in NOT_A if f">{name}<" in page]
    assert client.get(ATTEMPTS, {"q": "maas"}).context_data["cl"].result_count == 0


def test_another_accounts_attempt_asked_for_by_its_id_is_not_there_and_stays(client, regie, two_regies):
    client.force_login(coordinator_of(regie))
    for username in NOT_A:
        row = AccessAttempt.objects.get(username=username)
        for page in ("change", "delete", "history"):
            answer = client.get(reverse(f"admin:axes_accessattempt_{page}", args=[row.pk]))
            assert answer.status_code in (302, 404), f"{page} of {username}'s attempt: {answer.status_code}"
        client.post(reverse("admin:axes_accessattempt_delete", args=[row.pk]), {"post": "yes"})
    client.post(ATTEMPTS, {"action": "delete_selected", "post": "yes",
                           "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True))})
    assert sorted(AccessAttempt.objects.values_list("username", flat=True)) == sorted(NOT_A)


def test_a_regies_coordinator_lifts_the_lock_of_its_firms_user(client, settings, regie, two_regies):
    settings.AXES_ENABLED = True
    AccessAttempt.objects.all().delete()
    firm = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(10):
        firm.post("/nl/partner/aanmelden/", {"username": "firma-zuid", "password": "wrong"})
    assert firm.post("/nl/partner/aanmelden/", {"username": "firma-zuid", "password": PASSWORD}).status_code == 429
    client.force_login(coordinator_of(regie))
    assert listed(client) == ["firma-zuid"]
    row = AccessAttempt.objects.get(username="firma-zuid")
    assert client.post(reverse("admin:axes_accessattempt_delete", args=[row.pk]), {"post": "yes"}).status_code == 302
    assert firm.post("/nl/partner/aanmelden/", {"username": "firma-zuid", "password": PASSWORD}).status_code == 302


def test_the_clean_up_action_deletes_the_expired_attempts_of_the_coordinators_own_accounts_only(
        client, regie, two_regies):
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=1))  # all past the cool-off
    recent = attempt("collega-zuid", "192.0.2.8")  # not expired yet
    client.force_login(coordinator_of(regie))
    answer = client.post(ATTEMPTS, {"action": "cleanup_expired_attempts",
                                    "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True))},
                         follow=True)
    with translation.override("nl"):
        expected = ngettext("%d expired log-in attempt deleted.", "%d expired log-in attempts deleted.", 2) % 2
    assert expected in answer.content.decode()
    assert sorted(AccessAttempt.objects.values_list("username", flat=True)) == sorted([*NOT_A, "collega-zuid"])
    assert AccessAttempt.objects.filter(pk=recent.pk).exists()


def test_the_locked_codes_page_lists_and_unlocks_the_regies_own_accounts(client, regie, two_regies):
    _other, accounts = two_regies
    client.force_login(coordinator_of(regie))
    assert f'href="{LOCKED_CODES}"' in client.get("/admin/").content.decode()
    assert locked(client) == A_HELPS
    assert escape(in_dutch("Listed here: the staff who work for %(regie)s alone and the users of the firms only "
                           "%(regie)s lists. The platform administrator unlocks any other account.")
                  % {"regie": regie.name}) in client.get(LOCKED_CODES).content.decode()
    answer = client.post(LOCKED_CODES, {"user": accounts["firma-zuid"].pk}, follow=True)
    assert "Codes gedeblokkeerd" in answer.content.decode()
    assert TOTPDevice.objects.get(user=accounts["firma-zuid"]).throttling_failure_count == 0
    assert locked(client) == ["collega-zuid"]


@pytest.mark.parametrize("username", ["collega-maas", "collega-beide", "firma-maas", "firma-gedeeld", "platform"])
def test_posting_another_accounts_id_to_unlock_is_refused_and_unlocks_nothing(client, regie, two_regies, username):
    _other, accounts = two_regies
    client.force_login(coordinator_of(regie))
    answer = client.post(LOCKED_CODES, {"user": accounts[username].pk}, follow=True)
    assert answer.status_code == 200
    refusal = in_dutch("You cannot unlock this account's codes here: it is not one of %(regie)s's staff or users. "
                       "Nothing was unlocked; the platform administrator can unlock it.") % {"regie": regie.name}
    assert escape(refusal) in answer.content.decode()
    assert TOTPDevice.objects.get(user=accounts[username]).throttling_failure_count == 5


def test_regie_bs_coordinator_sees_none_of_regie_as_attempts_or_locked_codes_on_bs_host(client, regie, two_regies):
    """The walk: every address of the attempts' admin (from its own URL patterns) and the locked-codes page, asked
    for on B's host by B's coordinator with A's attempt ids: nothing of A's accounts on any page."""
    other, accounts = two_regies
    client.force_login(coordinator_of(other))
    assert listed(client, MAASLAND_HOST) == ["collega-maas", "firma-maas"]
    assert locked(client, MAASLAND_HOST) == ["collega-maas", "firma-maas"]
    a_rows = AccessAttempt.objects.filter(username__in=["collega-zuid", "firma-zuid"])
    routes = [str(url.pattern) for url in admin.site.get_model_admin(AccessAttempt).get_urls()]
    addresses = [ATTEMPTS + route.replace("<path:object_id>", str(row.pk)) for route in routes for row in a_rows]
    for address in [*addresses, LOCKED_CODES]:
        answer = client.get(address, HTTP_HOST=MAASLAND_HOST)
        assert answer.status_code in (200, 302, 403, 404), address
        assert not [name for name in A_HELPS if name in answer.content.decode()], address
    client.post(LOCKED_CODES, {"user": accounts["firma-zuid"].pk}, HTTP_HOST=MAASLAND_HOST)
    assert TOTPDevice.objects.get(user=accounts["firma-zuid"]).throttling_failure_count == 5
    assert a_rows.count() == 2


def test_a_platform_administrator_sees_and_unlocks_every_account_on_every_host(client, regie, two_regies):
    _other, accounts = two_regies
    client.force_login(accounts["platform"])
    for host in ("testserver", MAASLAND_HOST):
        assert listed(client, host) == sorted([*accounts, "niemand", "FIRMA-ZUID"])
        assert locked(client, host) == sorted(accounts)
    client.post(LOCKED_CODES, {"user": accounts["firma-maas"].pk})  # on A's host
    assert TOTPDevice.objects.get(user=accounts["firma-maas"]).throttling_failure_count == 0


def test_with_one_regie_its_coordinator_sees_every_attempt_and_every_lock(client, regie):
    lock_codes(UserFactory(username="platform", is_staff=True, is_superuser=True))
    attempt("niemand")
    client.force_login(coordinator_of(regie))
    assert listed(client) == ["niemand"]
    assert locked(client) == ["platform"]
