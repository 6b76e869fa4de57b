"""Task lists (inbox) across flows, with the subject of each task joined in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from viewflow.workflow.models import Task

from appraisal.org.selectors import today
from appraisal.rules import normalize_nip
from workflows.evaluation_flow import EvaluationFlow
from workflows.skp_flow import SkpFlow
from workflows.steps.common import OPEN_STATUSES, task_due

# Evaluation task → (inbox kind, page URL name). Pages take the evaluation id, except the peer form (task id).
EVALUATION_TASK_PAGES = {
    EvaluationFlow.self_assess: ("evaluation_self", "evaluation_detail"),
    EvaluationFlow.peer_feedback: ("peer_feedback", "peer_feedback_form"),
    EvaluationFlow.rate: ("evaluation_rate", "evaluation_rate"),
    EvaluationFlow.acknowledge: ("evaluation_acknowledge", "evaluation_acknowledge"),
    EvaluationFlow.explain_appraiser: ("objection_explain", "objection_explain"),
    EvaluationFlow.explain_employee: ("objection_explain", "objection_explain"),
    EvaluationFlow.decide: ("objection_decide", "objection_decide"),
    EvaluationFlow.sign_off: ("evaluation_sign_off", "evaluation_sign_off"),
}


def open_tasks_of(user) -> QuerySet[Task]:
    """Open human tasks owned by `user`, oldest first, with their subjects joined (constant query count)."""
    return (
        Task.objects.filter(owner=user, status__in=OPEN_STATUSES, flow_task_type="HUMAN")
        .select_related(
            "process",
            "deadline",
            "process__skpprocess__plan",
            "process__skpprocess__plan__employee",
            "process__evaluationprocess__evaluation",
            "process__evaluationprocess__evaluation__employee",
            "process__evaluationprocess__evaluation__period",
        )
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
        return self.due is not None and self.due < today()


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
            due=task_due(task),
            url=reverse("skp_edit" if is_draft else "skp_review", args=[plan.pk]),
        )
    if node in EVALUATION_TASK_PAGES:
        evaluation = task.process.evaluationprocess.evaluation
        kind, url_name = EVALUATION_TASK_PAGES[node]
        period = f"{evaluation.period.get_kind_display()} {evaluation.period.year}"
        url_arg = task.pk if kind == "peer_feedback" else evaluation.pk
        return InboxItem(
            task=task,
            kind=kind,
            title=str(node.task_title),
            subject=f"Evaluasi {period} – {evaluation.employee.full_name}",
            due=task_due(task),
            url=reverse(url_name, args=[url_arg]),
        )
    return InboxItem(task, "other", str(task.flow_task), str(task.process), task_due(task), "")


def inbox(user) -> list[InboxItem]:
    return [inbox_item(t) for t in open_tasks_of(user)]


# Inbox kinds a user can filter on → the flow nodes behind each (the task's step is its state in the inbox).
INBOX_KINDS = {
    "skp": (SkpFlow.draft, SkpFlow.review),
    "self": (EvaluationFlow.self_assess,),
    "peer": (EvaluationFlow.peer_feedback,),
    "rate": (EvaluationFlow.rate,),
    "acknowledge": (EvaluationFlow.acknowledge,),
    "objection": (EvaluationFlow.explain_appraiser, EvaluationFlow.explain_employee, EvaluationFlow.decide),
    "sign_off": (EvaluationFlow.sign_off,),
}
_PLAN = "process__skpprocess__plan__"
_EVALUATION = "process__evaluationprocess__evaluation__"


def _name_or_nip(search: str, *prefixes: str) -> Q:
    """The subject's name contains `search`, or its NIP contains its digits (spaces allowed, as NIPs are printed)."""
    match = Q(pk__in=[])
    digits = normalize_nip(search)
    for prefix in prefixes:
        match |= Q(**{f"{prefix}employee__name__icontains": search})
        if digits.isdigit():
            match |= Q(**{f"{prefix}employee__nip__contains": digits})
    return match


