"""Reminders for overdue tasks: one e-mail per task per day, sent by the worker."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from appraisal.org.selectors import today
from workflows.models import TaskDeadline
from workflows.selectors import inbox_item
from workflows.steps.common import OPEN_STATUSES


def send_overdue_reminders(*, on: dt.date | None = None) -> int:
    """E-mail each owner of an overdue open task once a day; returns how many reminders went out.

    Overdue work is found by the indexed due date (workflows.models.TaskDeadline), in one query."""
    on = on or today()
    sent = 0
    tasks = (
        Task.objects.filter(status__in=OPEN_STATUSES, flow_task_type="HUMAN", owner__isnull=False, deadline__due__lt=on)
        .exclude(deadline__reminded_on=on)
        .select_related(
            "owner",
            "owner__employee",
            "deadline",
            "process__skpprocess__plan__employee",
            "process__evaluationprocess__evaluation__employee",
            "process__evaluationprocess__evaluation__period",
        )
    )
    for task in tasks:
        item = inbox_item(task)
        address = task.owner.email or getattr(getattr(task.owner, "employee", None), "email", "")
        if not address:
            continue
        with transaction.atomic():
            deadline = TaskDeadline.objects.select_for_update().get(pk=task.pk)
            if deadline.reminded_on == on:
                continue  # another worker sent it
            send_mail(
                subject=_("Pengingat: %(title)s lewat batas waktu") % {"title": item.title},
                message=_(
                    "%(title)s untuk %(subject)s seharusnya selesai pada %(due)s.\n\nBuka tugas: %(url)s\n\n"
                    "— Kinerja Alak"
                )
                % {
                    "title": item.title,
                    "subject": item.subject,
                    "due": item.due.strftime("%d-%m-%Y"),
                    "url": f"{settings.SITE_URL.rstrip('/')}{item.url}",
                },
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
            )
            deadline.reminded_on = on
            deadline.save(update_fields=["reminded_on"])
            sent += 1
    return sent
