#!/usr/bin/env python
"""Kinerja Alak city-scale benchmark: a city of 10,000 employees, one period opened, pages, final PDFs.

    make bench-scale                                  # PostgreSQL kinerja_bench on 127.0.0.1 (created if missing)
    DATABASE_URL=postgres://... make bench-scale BENCH_SCALE_ARGS="--employees 2000 --naive-sample 200"
    DATABASE_URL=postgres://... .venv/bin/python bench/scale.py --employees 10000 --compare 200 --pdfs 1000

In one run: generate the city (bench/city.py) on DATABASE_URL; open one Triwulan for the whole city through the
bulk path (appraisal.evaluation.services.period_create + workflows.opening.period_populate) and measure wall
seconds, SQL statements and peak resident-memory growth; open another Triwulan the naive way (bench/naive.py,
one employee at a time with viewflow's StartHandle) on a sample, rolled back, extrapolated linearly; time the HR
period page, a busy inbox, the evaluations API, the leaders' dashboard (/dasbor/ of the Sekda, over the whole
city, and of the Camat of Alak) and the rekap exports (XLSX: HR's of the period, the Sekda's of his dashboard);
render final PDFs with two Huey consumers; then the same pages on a small city (--compare) to show whether query
counts grow with the city. One line per figure;
the last line is `period_open employees=N seconds=S naive_seconds=T speedup=X queries=Q peak_mb=M`.

The database is wiped (Django's flush) before each city. A database holding anything that is not bench data is
refused unless --reset (or BENCH_SCALE_RESET=1) is given. Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import logging
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.city import City

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
PROFILE_TEXT = RESULTS_DIR / "period-open-profile.txt"

TARGETS = {
    "period_open_seconds": 4.0,  # 10,000 employees, PostgreSQL, 2 cores
    "speedup": 6.0,
    "employees_per_query": 20.0,  # at most one query per 20 employees
    "peak_mb": 500.0,
    "pdf_seconds": 90.0,  # 1,000 documents, two consumers (issue 13)
    "pdf_warm_seconds": 0.15,  # median final evaluation PDF in a warm process (issue 13)
    "service_report_ms": 200.0,  # the service report over the city's 100,000 files (issue 13)
    "dashboard_ms": 300.0,  # the top leader's /dasbor/ over the whole city
}
# Issue 13: the HR period page (first page and every count and curve), the inbox at 2,000 tasks, the evaluations
# API's first page at 100,000 rows (here: the city's rows; a superuser and a city-wide HR officer).
LIST_TARGETS_MS = {
    "hr_period_detail": 200.0,
    "inbox_2000": 100.0,
    "api_evaluations": 150.0,
    "api_evaluations_hr": 150.0,
}
QUARTERS = {1: "TW1", 2: "TW2", 3: "TW3", 4: "TW4"}


def log(line: str) -> None:
    print(line, flush=True)


# --- environment and database ----------------------------------------------------------------------


def ensure_postgres_database(url: str) -> None:
    """Create the database named in a postgres:// URL when it does not exist (make bench-scale's default)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    if "postgresql" not in cfg["ENGINE"]:
        return
    params = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None}
    params = {k: v for k, v in params.items() if v}
    if cfg["PASSWORD"]:
        params["password"] = cfg["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
            log(f"created database {cfg['NAME']}")


def setup(args, scratch: Path) -> None:
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("bench/scale.py needs DATABASE_URL (make bench-scale defaults to postgres kinerja_bench on 127.0.0.1)")
    if args.create_db:
        ensure_postgres_database(url)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")  # dev SECRET_KEY; DEBUG itself is switched off below
    # The bench's own media folder and job queue: never a developer's media/, huey.sqlite3 or Redis queue
    # (the queue is flushed before the PDF jobs). The Huey consumer subprocess inherits these.
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ["HUEY_FILE"] = str(scratch / "huey.sqlite3")
    os.environ["HUEY_IMMEDIATE"] = "false"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # no query log; 'testserver' allowed; locmem e-mail
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)  # WhiteNoise


