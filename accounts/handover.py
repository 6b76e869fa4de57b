"""Open tasks of someone who left, or moved out of an HR officer's units, listed for reassignment.

Only reads: moving a task is workflows.steps.reassign.reassign_task, behind its own page, which asks the policy
again (HR of the subject's unit only; only to someone the law gives that step to; never the subject).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from appraisal import policy
from appraisal.models import Employee, Transfer
from appraisal.org.selectors import today
from workflows.evaluation_flow import EvaluationFlow
from workflows.selectors import inbox_item, open_tasks_of
from workflows.steps.reassign import STEP_ROLES, task_subject


@dataclass
class HandoverTask:
    task: Task
    title: str
    subject: str
    due: dt.date | None
    reassign_url: str  # empty: this officer may not move it (another unit's), or the step is personal


def handover_tasks(person: User | None, actor: User) -> tuple[list[HandoverTask], int]:
    """`person`'s open tasks about plans and evaluations of `actor`'s units (policy.can_reassign), each with the
    link to move it when the step belongs to an office (STEP_ROLES); and how many others exist (another unit's,
    for its HR). Peer feedback is left out: who answers is anonymous, and the task is cancelled at its deadline."""
    if person is None:
        return [], 0
    found, elsewhere = [], 0
    for task in open_tasks_of(person).exclude(flow_task=EvaluationFlow.peer_feedback):
        subject = task_subject(task)
        if subject is None or not policy.can_reassign(actor, subject):
            elsewhere += 1
            continue
        item = inbox_item(task)
        url = reverse("task_reassign", args=[task.pk]) if task.flow_task in STEP_ROLES else ""
        found.append(HandoverTask(task, item.title, item.subject, item.due, url))
    return found, elsewhere


@dataclass
class Departure:
    employee: Employee
    why: str
    on: dt.date | None
    tasks: list[HandoverTask]


def departures(actor: User) -> list[Departure]:
    """People of `actor`'s units this year who left (inactive) or moved to a unit outside them (mutasi), with open
    tasks still in their name."""
    units = policy.hr_unit_ids(actor)
    start = dt.date(today().year, 1, 1)
    out: list[Departure] = []
    gone = (
        Employee.objects.filter(position__unit_id__in=units)
        .exclude(user__isnull=True)
        .filter(is_active=False)
        .select_related("user__account_profile", "position__unit")
    )
    for employee in gone:
        profile = getattr(employee.user, "account_profile", None)
        reason = profile.get_deactivation_reason_display() if profile and profile.deactivation_reason else ""
        tasks, _elsewhere = handover_tasks(employee.user, actor)
        if tasks:
            out.append(Departure(employee, reason or "—", profile.deactivated_on if profile else None, tasks))
    moved = (
        Transfer.objects.filter(from_position__unit_id__in=units, effective_date__gte=start)
        .exclude(to_position__unit_id__in=units)
        .select_related("employee__user", "to_position__unit")
        .order_by("-effective_date")
    )
    seen: set[int] = set()
    for transfer in moved:
        if transfer.employee_id in seen:
            continue
        seen.add(transfer.employee_id)
        tasks = [t for t in handover_tasks(transfer.employee.user, actor)[0] if t.reassign_url]
        if tasks:
            why = _("Mutasi ke %(position)s, %(unit)s") % {
                "position": transfer.to_position_title,
                "unit": transfer.to_position.unit.name,
            }
            out.append(Departure(transfer.employee, why, transfer.effective_date, tasks))
    return out
