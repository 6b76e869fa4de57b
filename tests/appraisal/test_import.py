"""Employee import (CSV/XLSX): all rows or none, scoped to the HR officer's units, with line-numbered errors."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from appraisal.models import Employee
from appraisal.org.importing import MAX_BYTES, employees_import

pytestmark = pytest.mark.django_db

HEADER = ["nip", "status", "gelar_depan", "nama", "gelar_belakang", "golongan", "kode_unit", "jabatan", "email"]
NEW_PNS = "19860926 201505 1 001"  # born 1986-09-26, TMT CPNS 2015-05, male
NEW_PPPK = "199003152021212001"  # born 1990-03-15, appointed 2021, female


@pytest.fixture(autouse=True)
def valid_nips(org):
    """Pin valid NIPs on the people these tests update: factories.make_nip can yield a TMT before age 18."""
    for person, nip in ((org.staff_a, "199001012019031004"), (org.staff_b, "199202022019032005"),
                        (org.peer_a, "199105052022212006")):  # fmt: skip
        person.nip = nip
        person.save(update_fields=["nip"])


def csv_bytes(rows, *, header=HEADER, delimiter=",", bom=False) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    return ("\ufeff" if bom else "").encode() + ("\r\n".join(lines) + "\r\n").encode()


def run(data: bytes, *, filename="pegawai.csv", actor=None):
    return employees_import(rows_source=io.BytesIO(data), filename=filename, actor=actor)


def new_row(nip=NEW_PNS, *, status="PNS", name="Semuel Lenggu", grade="III/a", unit="kel-mantasi",
            position="Pengadministrasi Umum", email="semuel@example.org"):  # fmt: skip
    return [nip, status, "", name, "S.E.", grade, unit, position, email]


def update_row(employee, **overrides):
    """A row carrying the employee's current data, with some columns changed."""
    row = {
        "nip": employee.nip_display,
        "status": employee.employment_type,
        "gelar_depan": employee.front_title,
        "nama": employee.name,
        "gelar_belakang": employee.back_title,
        "golongan": employee.grade,
        "kode_unit": employee.position.unit.code,
        "jabatan": employee.position.title,
        "email": employee.email,
        **overrides,
    }
    return [row[c] for c in HEADER]


# --- Service ---------------------------------------------------------------------------------


def test_good_csv_creates_new_employees_and_updates_known_ones(org):
    before = Employee.objects.count()
    data = csv_bytes(
        [
            new_row(),
            update_row(org.staff_a, nama="Alfons Sabu Ndun", golongan="III/c", jabatan="Kasi Pelayanan Umum"),
            update_row(org.peer_a),
        ]
    )

    report = run(data)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert Employee.objects.count() == before + 1
    new = Employee.objects.get(nip="198609262015051001")
    assert (new.name, new.back_title, new.grade, new.position, new.email) == (
        "Semuel Lenggu", "S.E.", "III/a", org.staff_a_pos, "semuel@example.org"
    )  # fmt: skip
    org.staff_a.refresh_from_db()
    assert (org.staff_a.name, org.staff_a.grade, org.staff_a.position) == ("Alfons Sabu Ndun", "III/c", org.kasi_a_pos)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(org):
    data = csv_bytes([new_row(), new_row(NEW_PPPK, status="PPPK", name="Naomi Djami", grade="VII")])
    assert (run(data).created, run(data).unchanged) == (2, 2)
    assert Employee.objects.get(nip=NEW_PPPK).history.count() == 1


def test_semicolon_csv_with_bom_and_mixed_case_header_works(org):
    header = ["NIP", "Status", "Nama", "Golongan", "Kode_Unit", "Jabatan", "Aktif"]
    data = csv_bytes(
        [[NEW_PPPK, "pppk", "Naomi Djami", "vii", "kel-mantasi", "pengadministrasi umum", "tidak"]],
        header=header, delimiter=";", bom=True,
    )  # fmt: skip
    report = run(data)
    assert report.ok, report.errors
    naomi = Employee.objects.get(nip=NEW_PPPK)
    assert (naomi.employment_type, naomi.grade, naomi.position, naomi.is_active) == ("PPPK", "VII", org.staff_a_pos,
                                                                                    False)  # fmt: skip


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_works(org):
    data = xlsx_bytes([new_row(), update_row(org.staff_b, golongan="III/b")])
    report = run(data, filename="Data Pegawai.XLSX")
    assert report.ok, report.errors
    assert (report.created, report.updated) == (1, 1)
    org.staff_b.refresh_from_db()
    assert org.staff_b.grade == "III/b"


