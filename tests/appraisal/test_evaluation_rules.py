import datetime as dt

import pytest

from appraisal.rules import (
    EVIDENCE_MAX_BYTES,
    PERIODIC_ORDER,
    Predicate,
    acknowledgement_auto_accept_on,
    annual_predicate,
    evidence_file_problem,
    is_final_period,
    objection_allowed,
    peer_summary,
    period_bounds,
    period_cycle,
    period_date_problem,
)

SB, B, BP, K, SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
)


@pytest.mark.parametrize(
    ("periodic", "expected"),
    [
        ({}, None),
        ({"TW1": B}, None),  # PermenPANRB 6/2022 Pasal 12: only the final period carries the annual predicate
        ({"TW1": SB, "TW2": B, "TW3": BP}, None),  # Triwulan IV-Akhir not final yet: no annual predicate
        ({"TW1": SB, "TW2": B, "TW3": BP, "TW4": K}, K),
        ({"TW4": SB, "TW1": SK}, SB),  # the order of the mapping does not matter
        ({"M11": SB}, None),
        ({"M01": K, "M12": B}, B),  # monthly cycle: Desember-Akhir
    ],
)
def test_annual_predicate_is_the_final_periods(periodic, expected):
    assert annual_predicate(periodic) == expected


@pytest.mark.parametrize(
    ("kind", "year", "bounds"),
    [
        ("TW1", 2026, (dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
        ("TW4", 2026, (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        ("M02", 2028, (dt.date(2028, 2, 1), dt.date(2028, 2, 29))),  # leap year
        ("M12", 2026, (dt.date(2026, 12, 1), dt.date(2026, 12, 31))),
    ],
)
def test_period_bounds(kind, year, bounds):
    assert period_bounds(kind, year) == bounds


@pytest.mark.parametrize(
    ("kind", "start", "end", "ok"),
    [
        ("TW3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), True),
        ("TW3", dt.date(2026, 7, 15), dt.date(2026, 9, 30), True),  # inside the quarter
        ("TW3", dt.date(2026, 6, 1), dt.date(2026, 9, 30), False),
        ("TW4", dt.date(2026, 7, 1), dt.date(2026, 9, 30), False),  # Triwulan III's dates under Triwulan IV-Akhir
        ("M03", dt.date(2026, 3, 1), dt.date(2026, 3, 31), True),
        ("M03", dt.date(2026, 3, 1), dt.date(2026, 4, 1), False),
    ],
)
def test_period_dates_must_fit_the_kind(kind, start, end, ok):
    problem = period_date_problem(kind, 2026, start, end)
    assert (problem is None) is ok
    if not ok:
        assert "PermenPANRB 6/2022" in problem


def test_final_periods():
    assert [k for k in PERIODIC_ORDER if is_final_period(k)] == ["TW4", "M12"]
    assert period_cycle("TW2") == "TRIWULAN" and period_cycle("M05") == "BULANAN"


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
