"""The Pola Distribusi the dashboard draws (appraisal/dashboard/curve.py) agrees with the rule that judges it
(rules.curve_violations, SE MenPANRB 3/2023), and the chart geometry puts bars and limits where the numbers say."""

import itertools
from decimal import Decimal

import pytest

from appraisal import rules
from appraisal.dashboard import charts
from appraisal.dashboard.curve import PATTERN, pattern_of
from appraisal.rules import OrgPredicate, Predicate

# Every distribution of up to 4 employees over the five predicates, plus some larger ones near the limits.
SMALL = [
    dict(zip(Predicate, counts, strict=True)) for counts in itertools.product(range(5), repeat=5) if sum(counts) <= 4
]
NEAR_LIMITS = [
    {Predicate.SANGAT_BAIK: 7, Predicate.BAIK: 3},
    {Predicate.SANGAT_BAIK: 8, Predicate.BAIK: 2},
    {Predicate.BAIK: 7, Predicate.BUTUH_PERBAIKAN: 3},
    {Predicate.BAIK: 71, Predicate.KURANG: 29},
    {Predicate.BUTUH_PERBAIKAN: 6, Predicate.SANGAT_BAIK: 1, Predicate.BAIK: 3},
    {Predicate.BUTUH_PERBAIKAN: 59, Predicate.BAIK: 41},
    {Predicate.KURANG: 6, Predicate.BUTUH_PERBAIKAN: 1, Predicate.BAIK: 3},
    {Predicate.KURANG: 6, Predicate.BUTUH_PERBAIKAN: 1, Predicate.SANGAT_BAIK: 2, Predicate.BAIK: 1},
    {Predicate.SANGAT_KURANG: 6, Predicate.KURANG: 1, Predicate.BAIK: 3},
    {Predicate.SANGAT_KURANG: 6, Predicate.BAIK: 4},
    {Predicate.SANGAT_KURANG: 9, Predicate.SANGAT_BAIK: 1},
]


@pytest.mark.parametrize("org", list(OrgPredicate))
def test_the_drawn_pattern_breaks_exactly_where_the_rule_reports_a_violation(org):
    for counts in SMALL + NEAR_LIMITS:
        breached = [limit for limit in pattern_of(org) if not limit.met(counts)]
        assert len(breached) == len(rules.curve_violations(org, counts)), (org, counts)


def test_every_organisation_predicate_has_a_pattern():
    assert set(PATTERN) == set(OrgPredicate)


@pytest.mark.parametrize(
    ("org", "labels"),
    [
        (OrgPredicate.ISTIMEWA, ["Sangat Baik paling banyak 70%"]),
        (
            OrgPredicate.BAIK,
            ["Baik paling banyak 70%", "paling sedikit satu pegawai Butuh Perbaikan atau Kurang/Misconduct"],
        ),
        (
            OrgPredicate.SANGAT_KURANG,
            [
                "Sangat Kurang paling sedikit 60%",
                "Kurang/Misconduct dan Butuh Perbaikan bersama paling sedikit 10%",
                "tidak boleh ada Sangat Baik",
            ],
        ),
    ],
)
def test_the_pattern_reads_as_the_circular_says(org, labels):
    assert [limit.label for limit in pattern_of(org)] == labels


def test_distribution_bars_are_scaled_to_the_rated_employees_and_the_limit_marks_the_bar():
    chart = charts.distribution_chart({Predicate.SANGAT_BAIK: 8, Predicate.BAIK: 2}, OrgPredicate.ISTIMEWA)

    bars = {bar.predicate: bar for bar in chart.bars}
    assert chart.rated == 10
    assert (bars[Predicate.SANGAT_BAIK].percent, bars[Predicate.SANGAT_BAIK].width) == (Decimal("80.0"), 240.0)
    assert bars[Predicate.SANGAT_BAIK].breach and bars[Predicate.SANGAT_BAIK].limit_x == charts.LABEL_WIDTH + 210.0
    assert not bars[Predicate.BAIK].breach and bars[Predicate.BAIK].limit_x is None
    assert bars[Predicate.KURANG].percent == Decimal("0.0") and bars[Predicate.KURANG].width == 0.0


def test_an_empty_unit_has_no_bars_and_no_breach():
    chart = charts.distribution_chart({}, OrgPredicate.BAIK)
    assert chart.rated == 0
    assert all(bar.width == 0 and bar.percent is None and not bar.breach for bar in chart.bars)


def test_progress_segments_stack_the_states_in_flow_order_over_the_whole_bar():
    chart = charts.progress_chart([("Kelurahan Mantasi", {"FINAL": 1, "SELF": 2, "RATING": 1})])

    (bar,) = chart.bars
    assert [(s.state, s.width) for s in bar.segments] == [("SELF", 150.0), ("RATING", 75.0), ("FINAL", 75.0)]
    assert bar.segments[0].x == charts.LABEL_WIDTH and bar.segments[-1].x == charts.LABEL_WIDTH + 225.0
    assert bar.total == 4


def test_trend_columns_follow_the_index_and_leave_a_quarter_without_answers_empty():
    chart = charts.trend_chart([("I", Decimal("90.00"), "A"), ("II", None, None)])

    first, second = chart.columns
    assert first.height == 108.0 and first.y == chart.baseline - 108.0 and first.css == "ikm-a"
    assert second.height == 0.0 and second.value is None and second.css == "ikm-none"
