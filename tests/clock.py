"""The clock is an input of the suite: `pytest --now 2027-03-28T01:30:00+01:00` runs every test at that instant.

Loaded first (pytest -p, see pytest.ini). With --now, time-machine moves the process's clock to the
given instant before anything runs and lets it tick from there, so `timezone.now()`, `localdate()`,
signed links and Django's live-server thread all agree on the same "now". Tests compute their dates
from that now, never from literals. `.ci/run` repeats the suite at the instants where dates turn
(midnight in Brussels, the nights the clocks change, New Year, 29 February).

`at(...)` moves the clock again inside one test, e.g. to either side of midnight in Brussels.
"""
import datetime
import zoneinfo

import pytest
import time_machine

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
_traveller = pytest.StashKey()


def pytest_addoption(parser):
    parser.addoption(
        "--now", metavar="INSTANT", default=None,
        help="run the suite as if the clock said INSTANT (ISO 8601 with its UTC offset, "
             "e.g. 2027-03-28T01:30:00+01:00 or 2026-12-31T23:30:00Z); the clock ticks on from there",
    )


def parse_instant(text):
    try:
        instant = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(
            f"--now {text!r}: expected an ISO 8601 instant such as 2027-03-28T01:30:00+01:00") from None
    if instant.tzinfo is None:
        raise pytest.UsageError(
            f"--now {text!r}: give the UTC offset too (…+01:00 or …Z), so the instant is unambiguous")
    return instant


def pytest_configure(config):
    text = config.getoption("--now")
    if text:
        traveller = time_machine.travel(parse_instant(text), tick=True)
        traveller.start()
        config.stash[_traveller] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_traveller, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    now = datetime.datetime.now(datetime.UTC)
    source = "--now" if config.getoption("--now") else "the machine's clock"
    return (f"clock: {now:%Y-%m-%d %H:%M:%S} UTC = {now.astimezone(BRUSSELS):%Y-%m-%d %H:%M:%S %Z} in Brussels "
            f"({source})")



def at(text_or_instant, *, tick=False):
    """Travel to an instant for the rest of a `with` block (a context manager; nests inside --now).

    Accepts an aware datetime or an ISO string; naive values are refused, as for --now.
    """
    instant = parse_instant(text_or_instant) if isinstance(text_or_instant, str) else text_or_instant
    if instant.tzinfo is None:
        raise ValueError("at() needs an aware datetime")
    return time_machine.travel(instant, tick=tick)


def brussels(day, hour=0, minute=0, second=0):
    """An aware instant at the given wall-clock time in Brussels on `day`."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BRUSSELS)


def just_before_midnight(day):
    """23:59:59 in Brussels at the end of `day`."""
    return brussels(day, 23, 59, 59)


def just_after_midnight(day):
    """00:00:01 in Brussels at the start of the day after `day`."""
    return brussels(day + datetime.timedelta(days=1), 0, 0, 1)
