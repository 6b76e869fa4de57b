"""HR moves an open task to another official, with the reason kept beside the task.

Only a step that belongs to an office moves (drafts, self-assessments and peer answers stay personal), only
HR of the subject's unit moves it, and only to someone the policy would give that step to
(appraisal.policy.step_holders, with its legal sources): the same rule for the page, the API and the demo."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from appraisal import policy
from appraisal.evaluation import services
from appraisal.org import services as org_services
from appraisal.policy import StepRole
from workflows import notices
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskReassignment
from workflows.skp_flow import SkpFlow
from workflows.steps.common import OPEN_STATUSES, TaskNotOpen, open_task

# The role a step belongs to; nodes not listed here cannot be reassigned.
STEP_ROLES = {
    SkpFlow.review: StepRole.APPRAISER,
    EvaluationFlow.rate: StepRole.APPRAISER,
    EvaluationFlow.explain_appraiser: StepRole.APPRAISER,
    EvaluationFlow.decide: StepRole.SENIOR_APPRAISER,
    EvaluationFlow.sign_off: StepRole.HR,
}
REASSIGNABLE_NODES = tuple(STEP_ROLES)


def task_subject(task: Task | None):
    """The SKP plan or the evaluation a task is about (None: neither)."""
    if task is None:
        return None
    skp = getattr(task.process, "skpprocess", None)
    if skp is not None:
        return skp.plan
    process = getattr(task.process, "evaluationprocess", None)
    return process.evaluation if process is not None else None


def reassign_candidates(task: Task) -> QuerySet[User]:
    """Who may receive `task`: those the policy gives its step to, other than its current owner."""
    role = STEP_ROLES.get(task.flow_task)
    subject = task_subject(task)
    if role is None or subject is None:
        return User.objects.none()
    return (
        policy.step_holders(role, subject)
        .exclude(pk=task.owner_id)
        .select_related("employee", "employee__position")
        .order_by("employee__name", "username")
    )


def reassign_task(task: Task, *, to_user: User, by: User, reason: str) -> Task:
    """Move an open task to `to_user`, keeping the reason; refused outside the policy."""
    subject = task_subject(task)
    if subject is None or not policy.can_reassign(by, subject):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mengalihkan tugas."))
    role = STEP_ROLES.get(task.flow_task)
    if role is None:
        # A draft belongs to its employee: only reviewing/deciding tasks move to another official.
        raise PermissionDenied(_("Tugas jenis ini tidak dapat dialihkan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan pengalihan.")})
    if not policy.may_hold_step(to_user, role, subject):
        raise ValidationError(
            {
                "to_user": _("%(name)s tidak berwenang menerima tugas ini.")
                % {"name": to_user.get_full_name() or to_user}
            }
        )
    with task.activation() as activation:
        return _move(activation, to_user=to_user, by=by, reason=reason)


def _move(activation, *, to_user: User, by: User, reason: str) -> Task:
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
    notices.task_opened(activation)
    return task


def appraiser_designate(*, employee, year: int, official: User, letter: str, by: User) -> list[Task]:
    """HR records the official designated by letter as Pejabat Penilai Kinerja where the chart has none, and the
    waiting SKP review, rating and explanation tasks of that year go to the official, in one transaction."""
    with transaction.atomic():
        org_services.appraiser_designate(employee=employee, year=year, official=official, letter=letter, actor=by)
        reason = _("Penunjukan Pejabat Penilai Kinerja, surat nomor %(letter)s") % {"letter": letter.strip()}
        waiting = Task.objects.filter(
            status__in=OPEN_STATUSES,
            flow_task__in=[SkpFlow.review, EvaluationFlow.rate, EvaluationFlow.explain_appraiser],
        ).filter(
            Q(process__skpprocess__plan__employee=employee, process__skpprocess__plan__year=year)
            | Q(
                process__evaluationprocess__evaluation__employee=employee,
                process__evaluationprocess__evaluation__period__year=year,
            )
        )
        moved = []
        for task in waiting.exclude(owner=official):
            with task.activation() as activation:
                moved.append(_move(activation, to_user=official, by=by, reason=reason))
        return moved


def objection_designate(*, evaluation, official: User, letter: str, by: User) -> Task:
    """HR records the official designated by letter to decide an objection where the chart has no Atasan Pejabat
    Penilai Kinerja, and the waiting decision task goes to that official, in one locked transaction."""
    task = open_task(getattr(evaluation, "process", None), EvaluationFlow.decide)
    if task is None:
        raise TaskNotOpen()
    with task.activation() as activation:  # the service asks policy.designation_problem under the lock
        services.objection_designate(evaluation=evaluation, official=official, letter=letter, actor=by)
        reason = _("Penunjukan pejabat pemutus keberatan, surat nomor %(letter)s") % {"letter": letter.strip()}
        return _move(activation, to_user=official, by=by, reason=reason)
