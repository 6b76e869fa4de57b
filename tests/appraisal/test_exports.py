"""Formula injection (OWASP "CSV injection"): every exported cell goes through exports.safe_cell; imports refuse it."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from appraisal.exports import safe_cell
from appraisal.models import Employee, ServiceType, SurveyResponse
from appraisal.org.importing import csv_template, employees_import
from appraisal.rules import looks_like_formula
from appraisal.service_desk import reports

WITA = ZoneInfo("Asia/Makassar")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Kelurahan Mantasi", "Kelurahan Mantasi"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("'=1", "'=1"),
        ("", ""),
        (None, None),
        (0, 0),
        (-5, -5),
        (-1.5, -1.5),
        (Decimal("-3.25"), Decimal("-3.25")),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 1)),
        (True, True),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
    assert type(safe_cell(value)) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1", True), ("+", True), ("-", True), ("@a", True), ("\tx", True), ("\rx", True), ("Drs.", False),
     ("", False), ("S.E.", False)],
)  # fmt: skip
def test_looks_like_formula(text, expected):
    assert looks_like_formula(text) is expected


@pytest.mark.django_db
def test_service_report_xlsx_has_no_cell_a_spreadsheet_would_run(org):
    org.kel_a.name = '=HYPERLINK("http://x","klik")'
    org.kel_a.save(update_fields=["name"])
    officer = org.staff_a
    officer.name, officer.front_title, officer.back_title = "+1", "", ""
    officer.save(update_fields=["name", "front_title", "back_title"])
    service = ServiceType.objects.create(name="@Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b, org.kec)
    for _ in range(5):
        SurveyResponse.objects.create(
            service_type=service, unit=org.kel_a, officer=officer, scores=[4] * 9, comment="-1+2",
            submitted_on=dt.datetime(2026, 8, 10, 9, tzinfo=WITA).date(),
        )  # fmt: skip

    texts = []
    for unit in (org.kec, org.kel_a):  # the kecamatan lists its units; the kelurahan its officers and comments
        report = reports.service_report(unit, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
        book = load_workbook(io.BytesIO(reports.render_xlsx(report)))
        assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
        texts += [c for ws in book for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]

    assert not [t for t in texts if t.startswith(FORMULA_STARTS)], texts
    assert '\'=HYPERLINK("http://x","klik")' in texts  # the unit row (Ringkasan, Per unit) and "Unit pelayanan"
    assert {"'+1", "'@Domisili", "'-1+2"} <= set(texts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "label"),
    [("nama", "Nama"), ("gelar_depan", "Gelar depan"), ("gelar_belakang", "Gelar belakang"), ("jabatan", "Jabatan")],
)
def test_import_refuses_a_formula_in_a_name_and_saves_nothing(org, column, label):
    header = ["nip", "status", "gelar_depan", "nama", "gelar_belakang", "golongan", "kode_unit", "jabatan"]
    row = {
        "nip": "198609262015051001", "status": "PNS", "gelar_depan": "", "nama": "Semuel Lenggu",
        "gelar_belakang": "S.E.", "golongan": "III/a", "kode_unit": "kel-mantasi", "jabatan": "Pengadministrasi Umum",
        column: "=1+1",
    }  # fmt: skip
    data = ("\r\n".join([",".join(header), ",".join(row[c] for c in header)]) + "\r\n").encode()
    before = Employee.objects.count()

    report = employees_import(rows_source=io.BytesIO(data), filename="pegawai.csv", actor=None)

    assert not report.ok
    message = f"{label} tidak boleh diawali =, +, -, @ (rumus spreadsheet)."
    assert (2, message) in [(e.line, e.message) for e in report.errors], report.errors
    assert Employee.objects.count() == before
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_csv_template_cells_go_through_safe_cell():
    lines = csv_template().splitlines()
    assert lines[0].startswith("nip,status,")
    assert not any(cell.startswith(FORMULA_STARTS) for line in lines for cell in line.split(","))
