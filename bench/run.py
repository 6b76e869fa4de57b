#!/usr/bin/env python
"""Kinerja Alak benchmark: response times and SQL query counts of the main pages with the demo data.

    make bench                     # throwaway SQLite database, demo data from `manage.py seed_demo`
    DATABASE_URL=postgres://... make bench        # an existing database (seeded only when empty)
    .venv/bin/python bench/run.py -n 50 --only home --only api_employees

Timing lives here, not in the test suite: a loaded CI machine must not fail tests. Each target is measured
with Django's test Client over N repetitions after one warm-up request; the result is compared with TARGETS
below and printed as PASS/FAIL (exit status 1 on any FAIL). A target whose URL does not exist yet is
skipped with a message (exit status 0 unless --strict). Results are also written to bench/results/*.json.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# Targets with the Kecamatan Alak demo data. max_queries catches N+1 regressions at demo-data scale
# (the suite pins exact counts; this is the ceiling with realistic volumes).
TARGETS: dict[str, dict[str, float]] = {
    "home": {"median_ms": 150, "p95_ms": 300, "max_queries": 25},
    "unit_chart": {"median_ms": 150, "p95_ms": 300, "max_queries": 25},
    "hr_employee_list": {"median_ms": 150, "p95_ms": 300, "max_queries": 25},
    "api_employees": {"median_ms": 150, "p95_ms": 300, "max_queries": 20},
    "inbox": {"median_ms": 150, "p95_ms": 300, "max_queries": 20},
    "evaluation_rate": {"median_ms": 250, "p95_ms": 500, "max_queries": 45},
    "hr_period": {"median_ms": 400, "p95_ms": 800, "max_queries": 40},
    "api_evaluations": {"median_ms": 200, "p95_ms": 400, "max_queries": 20},
    "service_report": {"median_ms": 1500, "p95_ms": 2500, "max_queries": 40},
}


@dataclass
class Result:
    name: str
    url: str
    status: str  # PASS, FAIL, SKIP
    user: str = ""
    http_status: int | None = None
    runs: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    min_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None
    target: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def setup_django(args) -> tuple[str, bool]:
    """Point Django at a database before it is configured; returns (description, is_throwaway)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")  # dev SECRET_KEY; DEBUG itself is switched off below
    throwaway = not os.environ.get("DATABASE_URL")
    if throwaway:
        tmp = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    # Like the test runner: DEBUG off (no query log, production template paths), 'testserver' allowed.
    setup_test_environment(debug=False)
    # Errors are reported per target below; Django's own traceback logging would bury the table.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)  # WhiteNoise, no collectstatic
    if throwaway:
        # Only account creation is affected; requests below use force_login.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return os.environ["DATABASE_URL"], throwaway


def prepare_data(*, throwaway: bool, seed: bool) -> str:
    from django.core.management import call_command, get_commands

    from appraisal.models import Employee

    call_command("migrate", interactive=False, verbosity=0)
    if not seed:
        return "existing data (--no-seed)"
    if not throwaway and Employee.objects.exists():
        return "existing data (database not empty)"
    if "seed_demo" in get_commands():
        started = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())  # its login table is for humans, not the report
        return f"manage.py seed_demo ({time.perf_counter() - started:.1f} s)"
    print("note: seed_demo is not available; building data with tests.factories instead")
    build_factory_data()
    return "tests.factories (seed_demo missing)"


def build_factory_data(staff_per_unit: int = 40) -> None:
    """Fallback: the small named organisation plus bulk staff, roughly the demo's size."""
    from django.db import transaction

    from tests.factories import EmployeeFactory, OrgFactory, PositionFactory

    with transaction.atomic():
        org = OrgFactory.build_small()
        for unit, head in ((org.kec, org.kasi_kec_pos), (org.kel_a, org.kasi_a_pos), (org.kel_b, org.lurah_b_pos)):
            for i in range(staff_per_unit):
                pos = PositionFactory(title=f"Pengadministrasi {unit.code} {i}", unit=unit, parent=head)
                EmployeeFactory(position=pos)


