"""HR moves an open task to another official, with a reason kept beside the task."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskReassignment
from workflows.skp_flow import SkpFlow
from workflows.steps.common import OPEN_STATUSES, TaskNotOpen

# Tasks HR may move to another official; drafts, self-assessments and peer answers stay personal.
REASSIGNABLE_NODES = (
    SkpFlow.review,
    EvaluationFlow.rate,
    EvaluationFlow.explain_appraiser,
    EvaluationFlow.decide,
    EvaluationFlow.decide_by_hr,
    EvaluationFlow.sign_off,
)


def reassign_task(task: Task, *, to_user: User, by: User, reason: str) -> Task:
    """Move an open human task to another owner, keeping the reason."""
    if not reason.strip():
        raise ValueError("reason required")
    if task.flow_task not in REASSIGNABLE_NODES:
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
