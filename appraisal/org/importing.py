"""Employee import from CSV or XLSX: all rows are validated first; any error and nothing is written.

File format (header row required, column names case-insensitive, column order free, unknown columns ignored):

    nip             required  NIP (PNS, 18 digits) or NI PPPK; spaces allowed ("19860926 201505 1 001")
    status          required  PNS or PPPK
    gelar_depan     optional  front academic title, e.g. "Drs."
    nama            required  name without titles
    gelar_belakang  optional  back academic title, e.g. "S.Sos., M.Si."
    golongan        required  PNS: I/a … IV/e (e.g. III/a); PPPK: I … XVII (e.g. VII)
    kode_unit       required  the unit's code, e.g. kel-mantasi
    jabatan         required  the title of an existing position in that unit, e.g. "Pengadministrasi Umum"
    email           optional  e-mail address
    aktif           optional  ya/tidak (default ya)

A row whose NIP is new creates the employee; a known NIP updates position, grade, names, titles, email and
the active flag. An optional title or email column that is absent from the header leaves that field unchanged;
present but empty clears it. `aktif` absent or empty means "ya" (the row re-activates the employee).

CSV: UTF-8 (a BOM is fine; Windows-1252 is accepted as a fallback), comma or semicolon delimiter (Excel in
the Indonesian locale writes semicolons). XLSX: the first worksheet. At most 5 MB.
Line numbers in errors are those the user sees: the header is line 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.exports import safe_cell
from appraisal.models import Employee, EmploymentType, Grade, Position, Unit
from appraisal.org.services import employee_save
from appraisal.rules import looks_like_formula, normalize_nip, validate_nip

MAX_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = (".csv", ".xlsx")
REQUIRED_COLUMNS = ("nip", "status", "nama", "golongan", "kode_unit", "jabatan")
OPTIONAL_COLUMNS = ("gelar_depan", "gelar_belakang", "email", "aktif")
COLUMNS = ("nip", "status", "gelar_depan", "nama", "gelar_belakang", "golongan", "kode_unit", "jabatan", "email",
           "aktif")  # fmt: skip
TEMPLATE_EXAMPLE = {
    "nip": "19860926 201505 1 001",
    "status": "PNS",
    "gelar_depan": "",
    "nama": "Yohanes Ndun",
    "gelar_belakang": "S.Sos.",
    "golongan": "III/b",
    "kode_unit": "kel-mantasi",
    "jabatan": "Pengadministrasi Umum",
    "email": "yohanes.ndun@example.org",
    "aktif": "ya",
}
_YES = {"ya", "y", "aktif", "1", "true", "benar"}
_NO = {"tidak", "t", "tdk", "non-aktif", "nonaktif", "0", "false", "salah"}
_FIELD_COLUMNS = {
    "nip": "nip",
    "employment_type": "status",
    "front_title": "gelar_depan",
    "name": "nama",
    "back_title": "gelar_belakang",
    "grade": "golongan",
    "position": "jabatan",
    "email": "email",
    "is_active": "aktif",
}
_GRADE_BY_KEY = {g.value.upper(): g.value for g in Grade}
# Text columns a spreadsheet would run as a formula when the data is exported again (see exports.safe_cell).
_FORMULA_CHECKED_COLUMNS = ("nama", "gelar_depan", "gelar_belakang", "jabatan")


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    nips: list[str] = field(default_factory=list)  # every row written (created, updated or unchanged)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class _FileError(Exception):
    """The file cannot be read at all; one message, no line."""


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    nip_was_number: bool = False


@dataclass
class _Plan:
    line: int
    employee: Employee | None
    fields: dict[str, Any]


def csv_template() -> str:
    """The header and one example row, as offered for download."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in (COLUMNS, [TEMPLATE_EXAMPLE[column] for column in COLUMNS]):
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


# --- Reading ---------------------------------------------------------------------------------


