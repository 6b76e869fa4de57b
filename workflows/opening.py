"""Opening a period for a whole unit tree: the job behind HR's "Buka periode" (workflows.tasks.open_period).

Creates one evaluation per employee with an approved SKP, its realisations and proposed peers, and the
evaluation's viewflow process with its first task, in batches with bulk inserts. Appraisers come from an
in-memory snapshot of the org chart (appraisal.org.selectors.OrgSnapshot), so the number of queries does not
grow with the number of employees per batch.

Every process and first task are stored exactly as EvaluationFlow.start.run() would leave them
(tests/workflows/test_period_opening.py compares both paths field by field). viewflow's task signals are not
sent on this path; nothing in the project listens to them. Each employee gets one "period opened" notification,
inserted with the batch, instead of the "new task" one the flow's onCreate gives elsewhere.

Restartable and idempotent: each batch is one transaction under the period's row lock and skips employees that
already have an evaluation for the period, so a consumer killed midway, or two consumers at once, finish the
work without duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from appraisal import rules
from appraisal.evaluation import services
from appraisal.evaluation.selectors import PeriodPlan, eligible_employees
from appraisal.models import (
    Employee,
    Evaluation,
    EvaluationStatus,
    Indicator,
    PeerRequest,
    Period,
    Realization,
)
from appraisal.notifications import services as notifications
from appraisal.org.selectors import OrgSnapshot, today
from workflows import bulk
from workflows.evaluation_flow import EvaluationFlow, self_assessment_due
from workflows.models import EvaluationProcess, TaskDeadline

BATCH_SIZE = 1000
WRITERS = 4  # threads writing batches on PostgreSQL: the database's work (indexes, constraint checks) dominates
ADVISORY_LOCK_NAMESPACE = 8101  # pg_try_advisory_lock(namespace, period id): one opening job per period


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


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


@dataclass
class _Prepared:
    """One batch ready to write: the evaluation rows and what hangs off them."""

    rows: list[dict] = field(default_factory=list)
    peers: list[list[Employee]] = field(default_factory=list)
    owners: list[int | None] = field(default_factory=list)
    indicators: list[list[int]] = field(default_factory=list)


def _prepare_batch(
    period: Period, batch: list[tuple[Employee, PeriodPlan]], chart: OrgSnapshot, picker: _PeerPicker
) -> _Prepared | None:
    """Rows for the employees of `batch` who have no evaluation yet (None: nothing to do).

    The position, unit and appraisers are those of the SKP the period measures (after a mutasi, the position held
    in the period), not necessarily the employee's position today."""
    done = set(
        Evaluation.objects.filter(period=period, employee_id__in=[e.pk for e, _ in batch]).values_list(
            "employee_id", flat=True
        )
    )
    todo = [(e, plan) for e, plan in batch if e.pk not in done]
    if not todo:
        return None
    by_plan: dict[int, list[int]] = {}
    for indicator_id, plan_id in Indicator.objects.filter(result__plan_id__in=[p.pk for _, p in todo]).values_list(
        "id", "result__plan_id"
    ):
        by_plan.setdefault(plan_id, []).append(indicator_id)
    prepared = _Prepared()
    for employee, plan in todo:
        moved = plan.position_id is not None and plan.position_id != employee.position_id
        position_id = plan.position_id if moved else employee.position_id
        (appraiser, appraiser_title), (senior, senior_title) = chart.appraiser_roles_of_position(position_id, employee)
        prepared.rows.append(
            {
                "employee_id": employee.pk,
                "period_id": period.pk,
                "plan_id": plan.pk,
                "status": EvaluationStatus.SELF_ASSESSMENT,
                "position_id": position_id,
                "unit_id": plan.unit_id if moved else employee.position.unit_id,
                "position_title": plan.position_title if moved else employee.position.title,
                "unit_name": plan.unit_name if moved else employee.position.unit.name,
                "grade": employee.grade,
                "appraiser_id": appraiser.pk if appraiser else None,
                "appraiser_position_title": appraiser_title,  # "Plt. Lurah Naioni" for an acting official
                "senior_appraiser_id": senior.pk if senior else None,
                "senior_appraiser_position_title": senior_title,
            }
        )
        # The same exclusions as selectors.peer_candidates: the employee, the appraiser and everyone above.
        exclude = {employee.pk} | chart.superiors(employee)
        prepared.peers.append(picker.peers(employee, exclude))
        prepared.owners.append(employee.user_id)
        prepared.indicators.append(by_plan.get(plan.pk, []))
    return prepared


