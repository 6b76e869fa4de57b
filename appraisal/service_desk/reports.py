"""Laporan hasil SKM and the service-desk figures of a unit: the reads behind the report page, its XLSX export
and the API (PermenPANRB 14/2017 asks each unit to publish its index per element, the period, the respondent
count and the follow-up of suggestions).

No HTTP here. Who may read which unit is policy.can_view_service_reports; the citizen's identity never enters
a report (responses carry none, and files are read without their citizen fields).
The query count does not grow with the data: each table is one aggregation or one values_list pass.
The desk figures, the holiday calendar and the rounding are service_desk.selectors' (desk_figures, percent,
median_of): an officer's row is the same OfficerFigures the evaluation stores, for the files of this unit.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal import formatting, policy, rules
from appraisal.exports import number_format_of, safe_cell
from appraisal.models import Employee, ServiceRequest, ServiceType, SurveyResponse, Unit, UnitKind
from appraisal.org.selectors import unit_subtree_ids
from appraisal.service_desk.selectors import (
    DeskFigures,
    Index,
    OfficerFigures,
    ScoreTotals,
    desk_figures,
    score_totals,
)

MAX_REPORT_DAYS = 366  # one year: the regulation's longest reporting period, and a bound on the work


# --- Periods -----------------------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of Triwulan `quarter` (1–4) of `year`."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def default_period(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Triwulan `day` falls in: a report's period when none is asked for."""
    return quarter_bounds(day.year, quarter_of(day))


def check_period(start: dt.date, end: dt.date) -> None:
    """A report period runs forwards and spans at most a year; raises ValidationError in Indonesian."""
    if end < start:
        raise ValidationError({"end": _("Tanggal akhir tidak boleh sebelum tanggal awal.")})
    if (end - start).days >= MAX_REPORT_DAYS:
        raise ValidationError({"end": _("Rentang laporan paling lama satu tahun.")})


# --- Units a user may report on ----------------------------------------------------------------


def report_units(user) -> list[Unit]:
    """Service units whose report `user` may read: kecamatan, kelurahan, and any unit offering a service."""
    allowed = policy.service_report_unit_ids(user)
    if not allowed:
        return []
    units = (
        Unit.objects.filter(pk__in=allowed)
        .filter(Q(kind__in=[UnitKind.KECAMATAN, UnitKind.KELURAHAN]) | Q(service_types__isnull=False))
        .distinct()
    )
    # The kecamatan before its kelurahan, then by name.
    order = {UnitKind.KECAMATAN: 0, UnitKind.KELURAHAN: 1}
    return sorted(units, key=lambda u: (order.get(u.kind, 2), u.name))


def default_report_unit(user, units: Sequence[Unit]) -> Unit | None:
    """The user's own unit when they may read its report, else the first they may read."""
    employee = policy.employee_for_user(user)
    own = employee.position.unit_id if employee is not None and employee.position is not None else None
    return next((u for u in units if u.pk == own), units[0] if units else None)


NO_REPORTS = gettext_lazy("Laporan layanan hanya untuk pimpinan unit (Camat, Lurah) dan Admin Kepegawaian.")


def pick_report_unit(user, unit_id: int | None) -> Unit | None:
    """The unit a report is asked for (default: the user's own, else the first they may read).

    None when the unit does not exist or its org chart is hidden from the user (callers answer 404, so its
    existence is not confirmed); PermissionDenied when the user sees the unit but not its reports.
    """
    if unit_id is None:
        unit = default_report_unit(user, report_units(user))
        if unit is None:
            raise PermissionDenied(NO_REPORTS)
        return unit
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return None
    if policy.can_view_service_reports(user, unit):
        return unit
    if policy.can_view_unit(user, unit):
        raise PermissionDenied(NO_REPORTS)
    return None


# --- Figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementRow:
    number: int
    name: str
    nrr: Decimal  # mean score 1–4
    weighted: Decimal  # NRR × 0.111


@dataclass(frozen=True)
class ServiceRow:
    id: int
    name: str
    standard: str
    index: Index
    desk: DeskFigures


@dataclass(frozen=True)
class OfficerRow(OfficerFigures):
    """An officer's figures for the files and answers of this unit (index None below the minimum)."""

    id: int
    name: str


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class QuarterRow:
    quarter: int
    start: dt.date
    end: dt.date
    index: Index

    @property
    def label(self) -> str:
        return _("Triwulan %(n)s") % {"n": ROMAN[self.quarter]}


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    index: Index
    desk: DeskFigures


@dataclass
class ServiceReport:
    unit: Unit
    start: dt.date
    end: dt.date
    index: Index
    raw_index: Decimal | None  # Σ weighted NRR, on the 1–4 scale, before conversion
    elements: list[ElementRow]
    desk: DeskFigures
    services: list[ServiceRow]
    officers: list[OfficerRow]
    trend: list[QuarterRow]
    units: list[UnitRow]  # the unit and the service units below it (the Camat's "index per unit")
    comments: list[str]

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def minimum_individual(self) -> int:
        return rules.MIN_SURVEY_RESPONSES_INDIVIDUAL


