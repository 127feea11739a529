"""Slots for a team's talks over working days (004: plan the talks in time, in working hours).

Pure arithmetic on wall-clock times (naive local datetimes): no database, no time zone. The
caller makes the results aware in the organisation's zone.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

SATURDAY = 5


class NoRoomInWorkingDay(ValueError):
    """A talk is longer than the whole working day: it can never fit."""


def is_working_day(day: datetime.date, closed: Collection[datetime.date]) -> bool:
    return day.weekday() < SATURDAY and day not in closed


def next_working_day(day: datetime.date, closed: Collection[datetime.date]) -> datetime.date:
    """The first working day after ``day``."""
    day += datetime.timedelta(days=1)
    while not is_working_day(day, closed):
        day += datetime.timedelta(days=1)
    return day


def working_slots(
    first: datetime.datetime,
    count: int,
    *,
    duration_minutes: int,
    gap_minutes: int,
    day_starts: datetime.time,
    day_ends: datetime.time,
    closed: Collection[datetime.date] = (),
) -> list[datetime.datetime]:
    """``count`` starts, one talk after another from ``first`` with a pause between them.
    A talk never starts before ``day_starts`` nor ends after ``day_ends``; a day with no room
    left moves on to the next working day at ``day_starts``; weekends and ``closed`` days are
    skipped. ``first`` on a closed day, in a weekend or after hours moves on the same way."""
    duration = datetime.timedelta(minutes=duration_minutes)
    step = duration + datetime.timedelta(minutes=gap_minutes)
    day_length = datetime.datetime.combine(first.date(), day_ends) - datetime.datetime.combine(
        first.date(), day_starts
    )
    if duration > day_length:
        raise NoRoomInWorkingDay(duration_minutes)
    slots: list[datetime.datetime] = []
    moment = first
    while len(slots) < count:
        day = moment.date()
        opens = datetime.datetime.combine(day, day_starts)
        if not is_working_day(day, closed):
            moment = datetime.datetime.combine(next_working_day(day, closed), day_starts)
            continue
        moment = max(moment, opens)
        if moment + duration > datetime.datetime.combine(day, day_ends):
            moment = datetime.datetime.combine(next_working_day(day, closed), day_starts)
            continue
        slots.append(moment)
        moment += step
    return slots
