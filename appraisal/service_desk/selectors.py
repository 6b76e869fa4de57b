"""Reads of the service desk shared by pages, the API, the evaluation and the reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Self

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal import rules
from appraisal.models import Employee, PublicHoliday, ServiceRequest, SurveyResponse

# --- One rule each: the period, the holiday calendar, rounding ---------------------------------
#
# Every public-service figure (the evaluation, the rating page, the PDF, the service report's rows and totals)
# goes through these, so the evaluation and the report cannot disagree on the same officer and dates.


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in the current time zone (WITA): a period's days as timestamps."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def holiday_calendar(first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The public holidays from `first` to `last`, both included.

    The window rule: callers pass the first and the last local day any file they measure spans (the earliest
    received day; the period's end, or today for open files). Working days and working hours only ever look at
    the days between a file's received and completed days, so this window is exact and needs no margin.
    """
    return frozenset(PublicHoliday.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True))


TENTH = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """part of whole as a percentage to one decimal, halves rounded up (1 of 16 → 6.3); None without a whole."""
    if not whole:
        return None
    return (Decimal(part * 100) / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


def median_of(values: Sequence[int] | Mapping[int, int]) -> Decimal | None:
    """The median to one decimal (an even count takes the mean of the two middle values); None when empty.

    `values` is a list of values, or a histogram {value: how many} as SQL's GROUP BY gives it."""
    counts = values if isinstance(values, Mapping) else Counter(values)
    total = sum(counts.values())
    if not total:
        return None
    low_at, high_at = (total - 1) // 2, total // 2  # the middle position(s), 0-based; equal for an odd count
    low = high = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low is None and low_at < seen:
            low = value
        if high_at < seen:
            high = value
            break
    return (Decimal(low + high) / 2).quantize(TENTH, rounding=ROUND_HALF_UP)


# --- Figures -----------------------------------------------------------------------------------

QUALITY_LABELS = {
    "A": _("Sangat Baik"),
    "B": _("Baik"),
    "C": _("Kurang Baik"),
    "D": _("Tidak Baik"),
}


@dataclass(frozen=True)
class Index:
    """An IKM with its respondent count; value/letter are None without (enough) responses."""

    respondents: int
    value: Decimal | None = None
    letter: str | None = None

    @property
    def label(self) -> str:
        return str(QUALITY_LABELS.get(self.letter, "")) if self.letter else ""

    @classmethod
    def of_sums(cls, totals: ScoreTotals | None, *, individual: bool = False) -> Index:
        """Index.of from SQL totals (ScoreTotals): the same figures without reading every answer."""
        if totals is None or not totals.count:
            return cls(0)
        if individual and totals.count < rules.MIN_SURVEY_RESPONSES_INDIVIDUAL:
            return cls(totals.count)
        return cls(totals.count, *rules.ikm_from_sums(totals.sums, totals.count))

    @classmethod
    def of(cls, rows: Sequence[Sequence[int]], *, individual: bool = False) -> Index:
        """The unit index whenever there is a response; an officer's only from rules.MIN_SURVEY_RESPONSES_INDIVIDUAL."""
        result = rules.individual_ikm(rows) if individual else (rules.ikm(rows) if rows else None)
        return cls(len(rows), *result) if result else cls(len(rows))


@dataclass
class ScoreTotals:
    """Survey answers summed: how many, and each of the nine elements' total score."""

    count: int = 0
    sums: list[int] = field(default_factory=lambda: [0] * len(rules.IKM_ELEMENTS))

    def add(self, count: int, sums: Sequence[int]) -> None:
        self.count += count
        self.sums = [a + b for a, b in zip(self.sums, sums, strict=True)]


def score_totals(answers: QuerySet[SurveyResponse], *, by: Sequence[str]) -> list[tuple[tuple, int, list[int]]]:
    """(key, count, nine element totals) of `answers` per value of the `by` columns: one GROUP BY query, the
    scores summed in SQL (scores is a JSON list of nine ints, in the order of rules.IKM_ELEMENTS)."""
    totals = {f"e{i}": Sum(Cast(KeyTextTransform(i, "scores"), IntegerField())) for i in range(len(rules.IKM_ELEMENTS))}
    rows = answers.values_list(*by).annotate(n=Count("pk"), **totals).order_by()
    width = len(rules.IKM_ELEMENTS)
    return [
        (tuple(row[: len(by)]), row[len(by)], [int(v) for v in row[len(by) + 1 : len(by) + 1 + width]]) for row in rows
    ]


@dataclass
class DeskFigures:
    """Files received in the period (handled, returned at least once) and files completed in it (time taken)."""

    handled: int = 0
    returned: int = 0
    on_time: int = 0
    days: Counter[int] = field(default_factory=Counter)  # working days taken → how many completed files

    @property
    def completed(self) -> int:
        return self.days.total()

    @property
    def within_standard_pct(self) -> Decimal | None:
        return percent(self.on_time, self.completed)

    @property
    def returned_pct(self) -> Decimal | None:
        return percent(self.returned, self.handled)

    @property
    def median_days(self) -> Decimal | None:
        return median_of(self.days)

    @classmethod
    def total(cls, parts: Iterable[DeskFigures]) -> DeskFigures:
        """The figures of several groups together (counts add up; the median is of all their files)."""
        total = cls()
        for part in parts:
            total.handled += part.handled
            total.returned += part.returned
            total.on_time += part.on_time
            total.days.update(part.days)
        return total


def desk_figures(
    files: QuerySet[ServiceRequest], *, start: dt.date, end: dt.date, by: Sequence[str] = ()
) -> dict[tuple, DeskFigures]:
    """Figures of `files` in [start, end], per value of the `by` columns (() for one group); two GROUP BY queries.

    Handled = received in the period, returned = of those, sent back at least once for correction.
    Completed = completed in the period, with the working days (from the local received day: a same-day file
    takes 1) and the service-standard check stored on the file at completion (rules.file_timing), counted per
    (group, working days) in SQL: the median comes from that histogram, never from a loop over the files.
    """
    since, until = period_bounds(start, end)
    figures: dict[tuple, DeskFigures] = defaultdict(DeskFigures)
    counts = {"handled": Count("id"), "returned": Count("id", filter=Q(correction_rounds__gt=0))}
    received = files.filter(received_at__gte=since, received_at__lt=until)
    if by:
        grouped = received.values_list(*by).annotate(**counts).order_by()
    else:
        total = received.aggregate(**counts)
        grouped = [(total["handled"], total["returned"])]
    for *key, handled, returned in grouped:
        if handled:
            desk = figures[tuple(key)]
            desk.handled, desk.returned = handled, returned

    completed = files.filter(status=ServiceRequest.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until)
    histogram = (
        completed.values_list(*by, "working_days")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(within_standard=True)))
        .order_by()
    )
    untimed = False
    for *key, days, n, on_time in histogram:
        if days is None:
            untimed = True  # written around the completion service (fixtures, imports): timed below
            continue
        desk = figures[tuple(key)]
        desk.days[days] += n
        desk.on_time += on_time
    if untimed:
        for key, days, on_time in _time_untimed(completed.filter(working_days__isnull=True), by=by, start=start):
            desk = figures[key]
            desk.days[days] += 1
            desk.on_time += on_time
    return dict(figures)


