"""Reads of evaluation data shared by pages, the API and documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from appraisal import formatting, policy, rules
from appraisal.models import (
    Employee,
    Evaluation,
    Evidence,
    Feedback,
    PeerRequest,
    PerformanceDialogue,
    PerformancePlan,
    Period,
    PlanStatus,
    Realization,
)
from appraisal.org.selectors import OrgSnapshot, appraiser_and_superiors, unit_subtree_ids
from appraisal.rules import annual_predicate, normalize_nip
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


def own_evaluation_for_step(pk: int, user) -> Evaluation | None:
    """The user's own evaluation with its process, for the employee's steps on the deadline rush (the
    self-assessment): one query with the ownership check in it (policy.subject_q), no details selector; None when
    it is not the user's."""
    return Evaluation.objects.filter(policy.subject_q(user), pk=pk).select_related("process").first()


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


@dataclass
class YearResult:
    """An employee's year: every evaluation (a transfer gives one SKP per position, each with its periods) and the
    annual predicate, which is the final period's (Triwulan IV-Akhir / Desember-Akhir) once that evaluation is
    final and None before (PermenPANRB 6/2022 Pasal 12)."""

    year: int
    evaluations: list[Evaluation]
    final: Evaluation | None

    @property
    def annual_predicate(self) -> str | None:
        return self.final.predicate if self.final is not None else None

    def get_annual_predicate_display(self) -> str:
        return str(rules.Predicate(self.final.predicate).label) if self.final is not None else ""


def year_result(employee: Employee, year: int) -> YearResult:
    """One query: the year's evaluations in period order with their plans, and the final one if it is final."""
    return year_result_of(
        Evaluation.objects.filter(employee=employee, period__year=year).select_related("period", "plan"), year
    )


def year_result_of(evaluations: Iterable[Evaluation], year: int) -> YearResult:
    """year_result over evaluations already loaded (with their period): the profile reads every year at once."""
    evaluations = sorted(
        (e for e in evaluations if e.period.year == year), key=lambda e: (e.period.start_date, e.period.kind)
    )
    periodic = {e.period.kind: e for e in evaluations if e.is_final and e.predicate}
    annual = annual_predicate({kind: e.predicate for kind, e in periodic.items()})
    final = next((periodic[k] for k in rules.FINAL_PERIOD_KINDS if k in periodic), None) if annual else None
    return YearResult(year=year, evaluations=evaluations, final=final)


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
        # Stored as "85.56": shown "85,56" in Indonesian.
        missing = not_enough if key in ("ikm", "ikm_quality") else "—"
        value = missing if value is None else formatting.figure(value)
        rows.append((str(label), value))
    return bool(data.get("available")), rows


def skipped_in_period(period: Period, subtree: set[int]) -> list[tuple[Employee, str]]:
    """Employees of the period's units without an evaluation in it, and why (recomputed, never silent). Only those
    employees are read: the period page of a city stays fast."""
    eligible, skipped = eligible_employees(period, unevaluated=True)
    late = _("SKP disetujui atau pegawai ditempatkan setelah periode dibuka")
    rows = list(skipped)
    rows += [(e, late) for e, _plan in eligible]
    return sorted(rows, key=lambda row: (row[0].position.unit.name if row[0].position else "", row[0].name))


@dataclass(frozen=True)
class PeriodPlan:
    """The approved SKP a period measures for one employee (rules.plan_for_period), with the position it was made
    for: after a mutasi that is the position held in the period, not necessarily today's."""

    pk: int
    position_id: int | None
    unit_id: int | None
    position_title: str
    unit_name: str


def _period_plans(period: Period, units: set[int], *, unevaluated: bool = False) -> dict[int, PeriodPlan]:
    """Per employee of the unit tree (today's, or whose SKP in the period was made there): the SKP the period
    measures; `unevaluated`: only for employees without an evaluation in the period. One query."""
    base = (
        PerformancePlan.objects.exclude(employee__evaluations__period=period)
        if unevaluated
        else PerformancePlan.objects.all()
    )
    rows = (
        base.filter(
            year=period.year,
            status=PlanStatus.APPROVED,
            period_start__lte=period.end_date,
            period_end__gte=period.start_date,
        )
        .filter(Q(unit_id__in=units) | Q(employee__position__unit_id__in=units))
        .values_list(
            "employee_id", "id", "period_start", "period_end", "version", "position_id", "unit_id",
            "position_title", "unit_name",
        )
    )  # fmt: skip
    spans: dict[int, list[rules.PlanSpan]] = defaultdict(list)
    plans: dict[int, PeriodPlan] = {}
    for employee_id, pk, start, end, version, position_id, unit_id, position_title, unit_name in rows:
        spans[employee_id].append(rules.PlanSpan(pk, start, end, version))
        plans[pk] = PeriodPlan(pk, position_id, unit_id, position_title, unit_name)
    chosen = {e: rules.plan_for_period(s, period.start_date, period.end_date) for e, s in spans.items()}
    return {e: plans[pk] for e, pk in chosen.items() if pk is not None}