def _write_batch(period: Period, prepared: _Prepared) -> int:
    """Insert one prepared batch (the caller holds the transaction); returns how many evaluations."""
    ids = bulk.insert(Evaluation, prepared.rows)
    history = {"history_date": timezone.now(), "history_type": "+", "history_user_id": period.opened_by_id}
    rows = prepared.rows
    bulk.insert(Evaluation.history.model, [{**row, "id": pk, **history} for pk, row in zip(ids, rows, strict=True)])
    bulk.insert(
        Realization,
        [
            {"evaluation_id": pk, "indicator_id": i}
            for pk, indicators in zip(ids, prepared.indicators, strict=True)
            for i in indicators
        ],
    )
    bulk.insert(
        PeerRequest,
        [
            {"evaluation_id": pk, "peer_id": p.pk}
            for pk, chosen in zip(ids, prepared.peers, strict=True)
            for p in chosen
        ],
    )
    _start_processes(ids, prepared.owners, period)
    # In place of a "new task" notice per self-assessment (viewflow's onCreate does not run on this path).
    notifications.period_opened(
        period=period,
        openings=list(zip(ids, prepared.owners, strict=True)),
        due=self_assessment_due(period),
        insert=bulk.insert,
    )
    return len(ids)


def _create_batch(
    period: Period, batch: list[tuple[Employee, PeriodPlan]], chart: OrgSnapshot, picker: _PeerPicker
) -> int:
    """Create what is missing for one batch, in one transaction; returns how many evaluations were created."""
    prepared = _prepare_batch(period, batch, chart, picker)
    if prepared is None:
        return 0
    with transaction.atomic():
        return _write_batch(period, prepared)


def _write_on_own_connection(period: Period, prepared: _Prepared) -> int:
    """A writer thread's batch: its own transaction on its own connection, closed afterwards."""
    try:
        with transaction.atomic():
            return _write_batch(period, prepared)
    finally:
        connection.close()


@contextmanager
def _single_runner(period_id: int) -> Iterator[bool]:
    """On PostgreSQL, one job per period at a time (an advisory lock); a second consumer leaves at once."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = [ADVISORY_LOCK_NAMESPACE, period_id]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def period_populate(period_id: int, *, batch_size: int = BATCH_SIZE) -> None:
    """The job: create every missing evaluation of the period and record progress (done / total).

    On PostgreSQL, outside any enclosing transaction (a real job), batches are written by WRITERS threads on
    their own connections while the next batch is prepared, so the database's work (indexes, foreign-key
    checks at commit) runs beside Python's on the other core. Elsewhere, batch after batch."""
    period = Period.objects.select_related("unit", "opened_by").get(pk=period_id)
    if period.opening_status == Period.Opening.DONE:
        return
    with _single_runner(period.pk) as mine:
        if not mine:
            return  # another consumer is on it
        chart = OrgSnapshot(max(min(today(), period.end_date), period.start_date))
        eligible, _skipped = eligible_employees(period, chart)
        services.period_opening_progress(period=period, status=Period.Opening.RUNNING, total=len(eligible), done=0)
        try:
            picker = _PeerPicker(chart)
            batches = list(_chunks(eligible, batch_size))
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                _populate_in_parallel(period, batches, chart, picker)
            else:
                processed = 0
                for batch in batches:
                    _create_batch(period, batch, chart, picker)
                    processed += len(batch)
                    services.period_opening_progress(period=period, status=Period.Opening.RUNNING, done=processed)
        except Exception as exc:
            services.period_opening_progress(period=period, status=Period.Opening.FAILED, error=repr(exc))
            raise
        services.period_opening_progress(period=period, status=Period.Opening.DONE, done=len(eligible))


def _populate_in_parallel(period: Period, batches: list, chart: OrgSnapshot, picker: _PeerPicker) -> None:
    processed = 0
    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="opening-writer") as pool:
        running: dict = {}
        for batch in batches:
            prepared = _prepare_batch(period, batch, chart, picker)
            if prepared is None:
                processed += len(batch)
                continue
            running[pool.submit(_write_on_own_connection, period, prepared)] = len(batch)
            while len(running) >= WRITERS:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()  # a writer's error stops the job (the batches written so far stay whole)
                    processed += running.pop(future)
                services.period_opening_progress(period=period, status=Period.Opening.RUNNING, done=processed)
        for future in list(running):
            future.result()
            processed += running.pop(future)


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