def prepare_database(reset: bool) -> None:
    from django.core.management import call_command

    from bench import city

    call_command("migrate", interactive=False, verbosity=0)
    foreign = city.foreign_data()
    if foreign and not reset:
        sys.exit(
            "refusing to wipe a database with non-bench data ("
            + "; ".join(foreign)
            + "). Use a fresh database, or --reset / BENCH_SCALE_RESET=1 to wipe it anyway."
        )


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- phases -------------------------------------------------------------------------------------------


def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def period_args(the_city: City, quarter: int) -> dict:
    start, end = quarter_dates(the_city.year, quarter)
    return {
        "unit": the_city.root,
        "year": the_city.year,
        "kind": QUARTERS[quarter],
        "start_date": start,
        "end_date": end,
        "peer_deadline": end - dt.timedelta(days=7),
        "actor": the_city.admin,
    }


def generate(employees: int, year: int) -> City:
    from bench import city

    started = time.perf_counter()
    city.wipe()
    wiped = time.perf_counter() - started
    the_city = city.build_city(employees, year=year)
    started = time.perf_counter()
    analyze()
    analyzed = time.perf_counter() - started
    log(
        f"generate employees={the_city.employees} seconds={the_city.seconds:.1f} "
        f"(bulk_create, one password hash; wipe {wiped:.1f} s and ANALYZE {analyzed:.1f} s not included; "
        f"{len(the_city.kecamatan)} kecamatan: {the_city.summary()})"
    )
    return the_city


def open_bulk(the_city: City, quarter: int, *, profile: bool = False):
    """Open the period in a fresh Python process (like a job in a worker), so its memory is its own."""
    from appraisal.models import Evaluation, Period
    from bench.probes import Probe

    command = [sys.executable, str(Path(__file__).resolve()), "--phase", "open-bulk", "--quarter", str(quarter)]
    command += ["--profile"] if profile else []
    child = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    lines = [line for line in child.stdout.splitlines() if line.startswith("RESULT ")]
    if child.returncode != 0 or not lines:
        sys.exit(f"opening the period failed (exit {child.returncode}):\n{child.stderr[-3000:]}")
    p = Probe(**json.loads(lines[-1].removeprefix("RESULT ")))
    period = Period.objects.get(unit=the_city.root, year=the_city.year, kind=QUARTERS[quarter])
    created = Evaluation.objects.filter(period=period).count()
    log(
        f"period_open_bulk employees={the_city.employees} created={created} seconds={p.seconds:.2f} "
        f"queries={p.queries} peak_mb={p.peak_mb:.0f} (period_create + period_populate in a fresh process; "
        f"peak = resident-set growth over the RSS before the call: VmHWM and 5 ms sampling"
        + (f"; under cProfile, slower than without: {PROFILE_TEXT.relative_to(ROOT)})" if profile else ")")
    )
    return period, created, p


def open_bulk_child(quarter: int, *, profile: bool) -> None:
    """--phase open-bulk: the measured call, printed as one RESULT line for open_bulk."""
    from types import SimpleNamespace

    from django.contrib.auth.models import User
    from django.utils import timezone

    from appraisal.evaluation.services import period_create
    from appraisal.models import Unit
    from bench import city
    from bench.probes import peak_rss_bytes, probe, rss_bytes
    from workflows.opening import period_populate

    populate = getattr(period_populate, "call_local", period_populate)  # the job body, not an enqueue
    the_city = SimpleNamespace(
        root=Unit.objects.get(code=city.ROOT_CODE),
        admin=User.objects.get(username=city.ADMIN_USERNAME),
        year=timezone.localdate().year,
    )
    profiler = cProfile.Profile() if profile else None
    before = rss_bytes()
    with probe() as p:
        if profiler:
            profiler.enable()
        period = period_create(**period_args(the_city, quarter))
        populate(period.pk)
        if profiler:
            profiler.disable()
    if profiler:
        RESULTS_DIR.mkdir(exist_ok=True)
        with open(PROFILE_TEXT, "w") as out:
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
    p.peak_mb = max(p.peak_mb, (peak_rss_bytes() - before) / 2**20)
    print("RESULT " + json.dumps(asdict(p)), flush=True)


