"""The evaluation flow's steps: what pages, the API and the demo call to move an evaluation forward.

Each step checks its input, finds the open task of the subject for the acting user, and runs the domain
service (appraisal.evaluation.services) inside the task's locked transaction. Jobs (opening a period, the
final document) are enqueued only after the transaction commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task

from appraisal import policy
from appraisal.evaluation import services
from appraisal.evaluation.services import EvaluationLocked
from appraisal.models import Evaluation, Period, Unit
from appraisal.siasn.tasks import send_evaluation_to_siasn
from workflows import notices, tasks
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import TaskNotOpen, complete_task, held_task, open_task, open_task_for, open_tasks_in

DECIDE_NODES = (EvaluationFlow.decide,)
EXPLAIN_NODES = (EvaluationFlow.explain_employee, EvaluationFlow.explain_appraiser)


def open_tasks(evaluation: Evaluation, user: User | None = None) -> list[Task]:
    """Open human tasks of the evaluation (of `user` when given)."""
    process = getattr(evaluation, "process", None)
    return open_tasks_in(process, user) if process is not None else []


def open_task_of(evaluation: Evaluation, user: User, *nodes) -> Task | None:
    """The open task of one of `nodes` for this evaluation that `user` holds."""
    process = getattr(evaluation, "process", None)
    return open_task_for(process, user, *nodes) if process is not None else None


def held_task_of(evaluation: Evaluation, user: User, *nodes) -> bool:
    """Whether `user` ever held a task of one of `nodes` on this evaluation."""
    process = getattr(evaluation, "process", None)
    return process is not None and held_task(process, user, *nodes)


def open_peer_tasks(evaluation: Evaluation) -> list[Task]:
    """The open feedback tasks of the evaluation's peers, with their owners."""
    return [t for t in open_tasks(evaluation) if t.flow_task == EvaluationFlow.peer_feedback]


def peer_task(task_id: int, user: User | None = None) -> Task | None:
    """A peer-feedback task by id (held by `user` when given), with its evaluation joined."""
    tasks = Task.objects.filter(pk=task_id, flow_task=EvaluationFlow.peer_feedback)
    if user is not None:
        tasks = tasks.filter(owner=user)
    return tasks.select_related(
        "owner",
        "process__evaluationprocess__evaluation__employee",
        "process__evaluationprocess__evaluation__period",
    ).first()


def task_at(evaluation: Evaluation, *nodes) -> Task:
    """The open task of the first of `nodes` that has one; TaskNotOpen when none has."""
    for node in nodes:
        task = open_task(getattr(evaluation, "process", None), node)
        if task is not None:
            return task
    raise TaskNotOpen()


# --- opening a period -------------------------------------------------------------------------


def period_open(
    *, unit: Unit, year: int, kind: str, start_date: dt.date, end_date: dt.date, peer_deadline: dt.date, actor: User
) -> Period:
    """HR opens a period; the evaluations are created by a job after the period row commits."""
    with transaction.atomic():
        period = services.period_create(
            unit=unit,
            year=year,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            peer_deadline=peer_deadline,
            actor=actor,
        )
        transaction.on_commit(lambda: tasks.open_period(period.pk))
    period.refresh_from_db()
    return period


# --- the employee's and the appraiser's steps ---------------------------------------------------


def self_assessment_submit(*, evaluation: Evaluation, actor: User, text: str) -> Evaluation:
    """The employee submits realisation and self-assessment; peers and the public summary follow."""
    services.self_assessment_check(text=text)
    task = task_at(evaluation, EvaluationFlow.self_assess)
    return complete_task(
        task, user=actor, apply=lambda: services.self_assessment_submit(evaluation=evaluation, actor=actor, text=text)
    )


def peer_feedback_submit(*, task: Task, actor: User, ratings: Mapping[str, str], comment: str = "") -> None:
    """A colleague answers their feedback task; the answer is stored without any link to them."""
    evaluation = task.process.evaluationprocess.evaluation
    feedback = services.peer_feedback_build(evaluation=evaluation, ratings=ratings, comment=comment)
    request_id = (task.data or {}).get("request_id")
    complete_task(
        task,
        user=actor,
        apply=lambda: services.peer_feedback_submit(feedback=feedback, request_id=request_id, actor=actor),
    )


