"""Reads behind the performance profile, the talent map and placement advice (PermenPANRB 3/2020).

No HTTP and no permission decision here: views pass what the policy allows (policy.can_view_profile,
policy.talent_unit_ids). The map and the placement list read a whole scope in a fixed number of queries.
Anonymity: peers' answers enter only as counts of an evaluation whose peer step is closed and that has at least
rules.MIN_PEER_RESPONSES answers (the rule of services.peer_summary_for); an officer's IKM only from
rules.MIN_SURVEY_RESPONSES_INDIVIDUAL answers (service_desk.selectors.Index).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from appraisal import rules
from appraisal.evaluation.selectors import PUBLIC_SERVICE_LABELS, YearResult, public_figures_for, year_result_of
from appraisal.models import (
    DevelopmentAction,
    DevelopmentStatus,
    Employee,
    Evaluation,
    EvaluationStatus,
    Feedback,
    PeerFeedback,
    PerformanceDialogue,
    Position,
    PotentialAssessment,
    PotentialLevel,
    Realization,
    ServiceRequest,
    SurveyResponse,
)
from appraisal.service_desk.selectors import Index, desk_figures

LOWER_IS_BETTER = ("WAKTU", "BIAYA")  # IKI aspects where a realisation at or under the target meets it
PROFILE_FEEDBACK_LIMIT = 20
PLACEMENT_LIMIT = 30
PLACEMENT_WINDOW_DAYS = 365  # service figures of the last year for placement advice


# --- Peers' counts (anonymity rule) ---------------------------------------------------------------------------


def peer_counts(evaluations: Iterable[Evaluation]) -> dict[int, dict | None]:
    """Per evaluation, rules.peer_summary's per-value counts, or None (step open, or fewer than 3 answers).
    One query for all of them; comments are never read."""
    closed = {e.pk for e in evaluations if e.peer_step_closed}
    answers: dict[int, list] = defaultdict(list)
    for evaluation_id, ratings in PeerFeedback.objects.filter(evaluation_id__in=closed).values_list(
        "evaluation_id", "ratings"
    ):
        answers[evaluation_id].append(ratings)
    result: dict[int, dict | None] = {}
    for pk in closed:
        summary = rules.peer_summary(answers.get(pk, []), [])
        result[pk] = {"count": summary["count"], "values": summary["values"]} if summary else None
    return result


# --- The profile ----------------------------------------------------------------------------------------------


@dataclass
class PeriodLine:
    evaluation: Evaluation
    label: str
    targets: int = 0  # IKI with a realisation
    met: int = 0  # of those, reaching the target
    peers: dict | None = None
    service: dict = field(default_factory=dict)
    service_rows: list[tuple[str, object]] = field(default_factory=list)

    @property
    def peer_cells(self) -> list[dict] | None:
        """The peers' counts per BerAKHLAK value, in the order of rules.CORE_VALUE_LABELS."""
        if not self.peers:
            return None
        return [self.peers["values"][value] for value in rules.CORE_VALUE_LABELS]

    @property
    def met_pct(self) -> Decimal | None:
        return (Decimal(100 * self.met) / self.targets).quantize(Decimal("1")) if self.targets else None


@dataclass
class Profile:
    employee: Employee
    periods: list[PeriodLine]
    years: list[YearResult]
    findings: list[rules.Finding]
    feedback: list[Feedback]
    dialogues: list[PerformanceDialogue]
    actions: list[DevelopmentAction]
    potential: PotentialAssessment | None
    potential_history: list[PotentialAssessment]

    @property
    def strengths(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.kind == "strength"]

    @property
    def needs(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.kind == "need"]

    @property
    def peer_values(self) -> list[tuple[str, str]]:
        return list(rules.CORE_VALUE_LABELS.items())


def _label(evaluation: Evaluation) -> str:
    return f"{evaluation.period.get_kind_display()} {evaluation.period.year}"


def _decimal(text) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


