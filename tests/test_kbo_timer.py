"""The monthly form of a scheduled command's Timer (regie/ops/scheduled.py), for `import_kbo`: systemd's
OnCalendar= and the next start /health/ waits for agree (tests/test_deploy.py checks them against systemd)."""
import datetime

import pytest

from regie.ops.scheduled import SCHEDULE, TIMER_ZONE, Timer

pytestmark = pytest.mark.slow

MONTHLY = Timer(at=datetime.time(4, 0), day=10, slack=datetime.timedelta(days=1))


def brussels(*parts):
    return datetime.datetime(*parts, tzinfo=TIMER_ZONE)


def test_a_monthly_timer_names_its_day_in_systemds_words():
    assert MONTHLY.on_calendar == "*-*-10 04:00:00 Europe/Brussels"
    assert Timer(at=datetime.time(3, 10)).on_calendar == "*-*-* 03:10:00 Europe/Brussels"  # daily as before
    assert SCHEDULE["import_kbo"] == MONTHLY


@pytest.mark.parametrize(("instant", "expected"), [
    (brussels(2026, 12, 5, 12, 0), brussels(2026, 12, 10, 4, 0)),
    (brussels(2026, 12, 10, 4, 0), brussels(2027, 1, 10, 4, 0)),
    (brussels(2026, 12, 31, 23, 30), brussels(2027, 1, 10, 4, 0)),
    (brussels(2027, 1, 31, 12, 0), brussels(2027, 2, 10, 4, 0)),
    (brussels(2027, 3, 20, 12, 0), brussels(2027, 4, 10, 4, 0)),  # across the spring clock change
])
def test_a_monthly_timer_runs_next_on_its_day(instant, expected):
    assert MONTHLY.next_run_after(instant) == expected
    assert MONTHLY.due_by(instant) == expected + datetime.timedelta(days=1)


@pytest.mark.parametrize("wrong", [{"day": 31, "at": datetime.time(4, 0)}, {"day": 10}])
def test_a_monthly_timer_needs_a_day_every_month_has_and_a_time(wrong):
    with pytest.raises(ValueError, match="from 1 to 28"):
        Timer(**wrong)
