"""The demo's units and staff written as SIASN's "Export Data ASN" would give them: a unit hierarchy file, a PNS file
(CSV: NIP BARU with a leading apostrophe, dates as text) and a PPPK file (XLSX: dates as Excel serial numbers).

Used by `manage.py export_siasn_sample` and by the round-trip test (importing these into an empty database recreates
the demo's units and staff). Pure: reads appraisal/demo/people.py, not the database. Ids are stable (UUID 5 of the
unit code and of the NIP), so every run writes the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Sequence

from openpyxl import Workbook

from appraisal.demo import people as demo
from appraisal.exports import safe_cell
from appraisal.models import EmploymentType, PositionKind
from appraisal.siasn import codes

NAMESPACE = uuid.UUID("6f1d9d3e-6a0c-4e0b-9a57-1b2b8f0c51a7")  # this project's, so the ids look like SIASN's UUIDs
UNIT_HEADER = ("ID", "NAMA_UNOR", "ID_ATASAN")
STAFF_HEADER = (
    "PNS ID", "NIP BARU", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TANGGAL LAHIR", "JENIS KELAMIN",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "GOL AKHIR ID",
    "GOL AKHIR NAMA", "TMT GOLONGAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA",
    "TMT JABATAN", "UNOR ID", "UNOR NAMA", "EMAIL", "NOMOR HP", "TMT CPNS",
)  # fmt: skip
TMT_JABATAN = dt.date(2024, 1, 2)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def unit_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"unor:{code}"))


def person_id(nip: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"pns:{nip}"))


def unit_rows() -> list[tuple[str, str, str]]:
    return [(unit_id(u.code), u.name, unit_id(u.parent_code) if u.parent_code else "") for u in demo.UNITS]


def staff_rows(employment_type: str, *, serial_dates: bool = False) -> list[list[object]]:
    """One row per demo person of `employment_type`, in STAFF_HEADER order."""
    units = {u.code: u for u in demo.UNITS}
    kinds = {spec.key: spec.kind for spec in demo.positions()}
    pppk = employment_type == EmploymentType.PPPK

    def day(value: dt.date) -> object:
        return (value - _EXCEL_EPOCH).days if serial_dates else value.strftime("%d-%m-%Y")

    rows: list[list[object]] = []
    for person in demo.people():
        if person.employment_type != employment_type:
            continue
        unit_code, title = person.position_key
        kind = kinds[person.position_key]
        jenis = codes.JENIS_BY_POSITION_KIND[str(PositionKind(kind))]
        born = dt.datetime.strptime(person.nip[:8], "%Y%m%d").date()
        cpns = dt.date(int(person.nip[8:12]), int(person.nip[12:14]), 1) if not pppk else None
        rows.append(
            [
                person_id(person.nip),
                "'" + person.nip,  # as SIASN exports it: Excel keeps an 18-digit number as text
                person.name,
                person.front_title,
                person.back_title,
                day(born),
                "Laki-laki" if person.gender == 1 else "Perempuan",
                "PPPK" if pppk else "4",
                "PPPK" if pppk else "PNS Daerah",
                "71" if pppk else "01",
                "PPPK Aktif" if pppk else "Aktif",
                "" if pppk else codes.PNS_GRADE_ID[person.grade],
                person.grade,
                day(TMT_JABATAN),
                jenis,
                codes.JENIS_NAMES[jenis],
                str(uuid.uuid5(NAMESPACE, f"jabatan:{unit_code}:{title}")),
                title,
                day(TMT_JABATAN),
                unit_id(unit_code),
                units[unit_code].name,
                person.email,
                "",
                day(cpns) if cpns else "",
            ]
        )
    return rows


def as_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        # The apostrophe of NIP BARU is SIASN's own text marker, kept; other cells get safe_cell.
        writer.writerow([cell if i == 1 else safe_cell(cell) for i, cell in enumerate(row)])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(list(header))
    for row in rows:
        sheet.append([cell if i == 1 else safe_cell(cell) for i, cell in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def demo_files() -> dict[str, bytes]:
    """File name → content: the unit hierarchy (CSV), the PNS file (CSV) and the PPPK file (XLSX, serial dates)."""
    return {
        "siasn-unor.csv": as_csv(UNIT_HEADER, unit_rows()),
        "siasn-pns.csv": as_csv(STAFF_HEADER, staff_rows(EmploymentType.PNS)),
        "siasn-pppk.xlsx": as_xlsx(STAFF_HEADER, staff_rows(EmploymentType.PPPK, serial_dates=True)),
    }
