"""The --now option moves the whole test process's clock, threads included (tests/clock.py)."""
import pathlib

import pytest

pytest_plugins = ["pytester"]
ROOT = pathlib.Path(__file__).resolve().parent.parent

INNER_TEST = '''
import datetime, threading, zoneinfo

def test_every_thread_sees_the_chosen_instant():
    seen = []
    worker = threading.Thread(target=lambda: seen.append(datetime.datetime.now(datetime.timezone.utc)))
    worker.start(); worker.join()
    for now in (datetime.datetime.now(datetime.timezone.utc), seen[0]):
        chosen = datetime.datetime(2031, 1, 15, 23, 30, tzinfo=datetime.timezone.utc)
        assert datetime.timedelta(0) <= now - chosen < datetime.timedelta(minutes=5)
    assert datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Brussels")).date() == datetime.date(2031, 1, 16)
'''


@pytest.fixture
def inner(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(test_inner=INNER_TEST)
    return lambda *args: pytester.runpytest_subprocess("-p", "tests.clock", "-p", "no:django", *args)


@pytest.mark.slow
def test_now_sets_the_clock_of_the_whole_run(inner):
    result = inner("--now", "2031-01-15T23:30:00Z")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["clock: 2031-01-15 23:30:* UTC = 2031-01-16 00:30:* CET in Brussels (--now)"])


@pytest.mark.slow
def test_without_now_the_machine_clock_runs_the_tests(inner):
    inner().assert_outcomes(failed=1)


@pytest.mark.slow
@pytest.mark.parametrize("value", ["2031-01-15T23:30:00", "tomorrow"])
def test_an_instant_without_offset_or_unreadable_is_refused(inner, value):
    result = inner("--now", value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--now*"])


def test_ci_instants_lie_ahead_and_hit_the_awkward_moments():
    import datetime

    from django.utils import timezone

    from tests.clock import BRUSSELS
    from tests.instants import risky_instants

    today = timezone.localdate()
    instants = [instant for instant, _why in risky_instants(today)]
    assert instants == sorted(instants) and instants[0].date() > today
    local = [instant.astimezone(BRUSSELS) for instant in instants]
    # Brussels already on the next day
    assert sum(1 for u, b in zip(instants, local, strict=True) if u.date() != b.date()) >= 3
    assert {b.utcoffset() for b in local} == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}
    assert any(b.month == 2 and b.day == 29 for b in local)
    assert any(b.month == 1 and b.day == 1 for b in local)
    assert any(b.month == 3 and b.utcoffset() == datetime.timedelta(hours=2) and b.hour == 3 for b in local)
