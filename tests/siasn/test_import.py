"""SIASN staff import: the demo's SIASN export recreates its units and staff, again changes nothing; preview writes
nothing; every problem by line; conflicts are HR's to decide; missing staff are deactivated; a move is a mutasi."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from appraisal.demo import people as demo
from appraisal.models import Employee, EmploymentType, Position, PositionKind, Transfer, Unit
from appraisal.org.selectors import today
from appraisal.siasn.importing import siasn_import
from appraisal.siasn.sample import STAFF_HEADER, UNIT_HEADER, as_csv, demo_files, person_id, unit_id
from tests.factories import EmployeeFactory, PositionFactory, make_hr, make_nip
from workflows.steps.skp import employee_transfer

pytestmark = pytest.mark.django_db


def run(files: dict[str, bytes], **kwargs):
    return siasn_import(files=[(name, io.BytesIO(data)) for name, data in files.items()], actor=None, **kwargs)


def history_rows() -> int:
    return Employee.history.count() + Unit.history.count()


def staff_file(rows: list[dict[str, object]], name: str = "pns.csv") -> dict[str, bytes]:
    return {name: as_csv(STAFF_HEADER, [[row.get(column, "") for column in STAFF_HEADER] for row in rows])}


def unit_file(rows: list[tuple[str, str, str]]) -> dict[str, bytes]:
    return {"unor.csv": as_csv(UNIT_HEADER, rows)}


def person(nip: str, unor: str, **extra) -> dict[str, object]:
    return {
        "PNS ID": f"id-{nip}",
        "NIP BARU": "'" + nip,
        "NAMA": "Yohanes Ndun",
        "KEDUDUKAN HUKUM ID": "01",
        "GOL AKHIR ID": "32",
        "GOL AKHIR NAMA": "III/b",
        "JENIS JABATAN ID": "4",
        "JABATAN NAMA": "Pengadministrasi Umum",
        "UNOR ID": unor,
        "UNOR NAMA": "Kelurahan Mantasi",
        **extra,
    }


def test_the_demo_export_recreates_its_units_and_staff_and_importing_again_changes_nothing():
    files = demo_files()
    report = run(files, apply=True)
    assert report.ok, report.problems
    assert Unit.objects.count() == len(demo.UNITS)
    for spec in demo.UNITS:
        unit = Unit.objects.get(siasn_id=unit_id(spec.code))
        assert unit.name == spec.name
        assert (unit.parent.siasn_id if unit.parent else None) == (
            unit_id(spec.parent_code) if spec.parent_code else None
        )
    assert Unit.objects.get(name="Kelurahan Mantasi").code == "kel-mantasi"
    expected = demo.people()
    assert Employee.objects.count() == len(expected) == len(report.created)
    by_nip = {e.nip: e for e in Employee.objects.all()}
    for p in expected:
        e = by_nip[p.nip]
        assert (e.name, e.front_title, e.back_title, e.grade, e.employment_type, e.email) == (
            p.name, p.front_title, p.back_title, p.grade, p.employment_type, p.email,
        )  # fmt: skip
        assert e.siasn_id == person_id(p.nip)
        assert e.siasn_unor_id == unit_id(p.position_key[0])
    assert Employee.objects.filter(employment_type=EmploymentType.PPPK).exists()  # the XLSX file with serial dates

    before = history_rows()
    again = run(files, apply=True)
    assert again.ok
    assert again.changes == 0 and again.conflicts == []
    assert again.unchanged == len(expected)
    assert history_rows() == before


def test_the_preview_shows_what_would_change_and_writes_nothing():
    report = run(demo_files(), apply=False)
    assert report.ok and not report.applied
    assert len(report.created) == len(demo.people())
    assert len(report.units_created) == len(demo.UNITS)
    assert Employee.objects.count() == Unit.objects.count() == 0


def test_every_problem_is_listed_by_file_and_line_and_nothing_is_written():
    rows = [
        person("196001012000011001", "u1"),  # fine
        person("1960", "u1"),  # too short
        person(make_nip(), "u1", **{"GOL AKHIR NAMA": "IX", "GOL AKHIR ID": ""}),  # a PPPK grade for a PNS
        person(make_nip(), "nowhere"),
    ]
    report = run(unit_file([("u1", "Kelurahan Mantasi", "")]) | staff_file(rows), apply=True)
    assert not report.ok
    lines = {(p.source, p.line) for p in report.problems}
    assert {("pns.csv", 3), ("pns.csv", 4), ("pns.csv", 5)} <= lines
    assert ("pns.csv", 2) not in lines
    assert any("Unor" in p.message and "nowhere" in p.message for p in report.problems)
    assert Employee.objects.count() == Unit.objects.count() == 0


def test_kedudukan_hukum_71_to_73_is_validated_as_ni_pppk():
    nip = make_nip(pppk=True)
    row = person(nip, "u1", **{"KEDUDUKAN HUKUM ID": "71", "GOL AKHIR NAMA": "VII", "GOL AKHIR ID": ""})
    report = run(unit_file([("u1", "Kelurahan Mantasi", "")]) | staff_file([row]), apply=True)
    assert report.ok, report.problems
    assert Employee.objects.get(nip=nip).employment_type == EmploymentType.PPPK


def test_a_change_on_both_sides_is_a_conflict_that_keeps_ours_unless_hr_takes_siasns():
    units = unit_file([("u1", "Kelurahan Mantasi", "")])
    nip = make_nip()
    run(units | staff_file([person(nip, "u1")]), apply=True)
    employee = Employee.objects.get(nip=nip)
    employee.name = "Yohanes Ndun Lokal"
    employee.save()

    # SIASN unchanged: our change stands, without a conflict.
    quiet = run(units | staff_file([person(nip, "u1")]), apply=True)
    assert quiet.conflicts == [] and quiet.changes == 0

    changed = staff_file([person(nip, "u1", NAMA="Yohanes M. Ndun")])
    report = run(units | changed, apply=True)
    assert [(c.key, c.local, c.siasn) for c in report.conflicts] == [
        (f"{nip}:name", "Yohanes Ndun Lokal", "Yohanes M. Ndun")
    ]
    assert Employee.objects.get(nip=nip).name == "Yohanes Ndun Lokal"

    # HR decided: kept. The same files again raise nothing.
    assert run(units | changed, apply=True).conflicts == []

    taken = run(units | staff_file([person(nip, "u1", NAMA="Yohanes Markus Ndun")]), apply=True,
                take_siasn={f"{nip}:name"})  # fmt: skip
    assert Employee.objects.get(nip=nip).name == "Yohanes Markus Ndun"
    assert taken.conflicts[0].key == f"{nip}:name"


def test_siasn_changes_apply_when_nothing_changed_here():
    units = unit_file([("u1", "Kelurahan Mantasi", "")])
    nip = make_nip()
    run(units | staff_file([person(nip, "u1")]), apply=True)
    report = run(units | staff_file([person(nip, "u1", **{"GOL AKHIR NAMA": "III/c", "GOL AKHIR ID": "33"})]),
                 apply=True)  # fmt: skip
    assert report.conflicts == [] and len(report.updated) == 1
    assert Employee.objects.get(nip=nip).grade == "III/c"


def test_staff_missing_from_a_later_export_are_deactivated_only_for_the_kinds_of_file_given():
    units = unit_file([("u1", "Kelurahan Mantasi", "")])
    stays, leaves = make_nip(), make_nip()
    pppk = make_nip(pppk=True)
    pppk_row = person(pppk, "u1", **{"KEDUDUKAN HUKUM ID": "72", "GOL AKHIR NAMA": "V", "GOL AKHIR ID": ""})
    run(units | staff_file([person(stays, "u1"), person(leaves, "u1")]) | staff_file([pppk_row], "pppk.csv"),
        apply=True)  # fmt: skip
    report = run(units | staff_file([person(stays, "u1")]), apply=True)
    assert [c.label.split()[0] for c in report.deactivated] == [leaves]
    assert not Employee.objects.get(nip=leaves).is_active
    assert Employee.objects.get(nip=pppk).is_active
    # Back in SIASN: active again.
    run(units | staff_file([person(stays, "u1"), person(leaves, "u1")]), apply=True)
    assert Employee.objects.get(nip=leaves).is_active


def test_a_new_position_in_siasn_is_a_mutasi_through_the_transfer_service():
    old = PositionFactory(title="Pengadministrasi Umum", kind=PositionKind.PELAKSANA)
    new = PositionFactory(title="Pengelola Keuangan", kind=PositionKind.PELAKSANA, unit=old.unit)
    Unit.objects.filter(pk=old.unit_id).update(siasn_id="u1")
    employee = EmployeeFactory(position=old, name="Yohanes Ndun", grade="III/b")
    hr = make_hr("hr.siasn", old.unit)
    run(staff_file([person(employee.nip, "u1")]), apply=True)  # the first link: same place, nothing to decide
    assert Employee.objects.get(pk=employee.pk).siasn_data["place"].endswith(f"|{old.pk}")

    moved = staff_file([person(employee.nip, "u1", **{"JABATAN NAMA": "Pengelola Keuangan",
                                                      "TMT JABATAN": today().strftime("%d-%m-%Y")})])  # fmt: skip
    without_hr = run(moved, apply=True)
    assert without_hr.moved == [] and not without_hr.conflicts[0].choosable
    assert Employee.objects.get(pk=employee.pk).position == old

    report = siasn_import(files=[(n, io.BytesIO(d)) for n, d in moved.items()], actor=hr, apply=True,
                          transfer=employee_transfer)  # fmt: skip
    assert report.ok, report.problems
    assert len(report.moved) == 1
    assert Employee.objects.get(pk=employee.pk).position == new
    transfer = Transfer.objects.get(employee=employee)
    assert transfer.effective_date == today() and "SIASN" in transfer.decree_number
    again = siasn_import(files=[(n, io.BytesIO(d)) for n, d in moved.items()], actor=hr, apply=True,
                         transfer=employee_transfer)  # fmt: skip
    assert again.changes == 0 and again.conflicts == []


def test_hr_cannot_import_staff_into_a_unit_outside_their_scope():
    mine = PositionFactory().unit
    other = Unit.objects.create(name="Kelurahan Lain", code="kel-lain", kind="KELURAHAN", siasn_id="u9")
    hr = make_hr("hr.scope", mine)
    files = staff_file([person(make_nip(), other.siasn_id)])
    report = siasn_import(files=[(n, io.BytesIO(d)) for n, d in files.items()], actor=hr, apply=True)
    assert not report.ok
    assert "tidak berwenang" in report.problems[0].message
    assert not Employee.objects.filter(siasn_unor_id="u9").exists()


def test_an_existing_chart_is_linked_by_unit_name_and_nip():
    position = PositionFactory(title="Pengadministrasi Umum")
    Unit.objects.filter(pk=position.unit_id).update(name="Kelurahan Mantasi")
    employee = EmployeeFactory(position=position, name="Yohanes Ndun", grade="III/b")
    report = run(unit_file([("u1", "Kelurahan Mantasi", "")]) | staff_file([person(employee.nip, "u1")]), apply=True)
    assert report.ok and report.conflicts == []
    assert Unit.objects.get(pk=position.unit_id).siasn_id == "u1"
    employee.refresh_from_db()
    assert employee.siasn_id == f"id-{employee.nip}" and employee.position == position


def test_the_command_previews_by_default_and_applies_with_apply(tmp_path):
    for name, content in demo_files().items():
        (tmp_path / name).write_bytes(content)
    paths = [str(p) for p in sorted(tmp_path.iterdir())]
    out = io.StringIO()
    call_command("import_siasn", *paths, stdout=out)
    assert "Pratinjau" in out.getvalue() and Employee.objects.count() == 0
    call_command("import_siasn", *paths, "--apply", stdout=out)
    assert Employee.objects.count() == len(demo.people())

    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="") as handle:
        csv.writer(handle).writerows([STAFF_HEADER, ["x", "'123"] + [""] * (len(STAFF_HEADER) - 2)])
    with pytest.raises(CommandError, match="tidak ada data yang disimpan"):
        call_command("import_siasn", str(bad), "--apply", stdout=out, stderr=io.StringIO())


def test_position_is_matched_by_title_and_kind_of_jenis_jabatan():
    unit = Unit.objects.create(name="Kelurahan Mantasi", code="kel-mantasi", kind="KELURAHAN", siasn_id="u1")
    Position.objects.create(unit=unit, title="Pengadministrasi Umum", kind=PositionKind.FUNGSIONAL)
    nip = make_nip()
    run(staff_file([person(nip, "u1")]), apply=True)  # JENIS JABATAN 4 pelaksana: not the fungsional one
    assert Employee.objects.get(nip=nip).position is None


def test_units_named_alike_are_linked_under_their_own_parent():
    a = Unit.objects.create(name="Kelurahan A", code="kel-a", kind="KELURAHAN")
    b = Unit.objects.create(name="Kelurahan B", code="kel-b", kind="KELURAHAN")
    seksi_a = Unit.objects.create(name="Seksi Pemerintahan", code="s-a", kind="BAGIAN", parent=a)
    seksi_b = Unit.objects.create(name="Seksi Pemerintahan", code="s-b", kind="BAGIAN", parent=b)
    rows = [("ka", "Kelurahan A", ""), ("kb", "Kelurahan B", ""), ("sb", "Seksi Pemerintahan", "kb"),
            ("sa", "Seksi Pemerintahan", "ka")]  # fmt: skip
    report = run(unit_file(rows), apply=True)
    assert report.ok and report.units_created == [] and report.conflicts == []
    assert Unit.objects.get(pk=seksi_a.pk).siasn_id == "sa"
    assert Unit.objects.get(pk=seksi_b.pk).siasn_id == "sb"
    assert run(unit_file(rows), apply=True).changes == 0
