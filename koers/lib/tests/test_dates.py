import datetime

from hypothesis import given
from hypothesis import strategies as st

from koers.lib.dates import add_months, last_start_due_by, months_before

D = datetime.date


def test_add_months_clips_to_the_end_of_a_shorter_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert months_before(D(2026, 1, 15), 13) == D(2024, 12, 15)


def test_the_end_of_january_is_due_on_the_28th_of_february():
    assert last_start_due_by(D(2026, 2, 28), 1) == D(2026, 1, 31)
    assert last_start_due_by(D(2026, 3, 15), 6) == D(2025, 9, 15)


@given(
    day=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
    start=st.dates(min_value=D(1999, 1, 1), max_value=D(2100, 1, 1)),
    months=st.integers(min_value=1, max_value=36),
)
def test_last_start_due_by_agrees_with_add_months(day, start, months):
    """The filter form and the date form of "due" say the same for every date."""
    assert (add_months(start, months) <= day) == (start <= last_start_due_by(day, months))