def _time_untimed(files: QuerySet[ServiceRequest], *, by: Sequence[str], start: dt.date):
    """(key, working days, within standard) of completed files without stored timing, by rules.file_timing."""
    rows = files.values_list(
        *by, "received_at", "completed_at", "service_type__standard_value", "service_type__standard_unit"
    )
    tz = timezone.get_current_timezone()
    timed = [(tuple(key), r.astimezone(tz), c.astimezone(tz), value, unit) for *key, r, c, value, unit in rows]
    if not timed:
        return
    holidays = holiday_calendar(min(row[1].date() for row in timed), max(row[2].date() for row in timed))
    for key, received_at, completed_at, value, unit in timed:
        days, on_time = rules.file_timing(
            received_at, completed_at, standard_value=value, standard_unit=unit, holidays=holidays
        )
        yield key, days, on_time


@dataclass(frozen=True)
class OfficerFigures:
    """An officer's public-service figures in a period: their files and the survey answers about them.

    The evaluation (public_service_summary) and the service report's officer rows are both this, so the two
    show the same numbers for the same officer, unit scope and dates.
    """

    desk: DeskFigures
    index: Index  # the officer's own IKM: value None below rules.MIN_SURVEY_RESPONSES_INDIVIDUAL answers

    @classmethod
    def of(cls, desk: DeskFigures | None, scores: Sequence[Sequence[int]], **fields) -> Self:
        """From the officer's desk figures and survey scores (`fields`: a subclass's own, e.g. a report row's)."""
        return cls(desk=desk or DeskFigures(), index=Index.of(scores, individual=True), **fields)

    @property
    def has_data(self) -> bool:
        return bool(self.desk.handled or self.desk.completed or self.index.respondents)


