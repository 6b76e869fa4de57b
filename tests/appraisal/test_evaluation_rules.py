import datetime as dt

import pytest

from appraisal.rules import (
    EVIDENCE_MAX_BYTES,
    Predicate,
    acknowledgement_auto_accept_on,
    annual_predicate,
    evidence_file_problem,
    objection_allowed,
    peer_summary,
)

SB, B, BP, K, SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
)


@pytest.mark.parametrize(
    ("periodic", "rule", "expected"),
    [
        ({}, "LAST", None),
        ({"TW1": B}, "LAST", B),
        ({"TW1": SB, "TW2": B, "TW3": BP, "TW4": SB}, "LAST", SB),
        ({"TW4": K, "TW1": SB}, "LAST", K),  # order of the mapping does not matter
        ({"TW1": SB, "TW2": B, "TW3": BP}, "LAST", BP),  # Triwulan IV not yet evaluated
        ({"TW1": SB, "TW2": K, "TW4": B}, "WORST", K),
        ({"TW1": SK, "TW4": SB}, "WORST", SK),
    ],
)
def test_annual_predicate(periodic, rule, expected):
    assert annual_predicate(periodic, rule=rule) == expected


def test_annual_predicate_unknown_rule():
    with pytest.raises(ValueError):
        annual_predicate({"TW1": B}, rule="AVERAGE")


@pytest.mark.parametrize(
    ("received", "filed", "allowed"),
    [
        (dt.date(2026, 10, 1), dt.date(2026, 10, 1), True),  # same day
        (dt.date(2026, 10, 1), dt.date(2026, 10, 15), True),  # day 14
        (dt.date(2026, 10, 1), dt.date(2026, 10, 16), False),  # day 15
        (dt.date(2026, 12, 25), dt.date(2027, 1, 8), True),  # across the year
        (dt.date(2026, 10, 1), dt.date(2026, 9, 30), False),  # before receipt
    ],
)
def test_objection_window(received, filed, allowed):
    assert objection_allowed(received, filed) is allowed


def test_auto_accept_is_day_15():
    assert acknowledgement_auto_accept_on(dt.date(2026, 10, 1)) == dt.date(2026, 10, 16)


def test_peer_summary_needs_three_answers():
    answer = {v: "MEETS" for v in ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")}
    assert peer_summary([answer, answer], ["a", "b"]) is None
    summary = peer_summary([answer, answer, {**answer, "LOYAL": "ABOVE"}], ["zeta", " ", "alfa"])
    assert summary["count"] == 3
    assert summary["values"]["LOYAL"] == {"ABOVE": 1, "MEETS": 2, "BELOW": 0}
    assert summary["comments"] == ["alfa", "zeta"]  # blanks dropped, order not the answering order


@pytest.mark.parametrize(
    ("name", "size", "head", "problem"),
    [
        ("laporan.pdf", 1000, b"%PDF-1.7", None),
        ("FOTO.JPG", 1000, b"\xff\xd8\xff", None),
        ("rekap.xlsx", 1000, b"PK\x03\x04", None),
        ("virus.exe", 1000, b"MZ", "Jenis berkas tidak diizinkan"),
        ("tanpa-ekstensi", 1000, b"", "Jenis berkas tidak diizinkan"),
        ("besar.pdf", EVIDENCE_MAX_BYTES + 1, b"%PDF", "terlalu besar"),
        ("kosong.pdf", 0, b"", "kosong"),
        ("palsu.pdf", 1000, b"MZ\x90\x00", "tidak sesuai"),
    ],
)
def test_evidence_file_problem(name, size, head, problem):
    found = evidence_file_problem(name, size, head)
    if problem is None:
        assert found is None
    else:
        assert problem in found


@pytest.mark.parametrize(
    ("account", "plan", "fragment"),
    [(True, True, None), (False, True, "akun"), (False, False, "akun"), (True, False, "SKP 2026 yang disetujui")],
)
def test_evaluation_skip_reason(account, plan, fragment):
    from appraisal.rules import evaluation_skip_reason

    reason = evaluation_skip_reason(has_account=account, has_approved_plan=plan, year=2026)
    assert reason is None if fragment is None else fragment in reason
