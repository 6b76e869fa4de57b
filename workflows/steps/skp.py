"""The SKP flow's steps: what pages, the API and the demo call to move a plan through drafting and review.

Each step runs the domain service (appraisal.skp.services) and opens or completes the flow's task in the same
transaction; the flow lock is the outermost transaction, so a lock conflict cannot poison an enclosing one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from appraisal.models import Employee, PerformancePlan, Position, Transfer, Unit
from appraisal.org import services as org_services
from appraisal.skp import services
from appraisal.skp.services import BulkStartReport
from workflows import notices
from workflows.skp_flow import SkpFlow
from workflows.steps.common import OPEN_STATUSES, TaskNotOpen, acting_as, complete_task, open_task


def open_task_of(plan: PerformancePlan) -> Task | None:
    """The plan's open draft or review task, if any."""
    process = getattr(plan, "process", None)
    if process is None:
        return None
    return (
        Task.objects.filter(process=process, status__in=OPEN_STATUSES, flow_task_type="HUMAN")
        .select_related("owner", "owner__employee", "deadline")
        .order_by("-id")
        .first()
    )


def review_task(plan: PerformancePlan) -> Task | None:
    process = getattr(plan, "process", None)
    return open_task(process, SkpFlow.review) if process is not None else None


def _start(plan: PerformancePlan, actor: User | None) -> None:
    with acting_as(actor):
        SkpFlow.start.run(plan=plan)


@transaction.atomic
def plan_create(*, employee: Employee, year: int, actor: User | None = None) -> PerformancePlan:
    """Open version 1 of an employee's SKP and give the employee a draft task."""
    plan = services.plan_create(employee=employee, year=year, actor=actor)
    _start(plan, actor)
    return plan


@transaction.atomic
def employee_transfer(
    *, employee: Employee, position: Position, effective_date: dt.date, decree_number: str, actor: User
) -> tuple[Transfer, PerformancePlan]:
    """Mutasi, all or nothing: the move is recorded, the old SKP closes the day before, and the new position's SKP
    starts with a draft task for the employee (reviewed by the new Pejabat Penilai Kinerja)."""
    transfer = org_services.employee_transfer(
        employee=employee, position=position, effective_date=effective_date, decree_number=decree_number, actor=actor
    )
    plan = services.plans_split_for_transfer(transfer=transfer, actor=actor)
    _start(plan, actor)
    return transfer, plan


@transaction.atomic
def plans_start_for_unit(*, unit: Unit, year: int, actor: User) -> BulkStartReport:
    """HR: a draft SKP, with its draft task, for every active employee of `unit` who has none for `year`."""
    report = services.plans_create_for_unit(unit=unit, year=year, actor=actor)
    for plan in report.created:
        _start(plan, actor)
    return report


def plan_submit(*, plan: PerformancePlan, actor: User) -> PerformancePlan:
    """The employee submits the draft; the appraiser gets a review task."""
    task = open_task(getattr(plan, "process", None), SkpFlow.draft)
    if task is None:
        raise TaskNotOpen(_("SKP ini tidak sedang dalam tahap penyusunan."))
    return complete_task(task, user=actor, apply=lambda: services.plan_submit(plan=plan, actor=actor))


def _review(plan: PerformancePlan, actor: User, decide) -> PerformancePlan:
    task = open_task(getattr(plan, "process", None), SkpFlow.review)
    if task is None:
        raise TaskNotOpen(_("SKP ini tidak sedang menunggu persetujuan."))
    return complete_task(task, user=actor, apply=decide)


def plan_approve(*, plan: PerformancePlan, actor: User) -> PerformancePlan:
    """The appraiser approves: the plan is locked; a previous version is superseded; the employee is told."""

    def approve() -> PerformancePlan:
        approved = services.plan_approve(plan=plan, actor=actor)
        notices.plan_approved(approved)
        return approved

    return _review(plan, actor, approve)


def plan_return(
    *, plan: PerformancePlan, actor: User, note: str = "", result_notes: Mapping[int, str] | None = None
) -> PerformancePlan:
    """The appraiser returns the plan with notes; the employee gets a draft task again."""
    services.plan_return_check(note=note, result_notes=result_notes)
    return _review(
        plan, actor, lambda: services.plan_return(plan=plan, actor=actor, note=note, result_notes=result_notes)
    )


@transaction.atomic
def plan_revise(*, plan: PerformancePlan, actor: User, reason: str) -> PerformancePlan:
    """After approval, version n+1 goes through the same drafting and review."""
    new = services.plan_revise(plan=plan, actor=actor, reason=reason)
    _start(new, actor)
    return new
