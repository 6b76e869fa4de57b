"""Staff from SIASN's "Export Data ASN": the PNS file, the PPPK file and the unit hierarchy file (CSV or XLSX).

Every file is read and every row checked first; a problem in any row stops the import and nothing is written. The
same run then plays every change inside one transaction: as a preview (rolled back, so what HR sees is exactly what
would happen, the mutasi service's own checks included) or for real (committed).

Files are told apart by their header (column names case-insensitive, "_" and " " alike):
- unit hierarchy: ID, NAMA_UNOR, ID_ATASAN
- staff: NIP BARU, NAMA, UNOR ID (required); PNS ID, GELAR DEPAN, GELAR BELAKANG, KEDUDUKAN HUKUM ID,
  JENIS PEGAWAI NAMA, GOL AKHIR ID, GOL AKHIR NAMA, JENIS JABATAN ID/NAMA, JABATAN ID, JABATAN NAMA, TMT JABATAN,
  EMAIL, UNOR NAMA (optional). KEDUDUKAN HUKUM ID 71–73 marks PPPK (validated as NI PPPK); NIP BARU may start with
  an apostrophe; dates may be Excel serial numbers.

Matching: a person by PNS ID, else by NIP; a unit by its SIASN id, else (once, to link the existing chart) by name.
Our record keeps the SIASN ids and the values last taken from SIASN (`siasn_data`), so a re-import applies what SIASN
changed, keeps what HR changed here, and lists as a conflict what both changed (or what differs at the first
link): nothing local is overwritten unless HR ticks that conflict. Importing the same files again changes nothing.

Positions are not created: a person is placed in the position of the same title in their unit when there is one of
the matching kind (JENIS JABATAN ID 1 struktural, 2 fungsional, 4 pelaksana); otherwise HR places them as today. A
move to another position (mutasi) goes through the mutasi service passed in (workflows.steps.skp.employee_transfer),
so the SKP is split and the authority rules hold; a move it refuses is listed for HR. Staff previously imported from
SIASN, of a kind (PNS/PPPK) and unit covered by the files, who are missing from them are deactivated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.models import Employee, EmploymentType, Grade, Position, Unit, UnitKind
from appraisal.org.importing import ImportFileError, cell_text, table_records
from appraisal.org.selectors import today
from appraisal.org.services import employee_save, unit_save
from appraisal.rules import looks_like_formula, validate_nip
from appraisal.siasn import codes

UPLOAD_DIR = "impor-siasn"  # the HR page keeps uploaded files here between preview and apply
UNIT_COLUMNS = ("ID", "NAMA UNOR", "ID ATASAN")
STAFF_REQUIRED = ("NIP BARU", "NAMA", "UNOR ID")
TransferFn = Callable[..., Any]  # workflows.steps.skp.employee_transfer(employee=, position=, effective_date=, …)

# The fields a re-import compares three ways (SIASN now, here now, SIASN last time).
FIELD_LABELS = {
    "nip": "NIP",
    "employment_type": "Status",
    "front_title": "Gelar depan",
    "name": "Nama",
    "back_title": "Gelar belakang",
    "grade": "Golongan",
    "email": "Email",
    "is_active": "Aktif",
    "place": "Unit dan jabatan",
    "unit_name": "Nama unit",
    "unit_parent": "Unit induk",
}


@dataclass(frozen=True)
class Problem:
    source: str  # the file name
    line: int | None
    message: str


@dataclass
class Change:
    label: str  # who or which unit
    details: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    key: str  # stable across preview and apply: "<nip>:<field>" or "unit:<siasn id>:<field>"
    label: str
    field: str
    local: str
    siasn: str
    choosable: bool = True  # False: HR must act elsewhere (e.g. record the mutasi by hand)
    note: str = ""

    @property
    def field_label(self) -> str:
        return _(FIELD_LABELS.get(self.field, self.field))


@dataclass
class SiasnImportReport:
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)
    units_created: list[Change] = field(default_factory=list)
    units_updated: list[Change] = field(default_factory=list)
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    nips: list[str] = field(default_factory=list)  # every person of the files, for the "Buat akun" step

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return sum(
            len(x)
            for x in (
                self.units_created,
                self.units_updated,
                self.created,
                self.updated,
                self.moved,
                self.deactivated,
            )
        )


# --- Reading ---------------------------------------------------------------------------------------------------------


def _key(value: Any) -> str:
    return " ".join(str(value or "").replace("_", " ").upper().split())


@dataclass
class _Row:
    source: str
    line: int
    values: dict[str, str]
    raw: dict[str, Any]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class _Files:
    units: list[_Row] = field(default_factory=list)
    staff: list[_Row] = field(default_factory=list)
    has_unit_file: bool = False


def _read(files: Iterable[tuple[str, IO[bytes]]], report: SiasnImportReport) -> _Files:
    out = _Files()
    for name, source in files:
        try:
            header: list[str] | None = None
            kind = ""
            for line, record in table_records(source, name):
                if not any(cell_text(v) for v in record):
                    continue
                if header is None:
                    header = [_key(v) for v in record]
                    if all(c in header for c in UNIT_COLUMNS[:2]):
                        kind, out.has_unit_file = "units", True
                    elif all(c in header for c in STAFF_REQUIRED):
                        kind = "staff"
                    else:
                        raise ImportFileError(
                            _(
                                "Baris judul tidak dikenali. Berkas pegawai SIASN memuat kolom %(staff)s; berkas "
                                "struktur unit memuat kolom %(units)s."
                            )
                            % {"staff": ", ".join(STAFF_REQUIRED), "units": "ID, NAMA_UNOR, ID_ATASAN"}
                        )
                    continue
                raw = {c: record[i] if i < len(record) else None for i, c in enumerate(header) if c}
                values = {c: cell_text(v) for c, v in raw.items()}
                (out.units if kind == "units" else out.staff).append(_Row(name, line, values, raw))
            if header is None:
                raise ImportFileError(_("Berkas kosong: tidak ada baris judul."))
        except ImportFileError as exc:
            report.problems.append(Problem(name, None, str(exc)))
    if not out.staff and not out.units and not report.problems:
        report.problems.append(Problem("", None, _("Tidak ada data pegawai atau unit dalam berkas yang diunggah.")))
    return out


# --- Checking --------------------------------------------------------------------------------------------------------


@dataclass
class _UnitRow:
    row: _Row
    siasn_id: str
    name: str
    parent_id: str


@dataclass
class _Person:
    row: _Row
    siasn_id: str
    nip: str
    employment_type: str
    name: str
    front_title: str
    back_title: str
    grade: str
    email: str
    unor_id: str
    jabatan: str
    jabatan_id: str
    jenis: int | None
    tmt_jabatan: dt.date | None
    decree: str


def _check_units(rows: list[_Row], report: SiasnImportReport) -> dict[str, _UnitRow]:
    units: dict[str, _UnitRow] = {}
    for row in rows:
        problems = []
        siasn_id, name, parent = row.get("ID"), row.get("NAMA UNOR"), row.get("ID ATASAN")
        if not siasn_id:
            problems.append(_("Kolom ID wajib diisi."))
        elif siasn_id in units:
            problems.append(
                _("ID unor %(id)s sudah muncul di baris %(line)s.") % {"id": siasn_id, "line": units[siasn_id].row.line}
            )
        if not name:
            problems.append(_("Kolom NAMA_UNOR wajib diisi."))
        elif looks_like_formula(name):
            problems.append(_("Nama unor tidak boleh diawali =, +, -, @ (rumus spreadsheet)."))
        if parent and parent == siasn_id:
            problems.append(_("ID_ATASAN tidak boleh sama dengan ID."))
        report.problems += [Problem(row.source, row.line, p) for p in problems]
        if not problems:
            units[siasn_id] = _UnitRow(row, siasn_id, name, parent)
    # A cycle in the file would make a unit its own ancestor.
    for start in units.values():
        seen, node = {start.siasn_id}, units.get(start.parent_id)
        while node is not None:
            if node.siasn_id in seen:
                report.problems.append(
                    Problem(start.row.source, start.row.line, _("Struktur unit melingkar lewat ID_ATASAN."))
                )
                break
            seen.add(node.siasn_id)
            node = units.get(node.parent_id)
    return units


def _check_person(row: _Row, seen: dict[str, int], known_unors: set[str]) -> tuple[list[str], _Person | None]:
    problems: list[str] = []
    for column in STAFF_REQUIRED:
        if not row.get(column):
            problems.append(_("Kolom %(col)s wajib diisi.") % {"col": column})
    pppk = codes.is_pppk(row.get("KEDUDUKAN HUKUM ID"), row.get("JENIS PEGAWAI NAMA"))
    nip = codes.clean_nip(row.get("NIP BARU"))
    if nip:
        if nip in seen:
            problems.append(_("NIP %(nip)s sudah muncul di baris %(line)s.") % {"nip": nip, "line": seen[nip]})
        else:
            seen[nip] = row.line
        try:
            validate_nip(nip, pppk=pppk)
        except ValidationError as exc:
            problems += exc.messages
    siasn_id = row.get("PNS ID")
    if siasn_id:
        key = f"id:{siasn_id}"
        if key in seen:
            problems.append(_("PNS ID %(id)s sudah muncul di baris %(line)s.") % {"id": siasn_id, "line": seen[key]})
        else:
            seen[key] = row.line
    for column in ("NAMA", "GELAR DEPAN", "GELAR BELAKANG", "JABATAN NAMA"):
        if looks_like_formula(row.get(column)):
            problems.append(_("%(col)s tidak boleh diawali =, +, -, @ (rumus spreadsheet).") % {"col": column})
    grade = codes.grade_from(row.get("GOL AKHIR NAMA"), row.get("GOL AKHIR ID"), pppk=pppk)
    if grade is None or grade not in Grade.for_type(EmploymentType.PPPK if pppk else EmploymentType.PNS):
        problems.append(
            _('Golongan "%(value)s" tidak dikenali untuk %(type)s.')
            % {"value": row.get("GOL AKHIR NAMA") or row.get("GOL AKHIR ID") or "-", "type": "PPPK" if pppk else "PNS"}
        )
    email = row.get("EMAIL")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_('Format email "%(value)s" tidak valid.') % {"value": email})
    tmt = None
    try:
        tmt = codes.parse_date(row.raw.get("TMT JABATAN"))
        codes.parse_date(row.raw.get("TANGGAL LAHIR"))
    except ValueError as exc:
        problems.append(_('Tanggal "%(value)s" tidak dapat dibaca (contoh: 01-02-2024).') % {"value": exc.args[0]})
    unor = row.get("UNOR ID")
    if unor and unor not in known_unors:
        problems.append(
            _(
                'Unor "%(name)s" (ID %(id)s) tidak dikenal: sertakan berkas struktur unit SIASN (ID, NAMA_UNOR, '
                "ID_ATASAN) atau impor unit tersebut lebih dahulu."
            )
            % {"name": row.get("UNOR NAMA") or "-", "id": unor}
        )
    if problems:
        return problems, None
    return [], _Person(
        row=row,
        siasn_id=siasn_id,
        nip=nip,
        employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
        name=row.get("NAMA"),
        front_title=row.get("GELAR DEPAN"),
        back_title=row.get("GELAR BELAKANG"),
        grade=grade or "",
        email=email,
        unor_id=unor,
        jabatan=row.get("JABATAN NAMA"),
        jabatan_id=row.get("JABATAN ID"),
        jenis=codes.jenis_jabatan(row.get("JENIS JABATAN ID"), row.get("JENIS JABATAN NAMA")),
        tmt_jabatan=tmt,
        decree=row.get("NOMOR SK JABATAN"),
    )


# --- Playing the changes ---------------------------------------------------------------------------------------------


class _Rollback(Exception):
    """Raised at the end of a preview so that the transaction rolls back."""


_KIND_PREFIXES = (
    ("kelurahan ", UnitKind.KELURAHAN, "kel-"),
    ("kecamatan ", UnitKind.KECAMATAN, "kec-"),
    ("pemerintah ", UnitKind.PEMDA, ""),
    ("sekretariat ", UnitKind.SEKRETARIAT, ""),
    ("dinas ", UnitKind.DINAS, ""),
    ("badan ", UnitKind.DINAS, ""),
)


def unit_kind_and_code(name: str) -> tuple[str, str]:
    """A new unit's kind and code from its SIASN name: "Kelurahan Mantasi" → (KELURAHAN, "kel-mantasi")."""
    lowered = name.strip().lower()
    for prefix, kind, code_prefix in _KIND_PREFIXES:
        if lowered.startswith(prefix):
            rest = name.strip()[len(prefix) :] if code_prefix else name
            return kind, (code_prefix + slugify(rest))[:55]
    return UnitKind.BAGIAN, slugify(name)[:55]


