"""The rules behind the official forms: which form and approach a plan takes, how PNS and PPPK are named, and the
Pola Distribusi curve (PermenPANRB 6/2022 Lampiran; PP 30/2019; PP 49/2018; SE MenPANRB 3/2023)."""

import re

import pytest
from django.utils import translation

from appraisal import rules
from appraisal.documents.curve import distribution_svg
from appraisal.documents.identity import grade_text
from appraisal.rules import Approach, OrgPredicate, Predicate


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


@pytest.mark.parametrize(
    ("position_kind", "aspects", "approach"),
    [
        ("PELAKSANA", ["KUANTITAS"], Approach.KUANTITATIF),
        ("PELAKSANA", ["KUANTITAS", "WAKTU", "BIAYA"], Approach.KUANTITATIF),
        ("FUNGSIONAL", ["KUANTITAS", "KUALITAS"], Approach.KUALITATIF),
        ("PENGAWAS", ["KUALITAS"], Approach.KUALITATIF),
        ("ADMINISTRATOR", [], Approach.KUALITATIF),
        ("JPT", ["KUALITAS"], Approach.KUANTITATIF),  # JPT cascade the Perjanjian Kinerja: always kuantitatif
        ("JPT", [], Approach.KUANTITATIF),
    ],
)
def test_plan_approach(position_kind, aspects, approach):
    assert rules.plan_approach(position_kind, aspects) == approach


@pytest.mark.parametrize(
    ("position_kind", "chosen", "approach"),
    [
        ("PELAKSANA", "KUALITATIF", Approach.KUALITATIF),  # chosen, whatever the IKI say
        ("FUNGSIONAL", "KUANTITATIF", Approach.KUANTITATIF),
        ("JPT", "KUALITATIF", Approach.KUANTITATIF),  # a JPT plan has no choice
    ],
)
def test_a_chosen_approach_wins_over_the_one_read_from_the_iki(position_kind, chosen, approach):
    assert rules.plan_approach(position_kind, ["KUANTITAS", "KUALITAS"], chosen) == approach


@pytest.mark.parametrize(
    ("employment_type", "id_label", "grade_label", "basis", "objection"),
    [
        ("PNS", "NIP", "Pangkat/Gol. Ruang", "PP 30/2019", "PP 30/2019 Pasal 59"),
        ("PPPK", "NI PPPK", "Golongan", "PP 49/2018", "PP 49/2018 dan PermenPANRB 6/2022"),
    ],
)
def test_employment_terms(employment_type, id_label, grade_label, basis, objection):
    terms = rules.employment_terms(employment_type)
    assert (terms.id_label, terms.grade_label, terms.objection_basis) == (id_label, grade_label, objection)
    assert terms.legal_basis.startswith(basis) and "PermenPANRB 6/2022" in terms.legal_basis


@pytest.mark.parametrize(
    ("code", "printed"),
    [
        ("III/a", "III/a – Penata Muda"),
        ("IV/c", "IV/c – Pembina Utama Muda"),
        ("VII", "VII"),  # PPPK: golongan only, no pangkat (PP 49/2018)
        ("XVII", "XVII"),
        ("", "—"),
        ("II/x", "II/x"),  # a code from before a rank change, as stored
    ],
)
def test_grade_text(code, printed):
    assert grade_text(code) == printed


@pytest.mark.parametrize("org", list(OrgPredicate))
def test_reference_curve_of_every_organisation_result_obeys_the_distribution_guidance(org):
    shares = rules.CURVE_REFERENCE[org]
    assert sum(shares) == 100
    assert rules.curve_violations(org, dict(zip(rules.CURVE_ORDER, shares, strict=True))) == []


def _points(svg: str) -> list[tuple[float, float]]:
    """Centres of the curve's five points, from Sangat Kurang to Sangat Baik."""
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]


@pytest.mark.parametrize(
    ("org", "peak"),
    [
        (OrgPredicate.ISTIMEWA, Predicate.SANGAT_BAIK),
        (OrgPredicate.BAIK, Predicate.BAIK),
        (OrgPredicate.BUTUH_PERBAIKAN, Predicate.BUTUH_PERBAIKAN),
        (OrgPredicate.KURANG, Predicate.KURANG),
        (OrgPredicate.SANGAT_KURANG, Predicate.SANGAT_KURANG),
    ],
)
def test_curve_peaks_where_the_organisation_result_puts_most_employees(org, peak):
    points = _points(distribution_svg(org))
    highest = min(range(5), key=lambda i: points[i][1])  # SVG y grows downwards
    assert rules.CURVE_ORDER[highest] == peak
    assert "Predikat pegawai" not in distribution_svg(org)


@pytest.mark.parametrize("marked", list(Predicate))
def test_curve_marks_the_employees_predicate_in_red(marked):
    svg = distribution_svg(OrgPredicate.BAIK, marked)

    index = rules.CURVE_ORDER.index(marked)
    marked_circles = re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="5.5" fill="#b71c1c"', svg)
    assert marked_circles == [f"{_points(svg)[index][0]:.1f}"]
    assert svg.count("Predikat pegawai") == 1
    assert (
        svg.startswith("<svg")
        and "<script" not in svg
        and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