def evaluation_rate(
    *,
    evaluation: Evaluation,
    actor: User,
    result_rating: str | None,
    behaviour_rating: str,
    feedback: str,
    recommendation: str = "",
) -> Evaluation:
    """The appraiser rates; the employee gets the acknowledgement task."""
    task = task_at(evaluation, EvaluationFlow.rate)
    return complete_task(
        task,
        user=actor,
        apply=lambda: services.evaluation_rate(
            evaluation=evaluation,
            actor=actor,
            result_rating=result_rating,
            behaviour_rating=behaviour_rating,
            feedback=feedback,
            recommendation=recommendation,
        ),
    )


def evaluation_accept(*, evaluation: Evaluation, actor: User) -> Evaluation:
    task = task_at(evaluation, EvaluationFlow.acknowledge)
    return complete_task(task, user=actor, apply=lambda: services.evaluation_accept(evaluation=evaluation, actor=actor))


def objection_file(*, evaluation: Evaluation, actor: User, reasons: str):
    """The employee objects within 14 days; the senior appraiser asks both sides for explanations."""
    services.objection_file_check(reasons=reasons)
    task = task_at(evaluation, EvaluationFlow.acknowledge)
    return complete_task(
        task, user=actor, apply=lambda: services.objection_file(evaluation=evaluation, actor=actor, reasons=reasons)
    )


def objection_explain(*, evaluation: Evaluation, actor: User, text: str):
    """The appraiser or the employee explains, as the senior appraiser asked."""
    services.objection_explain_check(text=text)
    is_employee = evaluation.employee.user_id == actor.pk
    task = task_at(evaluation, EvaluationFlow.explain_employee if is_employee else EvaluationFlow.explain_appraiser)
    return complete_task(
        task,
        user=actor,
        apply=lambda: services.objection_explain(
            evaluation=evaluation, actor=actor, text=text, is_employee=is_employee
        ),
    )


def objection_decide(
    *,
    evaluation: Evaluation,
    actor: User,
    decision: str,
    notes: str,
    result_rating: str = "",
    behaviour_rating: str = "",
):
    """The decision on an objection (PP 30/2019 Pasal 59): the Atasan Pejabat Penilai Kinerja's alone; HR signs
    off next."""
    if not policy.may_decide_objection(actor, evaluation):
        raise PermissionDenied(policy.OBJECTION_AUTHORITY)
    services.objection_decide_check(
        decision=decision,
        notes=notes,
        result_rating=result_rating,
        behaviour_rating=behaviour_rating,
        unit_head=services.is_unit_head(evaluation),
    )
    task = task_at(evaluation, *DECIDE_NODES)

    def decide():
        objection = services.objection_decide(
            evaluation=evaluation,
            actor=actor,
            decision=decision,
            notes=notes,
            result_rating=result_rating,
            behaviour_rating=behaviour_rating,
        )
        notices.objection_decided(evaluation)
        return objection

    return complete_task(task, user=actor, apply=decide)


# --- sign-off and the document ------------------------------------------------------------------


def evaluation_sign_off(*, evaluation: Evaluation, actor: User) -> Evaluation:
    """HR signs off; the flow finalizes (locks) and the document is rendered by a job after commit."""
    task = task_at(evaluation, EvaluationFlow.sign_off)
    # No outer transaction: the flow lock opens it (a lock conflict cannot poison an enclosing one). on_commit
    # runs at once here, or when an enclosing transaction commits.
    complete_task(task, user=actor, apply=lambda: services.evaluation_sign_off(evaluation=evaluation, actor=actor))
    transaction.on_commit(lambda: tasks.render_evaluation_document(evaluation.pk))
    if settings.SIASN_ENABLED:  # final now: its result goes to SIASN's kinerja history (appraisal/siasn/)
        transaction.on_commit(lambda: send_evaluation_to_siasn(evaluation.pk))
    evaluation.refresh_from_db()
    return evaluation


@dataclass
class SignOffReport:
    signed: list[Evaluation] = field(default_factory=list)
    failed: list[tuple[Evaluation, str]] = field(default_factory=list)


def evaluations_sign_off(*, evaluations: Iterable[Evaluation], actor: User) -> SignOffReport:
    """HR signs off many evaluations at once; each is its own transaction, so one conflict stops no other."""
    report = SignOffReport()
    for evaluation in evaluations:
        try:
            report.signed.append(evaluation_sign_off(evaluation=evaluation, actor=actor))
        except (TaskNotOpen, PermissionDenied, ValidationError, EvaluationLocked, FlowLockFailed) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            report.failed.append((evaluation, message))
    return report
