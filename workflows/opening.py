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

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from appraisal import rules
from appraisal.evaluation import services
from appraisal.models import (
    Employee,
    Evaluation,
    EvaluationStatus,
    Indicator,
    PeerRequest,
    PerformancePlan,
    Period,
    PlanStatus,
    Realization,
)
from appraisal.org.selectors import OrgSnapshot, today, unit_subtree_ids
from workflows import bulk
from workflows.evaluation_flow import EvaluationFlow, self_assessment_due
from workflows.models import EvaluationProcess, TaskDeadline

BATCH_SIZE = 1000


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _employees(period: Period, chart: OrgSnapshot | None) -> list[Employee]:
    """Active employees of the period's unit tree, by unit and name (from the snapshot when there is one)."""
    units = unit_subtree_ids([period.unit_id])
    if chart is None:
        employees = Employee.objects.filter(position__unit_id__in=units, is_active=True).select_related(
            "position", "position__unit"
        )
    else:
        employees = [e for e in chart.employees.values() if e.position_id is not None and e.position.unit_id in units]
    return sorted(employees, key=lambda e: (e.position.unit.name, e.name, e.pk))


def _approved_plans(employee_ids: Iterable[int], year: int) -> dict[int, int]:
    """The approved SKP version in force per employee (the highest approved version): plan ids, in one query."""
    plans: dict[int, int] = {}
    rows = PerformancePlan.objects.filter(employee_id__in=list(employee_ids), year=year, status=PlanStatus.APPROVED)
    for employee_id, plan_id in rows.order_by("employee_id", "-version").values_list("employee_id", "id"):
        plans.setdefault(employee_id, plan_id)
    return plans


def eligible_employees(
    period: Period, chart: OrgSnapshot | None = None
) -> tuple[list[tuple[Employee, int]], list[tuple[Employee, str]]]:
    """Who gets an evaluation in `period` (with the id of the plan it is measured against), and who not, with why."""
    employees = _employees(period, chart)
    plans = _approved_plans((e.pk for e in employees), period.year)
    eligible, skipped = [], []
    for employee in employees:
        plan_id = plans.get(employee.pk)
        reason = rules.evaluation_skip_reason(
            has_account=employee.user_id is not None, has_approved_plan=plan_id is not None, year=period.year
        )
        if reason:
            skipped.append((employee, reason))
        else:
            eligible.append((employee, plan_id))
    return eligible, skipped


class _PeerPicker:
    """Proposed peers for every employee of a snapshot: each team's candidate order is computed once."""

    def __init__(self, chart: OrgSnapshot):
        self.unit_staff: dict[int, list[Employee]] = {}
        staff = sorted(
            (e for e in chart.employees.values() if e.position_id is not None and e.user_id is not None),
            key=lambda c: (c.position.parent_id is None, c.position.parent_id or 0, c.name, c.pk),
        )
        for e in staff:
            self.unit_staff.setdefault(e.position.unit_id, []).append(e)
        self._orders: dict[tuple[int, int | None], list[Employee]] = {}

    def peers(self, employee: Employee, exclude: set[int]) -> list[Employee]:
        key = (employee.position.unit_id, employee.position.parent_id)
        order = self._orders.get(key)
        if order is None:
            colleagues = self.unit_staff.get(key[0], [])
            order = rules.peers_in_team_order(
                colleagues, team_of=lambda c: c.position.parent_id, own_team=key[1], limit=len(colleagues)
            )
            self._orders[key] = order
        chosen = []
        for candidate in order:
            if candidate.pk not in exclude:
                chosen.append(candidate)
                if len(chosen) == services.PEERS_PROPOSED:
                    break
        return chosen


