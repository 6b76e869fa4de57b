"""Glue between services and viewflow: find a process's open task and complete it under the flow lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


class TaskNotOpen(Exception):
    """The task was completed or cancelled meanwhile (a second click, another tab, another device)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Tugas ini sudah diselesaikan atau dibatalkan. Muat ulang halaman."))


def open_task(process, node) -> Task | None:
    """The open task of `node` in `process`, if any."""
    return (
        Task.objects.filter(process=process, flow_task=node, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by("-id")
        .first()
    )


def complete_task(task: Task, *, user: User, apply: Callable[[], Any] | None = None) -> Any:
    """Run `apply` (the domain change) and complete `task` in one locked transaction.

    Raises TaskNotOpen when someone completed it first, PermissionDenied when `user` does not own it,
    FlowLockFailed when the process stays locked by a concurrent request.
    """
    with task.activation() as activation:  # select_for_update on the process row, then refresh
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


def reassign_task(task: Task, *, to_user: User, by: User, reason: str) -> Task:
    """Move an open human task to another owner, keeping the reason."""
    from workflows.models import TaskReassignment

    if not reason.strip():
        raise ValueError("reason required")
    from workflows.skp_flow import reassignable_nodes

    if task.flow_task not in reassignable_nodes():
        # A draft belongs to its employee: only reviewing/deciding tasks move to another official.
        raise PermissionDenied(_("Tugas jenis ini tidak dapat dialihkan."))
    with task.activation() as activation:
        task = activation.task
        if task.status not in OPEN_STATUSES:
            raise TaskNotOpen()
        previous = task.owner
        if task.status == STATUS.NEW:
            activation.assign(to_user)
        else:
            task.owner = to_user
            task.save(update_fields=["owner"])
        TaskReassignment.objects.create(task=task, from_user=previous, to_user=to_user, reason=reason, by=by)
        return task
