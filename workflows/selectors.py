"""Task lists (inbox) across flows, with the subject of each task joined in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from viewflow.workflow.models import Task

from workflows.engine import OPEN_STATUSES
from workflows.flows import SkpFlow


def open_tasks_of(user) -> QuerySet[Task]:
    """Open human tasks owned by `user`, oldest first, with their subjects joined (constant query count)."""
    return (
        Task.objects.filter(owner=user, status__in=OPEN_STATUSES, flow_task_type="HUMAN")
        .select_related("process", "process__skpprocess__plan", "process__skpprocess__plan__employee")
        .order_by("created", "id")
    )


@dataclass
class InboxItem:
    task: Task
    kind: str
    title: str
    subject: str
    due: dt.date | None
    url: str

    @property
    def overdue(self) -> bool:
        from appraisal.selectors import today

        return self.due is not None and self.due < today()


def _due(task: Task) -> dt.date | None:
    raw = (task.data or {}).get("due")
    return dt.date.fromisoformat(raw) if raw else None


def inbox_item(task: Task) -> InboxItem:
    """Describe one task for the inbox: what it is, about whom, when due, where to do it."""
    node = task.flow_task
    if node in (SkpFlow.draft, SkpFlow.review):
        plan = task.process.skpprocess.plan
        is_draft = node == SkpFlow.draft
        return InboxItem(
            task=task,
            kind="skp_draft" if is_draft else "skp_review",
            title=str(node.task_title),
            subject=f"SKP {plan.year} v{plan.version} – {plan.employee.full_name}",
            due=_due(task),
            url=reverse("skp_edit" if is_draft else "skp_review", args=[plan.pk]),
        )
    return InboxItem(task, "other", str(task.flow_task), str(task.process), _due(task), "")


def inbox(user) -> list[InboxItem]:
    return [inbox_item(t) for t in open_tasks_of(user)]
