"""Rekap of a period's results: predicates per unit against the Pola Distribusi (SE MenPANRB 3/2023), the result of
each employee, and the feedback habit; the reads behind HR's period page summary and the XLSX exports of HR (the
period page) and leaders (the dashboard).

No HTTP and no permission decision here: views pass the evaluations and units the policy allows, and the per-employee
list already restricted by policy.visible_evaluations. The query count does not grow with units or employees: each
table is one aggregation or one values_list pass (rows are streamed into the workbook).
Peer anonymity: nothing here reads peer answers, peer requests or who answered; the rekap holds no peer figure at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from appraisal import formatting, rules
from appraisal.dashboard import selectors as dashboard
from appraisal.dashboard.charts import share
from appraisal.exports import number_format_of, xlsx_value
from appraisal.models import Evaluation, EvaluationStatus, Unit, UnitPerformance
from appraisal.org.selectors import OrgSnapshot
from appraisal.rules import OrgPredicate, Predicate, Rating

FEEDBACK_WINDOW_DAYS = dashboard.FEEDBACK_WINDOW_DAYS


def _full_name(name: str | None, front: str | None, back: str | None) -> str:
    text = f"{front or ''} {name or ''}".strip()
    return f"{text}, {back}" if back else text


# --- Predicates per unit and the Pola Distribusi ----------------------------------------------------------------


@dataclass
class UnitTally:
    """The predicates of one unit's own staff (as rules.curve_violations counts them), with the unit's Capaian
    Kinerja Organisasi where it was recorded, and the breaches of the distribution guidance."""

    unit_id: int
    name: str
    evaluations: int = 0
    tally: Counter = field(default_factory=Counter)  # Predicate -> evaluations with that predicate
    org_record: UnitPerformance | None = None
    violations: list[str] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(self.tally.values())

    @property
    def org_predicate(self) -> str:
        return self.org_record.predicate if self.org_record is not None else ""

    @property
    def org_label(self) -> str:
        return str(OrgPredicate(self.org_predicate).label) if self.org_predicate else ""

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(label, count) per predicate, in the rule's order (the period page's table)."""
        return [(str(p.label), self.tally.get(p, 0)) for p in Predicate]

    def share(self, predicate: Predicate) -> Decimal | None:
        """Percent of the unit's rated employees with `predicate` (one decimal); None when nobody is rated yet."""
        return share(self.tally.get(predicate, 0), self.rated)


