"""Counter-file timing stored at completion: reports add it up in SQL and give what the per-file loop gave."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from appraisal import rules
from appraisal.models import PublicHoliday, ServiceRequest, ServiceType
from appraisal.service_desk import reports
from appraisal.service_desk.selectors import desk_figures, holiday_calendar, median_of, percent, period_bounds
from appraisal.service_desk.services import (
    counter_files_prepare_bulk,
    counter_files_retime,
    counter_files_retime_around,
    service_request_move,
    service_request_register,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
Q3 = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 9, 30)}
BY = ("unit_id", "service_type_id", "officer_id")


def at(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


def old_desk_figures(files, *, start, end, by=()):
    """The computation before the timing was stored (issue 13): every completed file walked in Python, each
    timestamp converted to WITA, working days and the standard judged per file. The oracle of these tests."""
    since, until = period_bounds(start, end)
    out = defaultdict(lambda: {"handled": 0, "returned": 0, "on_time": 0, "days": []})
    for *key, rounds in files.filter(received_at__gte=since, received_at__lt=until).values_list(
        *by, "correction_rounds"
    ):
        out[tuple(key)]["handled"] += 1
        out[tuple(key)]["returned"] += rounds > 0
    rows = files.filter(status="COMPLETED", completed_at__gte=since, completed_at__lt=until).values_list(
        *by, "received_at", "completed_at", "service_type__standard_value", "service_type__standard_unit"
    )
    timed = [(tuple(k), r.astimezone(WITA), c.astimezone(WITA), v, u) for *k, r, c, v, u in rows]
    if timed:
        holidays = holiday_calendar(min(start, min(t[1] for t in timed).date()), end)
        for key, received, completed, value, unit in timed:
            out[key]["days"].append(rules.working_days_taken(received.date(), completed.date(), holidays))
            out[key]["on_time"] += rules.within_standard(
                received, completed, standard_value=value, standard_unit=unit, holidays=holidays
            )
    return {
        key: (v["handled"], v["returned"], len(v["days"]), percent(v["on_time"], len(v["days"])),
              median_of(v["days"]), percent(v["returned"], v["handled"]))
        for key, v in out.items()
    }  # fmt: skip


def as_tuples(figures):
    return {
        key: (d.handled, d.returned, d.completed, d.within_standard_pct, d.median_days, d.returned_pct)
        for key, d in figures.items()
    }


@pytest.fixture
def desk(org):
    """Three services (1 day, 3 days, 2 hours) in Mantasi, one in Naioni; holidays; files on weekends, on
    holidays, across the period's edges in WITA (UTC+8), long and same-day."""
    for day, name in [((4, 3), "Wafat Yesus Kristus"), ((5, 1), "Hari Buruh"), ((8, 17), "HUT Kemerdekaan RI"),
                      ((9, 5), "Maulid Nabi")]:  # fmt: skip
        PublicHoliday.objects.create(date=dt.date(2026, *day), name=name)

    def service(code, value, unit="DAYS", units=(org.kel_a,)):
        st = ServiceType.objects.create(name=code, code=code, standard_value=value, standard_unit=unit)
        st.units.add(*units)
        return st

    dom, usaha, legal = (
        service("domisili", 1, units=(org.kel_a, org.kel_b)),
        service("usaha", 3),
        service("legalisir", 2, "HOURS"),
    )
    officers = (org.staff_a, org.peer_a)
    spans = [
        (dom, at(8, 12), at(8, 12, 14)),
        (dom, at(8, 14), at(8, 18, 10)),  # Friday → Tuesday over the 17 Aug holiday
        (usaha, at(8, 13), at(8, 18, 15)),
        (legal, at(8, 14, 15), at(8, 18, 8, 30)),  # hours skip the weekend and the holiday
        (legal, at(8, 20), at(8, 20, 10, 30)),
        (dom, at(8, 22, 10), at(8, 24, 11)),  # received on a Saturday
        (dom, at(9, 5, 8), at(9, 7, 9)),  # received on a holiday (Saturday too)
        (usaha, at(4, 1), at(8, 3, 10)),  # long: spans holidays months before the period
        (dom, at(6, 30, 23, 50), at(7, 1, 0, 10)),  # received in Q2, done in the first minutes of Q3 (WITA)
        (dom, at(9, 30, 23, 30), at(10, 1, 0, 5)),  # done in Q4 by WITA, still 30 Sep in UTC
        (dom, at(7, 1, 0, 15), at(7, 1, 7, 0)),  # 30 June in UTC, 1 July in WITA
        (usaha, at(9, 29), at(10, 2)),
    ]
    files = []
    for i, (st, received, completed) in enumerate(spans):
        files.append(
            ServiceRequest.objects.create(
                service_type=st, unit=org.kel_a, officer=officers[i % 2], received_at=received,
                completed_at=completed, status="COMPLETED", correction_rounds=i % 3 == 0,
            )
        )  # fmt: skip
    for received in (at(9, 7), at(9, 8)):
        ServiceRequest.objects.create(service_type=dom, unit=org.kel_a, officer=org.staff_a, received_at=received)
    ServiceRequest.objects.create(
        service_type=dom, unit=org.kel_b, officer=org.staff_b, received_at=at(8, 10), completed_at=at(8, 11),
        status="COMPLETED",
    )  # fmt: skip
    ServiceRequest.objects.create(
        service_type=dom, unit=org.kel_a, officer=org.staff_a, received_at=at(8, 10), completed_at=at(8, 10, 11),
        status="REJECTED",
    )  # fmt: skip
    return {"domisili": dom, "usaha": usaha, "legalisir": legal}


