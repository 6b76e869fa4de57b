"""Reads behind the leaders' dashboard (/dasbor/): per unit, how the evaluations stand, the predicate distribution
against the Pola Distribusi, public service, and whether appraisers coach their teams.

No HTTP and no permission decision here: the view passes the units the policy allows (policy.dashboard_unit_ids)
and this module reads within them only. The query count does not grow with units or employees: each figure is one
aggregation over the whole scope, folded into rows in Python, and every list is bounded (LIST_LIMIT).
Public-service figures come from the service desk's own reads (reports.service_report, desk_figures, Index), so
the dashboard, the report page and the evaluation never disagree on the same unit and dates.
Peer anonymity: nothing here reads peer answers; a late peer-feedback step is counted, never named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import rules
from appraisal.dashboard import charts
from appraisal.dashboard.curve import Limit, pattern_of
from appraisal.models import (
    Employee,
    Evaluation,
    EvaluationStatus,
    Feedback,
    ServiceRequest,
    SurveyResponse,
    Unit,
    UnitKind,
    UnitPerformance,
)
from appraisal.rules import OrgPredicate, Predicate
from appraisal.service_desk import reports
from appraisal.service_desk.selectors import DeskFigures, Index, ScoreTotals, desk_figures, score_totals

LIST_LIMIT = 50  # rows of each named list (late steps, objections, people without feedback)
EMPLOYEE_LIMIT = 100  # evaluations listed for the unit in focus (its own staff; a sub-unit has its own page)
RECENT_FEEDBACK = 10
FEEDBACK_WINDOW_DAYS = 30
YEAR = "tahunan"  # the period choice that means the whole year

# Viewflow's open task statuses (workflows.steps.common.OPEN_STATUSES) and the evaluation flow's steps, by the
# reference viewflow stores (as policy.OFFICIAL_STEPS): the domain reads tasks without importing the workflow layer.
OPEN_TASK = ("NEW", "ASSIGNED", "STARTED")
_STEP = "workflows/evaluation_flow.EvaluationFlow."
PEER_STEP = "peer_feedback"
NAMED_STEPS = tuple(
    _STEP + node
    for node in ("self_assess", "rate", "acknowledge", "explain_appraiser", "explain_employee", "decide", "sign_off")
)
KIND_ORDER = {UnitKind.PEMDA: 0, UnitKind.SEKRETARIAT: 1, UnitKind.DINAS: 2, UnitKind.KECAMATAN: 3}


# --- Scope: the unit in focus and its rows -------------------------------------------------------------------


@dataclass(frozen=True)
class UnitNode:
    id: int
    name: str
    kind: str
    parent_id: int | None


@dataclass
class Row:
    """One line of the dashboard: a unit with everything below it (`covers`), or the focus unit's own staff."""

    unit: UnitNode
    covers: frozenset[int]
    own: bool = False  # the unit in focus itself, without its sub-units
    sub_units: int = 0
    states: Counter = field(default_factory=Counter)
    overdue: int = 0
    overdue_peer: int = 0
    objections: int = 0
    objections_late: int = 0
    members: int = 0
    coached: int = 0
    service: ServiceFigures | None = None

    @property
    def evaluations(self) -> int:
        return sum(self.states.values())

    @property
    def final(self) -> int:
        return self.states.get(EvaluationStatus.FINAL, 0)

    @property
    def state_counts(self) -> list[int]:
        return [self.states.get(s, 0) for s in charts.STATES]

    @property
    def coached_pct(self) -> Decimal | None:
        return charts.share(self.coached, self.members)


@dataclass
class Scope:
    focus: UnitNode | None  # None: the user's top units side by side
    rows: list[Row]
    trail: list[UnitNode]  # the focus unit's ancestors the user may open, top first
    unit_ids: frozenset[int]


def _order(node: UnitNode) -> tuple:
    return (KIND_ORDER.get(node.kind, 9), node.name, node.id)