def pick_subjects() -> dict:
    """Who and what to measure: an ordinary employee, HR with the widest scope, the largest unit."""
    from django.contrib.auth.models import User
    from django.db.models import Count

    from appraisal.models import Employee, HrScope, Unit, UnitKind
    from appraisal.policy import HR_GROUP

    employee = (
        Employee.objects.filter(
            user__isnull=False, is_active=True, position__parent__isnull=False, position__is_unit_head=False
        )
        .select_related("user")
        .order_by("pk")
        .first()
    ) or Employee.objects.filter(user__isnull=False).select_related("user").order_by("pk").first()
    unit = (
        Unit.objects.filter(kind=UnitKind.KECAMATAN).order_by("pk").first()
        or Unit.objects.annotate(n=Count("positions")).order_by("-n", "pk").first()
    )
    scope = (
        HrScope.objects.filter(user__groups__name=HR_GROUP, unit__kind=UnitKind.KECAMATAN)
        .select_related("user")
        .order_by("pk")
        .first()
        or HrScope.objects.filter(user__groups__name=HR_GROUP).select_related("user").order_by("pk").first()
    )
    hr_user = scope.user if scope else User.objects.filter(is_superuser=True).order_by("pk").first()
    from viewflow.workflow.models import Task

    from appraisal.models import Period

    rate = (
        Task.objects.filter(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"], owner__isnull=False)
        .filter(process__evaluationprocess__isnull=False, flow_task__endswith=".rate")
        .select_related("owner", "process__evaluationprocess")
        .order_by("pk")
        .first()
    )
    busiest = (
        User.objects.filter(task__status__in=["NEW", "ASSIGNED"]).annotate(n=Count("task")).order_by("-n", "pk").first()
    )
    return {
        "employee_user": employee.user if employee else None,
        "unit": unit,
        "hr_user": hr_user,
        "rate": (rate.process.evaluationprocess.evaluation_id, rate.owner) if rate else (0, None),
        "period": Period.objects.order_by("-pk").first(),
        "busiest": busiest,
    }


def measure(name: str, url: str, user, runs: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    result = Result(name=name, url=url, status="SKIP", target=TARGETS.get(name, {}))
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        result.problems.append(f"URL {url} does not exist (yet)")
        return result
    if user is None:
        result.problems.append("no suitable user in the data")
        return result
    result.user = user.get_username()
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)

    try:
        response = client.get(url)  # warm-up: template compilation, caches, first connection
    except Exception as exc:  # a broken page is a FAIL of this target, not the end of the run
        result.status = "FAIL"
        result.problems.append(f"{url} raised {type(exc).__name__}: {exc}")
        return result
    result.http_status = response.status_code
    if response.status_code == 404:
        result.problems.append(f"{url} answered 404 (route exists but the object or page is missing)")
        return result
    if response.status_code != 200:
        result.status = "FAIL"
        result.problems.append(f"{url} answered HTTP {response.status_code} for {result.user}")
        return result

    timings: list[float] = []
    queries: list[int] = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(ctx.captured_queries))
        if response.status_code != 200:
            result.status = "FAIL"
            result.problems.append(f"HTTP {response.status_code} during the timed runs")
            return result

    ordered = sorted(timings)
    result.runs = runs
    result.median_ms = round(statistics.median(ordered), 2)
    result.p95_ms = round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 2)  # nearest rank
    result.min_ms = round(ordered[0], 2)
    result.max_ms = round(ordered[-1], 2)
    result.queries = max(queries)
    if len(set(queries)) > 1:
        result.problems.append(f"query count varies between runs: {sorted(set(queries))}")

    target = result.target
    if "median_ms" in target and result.median_ms > target["median_ms"]:
        result.problems.append(f"median {result.median_ms} ms > {target['median_ms']} ms")
    if "p95_ms" in target and result.p95_ms > target["p95_ms"]:
        result.problems.append(f"p95 {result.p95_ms} ms > {target['p95_ms']} ms")
    if "max_queries" in target and result.queries > target["max_queries"]:
        result.problems.append(f"{result.queries} queries > {int(target['max_queries'])}")
    failed = any(p for p in result.problems if not p.startswith("query count varies"))
    result.status = "FAIL" if failed else "PASS"
    return result


