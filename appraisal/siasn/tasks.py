"""Jobs of SIASN (Huey): send a final evaluation, enqueued after the sign-off commits (workflows.steps.evaluation),
and a sweep that enqueues again what waits (a lost job, HR's resend). Imported by workflows.tasks, so every consumer
registers them. Nothing runs while SIASN_ENABLED is off."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from appraisal.models import Evaluation, SubmissionState
from appraisal.siasn.importing import stale_uploads_forget
from appraisal.siasn.services import evaluation_send

SWEEP_LIMIT = 200
SWEEP_WINDOW = dt.timedelta(days=7)


@db_task()
def send_evaluation_to_siasn(evaluation_id: int) -> str:
    """Send one final evaluation; idempotent (an evaluation SIASN already holds unchanged is not sent again)."""
    if not settings.SIASN_ENABLED:
        return "off"
    submission = evaluation_send(evaluation_id=evaluation_id)
    return submission.state if submission is not None else "not final"


@db_periodic_task(crontab(minute="*/15"))
@lock_task("siasn-sweep")
def siasn_sweep() -> int:
    """Evaluations signed off in the last week without a sent or failed record (a lost job): enqueue them again.
    Older ones are not swept in when SIASN is switched on: HR sends them (or has entered them by hand)."""
    if not settings.SIASN_ENABLED:
        return 0
    since = timezone.now() - SWEEP_WINDOW
    waiting = list(
        Evaluation.objects.filter(is_final=True, signed_off_at__gte=since)
        .exclude(siasn_submission__state__in=[SubmissionState.SENT, SubmissionState.FAILED])
        .values_list("id", flat=True)
        .order_by("id")[:SWEEP_LIMIT]
    )
    for evaluation_id in waiting:
        send_evaluation_to_siasn(evaluation_id)
    return len(waiting)


@db_periodic_task(crontab(minute="41"))
@lock_task("siasn-uploads")
def forget_stale_siasn_uploads() -> int:
    """Hourly: the files of SIASN import previews left a day ago without being applied or cancelled."""
    return stale_uploads_forget(older_than=dt.timedelta(days=1))