def test_xlsx_nip_stored_as_a_number_gets_a_hint_to_format_it_as_text(org):
    row = new_row()
    row[0] = 198609262015051001  # Excel keeps 15 digits: the last ones are lost
    report = run(xlsx_bytes([row]), filename="pegawai.xlsx")
    assert not report.ok
    assert report.errors[0].line == 2
    assert "format kolom NIP sebagai Teks" in report.errors[0].message


def test_one_bad_row_among_good_ones_writes_nothing_and_reports_its_line(org):
    before = Employee.objects.count()
    data = csv_bytes(
        [new_row(), update_row(org.staff_a, golongan="III/f"), new_row(NEW_PPPK, status="PPPK", grade="VII")]
    )
    report = run(data)
    assert not report.ok
    assert [(e.line, e.message) for e in report.errors] == [
        (3, 'Golongan "III/f" tidak berlaku untuk PNS (contoh: III/a).')
    ]
    assert Employee.objects.count() == before
    org.staff_a.refresh_from_db()
    assert org.staff_a.grade == "III/a"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (new_row("1986092620150510"), "NIP harus terdiri dari 18 angka"),
        (new_row("19860926 201505 3 001"), "kode jenis kelamin"),
        (new_row(status="Honorer"), 'Status "Honorer" tidak dikenal'),
        (new_row(status="PPPK", grade="III/a"), "NI PPPK"),  # a PNS NIP is no NI PPPK
        (new_row(NEW_PPPK, status="PPPK", grade="III/a"), 'Golongan "III/a" tidak berlaku untuk PPPK'),
        (new_row(unit="kel-tidak-ada"), 'Kode unit "kel-tidak-ada" tidak ditemukan.'),
        (new_row(position="Kepala Dinas"), 'Jabatan "Kepala Dinas" tidak ada di Kelurahan Mantasi.'),
        (new_row(email="semuel@"), 'Format email "semuel@" tidak valid.'),
        (new_row(name=""), "Kolom nama wajib diisi."),
        (new_row(position=""), "Kolom jabatan wajib diisi."),
        (new_row(name="x" * 151), "Kolom nama: "),
    ],
)
def test_each_kind_of_bad_row_is_reported_in_indonesian_with_its_line(org, row, expected):
    report = run(csv_bytes([new_row(NEW_PPPK, status="PPPK", grade="VII"), row]))
    assert not report.ok
    assert {e.line for e in report.errors} == {3}
    assert any(expected in e.message for e in report.errors), report.errors
    assert not Employee.objects.filter(nip=NEW_PPPK).exists()


def test_duplicate_nip_in_the_file_points_to_the_first_line(org):
    report = run(csv_bytes([new_row(), new_row(NEW_PPPK, status="PPPK", grade="VII"), new_row(name="Kembar")]))
    assert [(e.line, e.message) for e in report.errors] == [(4, "NIP 198609262015051001 sudah muncul di baris 2.")]


def test_aktif_accepts_only_yes_or_no(org):
    data = csv_bytes([[*new_row(), "mungkin"]], header=[*HEADER, "aktif"])
    assert [e.message for e in run(data).errors] == ['Kolom aktif "mungkin" tidak dikenal; isi ya atau tidak.']


def test_hr_of_mantasi_cannot_import_into_naioni(org):
    data = csv_bytes([new_row(), new_row(NEW_PPPK, status="PPPK", grade="VII", unit="kel-naioni",
                                         position="Pengadministrasi Naioni")])  # fmt: skip
    report = run(data, actor=org.hr_a)
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "Anda tidak berwenang mengelola pegawai di Kelurahan Naioni.")
    ]
    assert not Employee.objects.filter(nip__in=["198609262015051001", NEW_PPPK]).exists()


def test_hr_of_mantasi_cannot_pull_an_employee_of_naioni_into_mantasi(org):
    row = update_row(org.staff_b, kode_unit="kel-mantasi", jabatan="Pengadministrasi Umum")
    report = run(csv_bytes([row]), actor=org.hr_a)
    assert [e.line for e in report.errors] == [2]
    assert "di luar kewenangan Anda" in report.errors[0].message
    org.staff_b.refresh_from_db()
    assert org.staff_b.position == org.staff_b_pos


def test_hr_of_mantasi_imports_into_mantasi_and_is_recorded_as_the_author(org):
    report = run(csv_bytes([new_row()]), actor=org.hr_a)
    assert report.ok, report.errors
    assert Employee.objects.get(nip="198609262015051001").history.get().history_user == org.hr_a