def dashboard_scope(allowed: Iterable[int], focus_id: int | None = None) -> Scope:
    """The rows of a dashboard within `allowed` (one query): for a focus unit, its own staff and each sub-unit
    with everything below it; without one, each top unit of `allowed` (a single top unit becomes the focus)."""
    nodes = {
        pk: UnitNode(pk, name, kind, parent_id)
        for pk, name, kind, parent_id in Unit.objects.filter(pk__in=list(allowed)).values_list(
            "pk", "name", "kind", "parent_id"
        )
    }
    children: dict[int, list[UnitNode]] = defaultdict(list)
    for node in nodes.values():
        if node.parent_id in nodes:
            children[node.parent_id].append(node)

    def below(pk: int) -> frozenset[int]:
        found, stack = {pk}, [pk]
        while stack:
            for child in children.get(stack.pop(), ()):
                found.add(child.id)
                stack.append(child.id)
        return frozenset(found)

    roots = sorted((n for n in nodes.values() if n.parent_id not in nodes), key=_order)
    if focus_id is None and len(roots) == 1:
        focus_id = roots[0].id
    if focus_id is None:
        rows = [Row(r, below(r.id)) for r in roots]
        return Scope(None, rows, [], frozenset(nodes))
    focus = nodes[focus_id]
    rows = [Row(focus, frozenset({focus.id}), own=True)]
    rows += [Row(c, below(c.id)) for c in sorted(children.get(focus.id, ()), key=_order)]
    for row in rows:
        row.sub_units = len(row.covers) - 1
    trail, node = [], nodes.get(focus.parent_id)
    while node is not None:
        trail.append(node)
        node = nodes.get(node.parent_id)
    return Scope(focus, rows, list(reversed(trail)), below(focus.id))


# --- Which period -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The period the dashboard shows: one periodic evaluation (kind), or the whole year (kind None)."""

    year: int
    kind: str | None
    start: dt.date
    end: dt.date
    years: tuple[int, ...]
    kinds: tuple[str, ...]  # the periods of `year` with evaluations in the scope

    @property
    def is_year(self) -> bool:
        return self.kind is None

    @property
    def value(self) -> str:
        return self.kind or YEAR

    @property
    def distribution_kinds(self) -> tuple[str, ...]:
        """Whose predicates make the distribution: the period's, or for the year the final period's (the annual
        predicate, PermenPANRB 6/2022 Pasal 12)."""
        return (self.kind,) if self.kind else rules.FINAL_PERIOD_KINDS

    def evaluations(self, unit_ids: Iterable[int]) -> Q:
        q = Q(unit_id__in=list(unit_ids), period__year=self.year)
        return q & Q(period__kind=self.kind) if self.kind else q


def period_selection(unit_ids: Iterable[int], *, year: int | None, kind: str | None, on: dt.date) -> Selection:
    """The asked year and period, else this year and its latest period already begun (one query)."""
    found = (
        Evaluation.objects.filter(unit_id__in=list(unit_ids))
        .values_list("period__year", "period__kind")
        .distinct()
        .order_by()
    )
    by_year: dict[int, set[str]] = defaultdict(set)
    for y, k in found:
        if k in rules.PERIODIC_ORDER:
            by_year[y].add(k)
    year = year or on.year
    kinds = tuple(sorted(by_year.get(year, ()), key=rules.PERIODIC_ORDER.index))
    years = tuple(sorted(set(by_year) | {on.year, year}, reverse=True))
    if kind != YEAR and kind not in kinds:
        begun = [k for k in kinds if rules.period_bounds(k, year)[0] <= on]
        kind = begun[-1] if begun else (kinds[0] if kinds else YEAR)
    if kind == YEAR:
        return Selection(year, None, dt.date(year, 1, 1), dt.date(year, 12, 31), years, kinds)
    start, end = rules.period_bounds(kind, year)
    return Selection(year, kind, start, end, years, kinds)


# --- Progress: evaluations by state, late steps, objections --------------------------------------------------