def _start_processes(evaluation_ids: list[int], owners: list[int | None], period: Period) -> None:
    """Bulk equivalent of EvaluationFlow.start.run(evaluation=e) for each evaluation."""
    now = timezone.now()
    due = self_assessment_due(period)
    n = len(evaluation_ids)
    process_ids = bulk.insert(
        Process, [{"flow_class": EvaluationFlow, "status": PROCESS.NEW, "created": now, "data": {}}] * n
    )
    bulk.insert(
        EvaluationProcess,
        [{"process_ptr_id": p, "evaluation_id": e} for p, e in zip(process_ids, evaluation_ids, strict=True)],
    )
    start = {
        "flow_task": EvaluationFlow.start,
        "flow_task_type": EvaluationFlow.start.task_type,
        "status": STATUS.DONE,
        "created": now,
        "started": now,
        "finished": now,
        "data": {},
    }
    start_ids = bulk.insert(Task, [{**start, "process_id": p} for p in process_ids])
    first = {
        "flow_task": EvaluationFlow.self_assess,
        "flow_task_type": EvaluationFlow.self_assess.task_type,
        "status": STATUS.ASSIGNED,
        "created": now,
        "data": {"due": due.isoformat()},
    }
    first_ids = bulk.insert(
        Task, [{**first, "process_id": p, "owner_id": o} for p, o in zip(process_ids, owners, strict=True)]
    )
    bulk.insert(
        Task.previous.through,
        [{"from_task_id": f, "to_task_id": t} for f, t in zip(first_ids, start_ids, strict=True)],
    )
    bulk.insert(TaskDeadline, [{"task_id": t, "due": due, "reminded_on": None} for t in first_ids])


def _create_batch(period: Period, batch: list[tuple[Employee, int]], chart: OrgSnapshot, picker: _PeerPicker) -> int:
    """Create what is missing for one batch; returns how many evaluations were created."""
    done = set(
        Evaluation.objects.filter(period=period, employee_id__in=[e.pk for e, _ in batch]).values_list(
            "employee_id", flat=True
        )
    )
    todo = [(e, plan) for e, plan in batch if e.pk not in done]
    if not todo:
        return 0
    rows, peers = [], []
    for employee, plan_id in todo:
        appraiser, senior = chart.appraisers(employee)
        rows.append(
            {
                "employee_id": employee.pk,
                "period_id": period.pk,
                "plan_id": plan_id,
                "status": EvaluationStatus.SELF_ASSESSMENT,
                "position_id": employee.position_id,
                "unit_id": employee.position.unit_id,
                "position_title": employee.position.title,
                "unit_name": employee.position.unit.name,
                "grade": employee.grade,
                "appraiser_id": appraiser.pk if appraiser else None,
                "appraiser_position_title": appraiser.position.title if appraiser and appraiser.position else "",
                "senior_appraiser_id": senior.pk if senior else None,
                "senior_appraiser_position_title": senior.position.title if senior and senior.position else "",
            }
        )
        exclude = {employee.pk} | {p.pk for p in (appraiser, senior) if p is not None}
        peers.append(picker.peers(employee, exclude))
    ids = bulk.insert(Evaluation, rows)
    now = timezone.now()
    history = {"history_date": now, "history_type": "+", "history_user_id": period.opened_by_id}
    bulk.insert(Evaluation.history.model, [{**row, "id": pk, **history} for pk, row in zip(ids, rows, strict=True)])
    indicators: dict[int, list[int]] = {}
    plan_ids = [plan_id for _, plan_id in todo]
    for indicator_id, plan_id in Indicator.objects.filter(result__plan_id__in=plan_ids).values_list(
        "id", "result__plan_id"
    ):
        indicators.setdefault(plan_id, []).append(indicator_id)
    bulk.insert(
        Realization,
        [
            {"evaluation_id": pk, "indicator_id": i}
            for pk, (_, plan_id) in zip(ids, todo, strict=True)
            for i in indicators.get(plan_id, [])
        ],
    )
    bulk.insert(
        PeerRequest,
        [{"evaluation_id": pk, "peer_id": p.pk} for pk, chosen in zip(ids, peers, strict=True) for p in chosen],
    )
    _start_processes(ids, [e.user_id for e, _ in todo], period)
    return len(ids)


def period_populate(period_id: int, *, batch_size: int = BATCH_SIZE) -> None:
    """The job: create every missing evaluation of the period and record progress (done / total)."""
    period = Period.objects.select_related("unit", "opened_by").get(pk=period_id)
    if period.opening_status == Period.Opening.DONE:
        return
    chart = OrgSnapshot(max(min(today(), period.end_date), period.start_date))
    eligible, _skipped = eligible_employees(period, chart)
    services.period_opening_progress(period=period, status=Period.Opening.RUNNING, total=len(eligible), done=0)
    try:
        picker = _PeerPicker(chart)
        processed = 0
        for batch in _chunks(eligible, batch_size):
            with transaction.atomic():
                Period.objects.select_for_update().filter(pk=period.pk).first()  # one runner per batch
                _create_batch(period, batch, chart, picker)
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