def test_completion_stores_working_days_and_the_standard_check(org, desk):
    file = service_request_register(actor=org.staff_a.user, service_type=desk["domisili"], received_at=at(8, 14, 15))
    with time_machine.travel(at(8, 18, 10), tick=False):  # Friday → Tuesday, Monday 17 Aug a holiday
        done = service_request_move(request=file, actor=org.staff_a.user, action="complete")
    assert (done.working_days, done.within_standard) == (2, False)
    assert done.history.filter(working_days=2).exists()  # saved through the service: history shows it

    hours = service_request_register(actor=org.staff_a.user, service_type=desk["legalisir"], received_at=at(8, 14, 23))
    with time_machine.travel(at(8, 18, 0, 30), tick=False):  # 1 h Friday + 0.5 h Tuesday: weekend, holiday skipped
        done = service_request_move(request=hours, actor=org.staff_a.user, action="complete")
    assert (done.working_days, done.within_standard) == (2, True)

    rejected = service_request_register(actor=org.staff_a.user, service_type=desk["domisili"], received_at=at(8, 14))
    done = service_request_move(request=rejected, actor=org.staff_a.user, action="reject", note="Syarat kurang")
    assert (done.working_days, done.within_standard) == (None, None)  # reports time completed files only


@pytest.mark.parametrize("by", [(), BY, ("officer_id",)])
def test_stored_figures_equal_the_old_per_file_computation(org, desk, by):
    files = ServiceRequest.objects.filter(unit__in=[org.kel_a, org.kel_b])
    untimed = as_tuples(desk_figures(files, **Q3, by=by))  # files written around the service: timed on the fly
    assert counter_files_retime() == 13  # the command's work: every completed file gets its stored timing
    assert not ServiceRequest.objects.filter(status="COMPLETED", working_days=None).exists()

    stored = as_tuples(desk_figures(files, **Q3, by=by))

    assert stored == old_desk_figures(files, **Q3, by=by) == untimed
    assert len(stored) >= (1 if not by else 3)


def test_the_whole_report_equals_the_old_computation_and_its_query_count_is_fixed(org, desk, django_assert_num_queries):
    counter_files_retime()
    with django_assert_num_queries(11):
        # the unit tree; survey totals per unit over the tree, per (service, officer) of the unit, its comments;
        # received and completed files per unit over the tree, and per (service, officer) of the unit; services,
        # officers, units below, the quarter trend
        report = reports.service_report(org.kec, **Q3)
    old = old_desk_figures(ServiceRequest.objects.filter(unit__in=[org.kec, org.kel_a, org.kel_b]), **Q3, by=BY)
    by_unit = defaultdict(list)
    for (unit_id, _s, _o), value in old.items():
        by_unit[unit_id].append(value)
    for row in report.units:
        assert (row.desk.handled, row.desk.completed) == (
            sum(v[0] for v in by_unit[row.id]),
            sum(v[2] for v in by_unit[row.id]),
        )
    kel_a = reports.service_report(org.kel_a, **Q3)
    old_a = old_desk_figures(ServiceRequest.objects.filter(unit=org.kel_a), **Q3, by=("officer_id",))
    for row in kel_a.officers:
        d = row.desk
        assert (d.handled, d.returned, d.completed, d.within_standard_pct, d.median_days, d.returned_pct) == old_a[
            (row.id,)
        ]
    assert as_tuples({(): kel_a.desk}) == old_desk_figures(ServiceRequest.objects.filter(unit=org.kel_a), **Q3)


def test_a_holiday_added_later_retimes_the_files_it_falls_in(org, desk):
    counter_files_retime()
    file = ServiceRequest.objects.get(received_at=at(8, 12))
    spanning = ServiceRequest.objects.get(received_at=at(8, 14), service_type=desk["domisili"])
    assert (spanning.working_days, spanning.within_standard) == (2, False)
    PublicHoliday.objects.create(date=dt.date(2026, 8, 18), name="Cuti bersama")
    assert counter_files_retime_around([dt.date(2026, 8, 18)]) >= 1
    spanning.refresh_from_db()
    file.refresh_from_db()
    assert spanning.working_days == 1 and spanning.within_standard  # Friday only: Monday and Tuesday are off
    assert file.working_days == 1  # untouched: its span does not include the day


def test_the_rebuild_command_times_every_completed_file(org, desk, capsys):
    call_command("counter_figures_rebuild")
    assert "13 berkas diperbarui" in capsys.readouterr().out
    assert not ServiceRequest.objects.filter(status="COMPLETED", working_days=None).exists()


def test_bulk_written_files_get_sequence_numbers_and_timing_by_the_same_rules(org, desk):
    files = [
        ServiceRequest(service_type=desk["domisili"], unit=org.kel_a, officer=org.staff_a, received_at=received,
                       completed_at=completed, status="COMPLETED" if completed else "RECEIVED")
        for received, completed in [(at(8, 14), at(8, 18, 10)), (at(8, 20), None), (at(1, 2), at(1, 2, 10))]
    ]  # fmt: skip
    for f in files:
        f.unit, f.service_type = org.kel_a, desk["domisili"]
    from django.db import transaction

    with transaction.atomic():
        counter_files_prepare_bulk(files)
    code = files[0].number.split("-")[0]
    assert [f.number for f in files] == [f"{code}-2026-000002", f"{code}-2026-000003", f"{code}-2026-000001"]
    assert [(f.working_days, f.within_standard) for f in files] == [(2, False), (None, None), (1, True)]


def test_the_median_of_a_histogram_is_the_median_of_its_values():
    values = [1, 1, 2, 2, 2, 3, 5, 85]
    assert median_of({1: 2, 2: 3, 3: 1, 5: 1, 85: 1}) == median_of(values) == 2
    assert median_of({4: 1}) == 4 and median_of({1: 1, 2: 1}) == median_of([1, 2])
    assert median_of({}) is None
