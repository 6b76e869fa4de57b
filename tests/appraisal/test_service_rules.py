import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from appraisal.rules import individual_ikm, within_standard, working_days_taken, working_hours_taken

WITA = ZoneInfo("Asia/Makassar")
HOLIDAYS = {dt.date(2026, 8, 17)}  # Monday, Hari Kemerdekaan


def at(day, hour=9, minute=0):
    return dt.datetime(2026, 8, day, hour, minute, tzinfo=WITA)


@pytest.mark.parametrize(
    ("received", "completed", "days"),
    [
        (dt.date(2026, 8, 12), dt.date(2026, 8, 12), 1),  # same day
        (dt.date(2026, 8, 12), dt.date(2026, 8, 13), 2),
        (dt.date(2026, 8, 14), dt.date(2026, 8, 18), 2),  # Fri → Tue over the weekend and 17 August
        (dt.date(2026, 8, 15), dt.date(2026, 8, 18), 1),  # received Saturday: counting starts Tuesday
        (dt.date(2026, 8, 10), dt.date(2026, 8, 21), 9),  # two weeks less one holiday
    ],
)
def test_working_days_exclude_weekends_and_holidays(received, completed, days):
    assert working_days_taken(received, completed, HOLIDAYS) == days


def test_working_hours_skip_whole_non_working_days():
    assert working_hours_taken(at(12, 9), at(12, 11, 30), HOLIDAYS) == Decimal("2.50")
    # Friday 15:00 → Tuesday 10:00: Friday 9 h, Monday is a holiday, Tuesday 10 h.
    assert working_hours_taken(at(14, 15), at(18, 10), HOLIDAYS) == Decimal("19.00")


@pytest.mark.parametrize(
    ("received", "completed", "value", "unit", "ok"),
    [
        (at(12), at(12, 15), 1, "DAYS", True),
        (at(12), at(13, 10), 1, "DAYS", False),
        (at(14), at(18), 2, "DAYS", True),
        (at(12, 9), at(12, 11), 3, "HOURS", True),
        (at(12, 9), at(12, 13), 3, "HOURS", False),
    ],
)
def test_within_standard(received, completed, value, unit, ok):
    assert within_standard(received, completed, standard_value=value, standard_unit=unit, holidays=HOLIDAYS) is ok


def test_completed_before_received_is_an_error():
    with pytest.raises(ValueError):
        working_days_taken(dt.date(2026, 8, 13), dt.date(2026, 8, 12), HOLIDAYS)


def test_individual_index_needs_five_responses():
    assert individual_ikm([[4] * 9] * 4) is None
    assert individual_ikm([[4] * 9] * 5) == (Decimal("99.90"), "A")
