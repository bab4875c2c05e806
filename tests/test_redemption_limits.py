"""Guessing a cheque in the partner portal: README promises at most 10 wrong possession proofs (code +
customer's enterprise number) per user and per address within 15 minutes; then 429, never a wait."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.clock import at
from tests.factories import FirmMembershipFactory
from tests.redemption_helpers import issued_voucher
from tests.test_redemption_pages import DETAILS, FIND, GENERIC, find, firm_client  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # no date rule: run once in CI


def wrong_code(n):
    """A well-formed code that is no cheque, a different one each time (so only the user and address count)."""
    return "ABCD-EFGH-KLMN-" + "PQRSTUVWXYZ"[n // 10] + "23456789AB"[n % 10] + "PQ"


def test_the_eleventh_wrong_proof_by_one_user_within_fifteen_minutes_is_refused(firm_client):
    """README: possession proofs, 10 per user (here from ten addresses) per 15 minutes; then 429."""
    voucher = issued_voucher()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    with at(start):
        for n in range(10):
            wrong = firm_client.post(FIND, {"code": wrong_code(n), "firm": firm_client.membership.enterprise.pk,
                                            "enterprise_number": voucher.application.enterprise_number},
                                     REMOTE_ADDR=f"{20 + n}.1.2.3")
            assert wrong.status_code == 200 and GENERIC in wrong.content.decode()
        refused = find(firm_client, voucher, code=wrong_code(10))
        assert refused.status_code == 429 and "Te veel pogingen" in refused.content.decode()
        assert 0 < int(refused["Retry-After"]) <= 900
    with at(start + datetime.timedelta(minutes=14, seconds=59)):
        assert find(firm_client, voucher, code=wrong_code(11)).status_code == 429
    with at(start + datetime.timedelta(minutes=15, seconds=1)):
        assert find(firm_client, voucher)["Location"] == DETAILS


def test_the_eleventh_wrong_proof_from_one_address_within_fifteen_minutes_is_refused(client):
    """README: possession proofs, 10 per address (here by ten users) per 15 minutes; then 429."""
    voucher = issued_voucher()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)

    def attempt(n):
        membership = FirmMembershipFactory()
        user = Client(REMOTE_ADDR="192.0.2.44")
        user.force_login(membership.user)
        user.membership = membership
        return find(user, voucher, code=wrong_code(n))

    with at(start):
        for n in range(10):
            wrong = attempt(n)
            assert wrong.status_code == 200 and GENERIC in wrong.content.decode()
        refused = attempt(10)
        assert refused.status_code == 429 and "Te veel pogingen" in refused.content.decode()
    with at(start + datetime.timedelta(minutes=14, seconds=59)):
        assert attempt(11).status_code == 429
    with at(start + datetime.timedelta(minutes=15, seconds=1)):
        assert attempt(12).status_code == 200