class _Run:
    def __init__(
        self, *, actor: User | None, take_siasn: set[str], transfer: TransferFn | None, report: SiasnImportReport
    ) -> None:
        self.actor = actor
        self.take = take_siasn
        self.transfer = transfer
        self.report = report
        self.units_by_siasn: dict[str, Unit] = {}
        self.codes_used: set[str] = set()
        self.unit_siasn_ids: dict[int, str] = {}

    # Units ---------------------------------------------------------------------------------------------------------

    def units(self, rows: dict[str, _UnitRow]) -> None:
        linked = {u.siasn_id: u for u in Unit.objects.filter(siasn_id__isnull=False).select_related("parent")}
        self.units_by_siasn.update(linked)
        unlinked: dict[str, list[Unit]] = {}
        for candidate in Unit.objects.filter(siasn_id__isnull=True).order_by("pk"):
            unlinked.setdefault(candidate.name.strip().lower(), []).append(candidate)
        for unit_row in self._parents_first(rows):
            parent = self.units_by_siasn.get(unit_row.parent_id) if unit_row.parent_id else None
            unit = linked.get(unit_row.siasn_id) or self._by_name(unlinked, unit_row.name, parent)
            if unit is None:
                self._unit_create(unit_row, parent)
            else:
                self._unit_update(unit, unit_row, parent)

    @staticmethod
    def _by_name(unlinked: dict[str, list[Unit]], name: str, parent: Unit | None) -> Unit | None:
        """An existing unit not yet linked to SIASN, to link once: same name under the same parent, or the only one
        of that name (units named alike under different parents, "Seksi Pemerintahan", need their parent)."""
        candidates = unlinked.get(name.strip().lower(), [])
        same_parent = [u for u in candidates if u.parent_id == (parent.pk if parent else None)]
        chosen = same_parent[0] if same_parent else candidates[0] if len(candidates) == 1 else None
        if chosen is not None:
            candidates.remove(chosen)
        return chosen

    @staticmethod
    def _parents_first(rows: dict[str, _UnitRow]) -> list[_UnitRow]:
        def depth(r: _UnitRow) -> int:
            n, node = 0, rows.get(r.parent_id)
            while node is not None and n < len(rows):
                n, node = n + 1, rows.get(node.parent_id)
            return n

        return sorted(rows.values(), key=lambda r: (depth(r), r.row.source, r.row.line))

    def _unit_create(self, r: _UnitRow, parent: Unit | None) -> None:
        if self.actor is not None and not policy.can_manage_unit(self.actor, parent):
            self._problem(r.row, _("Anda tidak berwenang membuat unit %(name)s di sini.") % {"name": r.name})
            return
        kind, code = unit_kind_and_code(r.name)
        base, n = code or "unit", 1
        while code in self.codes_used or Unit.objects.filter(code=code).exists():
            n += 1
            code = f"{base[:52]}-{n}"
        self.codes_used.add(code)
        unit = self._save(
            r.row,
            unit_save,
            "unit",
            None,
            name=r.name,
            code=code,
            kind=kind,
            parent=parent,
            siasn_id=r.siasn_id,
            siasn_data={"name": r.name, "parent": r.parent_id},
        )
        if unit is not None:
            self.units_by_siasn[r.siasn_id] = unit
            self.report.units_created.append(Change(r.name, [_("induk: %(p)s") % {"p": parent or "-"}]))

    def _unit_update(self, unit: Unit, r: _UnitRow, parent: Unit | None) -> None:
        self.units_by_siasn[r.siasn_id] = unit
        if self.actor is not None and not policy.can_manage_unit(self.actor, unit):
            self._problem(r.row, _("Unit %(name)s di luar kewenangan Anda.") % {"name": unit.name})
            return
        snap = unit.siasn_data or {}
        fields: dict[str, Any] = {}
        details: list[str] = []
        key = f"unit:{r.siasn_id}"
        local_parent = (unit.parent.siasn_id or f"#{unit.parent_id}") if unit.parent_id else ""
        merged = {
            "unit_name": self._merge(key, unit.name, "unit_name", unit.name, r.name, snap.get("name"), bool(snap)),
            "unit_parent": self._merge(
                key,
                unit.name,
                "unit_parent",
                local_parent,
                r.parent_id if parent else "",
                snap.get("parent"),
                bool(snap),
                shown=(str(unit.parent or "-"), str(parent or "-")),
            ),
        }
        if merged["unit_name"]:
            fields["name"] = r.name
            details.append(_("nama: %(a)s → %(b)s") % {"a": unit.name, "b": r.name})
        if merged["unit_parent"]:
            fields["parent"] = parent
            details.append(_("induk: %(a)s → %(b)s") % {"a": unit.parent or "-", "b": parent or "-"})
        new_snap = {"name": r.name, "parent": r.parent_id if parent else ""}
        if unit.siasn_id != r.siasn_id:
            fields["siasn_id"] = r.siasn_id
            details.append(_("ditautkan ke SIASN"))
        if new_snap != snap:
            fields["siasn_data"] = new_snap
        if fields and self._save(r.row, unit_save, "unit", unit, **fields) is not None and details:
            self.report.units_updated.append(Change(unit.name, details))

    # People --------------------------------------------------------------------------------------------------------

    def people(self, people: list[_Person]) -> None:
        ids = [p.siasn_id for p in people if p.siasn_id]
        nips = [p.nip for p in people]
        select = Employee.objects.select_related("position__unit")
        by_id = {e.siasn_id: e for e in select.filter(siasn_id__in=ids)}
        by_nip = {e.nip: e for e in select.filter(nip__in=nips)}
        titles: dict[tuple[int, str], list[Position]] = {}
        unit_ids = {u.pk for u in self.units_by_siasn.values()}
        self.unit_siasn_ids = {u.pk: siasn_id for siasn_id, u in self.units_by_siasn.items()}
        for position in Position.objects.filter(unit_id__in=unit_ids):
            titles.setdefault((position.unit_id, position.title.strip().lower()), []).append(position)
        for person in people:
            employee = by_id.get(person.siasn_id) if person.siasn_id else None
            if employee is None:
                employee = by_nip.get(person.nip)
                other = employee.siasn_id if employee is not None else None
                if other and person.siasn_id and other != person.siasn_id:
                    self._problem(
                        person.row,
                        _("NIP %(nip)s terdaftar di sini dengan PNS ID SIASN lain (%(id)s).")
                        % {"nip": person.nip, "id": employee.siasn_id},
                    )
                    continue
            unit = self.units_by_siasn[person.unor_id]
            position = self._position(titles, unit, person)
            self.report.nips.append(person.nip)
            if employee is None:
                self._person_create(person, unit, position)
            else:
                self._person_update(employee, person, unit, position)

    @staticmethod
    def _position(titles, unit: Unit, person: _Person) -> Position | None:
        kinds = codes.POSITION_KINDS_BY_JENIS.get(person.jenis) if person.jenis else None
        for position in titles.get((unit.pk, person.jabatan.strip().lower()), []):
            if kinds is None or position.kind in kinds:
                return position
        return None

    def _snapshot(self, p: _Person, position: Position | None, *, active: bool = True) -> dict[str, Any]:
        return {
            "nip": p.nip,
            "employment_type": p.employment_type,
            "name": p.name,
            "front_title": p.front_title,
            "back_title": p.back_title,
            "grade": p.grade,
            "email": p.email,
            "is_active": active,
            "place": self._place(p.unor_id, position),
            "jabatan": p.jabatan,
            "jabatan_id": p.jabatan_id,
            "jenis_jabatan": p.jenis,
            "tmt_jabatan": p.tmt_jabatan.isoformat() if p.tmt_jabatan else "",
        }

    @staticmethod
    def _place(unor_id: str, position: Position | None) -> str:
        return f"{unor_id}|{position.pk if position else ''}"

    def _person_create(self, p: _Person, unit: Unit, position: Position | None) -> None:
        if self.actor is not None and not policy.can_manage_unit(self.actor, unit):
            self._problem(p.row, _("Anda tidak berwenang mengelola pegawai di %(unit)s.") % {"unit": unit.name})
            return
        fields = {
            "nip": p.nip,
            "employment_type": p.employment_type,
            "front_title": p.front_title,
            "name": p.name,
            "back_title": p.back_title,
            "grade": p.grade,
            "email": p.email,
            "position": position,
            "is_active": True,
            "siasn_id": p.siasn_id or None,
            "siasn_unor_id": p.unor_id,
            "siasn_data": self._snapshot(p, position),
        }
        if self._save(p.row, employee_save, "employee", None, **fields) is not None:
            where = (
                f"{position.title}, {unit.name}"
                if position
                else _("%(unit)s (jabatan diatur HR)") % {"unit": unit.name}
            )
            self.report.created.append(Change(f"{p.nip} {p.name}", [where]))

    def _person_update(self, employee: Employee, p: _Person, unit: Unit, position: Position | None) -> None:
        if self.actor is not None and not policy.can_manage_employee(self.actor, employee):
            self._problem(
                p.row, _("Pegawai dengan NIP %(nip)s terdaftar di unit di luar kewenangan Anda.") % {"nip": p.nip}
            )
            return
        snap = employee.siasn_data or {}
        has_snap = bool(snap)
        label = f"{p.nip} {employee.full_name}"
        fields: dict[str, Any] = {}
        details: list[str] = []
        wanted = {
            "nip": p.nip,
            "employment_type": p.employment_type,
            "front_title": p.front_title,
            "name": p.name,
            "back_title": p.back_title,
            "grade": p.grade,
            "is_active": True,
        }
        if p.email:  # an empty SIASN email never clears ours
            wanted["email"] = p.email
        for name, siasn_value in wanted.items():
            local = getattr(employee, name)
            if self._merge(p.nip, label, name, local, siasn_value, snap.get(name), has_snap):
                fields[name] = siasn_value
                details.append(f"{_(FIELD_LABELS[name])}: {self._shown(local)} → {self._shown(siasn_value)}")

        new_snap = self._snapshot(p, position)
        here = employee.position.unit_id if employee.position else None
        local_unor = self.unit_siasn_ids.get(here, "") if here else employee.siasn_unor_id
        local_place = self._place(local_unor, employee.position)
        siasn_place = new_snap["place"]
        shown = (
            f"{employee.position.title}, {employee.position.unit.name}"
            if employee.position
            else _("belum ditempatkan"),
            f"{p.jabatan or '-'}, {unit.name}" + ("" if position else " " + _("(jabatan belum ada di sini)")),
        )
        move = None
        if self._merge(p.nip, label, "place", local_place, siasn_place, snap.get("place"), has_snap, shown=shown):
            move = self._move(employee, p, unit, position, label, shown, fields, details)
            if move is False:
                new_snap["place"] = snap.get("place", "")  # not applied: asked again next time
        elif employee.siasn_unor_id != p.unor_id and local_unor == p.unor_id:
            fields["siasn_unor_id"] = p.unor_id
        if p.siasn_id and employee.siasn_id != p.siasn_id:
            fields["siasn_id"] = p.siasn_id
            details.append(_("ditautkan ke SIASN"))
        if new_snap != snap:
            fields["siasn_data"] = new_snap
        if fields and self._save(p.row, employee_save, "employee", employee, **fields) is None:
            return
        if details:
            self.report.updated.append(Change(label, details))
        elif not move:
            self.report.unchanged += 1

    def _move(self, employee, p: _Person, unit, position, label, shown, fields, details) -> bool | None:
        """Apply SIASN's unit and position: a placement when there is none here, else a mutasi through the service.
        True: a mutasi was recorded; None: a plain field change; False: not applied (listed for HR)."""
        if employee.position is None:
            fields["position"] = position
            fields["siasn_unor_id"] = p.unor_id
            details.append(f"{_(FIELD_LABELS['place'])}: {shown[0]} → {shown[1]}")
            return None
        if position is None:
            note = _("Jabatan %(title)s belum ada di %(unit)s: buat jabatannya, lalu catat mutasi.") % {
                "title": p.jabatan or "-",
                "unit": unit.name,
            }
            return self._pending(p.nip, label, shown, note)
        if self.transfer is None or self.actor is None:
            note = _("Mutasi dicatat oleh admin kepegawaian: impor dari halaman Kepegawaian atau dengan --as.")
            return self._pending(p.nip, label, shown, note)
        effective = p.tmt_jabatan or today()
        decree = p.decree or _("Impor SIASN, TMT jabatan %(date)s") % {"date": effective.strftime("%d-%m-%Y")}
        try:
            with transaction.atomic():
                self.transfer(
                    employee=employee,
                    position=position,
                    effective_date=effective,
                    decree_number=decree[:120],
                    actor=self.actor,
                )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            return self._pending(p.nip, label, shown, _("Mutasi ditolak: %(why)s") % {"why": " ".join(messages)})
        employee.refresh_from_db()
        fields["siasn_unor_id"] = p.unor_id
        self.report.moved.append(
            Change(label, [f"{shown[0]} → {shown[1]}", _("berlaku %(d)s") % {"d": effective.strftime("%d-%m-%Y")}])
        )
        return True

    def _pending(self, nip: str, label: str, shown: tuple[str, str], note: str) -> bool:
        self.report.conflicts.append(Conflict(f"{nip}:place", label, "place", shown[0], shown[1], False, note))
        return False

    def deactivate(self, present_ids: set[int], unors: set[str], types: set[str]) -> None:
        missing = (
            Employee.objects.filter(
                siasn_id__isnull=False, is_active=True, siasn_unor_id__in=unors, employment_type__in=types
            )
            .exclude(pk__in=present_ids)
            .select_related("position__unit")
            .order_by("name")
        )
        for employee in missing:
            if self.actor is not None and not policy.can_manage_employee(self.actor, employee):
                continue
            snap = dict(employee.siasn_data or {}, is_active=False)
            saved = self._save(None, employee_save, "employee", employee, is_active=False, siasn_data=snap)
            if saved is not None:
                self.report.deactivated.append(
                    Change(f"{employee.nip} {employee.full_name}", [_("tidak ada lagi di berkas SIASN")])
                )

    # Helpers -------------------------------------------------------------------------------------------------------

    def _merge(self, key, label, name, local, siasn, base, has_snap, *, shown=None) -> bool:
        """Whether to take SIASN's value: SIASN changed and we did not, or HR ticked the conflict."""
        if siasn == local:
            return False
        if has_snap and local == base:
            return True
        if has_snap and siasn == base:
            return False  # changed here since the last import; SIASN did not: ours stands
        conflict_key = f"{key}:{name}"
        local_shown, siasn_shown = shown or (self._shown(local), self._shown(siasn))
        self.report.conflicts.append(Conflict(conflict_key, label, name, local_shown, siasn_shown))
        return conflict_key in self.take

    @staticmethod
    def _shown(value: Any) -> str:
        if isinstance(value, bool):
            return _("ya") if value else _("tidak")
        return str(value) if value not in (None, "") else "-"

    def _problem(self, row: _Row | None, message: str) -> None:
        self.report.problems.append(Problem(row.source if row else "", row.line if row else None, message))

    def _save(self, row: _Row | None, service, kwarg: str, instance, **fields):
        try:
            with transaction.atomic():
                return service(**{kwarg: instance}, actor=self.actor, **fields)
        except ValidationError as exc:
            for message in exc.messages:
                self._problem(row, message)
        return None


