#!/usr/bin/env python
"""Kinerja Alak deadline-rush bench: 50 signed-in employees autosaving realisation, against a bare INSERT.

    make bench-rush                                   # PostgreSQL kinerja_bench on 127.0.0.1 (created if missing)
    DATABASE_URL=postgres://... .venv/bin/python bench/rush.py --connections 50 --duration 15

In one run: find (or generate, bench/city.py, and open one Triwulan for) a bench city with evaluations still in
self-assessment; sign 50 of their employees in (a real session each, written by Django's login) and write their
cookies and realisation URLs to a file; start gunicorn (2 sync workers, loopback) with config.settings_bench, which
adds POST /bench/insert/ (one INSERT, nothing else; bench/urls.py) to the project's URLs; then wrk (Debian
package) with bench/rush.lua loads, one after the other and with the same connections, the bare INSERT and the
autosave (POST /evaluasi/<id>/realisasi/<id>/, as static/js/autosave.js sends it). Prints req/s, p50/p95/p99 and
errors (socket errors and non-2xx answers) for both, and their ratio; the last line is
`rush autosave_rps=… bare_rps=… ratio=… autosave_p95_ms=… errors=…`.

Targets (issue 13, PostgreSQL, 2 cores): autosave at least 40% of the bare INSERT's throughput in the same run,
p95 at most 150 ms at 50 connections, no errors. A database holding anything that is not bench data is refused
(it may be wiped when a city has to be generated) unless --reset. Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "rush.lua"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGETS = {"ratio": 0.40, "p95_ms": 150.0, "errors": 0}


def log(line: str) -> None:
    print(line, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(scratch: Path) -> dict:
    """The settings of the setup step and of gunicorn: production mode (DEBUG off, no query log), bench URLs."""
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings_bench",
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or "bench-rush-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_COOKIES="false",
        MEDIA_ROOT=str(scratch / "media"),
        HUEY_FILE=str(scratch / "huey.sqlite3"),
        HUEY_IMMEDIATE="false",
    )
    env.pop("REDIS_URL", None)
    return env


def setup_django(env: dict, create_db: bool) -> None:
    os.environ.update(env)
    if create_db:
        from bench.scale import ensure_postgres_database

        ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def prepare(args) -> list[tuple[int, int, int]]:
    """(user id, evaluation id, realisation id) of `args.users` employees in self-assessment; a city when needed."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from appraisal.models import Evaluation, EvaluationStatus, Realization
    from bench import city
    from bench.urls import TABLE

    call_command("migrate", interactive=False, verbosity=0)
    serial = "bigserial" if connection.vendor == "postgresql" else "integer"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id {serial} PRIMARY KEY, at timestamp with time zone)")
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - a constant

    def candidates():
        rows = (
            Realization.objects.filter(
                evaluation__status=EvaluationStatus.SELF_ASSESSMENT,
                evaluation__is_final=False,
                evaluation__employee__user__isnull=False,
                evaluation__employee__user__is_active=True,
                evaluation__employee__position__unit__code__startswith=city.CODE_PREFIX,
            )
            .order_by("evaluation_id", "id")
            .values_list("evaluation__employee__user_id", "evaluation_id", "id")
        )
        chosen, seen = [], set()
        for user_id, evaluation_id, realization_id in rows.iterator():
            if user_id not in seen:
                seen.add(user_id)
                chosen.append((user_id, evaluation_id, realization_id))
                if len(chosen) == args.users:
                    break
        return chosen

    chosen = [] if args.fresh else candidates()
    if len(chosen) >= args.users:
        log(f"reusing the bench city: {Evaluation.objects.count()} evaluations, {len(chosen)} employees chosen")
        return chosen
    foreign = city.foreign_data()
    if foreign and not args.reset:
        sys.exit("refusing to wipe a database with non-bench data (" + "; ".join(foreign) + "); use --reset")
    from appraisal.evaluation.services import period_create
    from bench.scale import QUARTERS, period_args
    from workflows.opening import period_populate

    started = time.perf_counter()
    city.wipe()
    the_city = city.build_city(args.employees, year=timezone.localdate().year)
    quarter = (timezone.localdate().month - 1) // 3 + 1
    period = period_create(**period_args(the_city, quarter))
    getattr(period_populate, "call_local", period_populate)(period.pk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    log(
        f"generated a bench city of {the_city.employees} employees and opened {QUARTERS[quarter]} "
        f"({Evaluation.objects.count()} evaluations) in {time.perf_counter() - started:.1f} s"
    )
    chosen = candidates()
    if len(chosen) < args.users:
        sys.exit(f"only {len(chosen)} employees in self-assessment; use a bigger --employees")
    return chosen


def sign_in(chosen: list[tuple[int, int, int]], path: Path) -> None:
    """One real session per employee (django.contrib.auth.login through the test client), and a CSRF secret."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    users = User.objects.in_bulk([u for u, _e, _r in chosen])
    lines = []
    for user_id, evaluation_id, realization_id in chosen:
        client = Client()
        client.force_login(users[user_id])
        session = client.cookies["sessionid"].value
        csrf = get_random_string(32)  # the cookie's secret; Django accepts it unmasked in the header
        url = reverse("realization_save", args=[evaluation_id, realization_id])
        lines.append(f"{session} {csrf} {url}")
    path.write_text("\n".join(lines) + "\n")


def start_gunicorn(env: dict, port: int, workers: int, log_path: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--no-control-socket"]
    command += ["--error-logfile", str(log_path), "--graceful-timeout", "5"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited ({process.returncode}): {log_path.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/insert/", timeout=2)  # GET: 405 once it answers
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def smoke(port: int, users_file: Path) -> None:
    """One autosave over real HTTP before the load: a session or CSRF fault must fail loudly, not as errors."""
    session, csrf, url = users_file.read_text().splitlines()[0].split()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{url}",
        data=b"value=1&note=cek",
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            body = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        sys.exit(f"the autosave answered {exc.code}: {exc.read()[:500]!r}")
    if not body.get("ok"):
        sys.exit(f"the autosave did not save: {body}")


def wrk(port: int, mode: str, users_file: Path, args, seconds: float) -> dict:
    command = [
        args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds:g}s", "--timeout", "5s",
        "-s", str(LUA), f"http://127.0.0.1:{port}", "--", mode, str(users_file), str(args.threads),
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines:
        sys.exit(f"wrk failed ({run.returncode}): {run.stdout[-1500:]} {run.stderr[-1500:]}")
    figures = json.loads(lines[-1])
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    figures["error_count"] = sum(figures["errors"].values())
    return figures


def report(name: str, f: dict, args) -> None:
    e = f["errors"]
    log(
        f"{name:9} {f['rps']:8.1f} req/s  p50 {f['p50_ms']:6.1f} ms  p95 {f['p95_ms']:6.1f} ms  "
        f"p99 {f['p99_ms']:6.1f} ms  errors {f['error_count']} (status {e['status']}, timeout {e['timeout']}, "
        f"connect {e['connect']}, read {e['read']}, write {e['write']})  {f['requests']} requests in "
        f"{f['seconds']:.1f} s, {args.connections} connections"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="signed-in employees autosaving (default 50)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections (default 50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--duration", type=float, default=15, help="seconds of load per endpoint (default 15)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per endpoint (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--employees", type=int, default=300, help="size of the city generated when none is there")
    parser.add_argument("--fresh", action="store_true", help="generate a new city even if one can be reused")
    parser.add_argument("--reset", action="store_true", help="wipe the database even if it holds non-bench data")
    parser.add_argument("--create-db", action="store_true", help="create the PostgreSQL database if missing")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk", help="the wrk binary")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("bench/rush.py needs DATABASE_URL (make bench-rush defaults to postgres kinerja_bench on 127.0.0.1)")
    if not shutil.which(args.wrk):
        sys.exit("wrk is missing: apt-get install wrk (make bench-rush installs it when run as root)")
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="kinerja-rush-"))
    gunicorn = None
    try:
        env = environment(scratch)
        setup_django(env, args.create_db)
        from django.db import connection

        chosen = prepare(args)
        users_file = scratch / "users.txt"
        sign_in(chosen, users_file)
        connection.close()  # the load owns the database from here
        port = free_port()
        gunicorn = start_gunicorn(env, port, args.workers, scratch / "gunicorn.log")
        smoke(port, users_file)
        log(
            f"Kinerja Alak rush bench: {connection.vendor} {connection.settings_dict['NAME']}, {os.cpu_count()} CPUs, "
            f"gunicorn {args.workers} sync workers on 127.0.0.1:{port}, wrk {args.threads} threads, "
            f"{args.connections} connections, {len(chosen)} signed-in employees, load average {os.getloadavg()[0]:.1f}"
        )
        if args.warmup:
            wrk(port, "bare", users_file, args, args.warmup)
            wrk(port, "autosave", users_file, args, args.warmup)
        bare = wrk(port, "bare", users_file, args, args.duration)
        report("bare", bare, args)
        autosave = wrk(port, "autosave", users_file, args, args.duration)
        report("autosave", autosave, args)
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        shutil.rmtree(scratch, ignore_errors=True)

    ratio = autosave["rps"] / bare["rps"] if bare["rps"] else 0.0
    errors = autosave["error_count"] + bare["error_count"]
    failures = []
    for name, ok, detail in (
        ("ratio", ratio >= TARGETS["ratio"], f"autosave/bare {ratio:.1%} >= 40%"),
        ("p95_ms", autosave["p95_ms"] <= TARGETS["p95_ms"], f"autosave p95 {autosave['p95_ms']:.0f} ms <= 150"),
        ("errors", errors == 0, f"{errors} errors == 0"),
    ):
        log(f"target {name}: {detail} {'PASS' if ok else 'FAIL'}")
        if not ok:
            failures.append(name)
    log(f"load average at the end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    RESULTS_DIR.mkdir(exist_ok=True)
    results = {"bare": bare, "autosave": autosave, "ratio": ratio, "failed_targets": failures, "args": vars(args)}
    (RESULTS_DIR / "rush-latest.json").write_text(json.dumps(results, indent=2))
    log(
        f"rush autosave_rps={autosave['rps']:.1f} bare_rps={bare['rps']:.1f} ratio={ratio:.3f} "
        f"autosave_p95_ms={autosave['p95_ms']:.1f} bare_p95_ms={bare['p95_ms']:.1f} errors={errors}"
    )
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