def test_an_employee_without_hr_rights_may_not_import(org):
    with pytest.raises(PermissionDenied):
        run(csv_bytes([new_row()]), actor=org.staff_a.user)


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("pegawai.xls", b"whatever", 'Jenis berkas ".xls" tidak didukung. Unggah berkas .csv atau .xlsx.'),
        ("pegawai", b"whatever", "tidak didukung"),
        ("pegawai.csv", b"x" * (MAX_BYTES + 1), "Berkas terlalu besar: paling besar 5 MB."),
        ("pegawai.xlsx", b"not a zip", "Berkas XLSX tidak dapat dibaca"),
        ("pegawai.csv", b"nip,nama\r\n1,2\r\n", "tidak memuat kolom wajib: status, golongan, kode_unit, jabatan"),
        ("pegawai.csv", b"", "Berkas kosong"),
        ("pegawai.csv", ",".join(HEADER).encode(), "tidak ada data pegawai"),
    ],
)
def test_unreadable_files_are_rejected_as_a_whole(org, filename, data, expected):
    report = run(data, filename=filename)
    assert len(report.errors) == 1
    assert report.errors[0].line is None
    assert expected in report.errors[0].message


def test_windows_1252_csv_is_read(org):
    data = csv_bytes([new_row(name="Yosef Lenggu")]).replace(b"Yosef", "Yoséf".encode("cp1252"))
    report = run(data)
    assert report.ok, report.errors
    assert Employee.objects.get(nip="198609262015051001").name == "Yoséf Lenggu"


# --- Management command ----------------------------------------------------------------------


def test_command_imports_and_prints_the_summary(org, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([new_row()]))
    out = io.StringIO()
    call_command("import_employees", str(path), stdout=out)
    assert "Impor selesai: 1 dibuat, 0 diperbarui, 0 tidak berubah." in out.getvalue()


def test_command_prints_the_errors_and_fails(org, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([new_row(), new_row(unit="kel-naioni", position="Pengadministrasi Naioni")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada data yang disimpan"):
        call_command("import_employees", str(path), "--as", "hr_a", stderr=err)
    assert "Baris 2: NIP 198609262015051001 sudah muncul" not in err.getvalue()
    assert "Baris 3: NIP 198609262015051001 sudah muncul di baris 2." in err.getvalue()
    assert "Baris 3: Anda tidak berwenang mengelola pegawai di Kelurahan Naioni." in err.getvalue()
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_command_rejects_an_unknown_user(org, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([new_row()]))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_employees", str(path), "--as", "nobody")


# --- Page ------------------------------------------------------------------------------------


def upload(data: bytes, name="pegawai.csv"):
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


def test_hr_sees_the_import_form(client, org):
    client.force_login(org.hr_a)
    response = client.get(reverse("employee_import"))
    assert response.status_code == 200
    assert 'type="file"' in response.text
    assert "Unduh templat CSV" in response.text


def test_an_employee_without_hr_rights_gets_403(client, org):
    client.force_login(org.staff_a.user)
    assert client.get(reverse("employee_import")).status_code == 403
    assert client.post(reverse("employee_import"), upload(csv_bytes([new_row()]))).status_code == 403
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_anonymous_visitor_is_sent_to_login(client, org):
    response = client.get(reverse("employee_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_uploading_a_bad_file_shows_the_line_numbers_and_saves_nothing(client, org):
    client.force_login(org.hr_a)
    data = csv_bytes([new_row(), new_row(NEW_PPPK, status="PPPK", grade="III/a")])
    response = client.post(reverse("employee_import"), upload(data))
    assert response.status_code == 200
    assert "Impor dibatalkan" in response.text
    assert "<td>3</td><td>Golongan &quot;III/a&quot; tidak berlaku untuk PPPK (contoh: VII).</td>" in response.text
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_uploading_a_good_file_shows_the_summary(client, org):
    client.force_login(org.hr_a)
    response = client.post(reverse("employee_import"), upload(xlsx_bytes([new_row()]), "pegawai.xlsx"), follow=True)
    assert response.redirect_chain == [(reverse("employee_import"), 302)]
    assert "Impor selesai: 1 pegawai baru, 0 diperbarui, 0 tidak berubah." in response.text
    assert Employee.objects.filter(nip="198609262015051001").exists()


def test_uploading_a_wrong_file_type_says_so(client, org):
    client.force_login(org.hr_a)
    response = client.post(reverse("employee_import"), upload(b"x", "pegawai.pdf"))
    assert "Jenis berkas &quot;.pdf&quot; tidak didukung." in response.text


def test_the_csv_template_has_the_header_and_an_example_row_that_imports(client, org):
    client.force_login(org.hr_a)
    response = client.get(reverse("employee_import"), {"unduh": "templat"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "nip,status,gelar_depan,nama,gelar_belakang,golongan,kode_unit,jabatan,email,aktif"
    assert len(lines) == 2
    # The example is a real, importable row for the org fixture (unit kel-mantasi).
    assert run(response.content, actor=org.hr_a).created == 1