def _row_of(scope: Scope) -> dict[int, Row]:
    return {unit_id: row for row in scope.rows for unit_id in row.covers}


@dataclass(frozen=True)
class Person:
    id: int
    name: str


def _name(name: str | None, front: str | None, back: str | None) -> str:
    text = f"{front or ''} {name or ''}".strip()
    return f"{text}, {back}" if back else text


def _holder(username: str | None, name: str | None, front: str | None, back: str | None) -> str:
    """Who holds a step: the employee's name, else the account (an HR officer or administrator without one)."""
    if name:
        return _name(name, front, back)
    return username or _("belum ditetapkan")


@dataclass(frozen=True)
class LateStep:
    evaluation_id: int
    unit_id: int
    unit_name: str
    employee: str
    step: str
    holder: str
    held_since: dt.date
    due: dt.date
    days_late: int


@dataclass(frozen=True)
class OpenObjection:
    evaluation_id: int
    unit_id: int
    unit_name: str
    employee: str
    filed_on: dt.date
    steps: tuple[tuple[str, str, dt.date | None, bool], ...]  # (step, holder, due, late)

    @property
    def late(self) -> bool:
        return any(late for *_rest, late in self.steps)

    @property
    def deadline(self) -> dt.date | None:
        dues = [due for _s, _h, due, _l in self.steps if due is not None]
        return min(dues) if dues else None


def _local_day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


_TASK = "process__task__"
_HOLDER = (
    _TASK + "owner__username",
    _TASK + "owner__employee__name",
    _TASK + "owner__employee__front_title",
    _TASK + "owner__employee__back_title",
)
_EMPLOYEE = ("employee__name", "employee__front_title", "employee__back_title")