def unit_tallies(evaluations: QuerySet[Evaluation], org: Iterable[UnitPerformance]) -> list[UnitTally]:
    """Per unit of `evaluations` (and every unit with a Capaian Kinerja Organisasi in `org`), the predicates counted
    with one aggregate query, and the curve check where the organisation predicate is known. By unit name."""
    by_unit: dict[int, UnitTally] = {}
    rows = (
        evaluations.filter(unit__isnull=False)
        .values_list("unit_id", "unit__name", "predicate")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, name, predicate, n in rows:
        row = by_unit.setdefault(unit_id, UnitTally(unit_id=unit_id, name=name))
        row.evaluations += n
        if predicate:
            row.tally[Predicate(predicate)] += n
    for record in org:
        row = by_unit.setdefault(record.unit_id, UnitTally(unit_id=record.unit_id, name=record.unit.name))
        row.org_record = record
    for row in by_unit.values():
        if row.org_predicate:
            row.violations = rules.curve_violations(OrgPredicate(row.org_predicate), row.tally)
    return sorted(by_unit.values(), key=lambda r: (r.name, r.unit_id))


def state_counts(evaluations: QuerySet[Evaluation]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every evaluation state, in the flow's order (one aggregate query)."""
    found = dict(evaluations.values_list("status").annotate(n=Count("id")).order_by())
    return [(s.value, str(s.label), found.get(s.value, 0)) for s in EvaluationStatus]


# --- Per employee -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployeeLine:
    nip: str
    name: str
    position: str
    unit: str
    status: str
    result_rating: str | None
    behaviour_rating: str | None
    predicate: str | None
    appraiser: str
    final: bool


_PERSON = ("name", "front_title", "back_title")


def _label(choices: Mapping[str, str], value: str) -> str | None:
    """A choice's label; None (an empty cell) when not given yet."""
    return str(choices[value]) if value in choices else None


def employee_lines(evaluations: QuerySet[Evaluation]) -> Iterator[EmployeeLine]:
    """The evaluations' results by unit and name, streamed in chunks (one query). The appraiser is whoever rated
    (after a reassignment, the official the step was moved to), else the Pejabat Penilai Kinerja recorded at opening."""
    rows = evaluations.values_list(
        "pk",
        "employee__nip",
        *(f"employee__{f}" for f in _PERSON),
        "position_title",
        "unit_name",
        "status",
        "result_rating",
        "behaviour_rating",
        "predicate",
        *(f"rated_by__{f}" for f in _PERSON),
        *(f"appraiser__{f}" for f in _PERSON),
        "is_final",
    ).order_by("unit_name", "employee__name", "pk")
    statuses = dict(EvaluationStatus.choices)
    ratings, predicates = dict(Rating.choices), dict(Predicate.choices)
    for row in rows.iterator(chunk_size=2000):
        _pk, nip, name, front, back, position, unit, status, result, behaviour, predicate, *people, final = row
        rater, appraiser = people[:3], people[3:]
        yield EmployeeLine(
            nip=nip,
            name=_full_name(name, front, back),
            position=position,
            unit=unit,
            status=str(statuses.get(status, status)),
            result_rating=_label(ratings, result),
            behaviour_rating=_label(ratings, behaviour),
            predicate=_label(predicates, predicate),
            appraiser=_full_name(*rater) if rater[0] else _full_name(*appraiser) if appraiser[0] else "",
            final=bool(final),
        )


# --- Feedback habit (continuous feedback from the appraiser) ------------------------------------------------------


@dataclass(frozen=True)
class HabitUnit:
    name: str
    members: int
    coached: int

    @property
    def share(self) -> Decimal | None:
        return share(self.coached, self.members)


@dataclass
class HabitAppraiser:
    """An appraiser (today's chart, Plt/Plh honoured) with their team in the units, and who had no feedback."""

    name: str
    position: str
    members: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def coached(self) -> int:
        return self.members - len(self.missing)

    @property
    def share(self) -> Decimal | None:
        return share(self.coached, self.members)


@dataclass
class FeedbackHabit:
    units: list[HabitUnit]
    appraisers: list[HabitAppraiser]


def feedback_habit(unit_ids: Iterable[int], *, now: dt.datetime, exclude: int | None) -> FeedbackHabit:
    """Per unit, how many active team members (the viewer aside, as on the dashboard) had continuous feedback in the
    last 30 days (dashboard.selectors.coaching, each unit on its own); per appraiser of today's chart, their team in
    these units and the names of those without (a constant number of queries: the chart is read in one snapshot)."""
    unit_ids = list(unit_ids)
    nodes = [
        dashboard.UnitNode(pk, name, kind, parent_id)
        for pk, name, kind, parent_id in Unit.objects.filter(pk__in=unit_ids).values_list(
            "pk", "name", "kind", "parent_id"
        )
    ]
    scope = dashboard.Scope(
        focus=None,
        rows=[dashboard.Row(node, frozenset({node.id}), own=True) for node in nodes],
        trail=[],
        unit_ids=frozenset(unit_ids),
    )
    missing = dashboard.coaching(scope, since=dashboard.feedback_since(now), exclude=exclude, limit=None)
    units = [HabitUnit(row.unit.name, row.members, row.coached) for row in scope.rows if row.members]
    units.sort(key=lambda u: u.name)

    # The whole chart: an appraiser may sit in a unit above or beside these (the Lurah's is the Camat).
    chart = OrgSnapshot(timezone.localdate(value=now))
    inside = set(unit_ids)
    by_appraiser: dict[int | None, HabitAppraiser] = {}
    team_of: dict[int, int | None] = {}
    for employee in chart.employees.values():
        if employee.position is None or employee.position.unit_id not in inside or employee.pk == exclude:
            continue
        appraiser = chart.appraiser(employee)
        key = appraiser.pk if appraiser is not None else None
        if key not in by_appraiser:
            by_appraiser[key] = (
                HabitAppraiser(appraiser.full_name, appraiser.position.title if appraiser.position else "")
                if appraiser is not None
                else HabitAppraiser(_("— tanpa Pejabat Penilai Kinerja dalam struktur —"), "")
            )
        by_appraiser[key].members += 1
        team_of[employee.pk] = key
    for person in missing:  # by unit and name
        if person.id in team_of:
            by_appraiser[team_of[person.id]].missing.append(f"{person.name} ({person.unit_name})")
    appraisers = sorted(by_appraiser.items(), key=lambda item: (item[0] is None, item[1].name, item[0] or 0))
    return FeedbackHabit(units=units, appraisers=[a for _key, a in appraisers])


# --- The workbook ------------------------------------------------------------------------------------------------


@dataclass
class Rekap:
    """What one export holds; `employees` is iterated once, while the workbook is written."""

    period_label: str  # "Triwulan III 2026"
    scope_label: str  # the unit the rekap covers (with the units below it)
    units: list[UnitTally]
    employees: Iterable[EmployeeLine]
    habit: FeedbackHabit
    generated_at: dt.datetime
    generated_by: str


def curve_check(row: UnitTally) -> str:
    """The Pola Distribusi column: "sesuai", the breaches in the authority's words, or why it cannot be checked."""
    if not row.org_predicate:
        return _("belum dapat diperiksa: Capaian Kinerja Organisasi belum ditetapkan")
    if not row.rated:
        return _("belum ada predikat")
    return "\n".join(row.violations) if row.violations else _("sesuai")


def _pct(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


class _Sheet:
    """A write-only worksheet: rows go straight to the file (10,000 employees without holding every cell)."""

    BOLD = Font(bold=True)
    WRAP = Alignment(wrap_text=True, vertical="top")

    def __init__(self, wb: Workbook, title: str, widths: Iterable[int]):
        self.ws = wb.create_sheet(title)
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A2"

    def header(self, values: Iterable[str]) -> None:
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.ws, value=xlsx_value(value))
            cell.font = self.BOLD
            if number_format := number_format_of(value):
                cell.number_format = number_format
            cells.append(cell)
        self.ws.append(cells)

    def row(self, values: Iterable, *, wrap: bool = False) -> None:
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.ws, value=xlsx_value(value))
            if wrap:
                cell.alignment = self.WRAP
            if number_format := number_format_of(value):
                cell.number_format = number_format
            cells.append(cell)
        self.ws.append(cells)


Sheet = _Sheet  # for the other exports (talent map, training needs): one way of writing a sheet


def _unit_sheet(wb: Workbook, rekap: Rekap) -> None:
    predicates = list(Predicate)
    sheet = _Sheet(wb, _("Rekap per unit"), [32, 22, 11, 12, *([11, 9] * len(predicates)), 70])
    header = [_("Unit kerja"), _("Capaian Kinerja Organisasi"), _("Evaluasi"), _("Berpredikat")]
    for p in predicates:
        header += [str(p.label), f"{p.label} (%)"]
    sheet.header([*header, _("Pola Distribusi (SE MenPANRB 3/2023)")])
    total = UnitTally(unit_id=0, name=_("Jumlah"))
    for row in rekap.units:
        cells = [row.name, row.org_label or _("belum ditetapkan"), row.evaluations, row.rated]
        for p in predicates:
            cells += [row.tally.get(p, 0), _pct(row.share(p))]
        sheet.row([*cells, curve_check(row)], wrap=True)
        total.evaluations += row.evaluations
        total.tally.update(row.tally)
    cells = [total.name, "", total.evaluations, total.rated]
    for p in predicates:
        cells += [total.tally.get(p, 0), _pct(total.share(p))]
    sheet.header(cells)


def _employee_sheet(wb: Workbook, rekap: Rekap) -> None:
    sheet = _Sheet(wb, _("Per pegawai"), [22, 32, 32, 28, 26, 20, 20, 18, 32, 8])
    sheet.header(
        [_("NIP/NI PPPK"), _("Nama"), _("Jabatan"), _("Unit kerja"), _("Status"), _("Rating hasil kerja"),
         _("Rating perilaku kerja"), _("Predikat"), _("Pejabat Penilai Kinerja"), _("Final")]
    )  # fmt: skip
    yes, no = _("Ya"), _("Tidak")
    for line in rekap.employees:
        sheet.row(
            [line.nip, line.name, line.position, line.unit, line.status, line.result_rating, line.behaviour_rating,
             line.predicate, line.appraiser, yes if line.final else no]
        )  # fmt: skip


def _habit_sheet(wb: Workbook, rekap: Rekap) -> None:
    days = {"n": FEEDBACK_WINDOW_DAYS}
    sheet = _Sheet(wb, _("Kebiasaan umpan balik"), [36, 30, 14, 22, 14, 90])
    received = _("Menerima umpan balik (%(n)s hari)") % days
    sheet.header([_("Unit kerja"), _("Anggota tim"), received, _("Persentase (%)")])
    for unit in rekap.habit.units:
        sheet.row([unit.name, unit.members, unit.coached, _pct(unit.share)])
    sheet.row([])
    sheet.header(
        [_("Pejabat Penilai Kinerja"), _("Jabatan"), _("Anggota tim"), received, _("Persentase (%)"),
         _("Belum menerima umpan balik dalam %(n)s hari terakhir") % days]
    )  # fmt: skip
    for appraiser in rekap.habit.appraisers:
        sheet.row(
            [appraiser.name, appraiser.position, appraiser.members, appraiser.coached, _pct(appraiser.share),
             "\n".join(appraiser.missing)],
            wrap=True,
        )  # fmt: skip


def _about_sheet(wb: Workbook, rekap: Rekap) -> None:
    sheet = _Sheet(wb, _("Keterangan"), [30, 100])
    sheet.header([_("Uraian"), _("Nilai")])
    rows = [
        (_("Periode"), rekap.period_label),
        (_("Unit kerja"), rekap.scope_label),
        (_("Dibuat"), formatting.datetime_text(rekap.generated_at)),
        (_("Dibuat oleh"), rekap.generated_by),
        (_("Pola Distribusi"), _("Dihitung per unit dari pegawai unit itu sendiri (SE MenPANRB 3/2023).")),
        (_("Umpan balik rekan kerja"), _("Tidak dimuat: jawaban dan siapa yang menjawab tetap anonim.")),
    ]
    for label, value in rows:
        sheet.row([label, value], wrap=True)


def render_xlsx(rekap: Rekap) -> bytes:
    """The rekap as a workbook: Rekap per unit, Per pegawai, Kebiasaan umpan balik, Keterangan."""
    wb = Workbook(write_only=True)
    _unit_sheet(wb, rekap)
    _employee_sheet(wb, rekap)
    _habit_sheet(wb, rekap)
    _about_sheet(wb, rekap)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def org_records(records: QuerySet[UnitPerformance]) -> Mapping[int, UnitPerformance]:
    """One Capaian Kinerja Organisasi per unit (the latest period's where several periods match)."""
    return {r.unit_id: r for r in records.select_related("unit", "decided_by").order_by("period__start_date", "pk")}
