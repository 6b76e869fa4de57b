"""Strengths and development needs (rules.talent_findings), the nine-box of PermenPANRB 3/2020 and placement
scores: table-driven, with the named thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from appraisal import rules
from appraisal.rules import (
    IKM_STRONG_LETTERS,
    ON_TIME_STRONG_PCT,
    ON_TIME_WEAK_PCT,
    PEER_MAJORITY_SHARE,
    RETURNED_WEAK_PCT,
    SERVICE_MIN_FILES,
    TALENT_MIN_PERIODS,
    TALENT_MOST_SHARE,
    PeriodEvidence,
    PlacementEvidence,
)

VALUES = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")


def peers(value: str, above: int, meets: int = 0, below: int = 0) -> dict:
    counts = {v: {"ABOVE": 0, "MEETS": above + meets + below, "BELOW": 0} for v in VALUES}
    counts[value] = {"ABOVE": above, "MEETS": meets, "BELOW": below}
    return counts


def p(label="TW1", **kw) -> PeriodEvidence:
    return PeriodEvidence(label=label, **kw)


def codes(periods) -> set[str]:
    return {f.code for f in rules.talent_findings(periods)}


def test_the_thresholds_are_the_ones_documented():
    assert TALENT_MIN_PERIODS == 2
    assert Decimal("0.5") == TALENT_MOST_SHARE
    assert Decimal("0.5") == PEER_MAJORITY_SHARE
    assert SERVICE_MIN_FILES == 5
    assert (ON_TIME_STRONG_PCT, ON_TIME_WEAK_PCT, RETURNED_WEAK_PCT) == (90, 70, 20)
    assert IKM_STRONG_LETTERS == ("A",)
    assert rules.MIN_PEER_RESPONSES == 3 and rules.MIN_SURVEY_RESPONSES_INDIVIDUAL == 5


CASES = [
    # (what, periods, expected codes)
    ("one period says nothing", [p(result_rating="ABOVE")], set()),
    ("results above in 2 of 2", [p("TW1", result_rating="ABOVE"), p("TW2", result_rating="ABOVE")], {"HASIL_KUAT"}),
    (
        "results above in exactly half is not most",
        [p("TW1", result_rating="ABOVE"), p("TW2", result_rating="MEETS")],
        set(),
    ),
    (
        "results above in 2 of 3",
        [p("TW1", result_rating="ABOVE"), p("TW2", result_rating="ABOVE"), p("TW3", result_rating="MEETS")],
        {"HASIL_KUAT"},
    ),
    (
        "behaviour below in most periods is a need",
        [p("TW1", behaviour_rating="BELOW"), p("TW2", behaviour_rating="BELOW")],
        {"PERILAKU_LEMAH"},
    ),
    (
        "unrated periods are not evidence",
        [p("TW1", result_rating="ABOVE"), p("TW2"), p("TW3")],
        set(),
    ),
    (
        "peers: a majority above in two periods",
        [p("TW1", peers=peers("PELAYANAN", 3)), p("TW2", peers=peers("PELAYANAN", 2, 1))],
        {"NILAI_PELAYANAN_KUAT"},
    ),
    (
        "peers: exactly half above is not a majority",
        [p("TW1", peers=peers("HARMONIS", 2, 2)), p("TW2", peers=peers("HARMONIS", 2, 2))],
        set(),
    ),
    (
        "peers below the anonymity threshold are absent (None), not counted",
        [p("TW1", peers=peers("HARMONIS", 3)), p("TW2", peers=None)],
        set(),
    ),
    (
        "peers: a majority below is a need",
        [p("TW1", peers=peers("KOLABORATIF", 0, 1, 2)), p("TW2", peers=peers("KOLABORATIF", 0, 0, 3))],
        {"NILAI_KOLABORATIF_LEMAH"},
    ),
    ("IKM A in two periods", [p("TW1", ikm_letter="A"), p("TW2", ikm_letter="A")], {"IKM_KUAT"}),
    ("IKM C/D in two periods", [p("TW1", ikm_letter="C"), p("TW2", ikm_letter="D")], {"IKM_LEMAH"}),
    (
        "on time at 90% with enough files",
        [
            p("TW1", completed=5, within_standard_pct=Decimal("90")),
            p("TW2", completed=8, within_standard_pct=Decimal("100")),
        ],
        {"TEPAT_WAKTU_KUAT"},
    ),
    (
        "too few files say nothing",
        [
            p("TW1", completed=4, within_standard_pct=Decimal("100")),
            p("TW2", completed=4, within_standard_pct=Decimal("100")),
        ],
        set(),
    ),
    (
        "under 70% on time is a need",
        [
            p("TW1", completed=10, within_standard_pct=Decimal("69.9")),
            p("TW2", completed=10, within_standard_pct=Decimal("50")),
        ],
        {"TEPAT_WAKTU_LEMAH"},
    ),
    (
        "more than 20% returned is a need",
        [p("TW1", handled=10, returned_pct=Decimal("30")), p("TW2", handled=10, returned_pct=Decimal("20.1"))],
        {"BERKAS_KEMBALI_LEMAH"},
    ),
    (
        "exactly 20% returned is not",
        [p("TW1", handled=10, returned_pct=Decimal("20")), p("TW2", handled=10, returned_pct=Decimal("20"))],
        set(),
    ),
]


@pytest.mark.parametrize(("what", "periods", "expected"), CASES, ids=[c[0] for c in CASES])
def test_strengths_and_needs(what, periods, expected):
    assert codes(periods) == expected


def test_each_finding_says_its_evidence_in_words():
    found = rules.talent_findings([p("Triwulan I 2026", ikm_letter="A"), p("Triwulan II 2026", ikm_letter="A")])
    assert found[0].evidence == (
        "IKM pribadi bermutu A (Sangat Baik) pada 2 dari 2 periode dengan sedikitnya 5 tanggapan survei "
        "(Triwulan I 2026, Triwulan II 2026)."
    )


NINE_BOX = [  # PermenPANRB 3/2020, Lampiran: the 9-box table
    ("SANGAT_BAIK", "TINGGI", 9),
    ("BAIK", "TINGGI", 8),
    ("SANGAT_BAIK", "MENENGAH", 7),
    ("BUTUH_PERBAIKAN", "TINGGI", 6),
    ("BAIK", "MENENGAH", 5),
    ("SANGAT_BAIK", "RENDAH", 4),
    ("KURANG", "MENENGAH", 3),
    ("BAIK", "RENDAH", 2),
    ("SANGAT_KURANG", "RENDAH", 1),
]


@pytest.mark.parametrize(("predicate", "potential", "box"), NINE_BOX)
def test_the_nine_box_of_permenpanrb_3_2020(predicate, potential, box):
    assert rules.nine_box(predicate, potential).number == box


def test_no_box_without_potential_or_annual_predicate():
    assert rules.nine_box("BAIK", None) is None
    assert rules.nine_box(None, "TINGGI") is None


def test_every_box_has_a_name_and_an_action_and_appears_once():
    numbers = sorted(box for box, _n, _a in rules.NINE_BOX_TABLE.values())
    assert numbers == list(range(1, 10))
    assert all(rules.nine_box_by_number(n).action for n in numbers)


PLACEMENT = [
    ("no usable evidence", {}, None, None, None, None),
    ("one part is too few", {"PELAYANAN": Decimal("1")}, None, None, None, None),
    ("two peer values", {"PELAYANAN": Decimal("1"), "HARMONIS": Decimal("0.5")}, None, None, None, Decimal("0.750")),
    ("ikm and files", {}, Decimal("90"), Decimal("100"), Decimal("10"), Decimal("0.933")),
]


@pytest.mark.parametrize(
    ("what", "peer", "ikm", "within", "returned", "score"), PLACEMENT, ids=[c[0] for c in PLACEMENT]
)
def test_placement_score_uses_only_evidence_that_passes_its_rule(what, peer, ikm, within, returned, score):
    assert rules.placement_score(PlacementEvidence(peer, ikm, within, returned)) == score