def _by_due(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Earliest due date first (so overdue ones lead), tasks without one last; the id keeps pages stable."""
    return tasks.order_by(F("deadline__due").asc(nulls_last=True), "id")


def inbox_tasks(user, *, search: str = "", kind: str = "", overdue: bool = False, sort: str = "") -> QuerySet[Task]:
    """The user's open tasks for the paged inbox, filtered and sorted in SQL: by the subject's name or NIP, the
    kind of step (INBOX_KINDS), overdue (a due date before today), oldest first or by due date (`sort="due"`)."""
    tasks = open_tasks_of(user)
    if search:
        tasks = tasks.filter(_name_or_nip(search, _PLAN, _EVALUATION))
    if kind in INBOX_KINDS:
        tasks = tasks.filter(flow_task__in=INBOX_KINDS[kind])
    if overdue:
        tasks = tasks.filter(deadline__due__lt=today())
    return _by_due(tasks) if sort == "due" else tasks


SIGN_OFF_SORTS = {
    "name": (f"{_EVALUATION}employee__name", "id"),
    "unit": (f"{_EVALUATION}unit_name", f"{_EVALUATION}employee__name", "id"),
    "period": (f"-{_EVALUATION}period__year", f"-{_EVALUATION}period__start_date", "id"),
}


def sign_off_queue(
    unit_ids, *, search: str = "", among_units=None, overdue: bool = False, sort: str = ""
) -> QuerySet[Task]:
    """HR's open sign-off tasks in `unit_ids` for the paged list, filtered and sorted in SQL: by the employee's name
    or NIP, a unit and those under it (`among_units`), overdue; by due date (overdue first, the default), name,
    unit or period."""
    tasks = open_sign_off_tasks(unit_ids)
    if search:
        tasks = tasks.filter(_name_or_nip(search, _EVALUATION))
    if among_units is not None:
        tasks = tasks.filter(**{f"{_EVALUATION}unit_id__in": list(among_units)})
    if overdue:
        tasks = tasks.filter(deadline__due__lt=today())
    if sort in SIGN_OFF_SORTS:
        return tasks.order_by(*SIGN_OFF_SORTS[sort])
    return _by_due(tasks)


def human_task(task_id: int) -> Task | None:
    """One human task by id with its subject (plan or evaluation) and owner joined, for reassignment."""
    return (
        Task.objects.filter(pk=task_id, flow_task_type="HUMAN")
        .select_related(
            "owner",
            "owner__employee",
            "deadline",
            "process",
            "process__skpprocess__plan__unit",
            "process__skpprocess__plan__employee",
            "process__evaluationprocess__evaluation__unit",
            "process__evaluationprocess__evaluation__employee",
            "process__evaluationprocess__evaluation__period__unit",
        )
        .first()
    )


def task_subject_ids(task_id: int) -> tuple[int | None, int | None]:
    """(plan id, evaluation id) of a task, to show its subject again after a conflict."""
    return Task.objects.filter(pk=task_id).values_list(
        "process__skpprocess__plan_id", "process__evaluationprocess__evaluation_id"
    ).first() or (None, None)


def _open_evaluation_tasks(node, unit_ids, *also) -> QuerySet[Task]:
    """Open tasks of `node` on evaluations in `unit_ids`, with the evaluation, its period and the owner joined."""
    return (
        Task.objects.filter(
            flow_task=node,
            status__in=OPEN_STATUSES,
            process__evaluationprocess__evaluation__unit_id__in=unit_ids,
        )
        .select_related(
            "owner",
            "owner__employee",
            "deadline",
            "process__evaluationprocess__evaluation__employee",
            "process__evaluationprocess__evaluation__period",
            *also,
        )
        .order_by("id")
    )


def open_sign_off_tasks(unit_ids) -> QuerySet[Task]:
    """Open HR sign-off tasks of evaluations in `unit_ids`."""
    return _open_evaluation_tasks(EvaluationFlow.sign_off, unit_ids)


def open_objection_decisions(unit_ids) -> QuerySet[Task]:
    """Open objection decisions of evaluations in `unit_ids` (HR administers them; it never decides), with the
    objection joined; unassigned ones wait for a designated official."""
    return _open_evaluation_tasks(EvaluationFlow.decide, unit_ids, "process__evaluationprocess__evaluation__objection")


def sign_off_tasks_held(period, user) -> QuerySet[Task]:
    """Open sign-off tasks of `period` that `user` holds, with their evaluations joined."""
    return Task.objects.filter(
        flow_task=EvaluationFlow.sign_off,
        status__in=OPEN_STATUSES,
        owner=user,
        process__evaluationprocess__evaluation__period=period,
    ).select_related("process__evaluationprocess__evaluation__employee")


def open_tasks_of_period(period) -> QuerySet[Task]:
    """Open human tasks of every evaluation of `period`, each annotated with `evaluation_id` (one query)."""
    return (
        Task.objects.filter(
            process__evaluationprocess__evaluation__period=period,
            status__in=OPEN_STATUSES,
            flow_task_type="HUMAN",
        )
        .annotate(evaluation_id=F("process__evaluationprocess__evaluation_id"))
        .select_related("owner", "owner__employee", "deadline")
        .order_by("id")
    )