def open_naive(the_city: City, quarter: int, sample: int, bulk_created: int) -> dict:
    from django.db import transaction

    from appraisal.models import Employee
    from bench import naive
    from bench.probes import probe

    ids = list(
        Employee.objects.filter(is_active=True)
        .order_by("position__unit__name", "name", "id")
        .values_list("id", flat=True)
    )
    if sample and sample < len(ids):
        step = len(ids) / sample  # spread over every unit: per-employee cost grows with the unit's size
        chosen = {ids[int(i * step)] for i in range(sample)}
    else:
        chosen = None
    with transaction.atomic():
        with probe() as p:
            created = naive.period_open(**period_args(the_city, quarter), only_employee_ids=chosen)
        transaction.set_rollback(True)  # the naive evaluations only cost time; the pages use the bulk period
    factor = bulk_created / created if created else 0.0
    figures = {
        "created": created,
        "seconds": p.seconds,
        "queries": p.queries,
        "peak_mb": p.peak_mb,
        "extrapolated_seconds": p.seconds * factor,
        "extrapolated_queries": round(p.queries * factor),
        "sampled": chosen is not None,
    }
    how = (
        f"sample of {created} spread over the city, extrapolated linearly to {bulk_created}"
        if chosen is not None
        else "whole city"
    )
    log(
        f"period_open_naive employees={bulk_created} seconds={figures['extrapolated_seconds']:.1f} "
        f"queries={figures['extrapolated_queries']} measured_seconds={p.seconds:.1f} measured_queries={p.queries} "
        f"per_employee_ms={1000 * p.seconds / max(created, 1):.1f} ({how}; StartHandle per employee; "
        f"selectors: {naive.SELECTORS}; rolled back)"
    )
    return figures