def _elements(totals: ScoreTotals | None) -> tuple[list[ElementRow], Decimal | None]:
    if totals is None or not totals.count:
        return [], None
    count = Decimal(totals.count)
    out = []
    for i, name in enumerate(rules.IKM_ELEMENTS):
        nrr = Decimal(totals.sums[i]) / count
        out.append(
            ElementRow(
                number=i + 1,
                name=name,
                nrr=nrr.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                weighted=(nrr * rules.IKM_WEIGHT).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
            )
        )
    raw = sum((Decimal(total) / count) * rules.IKM_WEIGHT for total in totals.sums)
    return out, raw.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def service_report(unit: Unit, *, start: dt.date, end: dt.date) -> ServiceReport:
    """The unit's laporan hasil SKM and desk figures for [start, end], with the quarter trend of start's year."""
    check_period(start, end)
    subtree = unit_subtree_ids([unit.pk])

    # The period's answers summed in SQL: per unit over the tree, and per (service, officer) for the unit's own.
    by_unit: dict[int, ScoreTotals] = defaultdict(ScoreTotals)
    by_service: dict[int, ScoreTotals] = defaultdict(ScoreTotals)
    by_officer: dict[int, ScoreTotals] = defaultdict(ScoreTotals)
    answers = SurveyResponse.objects.filter(submitted_on__range=(start, end))
    for (unit_id,), count, sums in score_totals(answers.filter(unit_id__in=subtree), by=("unit_id",)):
        by_unit[unit_id].add(count, sums)
    for (service_id, officer_id), count, sums in score_totals(
        answers.filter(unit_id=unit.pk), by=("service_type_id", "officer_id")
    ):
        by_service[service_id].add(count, sums)
        by_officer[officer_id].add(count, sums)
    comments = [
        text.strip()
        for text in SurveyResponse.objects.filter(unit=unit, submitted_on__range=(start, end))
        .exclude(comment="")
        .order_by("submitted_on", "id")  # the key is random: answers of one day come in no telling order
        .values_list("comment", flat=True)
        if text.strip()
    ]
    own = by_unit.get(unit.pk)
    elements, raw = _elements(own)

    # Per unit over the tree (the overview rows), then per (service, officer) for the unit's own files: two small
    # GROUP BYs, rather than one per (unit, service, officer) whose rows grow with the city's officers.
    per_unit = desk_figures(ServiceRequest.objects.filter(unit_id__in=subtree), start=start, end=end, by=("unit_id",))
    own_desk = desk_figures(
        ServiceRequest.objects.filter(unit_id=unit.pk), start=start, end=end, by=("service_type_id", "officer_id")
    )
    service_ids = set(by_service) | {s for s, _o in own_desk}
    officer_ids = set(by_officer) | {o for _s, o in own_desk}
    per_service: dict[int, list[DeskFigures]] = defaultdict(list)
    per_officer: dict[int, list[DeskFigures]] = defaultdict(list)
    for (service_id, officer_id), figures in own_desk.items():
        per_service[service_id].append(figures)
        per_officer[officer_id].append(figures)

    services = []
    offered = ServiceType.objects.filter(Q(units=unit) | Q(pk__in=service_ids)).distinct().order_by("name", "id")
    for service in offered:
        services.append(
            ServiceRow(
                id=service.pk,
                name=service.name,
                standard=service.standard_display,
                index=Index.of_sums(by_service.get(service.pk)),
                desk=DeskFigures.total(per_service.get(service.pk, ())),
            )
        )
    officers = [
        OfficerRow(
            desk=DeskFigures.total(per_officer.get(officer.pk, ())),
            index=Index.of_sums(by_officer.get(officer.pk), individual=True),
            id=officer.pk,
            name=officer.full_name,
        )
        for officer in Employee.objects.filter(pk__in=officer_ids)
        .only("name", "front_title", "back_title")
        .order_by("name", "id")
    ]

    # The unit and the service units below it, for the Camat's overview.
    units = []
    active = set(by_unit) | {u for (u,) in per_unit}
    below = Unit.objects.filter(pk__in=subtree).annotate(offers=Count("service_types")).order_by("name", "id")
    for sub in below:
        if sub.pk == unit.pk or sub.offers or sub.pk in active:
            units.append(
                UnitRow(
                    id=sub.pk,
                    name=sub.name,
                    index=Index.of_sums(by_unit.get(sub.pk)),
                    desk=per_unit.get((sub.pk,)) or DeskFigures(),
                )
            )
    units.sort(key=lambda row: row.id != unit.pk)  # the unit itself first

    return ServiceReport(
        unit=unit,
        start=start,
        end=end,
        index=Index.of_sums(own),
        raw_index=raw,
        elements=elements,
        desk=DeskFigures.total(own_desk.values()),
        services=services,
        officers=officers,
        trend=quarter_trend(unit, start.year),
        units=units if len(units) > 1 else [],
        comments=comments,
    )


