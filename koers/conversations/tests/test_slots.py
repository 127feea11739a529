"""The slot arithmetic of team planning (004: talks in working hours, on working days)."""

import datetime

import pytest

from koers.conversations.slots import NoRoomInWorkingDay, working_slots

NINE = datetime.time(9, 0)
FIVE = datetime.time(17, 0)
MONDAY = datetime.date(2026, 3, 2)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def _slots(first, count, closed=(), duration=60, gap=15, starts=NINE, ends=FIVE):
    return working_slots(
        first,
        count,
        duration_minutes=duration,
        gap_minutes=gap,
        day_starts=starts,
        day_ends=ends,
        closed=closed,
    )


def test_a_talk_never_crosses_the_end_of_the_day():
    slots = _slots(_at(MONDAY, 9), 12)
    for start in slots:
        assert start.time() >= NINE
        assert (start + datetime.timedelta(minutes=60)).time() <= FIVE
    # 09:00, 10:15, 11:30, 12:45, 14:00, 15:15 fit; 16:30 + 60 min would end at 17:30.
    assert [s.time() for s in slots[:6]] == [
        datetime.time(9, 0),
        datetime.time(10, 15),
        datetime.time(11, 30),
        datetime.time(12, 45),
        datetime.time(14, 0),
        datetime.time(15, 15),
    ]
    assert slots[6] == _at(MONDAY + datetime.timedelta(days=1), 9)


def test_twelve_talks_fill_two_working_days():
    slots = _slots(_at(MONDAY, 9), 12)
    assert len(slots) == 12
    assert {s.date() for s in slots} == {MONDAY, MONDAY + datetime.timedelta(days=1)}


def test_a_talk_that_ends_exactly_at_closing_time_fits():
    [first, second] = _slots(_at(MONDAY, 15, 0), 2, duration=60, gap=0)
    assert first == _at(MONDAY, 15)
    assert second == _at(MONDAY, 16)  # ends at 17:00 sharp


def test_a_day_with_no_room_moves_to_the_next_working_day():
    friday = MONDAY + datetime.timedelta(days=4)
    slots = _slots(_at(friday, 16, 30), 1)
    assert slots == [_at(MONDAY + datetime.timedelta(days=7), 9)]  # the next Monday


def test_weekends_are_skipped():
    saturday = MONDAY + datetime.timedelta(days=5)
    assert _slots(_at(saturday, 10), 1) == [_at(MONDAY + datetime.timedelta(days=7), 9)]


def test_closed_days_are_skipped():
    tuesday = MONDAY + datetime.timedelta(days=1)
    wednesday = MONDAY + datetime.timedelta(days=2)
    slots = _slots(_at(MONDAY, 9), 12, closed={tuesday})
    assert tuesday not in {s.date() for s in slots}
    assert slots[6] == _at(wednesday, 9)


def test_a_start_before_opening_time_waits_for_opening():
    assert _slots(_at(MONDAY, 7), 1) == [_at(MONDAY, 9)]


def test_other_working_hours_are_kept():
    slots = _slots(_at(MONDAY, 8), 4, starts=datetime.time(8, 0), ends=datetime.time(12, 0))
    assert slots == [
        _at(MONDAY, 8),
        _at(MONDAY, 9, 15),
        _at(MONDAY, 10, 30),  # ends 11:30; 11:45 would end after 12:00
        _at(MONDAY + datetime.timedelta(1), 8),
    ]


def test_a_talk_longer_than_the_working_day_is_refused():
    with pytest.raises(NoRoomInWorkingDay):
        _slots(_at(MONDAY, 9), 1, duration=9 * 60)
