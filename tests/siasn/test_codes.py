"""SIASN's codes as pure functions, table-driven: apostrophe NIPs, Excel serial dates, PPPK by kedudukan hukum,
golongan by name or id, jenis jabatan, and the rating, kuadran and period codes of the kinerja endpoints."""

from __future__ import annotations

import datetime as dt

import pytest

from appraisal.rules import Predicate, Rating
from appraisal.siasn import codes
from appraisal.siasn.importing import unit_kind_and_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("'198609262015051001", "198609262015051001"), ("19860926 201505 1 001", "198609262015051001"),
     ("’198609262015051001", "198609262015051001"), ("", "")],
)  # fmt: skip
def test_nip_baru_loses_the_apostrophe_and_spaces(raw, expected):
    assert codes.clean_nip(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45292, dt.date(2024, 1, 1)),
        ("45292", dt.date(2024, 1, 1)),
        (45292.0, dt.date(2024, 1, 1)),
        (61, dt.date(1900, 3, 1)),  # after Excel's phantom 29 February 1900
        ("31-12-2024", dt.date(2024, 12, 31)),
        ("31/12/2024", dt.date(2024, 12, 31)),
        ("2024-12-31", dt.date(2024, 12, 31)),
        ("2024-12-31 00:00:00", dt.date(2024, 12, 31)),
        (dt.datetime(2024, 12, 31, 7, 0), dt.date(2024, 12, 31)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_siasn_exports_them(value, expected):
    assert codes.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31-13-2024", "kemarin", "0"])
def test_an_unreadable_date_is_an_error(value):
    with pytest.raises(ValueError):
        codes.parse_date(value)


@pytest.mark.parametrize(
    ("kedudukan", "jenis", "pppk"),
    [("71", "", True), ("72", "", True), ("73", "", True), ("01", "", False), ("70", "", False),
     ("74", "PPPK", False), ("", "PPPK", True), ("", "PNS Daerah", False)],
)  # fmt: skip
def test_kedudukan_hukum_71_to_73_is_pppk(kedudukan, jenis, pppk):
    assert codes.is_pppk(kedudukan, jenis) is pppk


@pytest.mark.parametrize(
    ("name", "code", "pppk", "grade"),
    [("III/a", "", False, "III/a"), ("III/A", "", False, "III/a"), ("", "31", False, "III/a"),
     ("", "45", False, "IV/e"), ("IX", "", True, "IX"), ("ix", "", True, "IX"), ("III/a", "", True, None),
     ("IX", "", False, None), ("", "46", False, None)],
)  # fmt: skip
def test_golongan_from_name_or_id(name, code, pppk, grade):
    assert codes.grade_from(name, code, pppk=pppk) == grade


@pytest.mark.parametrize(
    ("code", "name", "jenis"),
    [("1", "", 1), ("2", "", 2), ("4", "", 4), ("3", "", None), ("", "Jabatan Fungsional", 2), ("", "", None)],
)
def test_jenis_jabatan(code, name, jenis):
    assert codes.jenis_jabatan(code, name) == jenis


def test_rating_and_kuadran_codes_cover_every_value():
    assert {codes.RATING_CODE[r] for r in Rating} == {1, 2, 3}
    assert codes.RATING_CODE[Rating.ABOVE] == 1 and codes.RATING_CODE[Rating.BELOW] == 3
    assert [codes.PREDICATE_CODE[p] for p in Predicate] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [("Kelurahan Manulai II", "KELURAHAN", "kel-manulai-ii"), ("Kecamatan Alak", "KECAMATAN", "kec-alak"),
     ("Pemerintah Kota Kupang", "PEMDA", "pemerintah-kota-kupang"), ("Seksi Pelayanan", "BAGIAN", "seksi-pelayanan")],
)  # fmt: skip
def test_a_new_units_kind_and_code_come_from_its_name(name, kind, code):
    assert unit_kind_and_code(name) == (kind, code)