def siasn_import(
    *,
    files: Iterable[tuple[str, IO[bytes]]],
    actor: User | None,
    apply: bool = False,
    take_siasn: Iterable[str] = (),
    transfer: TransferFn | None = None,
) -> SiasnImportReport:
    """Preview (apply=False: nothing is kept) or apply SIASN's export files; all or nothing.

    `actor` None is the system (management command without --as): no scope limit, and no mutasi (which HR records).
    `take_siasn`: keys of conflicts where HR chose SIASN's value. `transfer`: the mutasi service
    (workflows.steps.skp.employee_transfer), passed in because the domain never imports the workflow layer.
    """
    if actor is not None and not policy.can_import_employees(actor):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data pegawai."))
    report = SiasnImportReport()
    files_read = _read(files, report)
    if report.problems:
        return report
    unit_rows = _check_units(files_read.units, report)
    unors = {r.get("UNOR ID") for r in files_read.staff}
    known = set(unit_rows) | set(Unit.objects.filter(siasn_id__in=unors).values_list("siasn_id", flat=True))
    people: list[_Person] = []
    seen: dict[str, int] = {}
    for row in files_read.staff:
        problems, person = _check_person(row, seen, known)
        report.problems += [Problem(row.source, row.line, p) for p in problems]
        if person is not None:
            people.append(person)
    if report.problems:
        return report

    run = _Run(actor=actor, take_siasn=set(take_siasn), transfer=transfer, report=report)
    try:
        with transaction.atomic():
            run.units(unit_rows)
            if not report.problems:
                run.people(people)
            if not report.problems and people:
                present = set(Employee.objects.filter(nip__in=[p.nip for p in people]).values_list("pk", flat=True))
                unors = set(unit_rows) if files_read.has_unit_file else {p.unor_id for p in people}
                run.deactivate(present, unors, {p.employment_type for p in people})
            if report.problems or not apply:
                raise _Rollback
    except _Rollback:
        pass
    report.applied = apply and not report.problems
    return report


def stale_uploads_forget(*, older_than: dt.timedelta) -> int:
    """Delete the files of previews never applied nor cancelled (their session ended); returns how many."""
    if not default_storage.exists(UPLOAD_DIR):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    tokens, _files = default_storage.listdir(UPLOAD_DIR)
    for token in tokens:
        _dirs, names = default_storage.listdir(f"{UPLOAD_DIR}/{token}")
        for name in names:
            path = f"{UPLOAD_DIR}/{token}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
    return removed
