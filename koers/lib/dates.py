"""Calendar arithmetic Koers needs in more than one place."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (earlier when negative); the last day of that month when
    it is shorter (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the last day of that month when it is shorter)."""
    return add_months(day, -months)


def last_start_due_by(day: datetime.date, months: int) -> datetime.date:
    """The last date ``d`` for which ``add_months(d, months) <= day``: what a database filter
    compares a start date with to ask "is it ``months`` past by ``day``?" without month
    arithmetic in SQL. (``months_before`` alone is off at the end of a month: 31 January + 1
    month is 28 February, so on 28 February the 29th, 30th and 31st of January are due too.)"""
    latest = months_before(day, months)
    while add_months(latest + datetime.timedelta(days=1), months) <= day:
        latest += datetime.timedelta(days=1)
    return latest
