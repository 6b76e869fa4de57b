"""Opening a period for a whole unit tree: the job behind HR's "Buka periode" (workflows.tasks.open_period).

Creates one evaluation per employee with an approved SKP, its realisations and proposed peers, and the
evaluation's viewflow process with its first task, in batches with bulk inserts. Appraisers come from an
in-memory snapshot of the org chart (appraisal.org.selectors.OrgSnapshot), so the number of queries does not
grow with the number of employees per batch.

Every process and first task are stored exactly as EvaluationFlow.start.run() would leave them
(tests/workflows/test_period_opening.py compares both paths field by field). viewflow's task signals are not
sent on this path; nothing in the project listens to them.

Restartable and idempotent: each batch is one transaction under the period's row lock and skips employees that
already have an evaluation for the period, so a consumer killed midway, or two consumers at once, finish the
work without duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from appraisal import rules
from appraisal.evaluation import services
from appraisal.models import (
    Employee,
    Evaluation,
    Indicator,
    PeerRequest,
    PerformancePlan,
    Period,
    PlanStatus,
    Realization,
)
from appraisal.org.selectors import OrgSnapshot, today, unit_subtree_ids
from workflows.evaluation_flow import EvaluationFlow, self_assessment_due
from workflows.models import EvaluationProcess, TaskDeadline

BATCH_SIZE = 1000


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _employees(period: Period) -> list[Employee]:
    return list(
        Employee.objects.filter(position__unit_id__in=unit_subtree_ids([period.unit_id]), is_active=True)
        .select_related("position", "position__unit")
        .order_by("position__unit__name", "name", "id")
    )


def _approved_plans(employee_ids: Iterable[int], year: int) -> dict[int, PerformancePlan]:
    """The approved SKP version in force per employee (the highest approved version), in one query."""
    plans: dict[int, PerformancePlan] = {}
    rows = PerformancePlan.objects.filter(employee_id__in=list(employee_ids), year=year, status=PlanStatus.APPROVED)
    for plan in rows.only("id", "employee_id", "version").order_by("employee_id", "-version"):
        plans.setdefault(plan.employee_id, plan)
    return plans


def eligible_employees(period: Period) -> tuple[list[tuple[Employee, PerformancePlan]], list[tuple[Employee, str]]]:
    """Who gets an evaluation in `period` (with the plan it is measured against), and who not, with why."""
    employees = _employees(period)
    plans = _approved_plans((e.pk for e in employees), period.year)
    eligible, skipped = [], []
    for employee in employees:
        plan = plans.get(employee.pk)
        reason = rules.evaluation_skip_reason(
            has_account=employee.user_id is not None, has_approved_plan=plan is not None, year=period.year
        )
        if reason:
            skipped.append((employee, reason))
        else:
            eligible.append((employee, plan))
    return eligible, skipped


def _proposed_peers(employee: Employee, chart: OrgSnapshot, colleagues: list[Employee], exclude: set[int]):
    candidates = [c for c in colleagues if c.pk not in exclude and c.user_id is not None]
    return rules.peers_in_team_order(
        candidates,
        team_of=lambda c: c.position.parent_id,
        own_team=employee.position.parent_id,
        limit=services.PEERS_PROPOSED,
    )


def _start_processes(evaluations: list[Evaluation], period: Period) -> None:
    """Bulk equivalent of EvaluationFlow.start.run(evaluation=e) for each evaluation."""
    now = timezone.now()
    processes = Process.objects.bulk_create(
        [Process(flow_class=EvaluationFlow, status=PROCESS.NEW, created=now) for _ in evaluations]
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {EvaluationProcess._meta.db_table} (process_ptr_id, evaluation_id) VALUES (%s, %s)",  # noqa: S608
            [(p.pk, e.pk) for p, e in zip(processes, evaluations, strict=True)],
        )
    starts = Task.objects.bulk_create(
        [
            Task(
                process=p,
                flow_task=EvaluationFlow.start,
                flow_task_type=EvaluationFlow.start.task_type,
                status=STATUS.DONE,
                created=now,
                started=now,
                finished=now,
                data={},
            )
            for p in processes
        ]
    )
    due = self_assessment_due(period)
    firsts = Task.objects.bulk_create(
        [
            Task(
                process=p,
                flow_task=EvaluationFlow.self_assess,
                flow_task_type=EvaluationFlow.self_assess.task_type,
                status=STATUS.ASSIGNED,
                owner_id=e.employee.user_id,
                created=now,
                data={"due": due.isoformat()},
            )
            for p, e in zip(processes, evaluations, strict=True)
        ]
    )
    Task.previous.through.objects.bulk_create(
        [Task.previous.through(from_task=f, to_task=s) for f, s in zip(firsts, starts, strict=True)]
    )
    TaskDeadline.objects.bulk_create([TaskDeadline(task=t, due=due) for t in firsts])


def _create_batch(period: Period, batch: list[tuple[Employee, PerformancePlan]], chart: OrgSnapshot, unit_staff) -> int:
    """Create what is missing for one batch; returns how many evaluations were created."""
    done = set(
        Evaluation.objects.filter(period=period, employee_id__in=[e.pk for e, _ in batch]).values_list(
            "employee_id", flat=True
        )
    )
    todo = [(e, plan) for e, plan in batch if e.pk not in done]
    if not todo:
        return 0
    rows, peers_of = [], {}
    for employee, plan in todo:
        appraiser, senior = chart.appraisers(employee)
        rows.append(
            Evaluation(
                employee=employee,
                period=period,
                plan=plan,
                position=employee.position,
                unit=employee.position.unit,
                position_title=employee.position.title,
                unit_name=employee.position.unit.name,
                grade=employee.grade,
                appraiser=appraiser,
                appraiser_position_title=appraiser.position.title if appraiser and appraiser.position else "",
                senior_appraiser=senior,
                senior_appraiser_position_title=senior.position.title if senior and senior.position else "",
            )
        )
        exclude = {employee.pk} | {p.pk for p in (appraiser, senior) if p is not None}
        peers_of[employee.pk] = _proposed_peers(employee, chart, unit_staff[employee.position.unit_id], exclude)
    evaluations = bulk_create_with_history(rows, Evaluation, default_user=period.opened_by)
    if any(e.pk is None for e in evaluations):  # databases without RETURNING: read the ids back
        ids = dict(Evaluation.objects.filter(period=period).values_list("employee_id", "id"))
        for e in evaluations:
            e.pk = ids[e.employee_id]
    indicators: dict[int, list[int]] = {}
    for indicator_id, plan_id in Indicator.objects.filter(result__plan__in=[p for _, p in todo]).values_list(
        "id", "result__plan_id"
    ):
        indicators.setdefault(plan_id, []).append(indicator_id)
    Realization.objects.bulk_create(
        [Realization(evaluation=e, indicator_id=i) for e in evaluations for i in indicators.get(e.plan_id, [])]
    )
    PeerRequest.objects.bulk_create(
        [PeerRequest(evaluation=e, peer=p) for e in evaluations for p in peers_of[e.employee_id]]
    )
    _start_processes(evaluations, period)
    return len(evaluations)


def period_populate(period_id: int, *, batch_size: int = BATCH_SIZE) -> None:
    """The job: create every missing evaluation of the period and record progress (done / total)."""
    period = Period.objects.select_related("unit", "opened_by").get(pk=period_id)
    if period.opening_status == Period.Opening.DONE:
        return
    eligible, _skipped = eligible_employees(period)
    services.period_opening_progress(period=period, status=Period.Opening.RUNNING, total=len(eligible), done=0)
    try:
        on = max(min(today(), period.end_date), period.start_date)
        chart = OrgSnapshot(on)
        unit_staff: dict[int, list[Employee]] = {}
        for e in sorted(chart.employees.values(), key=lambda c: (c.position.parent_id or 0, c.name)):
            if e.position_id is not None:
                unit_staff.setdefault(e.position.unit_id, []).append(e)
        processed = 0
        for batch in _chunks(eligible, batch_size):
            with transaction.atomic():
                Period.objects.select_for_update().filter(pk=period.pk).first()  # one runner per batch
                _create_batch(period, batch, chart, unit_staff)
            processed += len(batch)
            services.period_opening_progress(period=period, status=Period.Opening.RUNNING, done=processed)
    except Exception as exc:
        services.period_opening_progress(period=period, status=Period.Opening.FAILED, error=repr(exc))
        raise
    services.period_opening_progress(period=period, status=Period.Opening.DONE, done=len(eligible))


def stalled_periods(*, older_than: dt.timedelta) -> list[int]:
    """Periods whose opening has not progressed for a while (a consumer died): the sweep enqueues them again."""
    limit = timezone.now() - older_than
    return list(
        Period.objects.exclude(opening_status=Period.Opening.DONE)
        .filter(opening_updated_at__lt=limit)
        .values_list("id", flat=True)
    ) + list(
        Period.objects.filter(
            opening_status=Period.Opening.QUEUED, opening_updated_at__isnull=True, opened_at__lt=limit
        ).values_list("id", flat=True)
    )