def _period_employees(
    period: Period, chart: OrgSnapshot | None, units: set[int], extra: Iterable[int], *, unevaluated: bool = False
) -> list:
    """Active employees of the period's unit tree, by unit and name, plus `extra` (moved out during the period);
    from the snapshot when there is one; `unevaluated` (without a snapshot): only those without an evaluation in it."""
    if chart is None:
        employees = Employee.objects.filter(
            Q(position__unit_id__in=units) | Q(pk__in=list(extra)), is_active=True
        ).select_related("position", "position__unit")
        if unevaluated:
            employees = employees.exclude(evaluations__period=period)
    else:
        extra = set(extra)
        employees = [
            e
            for e in chart.employees.values()
            if e.position_id is not None and (e.position.unit_id in units or e.pk in extra)
        ]
    return sorted(employees, key=lambda e: (e.position.unit.name if e.position else "", e.name, e.pk))


def eligible_employees(
    period: Period, chart: OrgSnapshot | None = None, *, unevaluated: bool = False
) -> tuple[list[tuple[Employee, PeriodPlan]], list[tuple[Employee, str]]]:
    """Who gets an evaluation in `period` (with the SKP it is measured against), and who not, with why; with
    `unevaluated` (and no snapshot), among the employees without an evaluation in the period only.

    After a mutasi the period belongs to the unit of the position held for most of it (rules.plan_for_period): an
    employee who moved out still gets this unit's evaluation, one who moved in late gets the former unit's."""
    units = unit_subtree_ids([period.unit_id])
    plans = _period_plans(period, units, unevaluated=unevaluated)
    moved_out = [e for e, plan in plans.items() if plan.unit_id in units]
    employees = _period_employees(period, chart, units, moved_out, unevaluated=unevaluated)
    eligible, skipped = [], []
    for employee in employees:
        plan = plans.get(employee.pk)
        if plan is not None and plan.unit_id is not None and plan.unit_id not in units:
            skipped.append((employee, _("dievaluasi di unit jabatan yang diduduki selama periode ini (mutasi)")))
            continue
        reason = rules.evaluation_skip_reason(
            has_account=employee.user_id is not None, has_approved_plan=plan is not None, year=period.year
        )
        if reason:
            skipped.append((employee, reason))
        else:
            eligible.append((employee, plan))
    return eligible, skipped


# --- continuous feedback and dialogues ------------------------------------------------------------------------


def feedback_received(employee: Employee, *, limit: int = 5) -> list[Feedback]:
    """The latest continuous feedback an employee received (their home page), with its author."""
    return list(Feedback.objects.filter(employee=employee).select_related("author").order_by("-created_at")[:limit])


def dialogues_upcoming(employee: Employee, *, on) -> list[PerformanceDialogue]:
    """Scheduled dialogues not yet held, from `on`, soonest first, with the appraiser."""
    return list(
        PerformanceDialogue.objects.filter(employee=employee, held_on__isnull=True, scheduled_for__gte=on)
        .select_related("appraiser")
        .order_by("scheduled_for", "id")
    )


def team_rows(employee_ids: Iterable[int]) -> QuerySet[Employee]:
    """An appraiser's team (policy.coachee_ids) with each member's last feedback and next scheduled dialogue
    (one query)."""
    return (
        Employee.objects.filter(pk__in=list(employee_ids))
        .select_related("position", "position__unit")
        .annotate(
            last_feedback=Max("feedback__created_at"),
            next_dialogue=Min("dialogues__scheduled_for", filter=Q(dialogues__held_on__isnull=True)),
        )
        .order_by("position__unit__name", "name", "pk")
    )


# --- HR's period page ------------------------------------------------------------------------------------------


def period_evaluations(
    period: Period,
    *,
    search: str = "",
    unit_ids: Iterable[int] | None = None,
    status: str = "",
    among: QuerySet | None = None,
) -> QuerySet[Evaluation]:
    """The evaluations of `period` for HR's list, filtered, with what a row shows joined, in a stable order for
    paging: by name or NIP (`search`), unit (`unit_ids`), state, and `among` (a subquery of evaluation ids, such as
    those with an overdue step, which the workflow layer answers)."""
    evaluations = period.evaluations.select_related("employee", "position")
    if search:
        match = Q(employee__name__icontains=search)
        if (digits := normalize_nip(search)).isdigit():
            match |= Q(employee__nip__contains=digits)
        evaluations = evaluations.filter(match)
    if unit_ids is not None:
        evaluations = evaluations.filter(unit_id__in=list(unit_ids))
    if status:
        evaluations = evaluations.filter(status=status)
    if among is not None:
        evaluations = evaluations.filter(pk__in=among)
    return evaluations.order_by("unit_name", "employee__name", "pk")