def _header_key(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        # Through str(): the digits Excel shows, not the binary float's noise (1.98609262015051e17 → …051000).
        value = int(Decimal(str(value)))
    return str(value).strip()


def _read_bounded(source: IO[bytes]) -> bytes:
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _FileError(_("Berkas terlalu besar: paling besar 5 MB."))
    return data


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's plain "CSV" on Windows
        except UnicodeDecodeError as exc:
            raise _FileError(_('Berkas CSV tidak dapat dibaca: simpan sebagai "CSV UTF-8".')) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            # reader.line_num counts physical lines, so quoted multi-line cells keep user-visible numbers.
            yield reader.line_num, record
    except csv.Error as exc:
        raise _FileError(
            _("Berkas CSV rusak di baris %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _FileError(
            _("Berkas XLSX tidak dapat dibaca. Pastikan berkas disimpan dari Excel sebagai .xlsx.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        number = 0
        for cells in sheet.iter_rows():
            # Trust the cell's own row number: a sheet's stored dimension may not start at row 1.
            number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
            yield number, [c.value for c in cells]
    finally:
        workbook.close()


def _rows(data: bytes, extension: str) -> tuple[list[str], list[_Row]]:
    records = _csv_rows(data) if extension == ".csv" else _xlsx_rows(data)
    header: list[str] | None = None
    rows: list[_Row] = []
    for line, record in records:
        if not any(_cell(v) for v in record):
            continue  # blank lines (and Excel's empty formatted rows) are not rows
        if header is None:
            header = [_header_key(v) for v in record]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise _FileError(
                    _("Baris judul (baris %(line)s) tidak memuat kolom wajib: %(cols)s. Kolom yang dikenal: %(all)s.")
                    % {"line": line, "cols": ", ".join(missing), "all": ", ".join(COLUMNS)}
                )
            continue
        values = {name: _cell(record[i]) if i < len(record) else "" for i, name in enumerate(header) if name}
        nip_index = header.index("nip")
        nip_was_number = nip_index < len(record) and isinstance(record[nip_index], int | float)
        rows.append(_Row(line, values, nip_was_number))
    if header is None:
        raise _FileError(_("Berkas kosong: tidak ada baris judul."))
    if not rows:
        raise _FileError(_("Berkas hanya berisi baris judul; tidak ada data pegawai."))
    return header, rows


# --- Validation ------------------------------------------------------------------------------


def _formula_message(column: str) -> str:
    labels = {
        "nama": _("Nama"),
        "gelar_depan": _("Gelar depan"),
        "gelar_belakang": _("Gelar belakang"),
        "jabatan": _("Jabatan"),
    }
    return _("%(col)s tidak boleh diawali =, +, -, @ (rumus spreadsheet).") % {"col": labels[column]}


class _Checker:
    """Validates rows against the database, loaded once; holds no state between imports."""

    def __init__(self, rows: list[_Row], header: list[str], actor: User | None) -> None:
        self.actor = actor
        self.header = set(header)
        codes = {r.values.get("kode_unit", "").lower() for r in rows}
        self.units = {u.code.lower(): u for u in Unit.objects.filter(code__in=codes)}
        self.positions = {
            (p.unit_id, p.title.strip().lower()): p
            for p in Position.objects.filter(unit__in=self.units.values()).select_related("unit")
        }
        nips = {normalize_nip(r.values.get("nip", "")) for r in rows}
        self.existing = {e.nip: e for e in Employee.objects.filter(nip__in=nips).select_related("position__unit")}
        self.seen: dict[str, int] = {}

    def check(self, row: _Row) -> tuple[list[str], _Plan | None]:
        v = row.values
        problems: list[str] = []
        for column in REQUIRED_COLUMNS:
            if not v.get(column):
                problems.append(_("Kolom %(col)s wajib diisi.") % {"col": column})

        for column in _FORMULA_CHECKED_COLUMNS:
            if looks_like_formula(v.get(column, "")):
                problems.append(_formula_message(column))

        status = v.get("status", "").upper()
        if status and status not in EmploymentType.values:
            problems.append(_('Status "%(value)s" tidak dikenal; isi PNS atau PPPK.') % {"value": v["status"]})
            status = ""

        nip = normalize_nip(v.get("nip", ""))
        if nip:
            if nip in self.seen:
                problems.append(_("NIP %(nip)s sudah muncul di baris %(line)s.") % {"nip": nip, "line": self.seen[nip]})
            else:
                self.seen[nip] = row.line
            if status:
                try:
                    validate_nip(nip, pppk=status == EmploymentType.PPPK)
                except ValidationError as exc:
                    hint = (
                        " " + _("Di Excel, format kolom NIP sebagai Teks agar digit terakhir tidak berubah.")
                        if row.nip_was_number
                        else ""
                    )
                    problems += [m + hint for m in exc.messages]

        grade = _GRADE_BY_KEY.get(v.get("golongan", "").replace(" ", "").upper())
        if v.get("golongan") and status:
            allowed = Grade.for_type(status)
            if grade not in allowed:
                problems.append(
                    _('Golongan "%(value)s" tidak berlaku untuk %(status)s (contoh: %(example)s).')
                    % {"value": v["golongan"], "status": status, "example": "III/a" if status == "PNS" else "VII"}
                )

        position = self._position(v, problems)
        employee = self.existing.get(nip)
        if employee is not None and self.actor is not None and not policy.can_manage_employee(self.actor, employee):
            problems.append(_("Pegawai dengan NIP %(nip)s terdaftar di unit di luar kewenangan Anda.") % {"nip": nip})

        email = v.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_('Format email "%(value)s" tidak valid.') % {"value": email})

        active = True
        raw_active = v.get("aktif", "").lower()
        if raw_active in _NO:
            active = False
        elif raw_active and raw_active not in _YES:
            problems.append(_('Kolom aktif "%(value)s" tidak dikenal; isi ya atau tidak.') % {"value": v["aktif"]})

        if problems:
            return problems, None
        fields: dict[str, Any] = {
            "nip": nip,
            "employment_type": status,
            "name": v["nama"],
            "grade": grade,
            "position": position,
            "is_active": active,
        }
        for column, name in (("gelar_depan", "front_title"), ("gelar_belakang", "back_title"), ("email", "email")):
            if column in self.header:
                fields[name] = v.get(column, "")
        return self._model_errors(employee, fields), _Plan(row.line, employee, fields)

    def _position(self, v: dict[str, str], problems: list[str]) -> Position | None:
        code, title = v.get("kode_unit", ""), v.get("jabatan", "")
        if not code:
            return None
        unit = self.units.get(code.lower())
        if unit is None:
            problems.append(_('Kode unit "%(code)s" tidak ditemukan.') % {"code": code})
            return None
        if self.actor is not None and not policy.can_manage_unit(self.actor, unit):
            problems.append(_("Anda tidak berwenang mengelola pegawai di %(unit)s.") % {"unit": unit.name})
            return None
        if not title:
            return None
        position = self.positions.get((unit.pk, title.strip().lower()))
        if position is None:
            problems.append(_('Jabatan "%(title)s" tidak ada di %(unit)s.') % {"title": title, "unit": unit.name})
        return position

    @staticmethod
    def _model_errors(employee: Employee | None, fields: dict[str, Any]) -> list[str]:
        """The model's own checks (lengths, choices) on an unsaved copy, so the write phase cannot fail."""
        probe = (
            Employee(**{f.attname: getattr(employee, f.attname) for f in Employee._meta.concrete_fields})
            if employee
            else Employee()
        )
        for name, value in fields.items():
            setattr(probe, name, value)
        try:
            probe.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            return [
                _("Kolom %(col)s: %(error)s") % {"col": _FIELD_COLUMNS.get(name, name), "error": m}
                for name, messages in exc.message_dict.items()
                for m in messages
            ]
        return []


def _differs(employee: Employee, fields: dict[str, Any]) -> bool:
    for name, value in fields.items():
        current = employee.position_id if name == "position" else getattr(employee, name)
        if current != (value.pk if name == "position" else value):
            return True
    return False


# --- Service ---------------------------------------------------------------------------------


def employees_import(*, rows_source: IO[bytes], filename: str, actor: User | None) -> ImportReport:
    """Create or update employees from a CSV/XLSX file; all rows or none.

    `actor` None is the system (management command without --as): no scope limit. An HR officer may only
    place employees in, and change employees of, the units in their scope (policy.can_manage_unit).
    """
    if actor is not None and not policy.can_import_employees(actor):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data pegawai."))
    report = ImportReport()
    extension = PurePath(filename or "").suffix.lower()
    try:
        if extension not in ALLOWED_EXTENSIONS:
            raise _FileError(
                _('Jenis berkas "%(ext)s" tidak didukung. Unggah berkas .csv atau .xlsx.')
                % {"ext": extension or filename}
            )
        header, rows = _rows(_read_bounded(rows_source), extension)
    except _FileError as exc:
        report.errors.append(RowError(None, str(exc)))
        return report

    checker = _Checker(rows, header, actor)
    plans: list[_Plan] = []
    for row in rows:
        problems, plan = checker.check(row)
        report.errors += [RowError(row.line, p) for p in problems]
        if plan is not None and not problems:
            plans.append(plan)
    if report.errors:
        return report

    try:
        _write(plans, actor=actor, report=report)
    except _WriteError as exc:  # changed concurrently since validation; the transaction rolled back
        report.created = report.updated = report.unchanged = 0
        report.nips = []
        report.errors += [RowError(exc.line, m) for m in exc.messages]
    return report


class _WriteError(Exception):
    def __init__(self, line: int, messages: list[str]) -> None:
        super().__init__(line, messages)
        self.line, self.messages = line, messages


@transaction.atomic
def _write(plans: list[_Plan], *, actor: User | None, report: ImportReport) -> None:
    for plan in plans:
        try:
            if plan.employee is None:
                employee_save(actor=actor, **plan.fields)
                report.created += 1
            elif _differs(plan.employee, plan.fields):
                employee_save(employee=plan.employee, actor=actor, **plan.fields)
                report.updated += 1
            else:
                report.unchanged += 1
            report.nips.append(plan.fields["nip"])
        except ValidationError as exc:
            raise _WriteError(plan.line, exc.messages) from exc


# --- Shared with other importers (appraisal/siasn/importing.py) ----------------------------------------------------

ImportFileError = _FileError
cell_text = _cell


def table_records(source: IO[bytes], filename: str) -> Iterator[tuple[int, list[Any]]]:
    """(line, cells) of a CSV or XLSX upload, with this module's size limit, encodings and delimiters; raises
    ImportFileError with an Indonesian message when the file cannot be read."""
    extension = PurePath(filename or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise _FileError(
            _('Jenis berkas "%(ext)s" tidak didukung. Unggah berkas .csv atau .xlsx.') % {"ext": extension or filename}
        )
    data = _read_bounded(source)
    return _csv_rows(data) if extension == ".csv" else _xlsx_rows(data)
