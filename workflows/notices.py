"""Notifications about tasks: who is told what when a step reaches them. The workflow layer decides because only it
knows which page does which step; the texts, storage and e-mails are appraisal.notifications.services'.

Callers: the flows, when a human task is created with an owner (task_opened: pages, API, demo and timers alike;
a returned SKP, a rating, an objection and its explanations get their own kinds), reassignment and designation
(workflows.steps.reassign), the steps after an SKP approval or an objection decision, and the hourly reminder job
(deadlines: due in two days, overdue). The bulk opening of a period notifies in workflows.opening.

The flows import this module, so it does not import them: a task's page comes from its node's name (the same pages
as the inbox's, workflows.selectors; tests/appraisal/test_notifications.py compares the two)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from viewflow.workflow.models import Task

from appraisal.models import Evaluation, PerformancePlan, PlanStatus
from appraisal.notifications import services as notifications
from workflows.steps.common import task_due

SKP_PAGES = {"draft": "skp_edit", "review": "skp_review"}
EVALUATION_PAGES = {
    "self_assess": "evaluation_detail",
    "peer_feedback": "peer_feedback_form",  # by task id
    "rate": "evaluation_rate",
    "acknowledge": "evaluation_acknowledge",
    "explain_appraiser": "objection_explain",
    "explain_employee": "objection_explain",
    "decide": "objection_decide",
    "sign_off": "evaluation_sign_off",
}


def _subject_of(process) -> tuple[PerformancePlan | None, Evaluation | None]:
    """The plan or the evaluation a process moves, from a flow's own process (an activation's) or a plain one."""
    plan = getattr(process, "plan", None)
    evaluation = getattr(process, "evaluation", None)
    if plan is None and evaluation is None:
        skp = getattr(process, "skpprocess", None)
        plan = skp.plan if skp is not None else None
        ev = getattr(process, "evaluationprocess", None)
        evaluation = ev.evaluation if ev is not None else None
    return plan, evaluation


def task_page(task: Task, process=None) -> tuple[str, str]:
    """(subject label, page URL) of a task, as the inbox shows them."""
    plan, evaluation = _subject_of(process if process is not None else task.process)
    name = task.flow_task.name
    if plan is not None:
        url = reverse(SKP_PAGES[name], args=[plan.pk]) if name in SKP_PAGES else ""
        return f"SKP {plan.year} v{plan.version} – {plan.employee.full_name}", url
    if evaluation is not None:
        period = f"{evaluation.period.get_kind_display()} {evaluation.period.year}"
        url_name = EVALUATION_PAGES.get(name)
        url = reverse(url_name, args=[task.pk if name == "peer_feedback" else evaluation.pk]) if url_name else ""
        return f"Evaluasi {period} – {evaluation.employee.full_name}", url
    return str(task.process), ""


def task_opened(activation) -> None:
    """A task reached its owner (created, reassigned, or given to a designated official): tell them."""
    task = activation.task
    if task.owner_id is None:
        return  # waits for HR's designation, which calls this again
    plan, evaluation = _subject_of(activation.process)
    subject, url = task_page(task, activation.process)
    name, owner, due = task.flow_task.name, task.owner_id, task_due(task)
    if plan is not None and name == "draft" and plan.status == PlanStatus.RETURNED:
        notifications.skp_returned(plan=plan, recipient_id=owner, url=url)
    elif evaluation is not None and name == "acknowledge":
        notifications.evaluation_rated(evaluation=evaluation, recipient_id=owner, url=url, due=due)
    elif evaluation is not None and name == "explain_appraiser":
        notifications.objection_filed(evaluation=evaluation, recipient_id=owner, url=url, due=due)
    elif evaluation is not None and name == "decide":
        notifications.objection_explained(evaluation=evaluation, recipient_id=owner, url=url, due=due)
    else:
        notifications.task_new(recipient_id=owner, title=task.flow_task.task_title, subject=subject, url=url, due=due)


def deadlines(kind: str, tasks: Iterable[Task], *, on, email: bool = True) -> list:
    """In-app notices of tasks due in two days or overdue (their subjects joined by the caller)."""
    items = []
    for task in tasks:
        due = task_due(task)
        if task.owner_id is None or due is None:
            continue
        subject, url = task_page(task)
        items.append(notifications.TaskDeadline(task.pk, task.owner_id, task.flow_task.task_title, subject, url, due))
    return notifications.task_deadlines(kind, items, on=on, email=email)


def plan_approved(plan: PerformancePlan) -> None:
    notifications.skp_approved(plan=plan)


def objection_decided(evaluation: Evaluation) -> None:
    """The employee and the appraiser whose rating was contested learn the (final) decision."""
    evaluation = Evaluation.objects.select_related("employee", "period", "objection", "rated_by", "appraiser").get(
        pk=evaluation.pk
    )
    appraiser = evaluation.rated_by or evaluation.appraiser
    notifications.objection_decided(evaluation=evaluation, appraiser_user_id=appraiser.user_id if appraiser else None)
