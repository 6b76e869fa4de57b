"""Counter files and survey answers for the bench city, and the service-report figures (bench/scale.py).

About ten files per employee in the year so far (101,000 for 10,000 employees), over every kecamatan and
kelurahan counter, with the demo's services and holidays; numbers from the units' sequences and the stored
timing of completed files through service_desk.services.counter_files_prepare_bulk, the rules the counter
uses. Everything in bulk (no history rows): the files are fixtures for the reports, not the subject.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

if __name__ == "__main__":  # python bench/service_desk.py --employees 10000: Django is set up before the imports
    import argparse
    import sys
    import tempfile
    from pathlib import Path
    from types import SimpleNamespace

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import scale

    _parser = argparse.ArgumentParser(description="A bench city, its counter files, the service-report figures.")
    _parser.add_argument("--employees", type=int, default=10_000)
    _parser.add_argument("--reset", action="store_true", help="wipe a database holding non-bench data")
    _parser.add_argument("--create-db", action="store_true")
    _args = _parser.parse_args()
    scale.setup(SimpleNamespace(create_db=_args.create_db), Path(tempfile.mkdtemp(prefix="kinerja-desk-")))

    def _city_from_command_line():
        scale.prepare_database(_args.reset)
        from django.utils import timezone as tz

        return scale.generate(_args.employees, tz.localdate().year)


from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appraisal.demo.service_desk import HOLIDAYS_2026, SERVICE_TYPES
from appraisal.models import (
    Employee,
    PositionKind,
    PublicHoliday,
    ServiceRequest,
    ServiceType,
    SurveyResponse,
    SurveyToken,
    Unit,
    UnitKind,
)
from appraisal.models.service import new_short_code, new_survey_token
from appraisal.service_desk.services import counter_files_prepare_bulk
from bench.city import CODE_PREFIX

FILES_PER_EMPLOYEE = 10
BATCH = 5000
WITA = ZoneInfo("Asia/Makassar")


def build_counter_files(root: Unit, employees: int, *, seed: int = 2026) -> dict[str, int]:
    """Files for every kecamatan and kelurahan below `root`, spread over the working days of the year so far."""
    rng = random.Random(seed)  # noqa: S311 - repeatable bench data
    started = time.perf_counter()
    PublicHoliday.objects.bulk_create(
        [PublicHoliday(date=d.replace(year=timezone.localdate().year), name=n) for d, n in HOLIDAYS_2026.items()],
        ignore_conflicts=True,
    )
    holidays = set(PublicHoliday.objects.values_list("date", flat=True))
    units = {
        kind: list(Unit.objects.filter(kind=kind, code__startswith=CODE_PREFIX))
        for kind in (UnitKind.KECAMATAN, UnitKind.KELURAHAN)
    }
    types = {}
    for code, name, value, unit, level, weight, requirements in SERVICE_TYPES:
        service, _ = ServiceType.objects.get_or_create(
            code=code,
            defaults={"name": name, "standard_value": value, "standard_unit": unit, "requirements": requirements},
        )
        service.units.set(units[UnitKind.KECAMATAN if level == "KECAMATAN" else UnitKind.KELURAHAN])
        types[code] = (service, level, weight)
    staff: dict[int, list[int]] = {}
    for unit_id, employee_id in Employee.objects.filter(
        position__unit__in=[u for us in units.values() for u in us], position__kind=PositionKind.PELAKSANA
    ).values_list("position__unit_id", "id"):
        staff.setdefault(unit_id, []).append(employee_id)
    today = timezone.localdate()
    days = [
        today - dt.timedelta(days=n)
        for n in range(1, (today - dt.date(today.year, 1, 2)).days + 1)
        if (today - dt.timedelta(days=n)).weekday() < 5 and today - dt.timedelta(days=n) not in holidays
    ]
    counters = [(u, "KECAMATAN") for u in units[UnitKind.KECAMATAN]] + [
        (u, "KELURAHAN") for u in units[UnitKind.KELURAHAN]
    ]
    counters = [(u, level) for u, level in counters if staff.get(u.pk)]
    total = employees * FILES_PER_EMPLOYEE
    weights = [3.0 if level == "KECAMATAN" else 1.0 for _u, level in counters]
    now = timezone.now()
    files: list[ServiceRequest] = []
    for unit, level in rng.choices(counters, weights=weights, k=total):
        offered = [(s, w) for s, lv, w in types.values() if lv == level]
        service = rng.choices([s for s, _ in offered], weights=[w for _, w in offered])[0]
        day = rng.choice(days)
        received = dt.datetime.combine(day, dt.time(8), tzinfo=WITA) + dt.timedelta(minutes=rng.randint(0, 420))
        roll = rng.random()
        if roll < 0.04:
            status, completed = ServiceRequest.Status.RECEIVED, None
        elif roll < 0.06:
            status, completed = ServiceRequest.Status.REJECTED, received + dt.timedelta(hours=2)
        else:
            status = ServiceRequest.Status.COMPLETED
            if service.standard_unit == "HOURS":
                completed = received + dt.timedelta(minutes=rng.randint(20, 60 * 6))
            else:
                completed = received + dt.timedelta(
                    days=rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 6, 8]), hours=rng.randint(0, 5)
                )
        files.append(
            ServiceRequest(
                service_type=service, unit=unit, officer_id=rng.choice(staff[unit.pk]), received_at=received,
                completed_at=min(completed, now) if completed else None, status=status,
                correction_rounds=1 if rng.random() < 0.08 else 0,
            )
        )  # fmt: skip
    with transaction.atomic():
        counter_files_prepare_bulk(files)  # the counter's numbers and the completion's timing, in bulk
        ServiceRequest.objects.bulk_create(files, batch_size=BATCH)
        done = [f for f in files if f.status == ServiceRequest.Status.COMPLETED]
        tokens, answers = [], []
        for f in done:
            answered = rng.random() < 0.55
            tokens.append(
                SurveyToken(
                    request=f, token=new_survey_token(), short_code=new_short_code(),
                    expires_at=f.received_at + dt.timedelta(days=30), used_at=f.completed_at if answered else None,
                )
            )  # fmt: skip
            if answered:
                base = rng.choices([4, 3, 2], weights=[45, 45, 10])[0]
                answers.append(
                    SurveyResponse(
                        service_type_id=f.service_type_id, unit_id=f.unit_id, officer_id=f.officer_id,
                        submitted_on=timezone.localdate(f.completed_at),
                        scores=[min(4, max(1, base + rng.choice([0, 0, 0, 1, -1]))) for _ in range(9)],
                    )
                )  # fmt: skip
        SurveyToken.objects.bulk_create(tokens, batch_size=BATCH)
        SurveyResponse.objects.bulk_create(answers, batch_size=BATCH)
    return {
        "files": len(files),
        "completed": len(done),
        "answers": len(answers),
        "seconds": round(time.perf_counter() - started, 1),
    }


@dataclass
class ReportFigure:
    files: int
    queries: int
    median_ms: float


def time_service_report(unit: Unit, *, runs: int = 5) -> ReportFigure:
    """service_report over the year so far (at most a year: the report's own limit) for `unit` and every unit below:
    median of `runs` after one warm-up, with the statements of the last run."""
    from appraisal.service_desk.reports import service_report

    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    service_report(unit, start=start, end=today)
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            began = time.perf_counter()
            report = service_report(unit, start=start, end=today)
            timings.append((time.perf_counter() - began) * 1000)
        queries = len(ctx.captured_queries)
    files = sum(row.desk.handled for row in report.units) or report.desk.handled
    return ReportFigure(files, queries, statistics.median(timings))


def report_figures(the_city) -> dict:
    """Files for the city, then the service report timed over the whole city and over one kecamatan."""
    from bench.scale import analyze, log

    made = build_counter_files(the_city.root, the_city.employees)
    analyze()
    log(
        f"counter_files files={made['files']} completed={made['completed']} answers={made['answers']} "
        f"seconds={made['seconds']} (numbers and timing through counter_files_prepare_bulk)"
    )
    out = {"made": made}
    kecamatan = Unit.objects.filter(kind=UnitKind.KECAMATAN, code__startswith=CODE_PREFIX).order_by("id").first()
    for name, unit in (("city", the_city.root), ("kecamatan", kecamatan)):
        figure = time_service_report(unit)
        out[name] = figure
        log(
            f"service_report unit={name} files={figure.files} queries={figure.queries} "
            f"median_ms={figure.median_ms:.0f} (year so far; target <= 200 ms over 100,000 files)"
        )
    return out


if __name__ == "__main__":
    the_city = _city_from_command_line()
    report_figures(the_city)
