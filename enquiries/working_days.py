"""Working days: weekends and the public holidays of a country (the ``holidays`` package)."""

import datetime as dt
from functools import cache

import holidays


@cache
def _public_holidays(country: str, year: int) -> frozenset[dt.date]:
    if not country:
        return frozenset()
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        return frozenset()


def is_working_day(day: dt.date, country: str) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(country, day.year)


def add_working_days(start: dt.date, days: int, country: str) -> dt.date:
    """Return the date ``days`` working days after ``start`` (which itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, country):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, country: str) -> int:
    """Count the working days after ``start`` up to and including ``end`` (0 if ``end`` is not later)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, country):
            count += 1
    return count


def latest_start(end: dt.date, days: int, country: str) -> dt.date:
    """Return the latest date from which ``days`` working days have gone by at ``end``.

    The inverse of ``working_days_between``: ``working_days_between(d, end) >= days`` exactly
    when ``d <= latest_start(end, days, country)``.
    """
    day = end
    counted = 0
    while counted < days:
        if is_working_day(day, country):
            counted += 1
        day -= dt.timedelta(days=1)
    return day
