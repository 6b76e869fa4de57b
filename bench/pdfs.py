"""Final PDFs for bench/scale.py: 1,000 evaluations made final-looking, their documents rendered by two consumers.

With the job `workflows.tasks.render_evaluation_document(evaluation_id)`: enqueue one job per evaluation and
start `manage.py run_huey -w 2 -k process --no-periodic`, then wait until every evaluation has its document.
Without it (not written yet): `appraisal.documents.pdf.render_evaluation_pdf` in two forked processes, which
renders the same documents but stores nothing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone

from appraisal import rules
from appraisal.models import Evaluation, EvaluationStatus, Realization
from appraisal.models.evaluation import new_verification_code

ROOT = Path(__file__).resolve().parent.parent
RATINGS = [
    (rules.Rating.MEETS, rules.Rating.MEETS),
    (rules.Rating.ABOVE, rules.Rating.ABOVE),
    (rules.Rating.MEETS, rules.Rating.ABOVE),
    (rules.Rating.BELOW, rules.Rating.MEETS),
]


@dataclass
class PdfResult:
    how: str
    documents: int
    seconds: float
    note: str = ""


def make_final(period_id: int, count: int, signer) -> list[int]:
    """Turn `count` evaluations of the period (not unit heads) into rated, acknowledged, signed-off, final ones."""
    evaluations = list(
        Evaluation.objects.filter(period_id=period_id, position__is_unit_head=False)
        .select_related("appraiser")
        .order_by("id")[:count]
    )
    now = timezone.now()
    codes: set[str] = set(
        Evaluation.objects.exclude(verification_code=None).values_list("verification_code", flat=True)
    )
    for i, ev in enumerate(evaluations):
        result, behaviour = RATINGS[i % len(RATINGS)]
        code = new_verification_code()
        while code in codes:
            code = new_verification_code()
        codes.add(code)
        ev.self_assessment = "Seluruh target triwulan tercapai sesuai bukti dukung terlampir."
        ev.self_assessed_at = now - dt.timedelta(days=20)
        ev.result_rating, ev.behaviour_rating = result, behaviour
        ev.predicate = rules.predicate(result, behaviour)
        ev.appraiser_feedback = "Pertahankan ketepatan waktu pelaporan; tingkatkan dokumentasi bukti dukung."
        ev.rated_at = now - dt.timedelta(days=15)
        ev.rated_by = ev.appraiser
        ev.acknowledged_at = now - dt.timedelta(days=12)
        ev.signed_off_at = now - dt.timedelta(days=10)
        ev.signed_off_by = signer
        ev.is_final = True
        ev.status = EvaluationStatus.FINAL
        ev.verification_code = code
    fields = [
        "self_assessment",
        "self_assessed_at",
        "result_rating",
        "behaviour_rating",
        "predicate",
        "appraiser_feedback",
        "rated_at",
        "rated_by",
        "acknowledged_at",
        "signed_off_at",
        "signed_off_by",
        "is_final",
        "status",
        "verification_code",
    ]
    ids = [ev.pk for ev in evaluations]
    with transaction.atomic():
        Evaluation.objects.bulk_update(evaluations, fields, batch_size=500)
        Realization.objects.filter(evaluation_id__in=ids).update(value=Decimal("10"), note="Sesuai laporan bulanan.")
    return ids


def documents_done(ids: list[int]) -> int:
    return Evaluation.objects.filter(pk__in=ids).exclude(document="").count()


def render_job():
    """The Huey job rendering one final document, or None while it does not exist."""
    try:
        from workflows.tasks import render_evaluation_document
    except ImportError:
        return None
    return render_evaluation_document


def with_huey(ids: list[int], *, workers: int, timeout: float, log_path: Path) -> PdfResult:
    """Enqueue one job per evaluation, start the consumer, wait until every document is stored."""
    from huey.contrib.djhuey import HUEY

    job = render_job()
    HUEY.immediate = False  # the jobs must go through the queue, whatever HUEY_IMMEDIATE says
    HUEY.flush()  # nothing left over from earlier runs (or a period-opening job enqueued on commit)
    started = time.perf_counter()
    for pk in ids:
        job(pk)
    enqueued = time.perf_counter() - started
    command = [sys.executable, "manage.py", "run_huey", "-w", str(workers), "-k", "process", "--no-periodic"]
    with open(log_path, "w") as log:
        consumer = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
        try:
            done, deadline, note = 0, time.perf_counter() + timeout, ""
            while done < len(ids):
                if consumer.poll() is not None:
                    note = f"consumer exited with {consumer.returncode}; see {log_path}"
                    break
                if time.perf_counter() > deadline:
                    note = f"timed out after {timeout:.0f} s; see {log_path}"
                    break
                time.sleep(0.5)
                done = documents_done(ids)
            seconds = time.perf_counter() - started
        finally:
            if consumer.poll() is None:
                consumer.send_signal(signal.SIGINT)  # graceful: finish the running jobs
                try:
                    consumer.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    consumer.kill()
                    consumer.wait()
    note = note or f"enqueue {enqueued:.1f} s, consumer start included"
    return PdfResult(f"huey consumer -w {workers} -k process", done, seconds, note)


def _render_chunk(ids: list[int]) -> int:
    from appraisal.documents.pdf import render_evaluation_pdf

    for pk in ids:
        render_evaluation_pdf(pk)
    return len(ids)


def with_processes(ids: list[int], *, workers: int) -> PdfResult:
    """render_evaluation_pdf in `workers` forked processes (documents rendered, not stored)."""
    connections.close_all()  # never share the parent's connection with the children
    chunks = [ids[i::workers] for i in range(workers)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rendered = sum(pool.map(_render_chunk, chunks))
    seconds = time.perf_counter() - started
    return PdfResult(f"render_evaluation_pdf in {workers} processes", rendered, seconds, "rendered, not stored")


def warm_render(ids: list[int], *, runs: int = 10) -> tuple[float, float]:
    """(first, median) seconds of render_evaluation_pdf in this process: the first pays for WeasyPrint's import,
    the fonts and the parsed stylesheets; the median of the next `runs` documents is what a warm consumer pays."""
    import statistics

    from appraisal.documents.pdf import render_evaluation_pdf
    from appraisal.models import Evaluation

    evaluations = list(Evaluation.objects.filter(pk__in=ids[: runs + 1]).order_by("pk"))
    started = time.perf_counter()
    render_evaluation_pdf(evaluations[0])
    first = time.perf_counter() - started
    timings = []
    for ev in evaluations[1:] or evaluations:
        started = time.perf_counter()
        render_evaluation_pdf(ev)
        timings.append(time.perf_counter() - started)
    return first, statistics.median(timings)