def evidence_of(line: PeriodLine) -> rules.PeriodEvidence:
    """What rules.talent_findings reads of one period: only rated evaluations carry ratings."""
    e, s = line.evaluation, line.service
    return rules.PeriodEvidence(
        label=line.label,
        result_rating=e.result_rating if e.rated_at else "",
        behaviour_rating=e.behaviour_rating if e.rated_at else "",
        peers=line.peers["values"] if line.peers else None,
        ikm_letter=s.get("ikm_quality") if s.get("ikm") else None,
        completed=int(s.get("completed") or 0),
        within_standard_pct=_decimal(s.get("within_standard_pct")),
        handled=int(s.get("handled") or 0),
        returned_pct=_decimal(s.get("returned_pct")),
    )


def _targets(evaluation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per evaluation: IKI with a realisation, and how many reach their target (one query)."""
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = Realization.objects.filter(evaluation_id__in=evaluation_ids, value__isnull=False).values_list(
        "evaluation_id", "value", "indicator__target_value", "indicator__aspect"
    )
    for evaluation_id, value, target, aspect in rows:
        counts = found[evaluation_id]
        counts[0] += 1
        counts[1] += value <= target if aspect in LOWER_IS_BETTER else value >= target
    return {k: (v[0], v[1]) for k, v in found.items()}


def profile(employee: Employee) -> Profile:
    """An employee's evaluations over every period and year, with the evidence the talent rules read."""
    evaluations = sorted(
        Evaluation.objects.filter(employee=employee).select_related("period", "plan"),
        key=lambda e: (e.period.start_date, e.period.kind),
    )
    shown = [e for e in evaluations if e.status != EvaluationStatus.SELF_ASSESSMENT or e.is_final]
    targets = _targets([e.pk for e in shown])
    peers = peer_counts(shown)
    lines = []
    for e in shown:
        service = public_figures_for(e) if e.rated_at is not None else {}
        rows = [(str(label), service[key]) for key, label in PUBLIC_SERVICE_LABELS.items() if key in service]
        done, met = targets.get(e.pk, (0, 0))
        lines.append(PeriodLine(e, _label(e), done, met, peers.get(e.pk), service, rows))
    years = [year_result_of(evaluations, y) for y in sorted({e.period.year for e in evaluations})]
    potentials = profile_potentials(employee)
    return Profile(
        employee=employee,
        periods=lines,
        years=years,
        findings=rules.talent_findings([evidence_of(line) for line in lines]),
        feedback=list(
            Feedback.objects.filter(employee=employee)
            .select_related("author")
            .order_by("-created_at")[:PROFILE_FEEDBACK_LIMIT]
        ),
        dialogues=list(
            PerformanceDialogue.objects.filter(employee=employee, held_on__isnull=False)
            .select_related("appraiser")
            .order_by("-held_on", "-id")[:PROFILE_FEEDBACK_LIMIT]
        ),
        actions=list(development_actions_of(employee)),
        potential=potentials[0] if potentials else None,
        potential_history=potentials,
    )


def development_actions_of(employee: Employee) -> QuerySet[DevelopmentAction]:
    return DevelopmentAction.objects.filter(employee=employee).select_related("dialogue", "agreed_by")


def held_dialogues(employee: Employee) -> QuerySet[PerformanceDialogue]:
    return PerformanceDialogue.objects.filter(employee=employee, held_on__isnull=False).order_by("-held_on", "-id")


# --- The talent map -------------------------------------------------------------------------------------------


@dataclass
class Person:
    employee: Employee
    annual: str | None  # the last annual predicate
    annual_year: int | None
    potential: PotentialAssessment | None
    box: rules.NineBox | None

    @property
    def annual_label(self) -> str:
        return str(rules.Predicate(self.annual).label) if self.annual else ""


@dataclass
class Cell:
    box: rules.NineBox
    people: list[Person]


@dataclass
class TalentMap:
    rows: list[tuple[str, list[Cell]]]  # kinerja label, cells left to right (potensi rendah → tinggi)
    columns: list[str]
    people: list[Person]

    @property
    def unassessed(self) -> list[Person]:
        """No potential recorded: "potensi belum dinilai"."""
        return [p for p in self.people if p.potential is None]

    @property
    def without_annual(self) -> list[Person]:
        return [p for p in self.people if p.potential is not None and p.annual is None]

    def in_box(self, number: int) -> list[Person]:
        return [p for p in self.people if p.box is not None and p.box.number == number]


def scope_employees(unit_ids: Iterable[int], *, unit_id: int | None = None, kind: str = "") -> QuerySet[Employee]:
    employees = Employee.objects.filter(is_active=True, position__unit_id__in=list(unit_ids))
    if unit_id is not None:
        employees = employees.filter(position__unit_id=unit_id)
    if kind:
        employees = employees.filter(position__kind=kind)
    return employees.select_related("position", "position__unit").order_by("position__unit__name", "name", "pk")


def last_annual(employee_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Per employee, (year, predicate) of the latest final evaluation of a final period (the annual predicate,
    rules.annual_predicate), in one query."""
    rows = (
        Evaluation.objects.filter(
            employee_id__in=employee_ids, is_final=True, period__kind__in=rules.FINAL_PERIOD_KINDS
        )
        .exclude(predicate="")
        .values_list("employee_id", "period__year", "period__kind", "predicate")
        .order_by("employee_id", "period__year")
    )
    found: dict[int, tuple[int, str]] = {}
    for employee_id, year, kind, predicate in rows:
        annual = rules.annual_predicate({kind: rules.Predicate(predicate)})
        if annual is not None:
            found[employee_id] = (year, str(annual))  # ordered by year: the last one stays
    return found


def current_potentials(employee_ids: list[int]) -> dict[int, PotentialAssessment]:
    """The latest potential per employee (by assessment date), in one query."""
    found: dict[int, PotentialAssessment] = {}
    for record in PotentialAssessment.objects.filter(employee_id__in=employee_ids).order_by(
        "employee_id", "-assessed_on", "-id"
    ):
        found.setdefault(record.employee_id, record)
    return found


def talent_map(employees: QuerySet[Employee]) -> TalentMap:
    """The nine-box over `employees`: three queries whatever their number."""
    staff = list(employees)
    ids = [e.pk for e in staff]
    annual, potentials = last_annual(ids), current_potentials(ids)
    people = []
    for e in staff:
        year, predicate = annual.get(e.pk, (None, None))
        potential = potentials.get(e.pk)
        box = rules.nine_box(predicate, potential.level if potential else None)
        people.append(Person(e, predicate, year, potential, box))
    rows = []
    for level in rules.NINE_BOX_ROWS:
        cells = []
        for column in rules.NINE_BOX_COLUMNS:
            number, name, action = rules.NINE_BOX_TABLE[(level, column)]
            box = rules.NineBox(number, str(name), str(action))
            cells.append(Cell(box, [p for p in people if p.box is not None and p.box.number == number]))
        rows.append((str(rules.PerformanceLevel(level).label), cells))
    columns = [str(PotentialLevel(c).label) for c in rules.NINE_BOX_COLUMNS]
    return TalentMap(rows, columns, people)


# --- Placement advice -----------------------------------------------------------------------------------------


@dataclass
class Candidate:
    employee: Employee
    peer_above: dict[str, Decimal | None]
    peer_periods: int  # periods whose peer counts passed the anonymity rule
    index: Index
    desk_completed: int
    within_standard_pct: Decimal | None
    desk_handled: int
    returned_pct: Decimal | None
    score: Decimal | None

    @property
    def peer_rows(self) -> list[tuple[str, Decimal | None]]:
        return [(str(rules.CORE_VALUE_LABELS[v]), self.peer_above.get(v)) for v in rules.PLACEMENT_VALUES]


def public_positions(unit_ids: Iterable[int]) -> QuerySet[Position]:
    return Position.objects.filter(serves_public=True, unit_id__in=list(unit_ids)).select_related("unit")


def placement_candidates(employees: QuerySet[Employee], *, on: dt.date) -> list[Candidate]:
    """Candidates ranked by rules.placement_score (the unranked last, by name); a fixed number of queries."""
    staff = list(employees)
    ids = [e.pk for e in staff]
    since = on - dt.timedelta(days=PLACEMENT_WINDOW_DAYS)
    evaluations = list(
        Evaluation.objects.filter(employee_id__in=ids, period__end_date__gte=since).only("id", "employee_id", "status")
    )
    counts = peer_counts(evaluations)
    by_employee: dict[int, list[dict]] = defaultdict(list)
    for e in evaluations:
        if counts.get(e.pk):
            by_employee[e.employee_id].append(counts[e.pk]["values"])
    desks = desk_figures(ServiceRequest.objects.filter(officer_id__in=ids), start=since, end=on, by=("officer_id",))
    scores: dict[int, list] = defaultdict(list)
    for officer_id, answers in SurveyResponse.objects.filter(
        officer_id__in=ids, submitted_on__range=(since, on)
    ).values_list("officer_id", "scores"):
        scores[officer_id].append(answers)
    found = []
    for e in staff:
        peer_above: dict[str, Decimal | None] = {}
        for value in rules.PLACEMENT_VALUES:
            above = sum(c[value]["ABOVE"] for c in by_employee[e.pk])
            total = sum(sum(c[value].values()) for c in by_employee[e.pk])
            peer_above[value] = (Decimal(above) / total).quantize(Decimal("0.01")) if total else None
        index = Index.of(scores.get(e.pk, []), individual=True)
        desk = desks.get((e.pk,))
        completed = desk.completed if desk else 0
        handled = desk.handled if desk else 0
        within = desk.within_standard_pct if desk and completed >= rules.SERVICE_MIN_FILES else None
        returned = desk.returned_pct if desk and handled >= rules.SERVICE_MIN_FILES else None
        evidence = rules.PlacementEvidence(peer_above, index.value, within, returned)
        found.append(
            Candidate(
                e,
                peer_above,
                len(by_employee[e.pk]),
                index,
                completed,
                within,
                handled,
                returned,
                rules.placement_score(evidence),
            )
        )
    found.sort(key=lambda c: (c.score is None, -(c.score or 0), c.employee.name, c.employee.pk))
    return found[:PLACEMENT_LIMIT]


# --- Training needs (HR) --------------------------------------------------------------------------------------


def training_needs(unit_ids: Iterable[int]) -> QuerySet[DevelopmentAction]:
    """Development actions of the units' employees, for next year's training-needs list."""
    return (
        DevelopmentAction.objects.filter(employee__position__unit_id__in=list(unit_ids))
        .select_related("employee", "employee__position", "employee__position__unit", "agreed_by")
        .order_by("employee__position__unit__name", "employee__name", "target_date", "id")
    )


def profile_potentials(employee: Employee) -> list[PotentialAssessment]:
    """Every potential recorded for the employee, newest assessment first."""
    return list(
        PotentialAssessment.objects.filter(employee=employee)
        .select_related("recorded_by")
        .order_by("-assessed_on", "-id")
    )


def development_actions_for(evaluation: Evaluation) -> list[DevelopmentAction]:
    """The development plan to look at in an evaluation: actions agreed by the period's end that were still open
    in it or due within or after it (one query)."""
    period = evaluation.period
    return list(
        DevelopmentAction.objects.filter(employee_id=evaluation.employee_id, dialogue__held_on__lte=period.end_date)
        .filter(
            Q(status__in=(DevelopmentStatus.PLANNED, DevelopmentStatus.IN_PROGRESS))
            | Q(target_date__gte=period.start_date)
        )
        .order_by("target_date", "id")
    )