def fill_progress(scope: Scope, selection: Selection) -> None:
    """Evaluations by state per row (one query)."""
    row_of = _row_of(scope)
    rows = (
        Evaluation.objects.filter(selection.evaluations(scope.unit_ids))
        .values_list("unit_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, status, n in rows:
        row_of[unit_id].states[status] += n


def late_steps(scope: Scope, selection: Selection, *, on: dt.date) -> list[LateStep]:
    """Steps past their due date, counted per row (peer feedback as a count only), the oldest listed by name with
    who holds them and since when (two queries)."""
    row_of = _row_of(scope)
    late = Evaluation.objects.filter(
        selection.evaluations(scope.unit_ids),
        process__task__status__in=OPEN_TASK,
        process__task__flow_task_type="HUMAN",
        process__task__deadline__due__lt=on,
    )
    counts = late.values_list("unit_id", _TASK + "flow_task").annotate(n=Count(_TASK + "id")).order_by()
    for unit_id, node, n in counts:
        row = row_of[unit_id]
        if getattr(node, "name", None) == PEER_STEP:
            row.overdue_peer += n
        else:
            row.overdue += n
    listed = (
        late.filter(process__task__flow_task__in=NAMED_STEPS)
        .values_list(
            "pk",
            "unit_id",
            "unit_name",
            *_EMPLOYEE,
            _TASK + "flow_task",
            *_HOLDER,
            _TASK + "created",
            _TASK + "deadline__due",
        )
        .order_by(_TASK + "deadline__due", "pk")[:LIST_LIMIT]
    )
    return [
        LateStep(
            evaluation_id=pk,
            unit_id=unit_id,
            unit_name=unit_name,
            employee=_name(name, front, back),
            step=str(getattr(node, "task_title", "") or node),
            holder=_holder(username, h_name, h_front, h_back),
            held_since=_local_day(created),
            due=due,
            days_late=(on - due).days,
        )
        for pk, unit_id, unit_name, name, front, back, node, username, h_name, h_front, h_back, created, due in listed
    ]


def open_objections(scope: Scope, selection: Selection, *, on: dt.date) -> list[OpenObjection]:
    """Objections not yet decided, counted per row (and how many are late), the oldest listed with the step each
    waits on, who holds it and its deadline (two queries; objections are few, the list is bounded)."""
    row_of = _row_of(scope)
    pending = Evaluation.objects.filter(
        selection.evaluations(scope.unit_ids), objection__isnull=False, objection__decided_at__isnull=True
    )
    filed = list(
        pending.values_list("pk", "unit_id", "unit_name", *_EMPLOYEE, "objection__filed_at").order_by(
            "objection__filed_at", "pk"
        )
    )
    steps: dict[int, list[tuple[str, str, dt.date | None, bool]]] = defaultdict(list)
    tasks = (
        pending.filter(process__task__status__in=OPEN_TASK, process__task__flow_task_type="HUMAN")
        .values_list("pk", _TASK + "flow_task", *_HOLDER, _TASK + "deadline__due")
        .order_by("pk", _TASK + "id")
    )
    for pk, node, username, name, front, back, due in tasks:
        title = str(getattr(node, "task_title", "") or node)
        steps[pk].append((title, _holder(username, name, front, back), due, due is not None and due < on))
    objections = [
        OpenObjection(pk, unit_id, unit_name, _name(name, front, back), _local_day(filed_at), tuple(steps[pk]))
        for pk, unit_id, unit_name, name, front, back, filed_at in filed
    ]
    for objection in objections:
        row = row_of[objection.unit_id]
        row.objections += 1
        row.objections_late += objection.late
    return objections[:LIST_LIMIT]


def unit_evaluations(unit_id: int, selection: Selection) -> list[Evaluation]:
    """The evaluations of the focus unit's own staff in the period (the year: every period), by name (bounded)."""
    return list(
        Evaluation.objects.filter(selection.evaluations([unit_id]))
        .select_related("employee", "period")
        .order_by("employee__name", "employee_id", "period__start_date")[:EMPLOYEE_LIMIT]
    )


# --- Distribution against the Pola Distribusi ----------------------------------------------------------------


@dataclass
class Distribution:
    unit: UnitNode
    counts: dict[Predicate, int]
    org: OrgPredicate | None
    violations: list[str]  # rules.curve_violations: the authority, in its own words
    pattern: list[tuple[Limit, bool]]  # each clause of the pattern the org predicate allows, kept or not
    chart: charts.DistributionChart

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


def distributions(scope: Scope, selection: Selection) -> list[Distribution]:
    """The predicates of each row's unit's own staff (as the HR period page and the rule count them: the employees
    of the unit), with the unit's Capaian Kinerja Organisasi and the breaches (two queries)."""
    units = [row.unit for row in scope.rows]
    ids = [u.id for u in units]
    counts: dict[int, Counter] = defaultdict(Counter)
    rated = (
        Evaluation.objects.filter(
            unit_id__in=ids, period__year=selection.year, period__kind__in=selection.distribution_kinds
        )
        .exclude(predicate="")
        .values_list("unit_id", "predicate")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, predicate, n in rated:
        counts[unit_id][Predicate(predicate)] += n
    org = dict(
        UnitPerformance.objects.filter(
            unit_id__in=ids, period__year=selection.year, period__kind__in=selection.distribution_kinds
        )
        .order_by("period__start_date")
        .values_list("unit_id", "predicate")
    )
    result = []
    for unit in units:
        tally = dict(counts.get(unit.id, Counter()))
        org_predicate = OrgPredicate(org[unit.id]) if unit.id in org else None
        result.append(
            Distribution(
                unit=unit,
                counts=tally,
                org=org_predicate,
                violations=rules.curve_violations(org_predicate, tally) if org_predicate else [],
                pattern=[(limit, limit.met(tally)) for limit in pattern_of(org_predicate)] if org_predicate else [],
                chart=charts.distribution_chart(tally, org_predicate),
            )
        )
    return result


# --- Public service -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFigures:
    desk: DeskFigures
    index: Index


def service_report(unit_id: int, selection: Selection) -> reports.ServiceReport:
    """The focus unit's laporan (its units, officers and quarter trend) for the selected dates, as the report page."""
    return reports.service_report(Unit.objects.get(pk=unit_id), start=selection.start, end=selection.end)


def fill_service(scope: Scope, selection: Selection) -> None:
    """Files and survey answers of each row's units together (the top units side by side): the desk's figures
    (desk_figures, grouped by unit) and the unit index from the answers' scores summed in SQL per unit
    (score_totals), added up per row. Four queries at most."""
    row_of = _row_of(scope)
    desk = desk_figures(
        ServiceRequest.objects.filter(unit_id__in=list(scope.unit_ids)),
        start=selection.start,
        end=selection.end,
        by=("unit_id",),
    )
    totals: dict[int, ScoreTotals] = defaultdict(ScoreTotals)
    answers = SurveyResponse.objects.filter(
        unit_id__in=list(scope.unit_ids), submitted_on__range=(selection.start, selection.end)
    )
    for (unit_id,), count, sums in score_totals(answers, by=("unit_id",)):
        totals[row_of[unit_id].unit.id].add(count, sums)
    for row in scope.rows:
        row.service = ServiceFigures(
            desk=DeskFigures.total(figures for (unit_id,), figures in desk.items() if unit_id in row.covers),
            index=Index.of_sums(totals.get(row.unit.id)),
        )


# --- Coaching: continuous feedback from the appraiser ---------------------------------------------------------


@dataclass(frozen=True)
class Uncoached:
    id: int
    name: str
    position: str
    unit_id: int
    unit_name: str
    last_feedback: dt.date | None


@dataclass(frozen=True)
class RecentFeedback:
    employee: str
    author: str
    unit_id: int
    on: dt.date
    text: str


def _team(scope: Scope, exclude: int | None):
    team = Employee.objects.filter(is_active=True, position__unit_id__in=list(scope.unit_ids))
    return team.exclude(pk=exclude) if exclude is not None else team


def coaching(
    scope: Scope, *, since: dt.datetime, exclude: int | None, limit: int | None = LIST_LIMIT
) -> list[Uncoached]:
    """Per row, how many active team members (the viewer aside) received continuous feedback since `since`; the
    members who did not (the first `limit`; all for None, as the XLSX rekap), by unit and name, with their last
    feedback (three queries)."""
    row_of = _row_of(scope)
    recent = Feedback.objects.filter(employee=OuterRef("pk"), created_at__gte=since)
    team = _team(scope, exclude).annotate(coached=Exists(recent))
    for unit_id, coached, n in team.values_list("position__unit_id", "coached").annotate(n=Count("id")).order_by():
        row = row_of[unit_id]
        row.members += n
        row.coached += n if coached else 0
    missing = list(
        team.filter(coached=False)
        .values_list(
            "pk", "name", "front_title", "back_title", "position__title", "position__unit_id", "position__unit__name"
        )
        .order_by("position__unit__name", "name", "pk")[:limit]
    )
    # The last feedback of the listed people only: a subquery per team member would cost the whole city.
    listed = [pk for pk, *_rest in missing] if limit is not None else team.filter(coached=False).values("pk")
    last = dict(
        Feedback.objects.filter(employee_id__in=listed)
        .values_list("employee_id")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return [
        Uncoached(pk, _name(name, front, back), title, unit_id, unit_name, _local_day(last.get(pk)))
        for pk, name, front, back, title, unit_id, unit_name in missing
    ]


def recent_feedback(scope: Scope) -> list[RecentFeedback]:
    """The latest continuous feedback given to the scope's employees (one query)."""
    given = (
        Feedback.objects.filter(employee__position__unit_id__in=list(scope.unit_ids))
        .select_related("employee", "author", "employee__position")
        .order_by("-created_at", "-pk")[:RECENT_FEEDBACK]
    )
    return [
        RecentFeedback(
            f.employee.full_name, f.author.full_name, f.employee.position.unit_id, _local_day(f.created_at), f.text
        )
        for f in given
    ]


def feedback_since(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=FEEDBACK_WINDOW_DAYS)