def data_summary() -> dict:
    from django.contrib.auth.models import User

    from appraisal.models import Employee, Position, Unit

    return {
        "units": Unit.objects.count(),
        "positions": Position.objects.count(),
        "employees": Employee.objects.count(),
        "users": User.objects.count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "30")))
    parser.add_argument("--only", action="append", choices=sorted(TARGETS), help="measure only these targets")
    parser.add_argument("--no-seed", action="store_true", help="do not load demo data")
    parser.add_argument("--strict", action="store_true", help="a skipped target counts as a failure")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    db_description, throwaway = setup_django(args)
    from django import get_version
    from django.db import connection

    print(
        f"Kinerja Alak bench: {connection.vendor} ({'throwaway' if throwaway else 'DATABASE_URL'}), "
        f"{args.runs} runs per target"
    )
    source = prepare_data(throwaway=throwaway, seed=not args.no_seed)
    summary = data_summary()
    print(f"data: {source}; " + ", ".join(f"{v} {k}" for k, v in summary.items()))

    s = pick_subjects()
    unit_url = f"/unit/{s['unit'].pk}/" if s["unit"] else "/unit/0/"
    unit_id, year = (s["unit"].pk if s["unit"] else 0), __import__("datetime").date.today().year
    plan = {
        "home": ("/", s["employee_user"]),
        "unit_chart": (unit_url, s["employee_user"]),
        "hr_employee_list": ("/kepegawaian/", s["hr_user"]),
        "api_employees": ("/api/v1/employees/", s["hr_user"]),
        "inbox": ("/tugas/", s["busiest"]),
        "evaluation_rate": (f"/evaluasi/{s['rate'][0]}/nilai/", s["rate"][1]),
        "hr_period": (f"/kepegawaian/periode/{s['period'].pk if s['period'] else 0}/", s["hr_user"]),
        "api_evaluations": ("/api/v1/evaluations/", s["hr_user"]),
        "service_report": (
            f"/laporan/layanan/?unit={unit_id}&start={year}-01-01&end={year}-12-31",
            s["hr_user"],
        ),
    }
    names = args.only or list(TARGETS)

    results = []
    header = f"{'target':<18} {'url':<24} {'user':<14} {'median':>9} {'p95':>9} {'queries':>7}  result"
    print("\n" + header + "\n" + "-" * len(header))
    for name in names:
        url, user = plan[name]
        r = measure(name, url, user, args.runs)
        results.append(r)
        med = f"{r.median_ms:.1f}ms" if r.median_ms is not None else "-"
        p95 = f"{r.p95_ms:.1f}ms" if r.p95_ms is not None else "-"
        q = str(r.queries) if r.queries is not None else "-"
        print(f"{name:<18} {url:<24} {r.user:<14} {med:>9} {p95:>9} {q:>7}  {r.status}")
        for problem in r.problems:
            print(f"{'':<18} ! {problem}")

    failed = [r for r in results if r.status == "FAIL"]
    skipped = [r for r in results if r.status == "SKIP"]
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    payload = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "throwaway_database": throwaway,
        "data_source": source,
        "data": summary,
        "runs": args.runs,
        "python": platform.python_version(),
        "django": get_version(),
        "machine": platform.machine(),
        "targets": TARGETS,
        "results": [asdict(r) for r in results],
        "passed": not failed and not (args.strict and skipped),
    }
    out = RESULTS_DIR / f"bench-{stamp}.json"
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    (RESULTS_DIR / "latest.json").write_text(out.read_text())
    print(f"\nresults written to {out.relative_to(ROOT)}")
    if throwaway:
        Path(db_description.removeprefix("sqlite:///")).unlink(missing_ok=True)

    if failed:
        print(f"FAIL: {', '.join(r.name for r in failed)}")
        return 1
    if skipped:
        print(f"skipped: {', '.join(r.name for r in skipped)}" + (" (--strict: failing)" if args.strict else ""))
        if args.strict:
            return 1
    print("PASS" if not skipped else "PASS (for the targets that exist)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