def busy_inbox(period, team_size: int):
    """Self-assessments of one big team go through the flow; their peers get feedback tasks. Returns the user
    with the most open tasks and how many."""
    from decimal import Decimal

    from django.contrib.auth.models import User
    from django.db.models import Count

    from appraisal.models import Evaluation, Realization

    try:
        from workflows.steps.evaluation import self_assessment_submit
    except ImportError:
        from appraisal.evaluation.services import self_assessment_submit

    team = (
        Evaluation.objects.filter(period=period, position__is_unit_head=False)
        .values("position__parent_id")
        .annotate(n=Count("id"))
        .order_by("-n", "position__parent_id")
        .first()
    )
    evaluations = list(
        Evaluation.objects.filter(period=period, position__parent_id=team["position__parent_id"])
        .select_related("employee__user")
        .order_by("id")[:team_size]
    )
    Realization.objects.filter(evaluation__in=evaluations).update(value=Decimal("10"))
    submitted, failed = 0, []
    started = time.perf_counter()
    for ev in evaluations:
        try:
            self_assessment_submit(evaluation=ev, actor=ev.employee.user, text="Target triwulan tercapai.")
            submitted += 1
        except Exception as exc:  # reported, not fatal: the pages are still measured
            failed.append(f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    busiest = (
        User.objects.filter(task__status__in=["NEW", "ASSIGNED"]).annotate(n=Count("task")).order_by("-n", "pk").first()
    )
    note = f"; {len(failed)} failed, first: {failed[0]}" if failed else ""
    log(
        f"inbox_setup self_assessments={submitted} seconds={seconds:.1f} busiest_user={busiest.username} "
        f"open_tasks={busiest.n}{note}"
    )
    return busiest, busiest.n


def leaders():
    """The leaders whose dashboards are timed: the top one (the Sekretaris Daerah: every Camat reports to him, so his
    /dasbor/ covers the whole city) and the Camat of Alak (one kecamatan)."""
    from appraisal.models import Employee

    heads = Employee.objects.filter(is_active=True, position__is_unit_head=True, user__isnull=False)
    top = heads.filter(position__parent__isnull=True).select_related("user").order_by("id").first()
    camat = heads.filter(position__title="Camat Alak").select_related("user").order_by("id").first()
    return {"dashboard": top.user if top else None, "dashboard_camat": camat.user if camat else None}


def measure_pages(the_city: City, period, inbox_user, runs: int) -> dict:
    from django.urls import reverse

    from bench.probes import measure_page

    plan = {
        "hr_period_detail": (reverse("hr_period_detail", args=[period.pk]), the_city.admin),
        "inbox": (reverse("inbox"), inbox_user),
        "api_evaluations": ("/api/v1/evaluations/", the_city.admin),
        # The rekap of the whole city as XLSX (every employee on the Per pegawai sheet), as HR downloads it.
        "hr_period_export": (reverse("hr_period_export", args=[period.pk]), the_city.admin),
    }
    for name, leader in leaders().items():
        if leader is not None:
            plan[name] = (reverse("dashboard"), leader)
    top = leaders()["dashboard"]
    if top is not None:  # the top leader's rekap: the city's units, and the evaluations he may open
        plan["dashboard_export"] = (reverse("dashboard_export"), top)
    pages = {}
    for name, (url, user) in plan.items():
        page = measure_page(name, url, user, runs=runs)
        pages[name] = page
        note = f" ({page.note})" if page.note else ""
        log(
            f"page {name} employees={the_city.employees} status={page.status} queries={page.queries} "
            f"median_ms={page.median_ms:.0f} runs={runs} user={user.username}{note}"
        )
    return pages


LIST_TASKS = 2000  # the busy lists: an inbox and a sign-off list of about 2,000 entries


def measure_lists(the_city: City, period, runs: int) -> dict:
    """The lists that page (issue 13), at 2,000 tasks: an inbox (one official holding 2,000 open tasks), HR's
    sign-off list with 2,000 evaluations waiting, HR's employee list, and the first pages of the evaluations and
    tasks APIs as a city-wide HR officer (not a superuser: the visibility filter runs). The tasks are moved there
    for the measurement only, in a transaction rolled back afterwards."""
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.urls import reverse
    from viewflow.workflow.models import Task

    from appraisal.models import HrScope
    from appraisal.policy import HR_GROUP
    from bench.probes import measure_page
    from workflows.evaluation_flow import EvaluationFlow
    from workflows.steps.common import OPEN_STATUSES

    pages = {}
    with transaction.atomic():
        hr = User.objects.filter(groups__name=HR_GROUP, is_active=True).order_by("id").first()
        HrScope.objects.get_or_create(user=hr, unit=the_city.root)  # HR of the whole city, for this measurement
        open_self = Task.objects.filter(
            flow_task=EvaluationFlow.self_assess,
            status__in=OPEN_STATUSES,
            process__evaluationprocess__evaluation__period=period,
        ).order_by("id")
        ids = list(open_self.values_list("id", flat=True)[: 2 * LIST_TASKS])
        busy = User.objects.filter(employee__isnull=False, is_active=True).exclude(pk=hr.pk).order_by("id").first()
        # A small city (--compare) has fewer than 2 × 2,000 open tasks: half each, so both lists have rows and their
        # query counts compare like with like (an empty list skips its per-row prefetches).
        split = min(LIST_TASKS, len(ids) // 2)
        Task.objects.filter(id__in=ids[:split]).update(owner=busy)
        Task.objects.filter(id__in=ids[split:]).update(flow_task=EvaluationFlow.sign_off, owner=hr)
        analyze()
        plan = {
            "inbox_2000": (reverse("inbox"), busy),
            "api_tasks_2000": ("/api/v1/tasks/", busy),
            "hr_sign_off_list_2000": (reverse("hr_sign_off_list"), hr),
            "hr_employees": (reverse("hr_dashboard"), hr),
            "api_evaluations_hr": ("/api/v1/evaluations/", hr),
        }
        for name, (url, user) in plan.items():
            page = measure_page(name, url, user, runs=runs)
            pages[name] = page
            note = f" ({page.note})" if page.note else ""
            log(
                f"page {name} employees={the_city.employees} status={page.status} queries={page.queries} "
                f"median_ms={page.median_ms:.0f} runs={runs} user={user.username}{note}"
            )
        transaction.set_rollback(True)
    analyze()
    return pages


def render_pdfs(period, the_city: City, count: int, workers: int, timeout: float, scratch: Path):
    from bench import pdfs

    ids = pdfs.make_final(period.pk, count, the_city.admin)
    first, warm = pdfs.warm_render(ids)
    log(f"pdf_warm first_seconds={first:.2f} median_seconds={warm:.3f} (render_evaluation_pdf in one process)")
    if pdfs.render_job() is not None:
        result = pdfs.with_huey(ids, workers=workers, timeout=timeout, log_path=scratch / "huey.log")
    else:
        result = pdfs.with_processes(ids, workers=workers)
    log(
        f"pdfs documents={result.documents}/{len(ids)} seconds={result.seconds:.1f} consumers={workers} "
        f"({result.how}; {result.note})"
    )
    result.warm_seconds = warm
    return result


# --- the run ---------------------------------------------------------------------------------------------


def check(name: str, ok: bool, detail: str, failures: list[str]) -> None:
    log(f"target {name}: {detail} {'PASS' if ok else 'FAIL'}")
    if not ok:
        failures.append(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000, help="employees of the city (default 10000)")
    parser.add_argument("--compare", type=int, default=200, help="small city for the page comparison (0: none)")
    parser.add_argument("--naive-sample", type=int, default=500, help="employees opened the naive way (0: all)")
    parser.add_argument("--pdfs", type=int, default=1000, help="final documents to render (0: skip)")
    parser.add_argument("--workers", type=int, default=2, help="Huey consumers (processes) for the PDFs")
    parser.add_argument("--pdf-timeout", type=float, default=1800, help="seconds to wait for the documents")
    parser.add_argument("--runs", type=int, default=3, help="timed requests per page (median)")
    parser.add_argument("--team", type=int, default=60, help="self-assessments submitted to fill one inbox")
    parser.add_argument("--reset", action="store_true", help="wipe the database even if it holds non-bench data")
    parser.add_argument("--create-db", action="store_true", help="create the PostgreSQL database if missing")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--profile", action="store_true", help="cProfile the bulk opening (top 60 in bench/results)")
    parser.add_argument("--phase", choices=["open-bulk"], help=argparse.SUPPRESS)  # the child of open_bulk
    parser.add_argument("--quarter", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.employees < 30 or args.compare and args.compare < 30:
        parser.error("a city needs at least 30 employees")
    reset = args.reset or os.environ.get("BENCH_SCALE_RESET", "").lower() in {"1", "true", "yes"}

    if args.phase == "open-bulk":
        setup(args, Path(os.environ["MEDIA_ROOT"]).parent)  # the parent's scratch folder, from the environment
        open_bulk_child(args.quarter, profile=args.profile)
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="kinerja-scale-"))
    try:
        setup(args, scratch)
        return run(args, reset, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args, reset: bool, scratch: Path) -> int:
    from django.db import connection
    from django.utils import timezone

    from bench import service_desk

    prepare_database(reset)
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    other = quarter - 1 if quarter > 1 else 2  # the naive path opens a different Triwulan
    log(
        f"Kinerja Alak scale bench: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{os.cpu_count()} CPUs, year {year}, bulk {QUARTERS[quarter]}, naive {QUARTERS[other]}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    results: dict = {"when": timezone.now().isoformat(timespec="seconds"), "database": connection.vendor}

    big = generate(args.employees, year)
    results["service_desk"] = service_desk.report_figures(big)  # counter files, then the service report (issue 13)
    period, created, bulk = open_bulk(big, quarter, profile=args.profile)
    results["generate_seconds"] = big.seconds
    results["bulk"] = {"employees": big.employees, "created": created, **asdict(bulk)}
    naive = open_naive(big, other, args.naive_sample, created)
    results["naive"] = naive
    inbox_user, inbox_tasks = busy_inbox(period, args.team)
    analyze()  # as autovacuum soon would after the opening's bulk inserts: pages are planned on real statistics
    pages = {big.employees: measure_pages(big, period, inbox_user, args.runs)}
    pages[big.employees].update(measure_lists(big, period, args.runs))
    results["inbox_tasks"] = {big.employees: inbox_tasks}
    pdf = None
    if args.pdfs:
        pdf = render_pdfs(period, big, args.pdfs, args.workers, args.pdf_timeout, scratch)
        results["pdfs"] = {**asdict(pdf), "warm_seconds": pdf.warm_seconds}

    if args.compare:
        small = generate(args.compare, year)
        small_period, _created, _probe = open_bulk(small, quarter)
        small_user, small_tasks = busy_inbox(small_period, args.team)
        analyze()
        pages[small.employees] = measure_pages(small, small_period, small_user, args.runs)
        pages[small.employees].update(measure_lists(small, small_period, args.runs))
        results["inbox_tasks"][small.employees] = small_tasks
    results["pages"] = {n: {k: asdict(v) for k, v in p.items()} for n, p in pages.items()}

    failures: list[str] = []
    speedup = naive["extrapolated_seconds"] / bulk.seconds if bulk.seconds else 0.0
    n = big.employees
    check("period_open_seconds", bulk.seconds <= TARGETS["period_open_seconds"], f"{bulk.seconds:.2f} s <= 4", failures)
    check("speedup", speedup >= TARGETS["speedup"], f"{speedup:.1f} >= 6", failures)
    per_query = n / bulk.queries if bulk.queries else float("inf")
    check("queries", per_query >= TARGETS["employees_per_query"], f"{bulk.queries} queries (<= {n // 20})", failures)
    check("peak_mb", bulk.peak_mb <= TARGETS["peak_mb"], f"{bulk.peak_mb:.0f} MB <= 500", failures)
    if len(pages) == 2:
        small_n = min(pages)
        compared = (
            "hr_period_detail", "inbox", "api_evaluations", "dashboard", "hr_period_export", "dashboard_export",
            "inbox_2000", "api_tasks_2000", "hr_sign_off_list_2000", "hr_employees", "api_evaluations_hr",
        )  # fmt: skip
        for name in compared:
            if name not in pages[small_n] or name not in pages[n]:
                continue
            a, b = pages[small_n][name].queries, pages[n][name].queries
            check(f"{name}_queries", a == b, f"{small_n}: {a}, {n}: {b} (same)", failures)
    top = pages[n].get("dashboard")
    if top is not None:
        ok = top.status == 200 and top.median_ms <= TARGETS["dashboard_ms"]
        check("dashboard_ms", ok, f"{top.median_ms:.0f} ms <= 300 ({n} employees)", failures)
    for name, limit in LIST_TARGETS_MS.items():
        page = pages[n].get(name)
        if page is not None:
            ok = page.status == 200 and page.median_ms <= limit
            check(f"{name}_ms", ok, f"{page.median_ms:.0f} ms <= {limit:.0f} ({n} employees)", failures)
    if pdf is not None:
        ok = pdf.documents == args.pdfs and pdf.seconds <= TARGETS["pdf_seconds"]
        check("pdfs", ok, f"{pdf.documents} documents in {pdf.seconds:.1f} s <= 90", failures)
        ok = pdf.warm_seconds <= TARGETS["pdf_warm_seconds"]
        check("pdf_warm", ok, f"median {pdf.warm_seconds:.3f} s <= 0.15 in a warm process", failures)
    city_report = results["service_desk"]["city"]
    ok = city_report.median_ms <= TARGETS["service_report_ms"]
    check("service_report_ms", ok, f"{city_report.median_ms:.0f} ms <= 200 ({city_report.files} files)", failures)

    log(f"load average at the end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    RESULTS_DIR.mkdir(exist_ok=True)
    results["speedup"] = speedup
    results["failed_targets"] = failures
    (RESULTS_DIR / "scale-latest.json").write_text(json.dumps(results, indent=2, default=str))
    log(
        f"period_open employees={n} seconds={bulk.seconds:.2f} naive_seconds={naive['extrapolated_seconds']:.1f} "
        f"speedup={speedup:.1f} queries={bulk.queries} peak_mb={bulk.peak_mb:.0f}"
    )
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
