"""An officer's public-service figures: the evaluation and the unit's service report give the same numbers."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from appraisal.models import PublicHoliday, ServiceRequest, ServiceType, SurveyResponse
from appraisal.service_desk import reports
from appraisal.service_desk.selectors import holiday_calendar, median_of, percent, public_service_summary
from appraisal.service_desk.services import counter_files_retime

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
Q3 = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 9, 30)}
RECEIVED, COMPLETED, REJECTED = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.COMPLETED,
                                 ServiceRequest.Status.REJECTED)  # fmt: skip


def at(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def services(org):
    def service(code, value, unit="DAYS"):
        st = ServiceType.objects.create(name=code, code=code, standard_value=value, standard_unit=unit)
        st.units.add(org.kel_a)
        return st

    return {
        "domisili": service("domisili", 1),
        "usaha": service("usaha", 3),
        "legalisir": service("legalisir", 2, "HOURS"),
    }


@pytest.fixture
def holidays(db):
    for day, name in [((4, 3), "Wafat Yesus Kristus"), ((5, 1), "Hari Buruh"), ((5, 27), "Iduladha"),
                      ((6, 1), "Hari Lahir Pancasila"), ((8, 17), "HUT Kemerdekaan RI")]:  # fmt: skip
        PublicHoliday.objects.create(date=dt.date(2026, *day), name=name)


def file(org, service, received, completed=None, *, status=None, rounds=0, officer=None):
    return ServiceRequest.objects.create(
        service_type=service,
        unit=org.kel_a,
        officer=officer or org.staff_a,
        received_at=received,
        completed_at=completed,
        status=status or (COMPLETED if completed else RECEIVED),
        correction_rounds=rounds,
    )


def answer(org, service, scores, when, officer=None):
    SurveyResponse.objects.create(
        service_type=service, unit=org.kel_a, officer=officer or org.staff_a, scores=scores, submitted_on=when.date()
    )


def officer_row(report, employee):
    [row] = [o for o in report.officers if o.id == employee.pk]
    return row


def test_the_evaluation_and_the_unit_report_give_an_officer_the_same_figures(
    org, services, holidays, django_assert_num_queries
):
    dom, usaha, legal = services["domisili"], services["usaha"], services["legalisir"]
    # Completed in Q3 (days; standard: domisili 1 day, usaha 3 days, legalisir 2 hours). 14 Aug is a Friday,
    # 17 Aug (Monday) a holiday, 22 Aug a Saturday.
    file(org, dom, at(8, 12), at(8, 12, 14))  # 1 day: on time
    file(org, dom, at(8, 14), at(8, 18, 10))  # Fri → Tue: 2 days: late
    file(org, usaha, at(8, 14), at(8, 18, 10))  # 2 days: on time
    file(org, usaha, at(8, 13), at(8, 18, 15))  # Thu, Fri, Tue: 3 days: on time only because of the holiday
    file(org, dom, at(8, 19), at(8, 19, 12), rounds=1)  # returned once, then done: 1 day, on time
    file(org, legal, at(8, 14, 15), at(8, 18, 8, 30))  # 9 h on Friday + 8.5 h on Tuesday: late; 2 days
    file(org, legal, at(8, 20), at(8, 20, 10, 30))  # 1.5 hours: on time; 1 day
    file(org, dom, at(8, 22, 10), at(8, 24, 11))  # received on a Saturday, done Monday: 1 day, on time
    file(org, dom, at(8, 3), at(8, 4))  # 2 days: late
    # Received on 1 April, completed in Q3 (not handled in Q3): 89 weekdays less 3 Apr, 1 May, 27 May and
    # 1 June = 85 working days, late. The holidays lie more than 60 days before the period.
    file(org, usaha, at(4, 1), at(8, 3, 10))
    # Handled in Q3 but not completed in it: open, rejected, completed in October; the first and last minutes.
    for day in (7, 8, 9):
        file(org, dom, at(9, day))
    file(org, dom, at(9, 11), status=REJECTED)
    file(org, dom, at(9, 29), at(10, 1))
    file(org, dom, at(7, 1, 0, 15))  # 30 June 16:15 UTC, 1 July in WITA
    file(org, dom, at(9, 30, 23, 30))
    # Not this officer's Q3: before and after the period in WITA, another officer.
    file(org, dom, at(6, 30, 23, 50))
    file(org, dom, at(10, 1, 0, 30))
    file(org, dom, at(8, 12), at(8, 20), officer=org.peer_a)
    # Six answers about the officer in Q3 (NRR 3.5 on every element), one in October, one about a colleague.
    for scores in ([4] * 9, [3] * 9) * 3:
        answer(org, dom, scores, at(8, 25))
    answer(org, dom, [1] * 9, at(10, 1, 0, 30))
    answer(org, dom, [1] * 9, at(8, 25), officer=org.peer_a)

    counter_files_retime()  # as the completion stores them (the files above were written around it)
    with django_assert_num_queries(3):  # received counts, completed files per working days, survey answers
        figures = public_service_summary(org.staff_a, **Q3)
    row = officer_row(reports.service_report(org.kel_a, **Q3), org.staff_a)

    # A hand count first, so the two cannot agree on a wrong number.
    assert figures["handled"] == 16
    assert figures["completed"] == 10
    assert figures["within_standard_pct"] == "60.0"  # 6 of 10
    assert figures["median_working_days"] == "2.0"  # 1 1 1 1 2 | 2 2 2 3 85
    assert figures["returned_pct"] == "6.3"  # 1 of 16 = 6.25: halves round up
    assert figures["survey_responses"] == 6
    assert (figures["ikm"], figures["ikm_quality"]) == ("87.41", "B")  # 3.5 × 0.999 × 25 = 87.4125
    # Then the report's row of the same officer for the same dates, field by field.
    assert figures["handled"] == row.desk.handled
    assert figures["completed"] == row.desk.completed
    assert figures["within_standard_pct"] == str(row.desk.within_standard_pct)
    assert figures["median_working_days"] == str(row.desk.median_days)
    assert figures["returned_pct"] == str(row.desk.returned_pct)
    assert figures["survey_responses"] == row.index.respondents
    assert (figures["ikm"], figures["ikm_quality"]) == (str(row.index.value), row.index.letter)


def test_a_file_received_long_before_the_period_skips_every_holiday_it_spans(org, services, holidays):
    file(org, services["usaha"], at(4, 1), at(8, 3, 10))  # 89 weekdays less four holidays

    figures = public_service_summary(org.staff_a, **Q3)
    row = officer_row(reports.service_report(org.kel_a, **Q3), org.staff_a)

    assert figures["median_working_days"] == "85.0" == str(row.desk.median_days)
    assert figures["within_standard_pct"] == "0.0" == str(row.desk.within_standard_pct)
    assert figures["handled"] == 0 == row.desk.handled and figures["returned_pct"] is None


def test_below_five_answers_neither_shows_the_officers_index(org, services):
    file(org, services["domisili"], at(8, 12))
    for _ in range(4):
        answer(org, services["domisili"], [4] * 9, at(8, 25))

    figures = public_service_summary(org.staff_a, **Q3)
    row = officer_row(reports.service_report(org.kel_a, **Q3), org.staff_a)

    assert figures["survey_responses"] == 4 == row.index.respondents
    assert figures["ikm"] is None and row.index.value is None
    assert figures["completed"] == 0 == row.desk.completed and figures["within_standard_pct"] is None


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(2, 3, "66.7"), (1, 16, "6.3"), (1, 8, "12.5"), (3, 3, "100.0"), (0, 7, "0.0"), (1, 400, "0.3")],
)
def test_percentages_have_one_decimal_and_halves_round_up(part, whole, expected):
    assert percent(part, whole) == Decimal(expected) and str(percent(part, whole)) == expected


def test_no_whole_gives_no_percentage_and_no_days_no_median():
    assert percent(0, 0) is None and median_of([]) is None


@pytest.mark.parametrize(
    ("days", "expected"), [([3], "3.0"), ([1, 2], "1.5"), ([5, 1, 2], "2.0"), ([1, 1, 2, 85], "1.5")]
)
def test_the_median_takes_the_middle_or_the_mean_of_the_two_middle_values(days, expected):
    assert str(median_of(days)) == expected


def test_the_holiday_calendar_includes_both_ends(holidays):
    assert holiday_calendar(dt.date(2026, 5, 1), dt.date(2026, 5, 27)) == {dt.date(2026, 5, 1), dt.date(2026, 5, 27)}
    assert holiday_calendar(dt.date(2026, 5, 2), dt.date(2026, 5, 26)) == frozenset()
