"""Reminders for overdue tasks: one e-mail per task per day.

The hourly job (workflows.tasks.remind_overdue) claims each overdue task for the day and sends its e-mail as
a job of its own, retried on failure, so one bad address or a mail server hiccup stops no other reminder."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from appraisal.org.selectors import hr_officer_for, today
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskDeadline
from workflows.selectors import inbox_item
from workflows.steps.common import OPEN_STATUSES

logger = logging.getLogger(__name__)


def _open_tasks():
    """Open human tasks with an owner, with what a reminder names joined."""
    return Task.objects.filter(status__in=OPEN_STATUSES, flow_task_type="HUMAN", owner__isnull=False).select_related(
        "owner",
        "owner__employee",
        "deadline",
        "process__skpprocess__plan__employee",
        "process__evaluationprocess__evaluation__employee",
        "process__evaluationprocess__evaluation__period",
        "process__evaluationprocess__evaluation__unit",
    )


def _overdue(on: dt.date):
    """Tasks past their due date and not yet reminded on `on` (one query, by the indexed column)."""
    return _open_tasks().filter(deadline__due__lt=on).exclude(deadline__reminded_on=on)


def _address(task: Task) -> str:
    return task.owner.email or getattr(getattr(task.owner, "employee", None), "email", "")


def _hr_address(task: Task) -> str:
    """Late objection decisions are also HR's to chase (it administers them; it never decides)."""
    if task.flow_task != EvaluationFlow.decide:
        return ""
    hr = hr_officer_for(task.process.evaluationprocess.evaluation.unit)
    return (hr.email or getattr(getattr(hr, "employee", None), "email", "")) if hr is not None else ""


def claim_due_reminders(*, on: dt.date | None = None) -> list[int]:
    """Mark today's reminder as taken for each overdue task whose owner has an address; returns their ids.

    The claim is under a row lock, so two consumers never both take the same task on the same day."""
    on = on or today()
    claimed = []
    for task in _overdue(on):
        if not (_address(task) or _hr_address(task)):
            continue
        with transaction.atomic():
            deadline = TaskDeadline.objects.select_for_update().get(pk=task.pk)
            if deadline.reminded_on == on:
                continue  # another worker took it
            deadline.reminded_on = on
            deadline.save(update_fields=["reminded_on"])
        claimed.append(task.pk)
    return claimed


def send_reminder(task_id: int) -> bool:
    """Send the reminder e-mail of one task (raises when the mail server fails: the job retries)."""
    task = _open_tasks().filter(pk=task_id).first()
    if task is None:
        return False  # done meanwhile
    item = inbox_item(task)
    send_mail(
        subject=_("Pengingat: %(title)s lewat batas waktu") % {"title": item.title},
        message=_(
            "%(title)s untuk %(subject)s seharusnya selesai pada %(due)s.\n\nBuka tugas: %(url)s\n\n— Kinerja Alak"
        )
        % {
            "title": item.title,
            "subject": item.subject,
            "due": item.due.strftime("%d-%m-%Y"),
            "url": f"{settings.SITE_URL.rstrip('/')}{item.url}",
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[a for a in (_address(task), _hr_address(task)) if a],
    )
    return True


def send_overdue_reminders(*, on: dt.date | None = None) -> int:
    """Claim and send today's reminders at once (without the queue); a failure is logged and skips only that
    e-mail. Returns how many went out."""
    sent = 0
    for task_id in claim_due_reminders(on=on):
        try:
            sent += send_reminder(task_id)
        except Exception:
            logger.exception("Reminder for task %s could not be sent", task_id)
    return sent
