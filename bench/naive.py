"""The naive baseline for bench/scale.py: opening a period one employee at a time, as the code did before the
bulk path (git show 47808b0:appraisal/services/evaluation.py, `period_open` and `proposed_peers`).

Per employee: its approved SKP, the appraiser and senior appraiser walked up the chart query by query, the
evaluation saved with full_clean, its realisations and peer requests, and viewflow's StartHandle
(`EvaluationFlow.start.run`). The org-chart and SKP selectors are today's when they still exist (so the
baseline gets any speed-up they have had since), else the 47808b0 copies below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from appraisal import rules
from appraisal.models import (
    ActingAssignment,
    Employee,
    Evaluation,
    Indicator,
    PeerRequest,
    PerformancePlan,
    Period,
    PlanStatus,
    Position,
    Realization,
    Unit,
)
from workflows.evaluation_flow import EvaluationFlow

PEERS_PROPOSED = 3

try:
    from appraisal.org.selectors import appraiser_of, senior_appraiser_of, today, unit_subtree_ids

    SELECTORS = "appraisal.org.selectors (current)"
except ImportError:  # moved or renamed since: the 47808b0 versions
    SELECTORS = "47808b0 copies in bench/naive.py"
    from django.utils import timezone

    def today() -> dt.date:
        return timezone.localdate()

    def unit_subtree_ids(unit_ids: Iterable[int]) -> set[int]:
        found: set[int] = set(unit_ids)
        frontier = set(found)
        while frontier:
            frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            found |= frontier
        return found

    def _official_of(position: Position, *, on: dt.date) -> Employee | None:
        acting = (
            ActingAssignment.objects.filter(position=position, start_date__lte=on, employee__is_active=True)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .select_related("employee", "employee__position", "employee__position__unit")
            .order_by("-start_date")
            .first()
        )
        if acting is not None:
            return acting.employee
        return (
            Employee.objects.filter(position=position, is_active=True)
            .select_related("position", "position__unit")
            .order_by("id")
            .first()
        )

    def _first_official_above(position, *, on, exclude):
        node, seen = position, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            official = _official_of(node, on=on)
            if official is not None and official.pk not in exclude:
                return official, node
            node = node.parent
        return None, None

    def _appraiser_with_position(employee, *, on):
        if employee.position is None:
            return None, None
        return _first_official_above(employee.position.parent, on=on, exclude={employee.pk})

    def appraiser_of(employee: Employee, on: dt.date | None = None) -> Employee | None:
        return _appraiser_with_position(employee, on=on or today())[0]

    def senior_appraiser_of(employee: Employee, on: dt.date | None = None) -> Employee | None:
        on = on or today()
        appraiser, found_at = _appraiser_with_position(employee, on=on)
        if appraiser is None or found_at is None:
            return None
        return _first_official_above(found_at.parent, on=on, exclude={employee.pk, appraiser.pk})[0]


try:
    from appraisal.skp.selectors import current_approved_plan
except ImportError:

    def current_approved_plan(employee: Employee, year: int) -> PerformancePlan | None:
        return (
            PerformancePlan.objects.filter(employee=employee, year=year, status=PlanStatus.APPROVED)
            .order_by("-version")
            .first()
        )


def _saved(instance, actor: User | None):
    instance.full_clean()
    if actor is not None:
        instance._history_user = actor
    instance.save()
    return instance


def proposed_peers(employee: Employee, *, exclude: Iterable[int] = (), limit: int = PEERS_PROPOSED) -> list[Employee]:
    """Colleagues of the same unit with accounts, never the employee or those who appraise them."""
    excluded = {employee.pk, *(exclude or ())}
    excluded |= {p.pk for p in (appraiser_of(employee), senior_appraiser_of(employee)) if p is not None}
    colleagues = (
        Employee.objects.filter(position__unit_id=employee.position.unit_id, is_active=True, user__isnull=False)
        .exclude(pk__in=excluded)
        .order_by("position__parent_id", "name")  # same team first
    )
    same_parent = [c for c in colleagues if c.position.parent_id == employee.position.parent_id]
    others = [c for c in colleagues if c.position.parent_id != employee.position.parent_id]
    return (same_parent + others)[:limit]


def period_open(
    *,
    unit: Unit,
    year: int,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    peer_deadline: dt.date,
    actor: User,
    only_employee_ids: set[int] | None = None,
) -> int:
    """The 47808b0 period_open; `only_employee_ids` limits it to a sample. Returns the evaluations created."""
    created = 0
    with transaction.atomic():
        period = _saved(
            Period(
                year=year,
                kind=kind,
                unit=unit,
                start_date=start_date,
                end_date=end_date,
                peer_deadline=peer_deadline,
                opened_by=actor,
            ),
            actor,
        )
        employees = (
            Employee.objects.filter(position__unit_id__in=unit_subtree_ids([unit.pk]), is_active=True)
            .select_related("position", "position__unit", "user")
            .order_by("position__unit__name", "name")
        )
        if only_employee_ids is not None:
            employees = employees.filter(pk__in=only_employee_ids)
        for employee in employees:
            plan = current_approved_plan(employee, year)
            reason = rules.evaluation_skip_reason(
                has_account=employee.user_id is not None, has_approved_plan=plan is not None, year=year
            )
            if reason:
                continue
            on = max(min(today(), end_date), start_date)
            appraiser = appraiser_of(employee, on)
            senior = senior_appraiser_of(employee, on)
            evaluation = Evaluation(
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
            _saved(evaluation, actor)
            Realization.objects.bulk_create(
                [Realization(evaluation=evaluation, indicator=i) for i in Indicator.objects.filter(result__plan=plan)]
            )
            PeerRequest.objects.bulk_create(
                [PeerRequest(evaluation=evaluation, peer=p) for p in proposed_peers(employee)]
            )
            EvaluationFlow.start.run(evaluation=evaluation)
            created += 1
    return created