def officer_figures(employee: Employee, *, start: dt.date, end: dt.date) -> OfficerFigures:
    """The employee's figures for [start, end]: every file and survey answer of theirs, in whichever unit."""
    desk = desk_figures(ServiceRequest.objects.filter(officer=employee), start=start, end=end).get(())
    scores = SurveyResponse.objects.filter(officer=employee, submitted_on__range=(start, end))
    return OfficerFigures.of(desk, list(scores.values_list("scores", flat=True)))


# --- The evaluation's public-service figures ----------------------------------------------------


# Keys of public_service_summary() with their labels, in display order (pages, API and documents share them).
PUBLIC_SERVICE_LABELS = {
    "handled": _("Berkas layanan ditangani"),
    "completed": _("Berkas selesai"),
    "within_standard_pct": _("Selesai sesuai standar pelayanan (%)"),
    "median_working_days": _("Median waktu penyelesaian (hari kerja)"),
    "returned_pct": _("Dikembalikan untuk perbaikan (%)"),
    "survey_responses": _("Jumlah tanggapan survei"),
    "ikm": _("Indeks Kepuasan Masyarakat (IKM) petugas"),
    "ikm_quality": _("Mutu pelayanan"),
}


def public_service_dict(figures: OfficerFigures, *, start: dt.date, end: dt.date) -> dict:
    """OfficerFigures as the JSON stored on the evaluation (numbers as text with one or two decimals)."""
    period = {"start": start.isoformat(), "end": end.isoformat()}
    if not figures.has_data:
        return {"available": False, **period}
    desk, index = figures.desk, figures.index
    text = lambda value: None if value is None else str(value)  # noqa: E731
    return {
        "available": True,
        **period,
        "handled": desk.handled,
        "completed": desk.completed,
        "within_standard_pct": text(desk.within_standard_pct),
        "median_working_days": text(desk.median_days),
        "returned_pct": text(desk.returned_pct),
        "survey_responses": index.respondents,
        "ikm": text(index.value),
        "ikm_quality": index.letter,
        "ikm_minimum": rules.MIN_SURVEY_RESPONSES_INDIVIDUAL,
    }


def public_service_summary(employee: Employee, *, start: dt.date, end: dt.date) -> dict:
    """Figures of the citizens' files an employee handled in a period, for the evaluation (officer_figures).

    The one place the evaluation reads public-service data. Files handled = received in the period; completed
    within standard = of the files completed in the period; returned = received files that went back at least
    once for correction; the officer's own IKM only with at least 5 survey responses.
    """
    return public_service_dict(officer_figures(employee, start=start, end=end), start=start, end=end)


def counter_files_today(officer, *, now: dt.datetime):
    """The officer's files received today or still open, newest first; one query."""
    open_statuses = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.RETURNED)
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        ServiceRequest.objects.filter(officer=officer)
        .filter(Q(received_at__gte=start_of_day) | Q(status__in=open_statuses))
        .select_related("service_type")
        .order_by("-received_at")
    )
