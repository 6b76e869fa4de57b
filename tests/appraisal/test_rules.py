from decimal import Decimal

import pytest

from appraisal.rules import (
    OrgPredicate,
    Predicate,
    Rating,
    credit_points,
    curve_violations,
    ikm,
    objection_allowed,
    predicate,
    unit_head_result_rating,
)

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW
SB, BK, BP, K, SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
)


@pytest.mark.parametrize(
    ("result", "behaviour", "expected"),
    [(A, B, K), (A, M, BK), (A, A, SB), (M, B, K), (M, M, BK), (M, A, BK), (B, B, SK), (B, M, BP), (B, A, BP)],
)
def test_predicate_follows_the_quadrant(result, behaviour, expected):
    assert predicate(result, behaviour) == expected


def test_predicate_labels():
    assert Predicate.KURANG.label == "Kurang/Misconduct"
    assert predicate("ABOVE", "ABOVE") == SB


@pytest.mark.parametrize(
    ("org", "expected"),
    [
        (OrgPredicate.ISTIMEWA, A),
        (OrgPredicate.BAIK, M),
        (OrgPredicate.BUTUH_PERBAIKAN, B),
        (OrgPredicate.KURANG, B),
        (OrgPredicate.SANGAT_KURANG, B),
    ],
)
def test_unit_head_result_follows_organisation(org, expected):
    assert unit_head_result_rating(org) == expected


@pytest.mark.parametrize(
    ("org", "counts", "n_violations"),
    [
        (OrgPredicate.ISTIMEWA, {}, 0),
        (OrgPredicate.ISTIMEWA, {SB: 7, BK: 3}, 0),
        (OrgPredicate.ISTIMEWA, {SB: 8, BK: 2}, 1),
        (OrgPredicate.BAIK, {SB: 2, BK: 7, BP: 1}, 0),
        (OrgPredicate.BAIK, {SB: 2, BK: 8}, 2),  # 80% Baik and no BP/K
        (OrgPredicate.BAIK, {SB: 3, BK: 6, K: 1}, 0),
        (OrgPredicate.BUTUH_PERBAIKAN, {BP: 6, BK: 3, SB: 1}, 0),
        (OrgPredicate.BUTUH_PERBAIKAN, {BP: 5, BK: 3, SB: 2}, 2),
        (OrgPredicate.KURANG, {K: 6, BP: 1, BK: 3}, 0),
        (OrgPredicate.KURANG, {K: 6, BK: 2, SB: 2}, 2),  # no BP, 20% SB
        (OrgPredicate.SANGAT_KURANG, {SK: 6, K: 1, BK: 3}, 0),
        (OrgPredicate.SANGAT_KURANG, {SK: 5, BK: 4, SB: 1}, 3),
    ],
)
def test_curve_violations(org, counts, n_violations):
    found = curve_violations(org, counts)
    assert len(found) == n_violations, found
    assert all("Capaian Kinerja Organisasi" in msg for msg in found)


def test_curve_violation_message_is_indonesian_with_figures():
    (msg,) = curve_violations(OrgPredicate.ISTIMEWA, {SB: 8, BK: 2})
    assert msg == "Capaian Kinerja Organisasi Istimewa: pegawai Sangat Baik paling banyak 70%, saat ini 80%."


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        ([[4] * 9], (Decimal("99.90"), "A")),
        ([[1] * 9], (Decimal("24.98"), "D")),
        ([[3] * 9], (Decimal("74.93"), "C")),  # 3*9*0.111*25 = 74.925
        ([[4] * 9, [3] * 9], (Decimal("87.41"), "B")),  # NRR 3.5 → 3.5*0.999*25 = 87.4125
        ([[4, 4, 4, 4, 4, 4, 4, 4, 3], [4] * 9], (Decimal("98.51"), "A")),  # 99.9 - 0.5*0.111*25
        ([[2] * 9, [3] * 9, [3] * 9, [4] * 9], (Decimal("74.93"), "C")),
    ],
)
def test_ikm_hand_computed(responses, expected):
    assert ikm(responses) == expected


def test_ikm_empty_raises():
    with pytest.raises(ValueError):
        ikm([])


def test_ikm_rejects_out_of_range_scores():
    with pytest.raises(ValueError):
        ikm([[5] * 9])


def test_objection_window_is_fourteen_days():
    import datetime as dt

    received = dt.date(2026, 10, 1)
    assert objection_allowed(received, dt.date(2026, 10, 15))  # day 14
    assert not objection_allowed(received, dt.date(2026, 10, 16))  # day 15


@pytest.mark.parametrize(("pred", "points"), [(SB, "18.750"), (BK, "12.500"), (SK, "3.125")])
def test_credit_points(pred, points):
    assert credit_points(pred, Decimal("12.5")) == Decimal(points)
