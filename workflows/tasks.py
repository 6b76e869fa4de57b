"""Background jobs on Huey (`manage.py run_huey`; README.md, Production).

Jobs are enqueued after the transaction that asks for them commits (workflows.steps), are idempotent, and a
periodic sweep enqueues again what a crashed consumer lost. Periodic sweeps hold a Huey lock, so two consumers
never run the same sweep at once."""

from __future__ import annotations

import datetime as dt
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task
from viewflow.workflow.timers import fire_due_timers

from appraisal.evaluation import services
from appraisal.models import Evaluation
from appraisal.notifications import services as notifications
from appraisal.notifications.tasks import send_notification_email  # noqa: F401 (registers the e-mail job)
from appraisal.org.services import system_user
from appraisal.service_desk.services import citizen_contacts_forget_expired
from appraisal.siasn.tasks import send_evaluation_to_siasn, siasn_sweep  # noqa: F401 (registers the SIASN jobs)
from workflows import opening, reminders
from workflows.steps.common import acting_as

logger = logging.getLogger(__name__)

STALLED_AFTER = dt.timedelta(minutes=5)


@db_task()
def open_period(period_id: int) -> None:
    """Create the evaluations of a newly opened period (progress on the period page)."""
    opening.period_populate(period_id)


@db_task()
def render_evaluation_document(evaluation_id: int) -> bool:
    """Render and store the final document of a signed-off evaluation."""
    return services.evaluation_document_store(evaluation_id=evaluation_id)


@db_periodic_task(crontab(minute="*"))
@lock_task("workflow-timers")
def fire_timers() -> int:
    """Deadlines of the flows: peer feedback, auto-accept on day 15, late objection decisions."""
    with acting_as(system_user()):
        fired = fire_due_timers()
    if fired:
        logger.info("%s workflow timer(s) fired", fired)
    return fired


@db_periodic_task(crontab(minute="7"))
@lock_task("overdue-reminders")
def remind_overdue() -> int:
    """Notify the owners of tasks due in two days; notify and e-mail the owner of each overdue task, once a day per
    task (hourly runs catch up after downtime); each e-mail is a job of its own, so one failure stops no other."""
    reminders.notify_due_soon()
    claimed = reminders.claim_due_reminders()
    for task_id in claimed:
        send_reminder_email(task_id)
    return len(claimed)


@db_task(retries=3, retry_delay=600)
def send_reminder_email(task_id: int) -> bool:
    """One reminder; a mail server error is logged by Huey and retried three times, ten minutes apart."""
    return reminders.send_reminder(task_id)


@db_periodic_task(crontab(minute="*/5"))
@lock_task("recover-lost-jobs")
def recover_lost_jobs() -> dict[str, int]:
    """Enqueue again what a killed consumer lost: final evaluations without their document, stalled openings."""
    missing = list(
        Evaluation.objects.filter(is_final=True, document="").values_list("id", flat=True).order_by("id")[:1000]
    )
    for evaluation_id in missing:
        render_evaluation_document(evaluation_id)
    stalled = opening.stalled_periods(older_than=STALLED_AFTER)
    for period_id in stalled:
        open_period(period_id)
    return {"documents": len(missing), "periods": len(stalled)}


@db_periodic_task(crontab(minute="23"))
@lock_task("forget-citizen-contacts")
def forget_citizen_contacts() -> int:
    """Hourly: erase the citizen's name and phone from files whose survey link has expired (issue 9)."""
    return citizen_contacts_forget_expired()


# Monday 07:00 WITA (UTC+8): Huey matches crontabs in UTC, so Sunday 23:00.
@db_periodic_task(crontab(minute="0", hour="23", day_of_week="0"))
@lock_task("feedback-nudges")
def nudge_feedback() -> int:
    """Weekly: each appraiser learns which team members received no continuous feedback in 30 days (once a week)."""
    return len(notifications.feedback_nudges_send())
