"""Opening and completing tasks: find a process's open task and complete it under the flow lock.

Only `workflows.steps` completes tasks; pages, the API and jobs call the step functions of each flow.
The acting user of a step is kept for the flow's own callbacks (a status entered when a task is created is
recorded in history with the person whose step led there, or the system user for timers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.models import TaskDeadline

OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

_actor: ContextVar[User | None] = ContextVar("workflow_actor", default=None)


class TaskNotOpen(Exception):
    """The task was completed or cancelled meanwhile (a second click, another tab, another device)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Tugas ini sudah diselesaikan atau dibatalkan. Muat ulang halaman."))


@contextmanager
def acting_as(user: User | None) -> Iterator[None]:
    """Everything the flow does inside this block is done on behalf of `user`."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> User | None:
    return _actor.get()


def open_task(process, node) -> Task | None:
    """The open task of `node` in `process`, if any (None for a record that never ran through a flow, e.g. the
    demo's last year written final in bulk)."""
    if process is None:
        return None
    return (
        Task.objects.filter(process=process, flow_task=node, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by("-id")
        .first()
    )


def open_task_for(process, user, *nodes) -> Task | None:
    """The open task of one of `nodes` in `process` that `user` holds, if any."""
    return (
        Task.objects.filter(process=process, flow_task__in=nodes, owner=user, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by("-id")
        .first()
    )


def open_tasks_in(process, user=None) -> list[Task]:
    """Open human tasks of `process` (of `user` when given), oldest first."""
    tasks = Task.objects.filter(process=process, status__in=OPEN_STATUSES, flow_task_type="HUMAN")
    if user is not None:
        tasks = tasks.filter(owner=user)
    return list(tasks.select_related("owner").order_by("created", "id"))


def complete_task(task: Task, *, user: User, apply: Callable[[], Any] | None = None) -> Any:
    """Run `apply` (the domain change) and complete `task` in one locked transaction.

    Raises TaskNotOpen when someone completed it first, PermissionDenied when `user` does not own it,
    FlowLockFailed when the process stays locked by a concurrent request.
    """
    with acting_as(user), task.activation() as activation:  # select_for_update on the process row, then refresh
        task = activation.task
        if task.status not in OPEN_STATUSES:
            raise TaskNotOpen()
        if task.owner_id != user.pk:
            raise PermissionDenied(_("Tugas ini bukan milik Anda."))
        if task.status == STATUS.NEW:
            activation.assign(user)
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        result = apply() if apply is not None else None
        activation.execute()
        return result


def task_due(task: Task) -> dt.date | None:
    """The due date of a task, without a query: from its deadline row when that was joined
    (select_related("deadline")), else from the task's data, which set_due writes with the same date."""
    if Task.deadline.related.is_cached(task):
        try:
            return task.deadline.due
        except TaskDeadline.DoesNotExist:
            pass
    raw = (task.data or {}).get("due")
    return dt.date.fromisoformat(raw) if raw else None


def set_due(task: Task, due: dt.date) -> None:
    """Record a task's due date, in the indexed column and in the task's data (for viewflow's own pages)."""
    task.data = {**(task.data or {}), "due": due.isoformat()}
    task.save(update_fields=["data"])
    TaskDeadline.objects.update_or_create(task=task, defaults={"due": due})


def held_task(process, user, *nodes) -> bool:
    """Whether `user` ever held a task of one of `nodes` in `process` (to say "already done" instead of 403)."""
    if process is None:
        return False
    return Task.objects.filter(process=process, flow_task__in=nodes, owner=user).exists()
