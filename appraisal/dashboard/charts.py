"""Geometry of the dashboard's charts, drawn as inline SVG by the templates (templates/dashboard/_chart_*.html).

Numbers only: positions and sizes in the SVG's own user units, colours by CSS class (static/css/dashboard.css),
because the Content-Security-Policy allows no inline script or style. Every chart is shown with its numbers in a
table, for screen readers and print. Pure: no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from appraisal.dashboard.curve import single_limits
from appraisal.models import EvaluationStatus
from appraisal.rules import OrgPredicate, Predicate

LABEL_WIDTH = 180  # room for a unit or predicate name (up to 26 characters) left of the bars
BAR_WIDTH = 300  # 100% of a bar
ROW_HEIGHT = 26
BAR_HEIGHT = 16

# The order an evaluation moves through, as the progress bars stack it; the CSS class of each segment.
STATES: tuple[str, ...] = (
    EvaluationStatus.SELF_ASSESSMENT,
    EvaluationStatus.FEEDBACK,
    EvaluationStatus.RATING,
    EvaluationStatus.ACKNOWLEDGEMENT,
    EvaluationStatus.OBJECTION,
    EvaluationStatus.SIGN_OFF,
    EvaluationStatus.FINAL,
)
STATE_CLASS = {state: f"state-{state.lower()}" for state in STATES}
PREDICATE_CLASS = {p: f"pred-{p.value.lower().replace('_', '-')}" for p in Predicate}


def _scale(part: int | Decimal, whole: int | Decimal, width: int = BAR_WIDTH) -> float:
    return round(float(part) * width / float(whole), 1) if whole else 0.0


def share(part: int, whole: int) -> Decimal | None:
    """part of whole in percent, one decimal; None without a whole."""
    if not whole:
        return None
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Progress: one stacked bar per unit --------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    state: str
    css: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class ProgressBar:
    label: str
    y: int
    text_y: int
    total: int
    segments: list[Segment]


@dataclass(frozen=True)
class ProgressChart:
    width: int
    height: int
    bars: list[ProgressBar]
    track_x: int = LABEL_WIDTH
    track_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def value_x(self) -> int:
        return self.track_x + self.track_width + 6


def progress_chart(rows: Sequence[tuple[str, Mapping[str, int]]]) -> ProgressChart:
    """(label, count per state) per unit → bars whose segments stack the states in flow order, scaled to each
    unit's own total (each bar shows how far that unit is, whatever its size)."""
    bars = []
    for i, (label, counts) in enumerate(rows):
        total = sum(counts.get(s, 0) for s in STATES)
        x, segments = float(LABEL_WIDTH), []
        for state in STATES:
            n = counts.get(state, 0)
            if n:
                width = _scale(n, total)
                segments.append(Segment(state, STATE_CLASS[state], round(x, 1), width, n))
                x += width
        y = i * ROW_HEIGHT + 4
        bars.append(ProgressBar(label, y, y + BAR_HEIGHT - 3, total, segments))
    return ProgressChart(LABEL_WIDTH + BAR_WIDTH + 50, max(len(rows), 1) * ROW_HEIGHT + 8, bars)


# --- Predicate distribution: one bar per predicate, with the pattern's limits ------------------------------------


@dataclass(frozen=True)
class PredicateBar:
    predicate: Predicate
    label: str
    css: str
    count: int
    percent: Decimal | None
    y: int
    text_y: int
    width: float
    limit_label: str  # the clause of the pattern about this predicate alone, "" when none
    limit_x: float | None  # where the limit's line is drawn
    breach: bool


@dataclass
class DistributionChart:
    width: int
    height: int
    rated: int
    bars: list[PredicateBar] = field(default_factory=list)
    track_x: int = LABEL_WIDTH
    track_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def value_x(self) -> int:
        return self.track_x + self.track_width + 6


def distribution_chart(counts: Mapping[Predicate, int], org: OrgPredicate | str | None) -> DistributionChart:
    """Bars of each predicate's share of the rated employees; where the unit has a Capaian Kinerja Organisasi, the
    limit of the pattern on that predicate as a line, and the bar marked when it crosses it."""
    rated = sum(counts.values())
    limits = single_limits(org) if org else {}
    chart = DistributionChart(LABEL_WIDTH + BAR_WIDTH + 60, len(Predicate) * ROW_HEIGHT + 8, rated)
    for i, predicate in enumerate(Predicate):
        n = counts.get(predicate, 0)
        limit = limits.get(predicate)
        y = i * ROW_HEIGHT + 4
        chart.bars.append(
            PredicateBar(
                predicate=predicate,
                label=str(predicate.label),
                css=PREDICATE_CLASS[predicate],
                count=n,
                percent=share(n, rated),
                y=y,
                text_y=y + BAR_HEIGHT - 3,
                width=_scale(n, rated),
                limit_label=limit.label if limit else "",
                limit_x=round(LABEL_WIDTH + _scale(limit.share, 1), 1) if limit else None,
                breach=limit is not None and not limit.met(counts),
            )
        )
    return chart


# --- IKM per quarter: one column per Triwulan ------------------------------------------------------------------

TREND_HEIGHT = 120  # IKM 100 (the scale runs 0–100, as the converted index)
TREND_COLUMN = 50
TREND_GAP = 30


@dataclass(frozen=True)
class TrendColumn:
    label: str
    x: float
    y: float
    height: float
    value: Decimal | None
    letter: str
    css: str
    text_x: float


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    baseline: int
    columns: list[TrendColumn]
    column_width: int = TREND_COLUMN


def trend_chart(quarters: Sequence[tuple[str, Decimal | None, str | None]]) -> TrendChart:
    """(label, IKM or None, letter) per Triwulan → columns on a 0–100 scale; a quarter without answers has none."""
    top = 20
    columns = []
    for i, (label, value, letter) in enumerate(quarters):
        height = _scale(value, 100, TREND_HEIGHT) if value is not None else 0.0
        x = 10 + i * (TREND_COLUMN + TREND_GAP)
        columns.append(
            TrendColumn(
                label=label,
                x=x,
                y=round(top + TREND_HEIGHT - height, 1),
                height=height,
                value=value,
                letter=letter or "",
                css=f"ikm-{(letter or 'none').lower()}",
                text_x=x + TREND_COLUMN / 2,
            )
        )
    width = 10 + len(quarters) * (TREND_COLUMN + TREND_GAP)
    return TrendChart(width, top + TREND_HEIGHT + 24, top + TREND_HEIGHT, columns)
