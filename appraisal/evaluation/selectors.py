"""Reads of evaluation data shared by pages, the API and documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from appraisal import rules
from appraisal.models import (
    Employee,
    Evaluation,
    Evidence,
    PeerRequest,
    PerformancePlan,
    Period,
    PlanStatus,
    Realization,
)
from appraisal.org.selectors import OrgSnapshot, appraiser_and_superiors, unit_subtree_ids
from appraisal.rules import annual_predicate
from appraisal.service_desk.selectors import PUBLIC_SERVICE_LABELS, public_service_summary


def evaluation_with_details(pk: int) -> Evaluation:
    """One evaluation with realisation, indicators, evidence, objection and the people involved."""
    return (
        Evaluation.objects.select_related(
            "employee",
            "employee__user",
            "period",
            "period__unit",
            "plan",
            "position",
            "unit",
            "appraiser",
            "senior_appraiser",
            "rated_by",
            "signed_off_by",
            "objection",
            "process",
        )
        .prefetch_related(
            Prefetch(
                "realizations",
                queryset=Realization.objects.select_related(
                    "indicator", "indicator__result", "indicator__result__supports"
                )
                .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")))
                .order_by("indicator__result__kind", "indicator__result__order", "indicator__order", "indicator_id"),
            ),
        )
        .get(pk=pk)
    )


def evaluations_of(employee: Employee) -> QuerySet[Evaluation]:
    """An employee's evaluations, newest period first (for 'my past evaluations')."""
    return (
        Evaluation.objects.filter(employee=employee)
        .select_related("period", "plan")
        .order_by("-period__year", "-period__start_date")
    )


@dataclass(frozen=True)
class PeerProgress:
    """How far the peer step is, as counts only (policy.can_see_peer_progress): never who answered."""

    asked: int = 0
    answered: int = 0
    expired: int = 0

    @property
    def waiting(self) -> int:
        return self.asked - self.answered - self.expired


def peer_progress_of(evaluation_ids: Iterable[int]) -> dict[int, PeerProgress]:
    """Peer progress of many evaluations in one query (the HR period page)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        PeerRequest.objects.filter(evaluation_id__in=list(evaluation_ids))
        .values("evaluation_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["evaluation_id"]][row["state"]] = row["n"]
    return {
        evaluation_id: PeerProgress(
            asked=sum(by_state.values()),
            answered=by_state.get(PeerRequest.State.ANSWERED, 0),
            expired=by_state.get(PeerRequest.State.EXPIRED, 0),
        )
        for evaluation_id, by_state in counts.items()
    }


def peer_progress(evaluation: Evaluation) -> PeerProgress:
    return peer_progress_of([evaluation.pk]).get(evaluation.pk, PeerProgress())


def peer_candidates(evaluation: Evaluation) -> QuerySet[Employee]:
    """Who the appraiser may ask for behaviour feedback on `evaluation` (by page, API or opening a period).

    Rekan kerja are people who see the employee's daily work: the same unit, the same team (same superior
    position) or the employee's direct staff. Never the employee, the appraiser, or anyone above the appraiser
    (the Atasan Pejabat Penilai Kinerja included): their view is the rating's, not a peer's. HR officers come in
    only as colleagues, like anyone else. Active employees with an account only (they answer a task)."""
    position = evaluation.position
    colleagues = Q(position__unit_id=evaluation.unit_id)
    if position is not None:
        colleagues |= Q(position__parent_id=position.id)
        if position.parent_id is not None:
            colleagues |= Q(position__parent_id=position.parent_id)
    excluded = {evaluation.employee_id} | appraiser_and_superiors(evaluation.employee)
    return (
        Employee.objects.filter(colleagues, is_active=True, user__isnull=False)
        .exclude(pk__in=excluded)
        .select_related("position", "position__unit")
        .order_by("name", "pk")
    )


def evaluation_by_code(code: str) -> Evaluation | None:
    """A final evaluation by its public verification code (case-insensitive, dashes and spaces ignored)."""
    normalized = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(normalized) != 12:
        return None
    return (
        Evaluation.objects.filter(verification_code=normalized, is_final=True)
        .select_related("employee", "period")
        .first()
    )


def annual_predicate_of(employee: Employee, year: int):
    """The Tahunan predicate from the year's final periodic evaluations (rule from settings.ANNUAL_PREDICATE_RULE)."""

    periodic = dict(
        Evaluation.objects.filter(employee=employee, period__year=year, is_final=True)
        .exclude(period__kind="TAHUNAN")
        .values_list("period__kind", "predicate")
    )
    return annual_predicate(periodic, rule=settings.ANNUAL_PREDICATE_RULE)


def public_figures_for(evaluation: Evaluation) -> dict:
    """Public-service figures to show: live until the appraiser rates, then the figures the rating rested on."""
    if evaluation.rated_at is not None:
        return evaluation.public_service or {"available": False}
    return public_service_summary(
        evaluation.employee, start=evaluation.period.start_date, end=evaluation.period.end_date
    )


def public_figure_rows(evaluation: Evaluation) -> tuple[bool, list[tuple[str, object]]]:
    """The public-service figures as (label, value) rows for pages; the officer's IKM below 5 answers is
    shown as 'belum cukup tanggapan'."""
    data = public_figures_for(evaluation)
    not_enough = _("belum cukup tanggapan (minimal %(n)s)") % {"n": data.get("ikm_minimum", 5)}
    rows = []
    for key, label in PUBLIC_SERVICE_LABELS.items():
        if key not in data:
            continue
        value = data[key]
        if value is None:
            value = not_enough if key in ("ikm", "ikm_quality") else "—"
        rows.append((str(label), value))
    return bool(data.get("available")), rows


def skipped_in_period(period: Period, subtree: set[int]) -> list[tuple[Employee, str]]:
    """Employees of the period's units without an evaluation in it, and why (recomputed, never silent)."""
    approved = PerformancePlan.objects.filter(employee=OuterRef("pk"), year=period.year, status=PlanStatus.APPROVED)
    employees = (
        Employee.objects.filter(position__unit_id__in=subtree, is_active=True)
        .exclude(evaluations__period=period)
        .annotate(has_approved_plan=Exists(approved))
        .select_related("position", "position__unit")
        .order_by("position__unit__name", "name")
    )
    skipped = []
    for employee in employees:
        reason = rules.evaluation_skip_reason(
            has_account=employee.user_id is not None, has_approved_plan=employee.has_approved_plan, year=period.year
        ) or _("SKP disetujui atau pegawai ditempatkan setelah periode dibuka")
        skipped.append((employee, reason))
    return skipped


def _period_employees(period: Period, chart: OrgSnapshot | None) -> list[Employee]:
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
    employees = _period_employees(period, chart)
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
