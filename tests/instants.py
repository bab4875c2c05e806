"""The instants at which dates turn awkwardly in Brussels, for `.ci/run` to repeat the suite at.
`python -m tests.instants` prints one ISO instant a line (UTC), each followed by what it tests,
always the next occurrence after today, so the list never goes stale:
- half an hour after midnight in Brussels on a winter night, while UTC is still on the day before;
- the night the clocks go forward (last Sunday of March) at 02:30 local time, which does not exist;
- New Year's Eve 23:30 UTC (already 1 January in Brussels);
- the start of 29 February in Brussels (28 February in UTC).
Four instants, run two at a time: with the whole suite on both cores first, .ci/run's time budget (30 minutes on
2 cores) holds four. Not run for that budget (`python -m tests.instants --all` lists them, to run by hand with
--now): the summer night, 02:30 twice on the night the clocks go back, the end of 29 February.
"""
import calendar
import datetime
import sys
import zoneinfo

UTC = datetime.UTC
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def _last_sunday(year, month):
    last = calendar.monthrange(year, month)[1]
    day = datetime.date(year, month, last)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


def _utc(year, month, day, hour, minute=30):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def _next_leap_year(year):
    while not calendar.isleap(year):
        year += 1
    return year


def risky_instants(today, *, everything=False):
    """[(instant in UTC, why)] after `today`, in time order: the four CI runs, or with `everything` all eight."""
    year = today.year + 1  # a whole year ahead: every instant lies in the future
    spring, autumn = _last_sunday(year, 3), _last_sunday(year, 10)
    leap = _next_leap_year(year)
    instants = [
        (_utc(year, 1, 15, 23), "winter night: 00:30 in Brussels, UTC still on the day before"),
        (_utc(spring.year, spring.month, spring.day, 1), "clocks go forward: 02:30 does not exist, this is 03:30 CEST"),
        (_utc(year, 12, 31, 23), "New Year: 00:30 on 1 January in Brussels, 31 December in UTC"),
        (_utc(leap, 2, 28, 23), "leap day begins: 00:30 on 29 February in Brussels"),
    ]
    if everything:
        instants += [
            (_utc(year, 7, 15, 22), "summer night: 00:30 in Brussels, UTC still on the day before"),
            (_utc(autumn.year, autumn.month, autumn.day, 0), "clocks go back: 02:30 CEST, the first time"),
            (_utc(autumn.year, autumn.month, autumn.day, 1), "clocks go back: 02:30 CET, the second time"),
            (_utc(leap, 2, 29, 23), "leap day ends: 00:30 on 1 March in Brussels, 29 February in UTC"),
        ]
    return sorted(instants)


def main(argv):
    today = datetime.datetime.now(BRUSSELS).date()
    for instant, why in risky_instants(today, everything="--all" in argv):
        local = instant.astimezone(BRUSSELS)
        print(f"{instant:%Y-%m-%dT%H:%M:%SZ}  {local:%Y-%m-%d %H:%M %Z} in Brussels: {why}")


if __name__ == "__main__":
    main(sys.argv[1:])
