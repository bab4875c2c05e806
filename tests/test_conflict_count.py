"""The dashboard counts the applications in conflict in one grouped pass (Application.objects.conflict_count); it
must count exactly those the list filter "in conflict" shows, for every mix of statuses a business's applications
in a call can have."""
import itertools

import pytest

from enterprises.demo import demo_enterprise_number
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db
STATUSES = list(ApplicationStatus)


def mixes():
    """Every mix of one to three applications of one business in one call (at most one approved: a constraint)."""
    for size in (1, 2, 3):
        for mix in itertools.combinations_with_replacement(STATUSES, size):
            if mix.count(ApplicationStatus.APPROVED) <= 1:
                yield mix


def expected_in_conflict(mix):
    """The rule in words: the applications that count (confirmed, waitlisted, approved, rejected) are all in
    conflict when there are two or more of them and one still waits for a decision (confirmed or waitlisted)."""
    counted = [s for s in mix if s in ("verified", "waitlisted", "approved", "rejected")]
    waiting = [s for s in mix if s in ("verified", "waitlisted")]
    return len(counted) if len(counted) >= 2 and waiting else 0


def test_the_grouped_count_is_the_number_the_list_filter_shows_for_every_mix_of_statuses():
    call, earlier = CallFactory(), CallFactory()
    expected = 0
    for number, mix in enumerate(mixes()):
        enterprise_number = demo_enterprise_number(300_000 + number)
        for status in mix:
            ApplicationFactory(call=call, status=status, enterprise_number=enterprise_number)
        ApplicationFactory(call=earlier, status="verified", enterprise_number=enterprise_number)  # another call
        expected += expected_in_conflict(mix)
    anonymised = [ApplicationFactory(call=call, status="verified").pk for _ in range(2)]
    Application.objects.filter(pk__in=anonymised).update(enterprise_number="")  # without a number: never conflict
    assert expected == 98  # the mixes cover conflicts of two and of three applications
    assert Application.objects.conflict_count() == Application.objects.in_conflict().count() == expected
    assert Application.objects.filter(call=earlier).conflict_count() == 0