def quarter_trend(unit: Unit, year: int) -> list[QuarterRow]:
    """The unit's IKM in each Triwulan of `year`, from one GROUP BY over the year's answers."""
    answers = SurveyResponse.objects.filter(unit=unit, submitted_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    totals: dict[int, ScoreTotals] = defaultdict(ScoreTotals)
    for (quarter,), count, sums in score_totals(answers, by=("submitted_on__quarter",)):
        totals[quarter].add(count, sums)
    return [QuarterRow(q, *quarter_bounds(year, q), index=Index.of_sums(totals.get(q))) for q in range(1, 5)]


# --- XLSX ----------------------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_filename(report: ServiceReport, ext: str = "xlsx") -> str:
    return f"laporan-skm-{report.unit.code}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{ext}"


def render_xlsx(report: ServiceReport) -> bytes:
    """The report as a workbook: Ringkasan, Per unsur, Per layanan, Per petugas, Tren, Saran."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    bold = Font(bold=True)
    num = lambda value: float(value) if value is not None else None  # noqa: E731 — numbers, not text, in cells
    not_enough = _("belum cukup tanggapan")

    def safe(value):
        # Citizens write the comments and officers name units: drop control characters openpyxl refuses, then
        # keep "=…" a text, never a formula a spreadsheet would run (exports.safe_cell).
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)

    def append(ws, row: Iterable) -> None:
        ws.append([safe(value) for value in row])
        for cell in ws[ws.max_row]:
            if number_format := number_format_of(cell.value):
                cell.number_format = number_format

    def sheet(wb, title: str, header: Sequence[str], rows: Iterable[Sequence]):
        ws = wb.create_sheet(title)
        append(ws, header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            append(ws, row)
        for column in ws.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
        return ws

    wb = Workbook()
    wb.remove(wb.active)
    summary = [
        (_("Unit pelayanan"), report.unit.name),
        (_("Periode survei"), f"{formatting.date_text(report.start)} s.d. {formatting.date_text(report.end)}"),
        (_("Jumlah responden"), report.index.respondents),
        (_("Nilai IKM (1–4)"), num(report.raw_index)),
        (_("Nilai IKM konversi"), num(report.index.value)),
        (_("Mutu pelayanan"), report.index.letter or ""),
        (_("Kinerja unit pelayanan"), report.index.label),
        (_("Berkas diterima"), report.desk.handled),
        (_("Berkas selesai"), report.desk.completed),
        (_("Selesai sesuai standar (%)"), num(report.desk.within_standard_pct)),
        (_("Median waktu penyelesaian (hari kerja)"), num(report.desk.median_days)),
        (_("Dikembalikan untuk perbaikan (%)"), num(report.desk.returned_pct)),
    ]
    ws = sheet(wb, "Ringkasan", [_("Uraian"), _("Nilai")], summary)
    if report.units:
        ws.append([])
        append(ws, [_("Per unit"), _("Responden"), _("IKM"), _("Mutu"), _("Berkas diterima"), _("Sesuai standar (%)")])
        for cell in ws[ws.max_row]:
            cell.font = bold
        for row in report.units:
            append(
                ws,
                [row.name, row.index.respondents, num(row.index.value), row.index.letter or "", row.desk.handled,
                 num(row.desk.within_standard_pct)]
            )  # fmt: skip
    sheet(
        wb,
        "Per unsur",
        [_("No."), _("Unsur pelayanan"), _("NRR per unsur"), _("NRR tertimbang")],
        [(e.number, e.name, num(e.nrr), num(e.weighted)) for e in report.elements],
    )
    sheet(
        wb,
        "Per layanan",
        [_("Jenis layanan"), _("Standar"), _("Responden"), _("IKM"), _("Mutu"), _("Berkas diterima"),
         _("Berkas selesai"), _("Sesuai standar (%)"), _("Median hari kerja")],
        [
            (s.name, s.standard, s.index.respondents, num(s.index.value), s.index.letter or "", s.desk.handled,
             s.desk.completed, num(s.desk.within_standard_pct), num(s.desk.median_days))
            for s in report.services
        ],
    )  # fmt: skip
    sheet(
        wb,
        "Per petugas",
        [_("Petugas"), _("Berkas diterima"), _("Berkas selesai"), _("Sesuai standar (%)"), _("Median hari kerja"),
         _("Dikembalikan (%)"), _("Responden"), _("IKM"), _("Mutu")],
        [
            (o.name, o.desk.handled, o.desk.completed, num(o.desk.within_standard_pct), num(o.desk.median_days),
             num(o.desk.returned_pct), o.index.respondents,
             num(o.index.value) if o.index.value is not None else not_enough, o.index.letter or "")
            for o in report.officers
        ],
    )  # fmt: skip
    sheet(
        wb,
        "Tren",
        [_("Triwulan"), _("Periode"), _("Responden"), _("IKM"), _("Mutu")],
        [
            (f"{q.label} {report.year}", f"{formatting.date_text(q.start)} s.d. {formatting.date_text(q.end)}",
             q.index.respondents, num(q.index.value), q.index.letter or "")
            for q in report.trend
        ],
    )  # fmt: skip
    sheet(wb, "Saran", [_("No."), _("Saran dan masukan")], [(i, c) for i, c in enumerate(report.comments, 1)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
