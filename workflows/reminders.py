"""Reminders for tasks due in two days and overdue: in-app notifications, and one e-mail per overdue task per day.

The hourly job (workflows.tasks.remind_overdue) notifies the owners of tasks due in two days (once per task and due
date), claims each overdue task for the day, notifies its owner in the app, and sends its e-mail (to the owner who
has not turned that off, and HR for a late objection decision) as a job of its own, retried on failure, so one bad
address or a mail server hiccup stops no other reminder."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from appraisal.models import NotificationKind
from appraisal.notifications.selectors import email_recipients
from appraisal.org.selectors import hr_officer_for, today
from workflows import notices
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskDeadline
from workflows.selectors import inbox_item
from workflows.steps.common import OPEN_STATUSES

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 2


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


def _owner_address(task: Task, wanted: set[int]) -> str:
    """The owner's address, unless they turned the overdue e-mail off (/notifikasi/)."""
    return _address(task) if task.owner_id in wanted else ""


def notify_due_soon(*, on: dt.date | None = None) -> int:
    """Tell the owners of tasks due in two days, once per task and due date (two queries when all were told)."""
    on = on or today()
    due_soon = _open_tasks().filter(deadline__due=on + dt.timedelta(days=DUE_SOON_DAYS))
    return len(notices.deadlines(NotificationKind.TASK_DUE_SOON, due_soon, on=on))


def _hr_address(task: Task) -> str:
    """Late objection decisions are also HR's to chase (it administers them; it never decides)."""
    if task.flow_task != EvaluationFlow.decide:
        return ""
    hr = hr_officer_for(task.process.evaluationprocess.evaluation.unit)
    return (hr.email or getattr(getattr(hr, "employee", None), "email", "")) if hr is not None else ""


def claim_due_reminders(*, on: dt.date | None = None) -> list[int]:
    """Mark today's reminder as taken for each overdue task and notify its owner in the app; returns the ids of
    those with an e-mail to send.

    The claim is under a row lock, so two consumers never both take the same task on the same day."""
    on = on or today()
    claimed = []
    for task in _overdue(on):
        with transaction.atomic():
            deadline = TaskDeadline.objects.select_for_update().get(pk=task.pk)
            if deadline.reminded_on == on:
                continue  # another worker took it
            deadline.reminded_on = on
            deadline.save(update_fields=["reminded_on"])
        claimed.append(task)
    # The e-mail is this module's reminder (send_reminder), not the notification's.
    notices.deadlines(NotificationKind.TASK_OVERDUE, claimed, on=on, email=False)
    wanted = email_recipients(NotificationKind.TASK_OVERDUE, {t.owner_id for t in claimed})
    return [t.pk for t in claimed if _owner_address(t, wanted) or _hr_address(t)]


def send_reminder(task_id: int) -> bool:
    """Send the reminder e-mail of one task (raises when the mail server fails: the job retries)."""
    task = _open_tasks().filter(pk=task_id).first()
    if task is None:
        return False  # done meanwhile
    recipients = [
        a
        for a in (
            _owner_address(task, email_recipients(NotificationKind.TASK_OVERDUE, [task.owner_id])),
            _hr_address(task),
        )
        if a
    ]
    if not recipients:
        return False  # the owner turned the e-mail off meanwhile
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
        recipient_list=recipients,
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
