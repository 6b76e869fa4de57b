"""SIASN's reference codes as pure functions (no ORM). The codes follow SIASN's export and web service as the
public clients use them (see appraisal/siasn/__init__.py); BKN publishes no specification."""

from __future__ import annotations

import datetime as dt
import re

from appraisal.rules import Predicate, Rating

# KEDUDUKAN HUKUM ID 71, 72, 73: PPPK (aktif, and its variants); every other code is a PNS or CPNS.
PPPK_KEDUDUKAN = frozenset({71, 72, 73})

# JENIS JABATAN ID: 1 struktural, 2 fungsional (tertentu), 4 pelaksana (fungsional umum).
STRUKTURAL, FUNGSIONAL, PELAKSANA = 1, 2, 4
POSITION_KINDS_BY_JENIS = {
    STRUKTURAL: ("JPT", "ADMINISTRATOR", "PENGAWAS"),
    FUNGSIONAL: ("FUNGSIONAL",),
    PELAKSANA: ("PELAKSANA",),
}
JENIS_BY_POSITION_KIND = {kind: jenis for jenis, kinds in POSITION_KINDS_BY_JENIS.items() for kind in kinds}
JENIS_NAMES = {STRUKTURAL: "Struktural", FUNGSIONAL: "Fungsional", PELAKSANA: "Pelaksana"}

# GOL AKHIR ID of PNS: 11 I/a … 45 IV/e.
PNS_GRADE_BY_ID = {
    10 * major + minor: f"{roman}/{letter}"
    for major, roman, letters in ((1, "I", "abcd"), (2, "II", "abcd"), (3, "III", "abcd"), (4, "IV", "abcde"))
    for minor, letter in enumerate(letters, start=1)
}
PNS_GRADE_ID = {grade: code for code, grade in PNS_GRADE_BY_ID.items()}
PPPK_GRADES = tuple("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII".split())  # noqa: SIM905

# hasilKinerjaNilai / perilakuKerjaNilai: 1 above, 2 meets, 3 below expectation.
RATING_CODE = {Rating.ABOVE: 1, Rating.MEETS: 2, Rating.BELOW: 3}
# kuadranKinerjaNilai: 1 Sangat Baik … 5 Sangat Kurang.
PREDICATE_CODE = {
    Predicate.SANGAT_BAIK: 1,
    Predicate.BAIK: 2,
    Predicate.BUTUH_PERBAIKAN: 3,
    Predicate.KURANG: 4,
    Predicate.SANGAT_KURANG: 5,
}
# periodikId: 1 monthly, 2 quarterly.
PERIODIK_MONTHLY, PERIODIK_QUARTERLY = 1, 2
# id_ref_dokumen of "Dokumen Evaluasi Kinerja" for /upload-dok-rw.
EVALUATION_DOCUMENT_TYPE = "890"

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 29 February 1900
_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%Y/%m/%d")


def is_pppk(kedudukan_hukum_id: str, jenis_pegawai: str = "") -> bool:
    """PPPK by KEDUDUKAN HUKUM ID 71–73; without that code, by JENIS PEGAWAI naming PPPK."""
    code = to_int(kedudukan_hukum_id)
    if code is not None:
        return code in PPPK_KEDUDUKAN
    return "PPPK" in (jenis_pegawai or "").upper()


def to_int(text: str) -> int | None:
    try:
        return int(str(text).strip().split(".")[0])
    except (TypeError, ValueError):
        return None


def clean_nip(text: str) -> str:
    """NIP BARU as SIASN exports it: a leading apostrophe (Excel's "keep as text") and spaces dropped."""
    return re.sub(r"\s+", "", str(text or "")).lstrip("'`’")


def parse_date(value: object) -> dt.date | None:
    """A date cell as SIASN's exports give it: a date, an Excel serial number (45292), or text (31-12-2024,
    2024-12-31, 31/12/2024). None for an empty cell; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().lstrip("'")
    if not text:
        return None
    if re.fullmatch(r"\d{1,6}(\.0+)?", text):
        serial = int(text.split(".")[0])
        if 1 <= serial <= 2958465:  # Excel's last date, 31-12-9999
            return _EXCEL_EPOCH + dt.timedelta(days=serial)
        raise ValueError(text)
    text = text.split(" ")[0].split("T")[0]  # "2024-12-31 00:00:00"
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def grade_from(name: str, code: str, *, pppk: bool) -> str | None:
    """Our Grade value from GOL AKHIR NAMA ("III/a", "III/A", "IX") or, for PNS, GOL AKHIR ID (31 = III/a)."""
    text = re.sub(r"\s+", "", str(name or "")).upper()
    if pppk:
        return text if text in PPPK_GRADES else None
    if "/" in text:
        major, _slash, minor = text.partition("/")
        grade = f"{major}/{minor.lower()}"
        if grade in PNS_GRADE_ID:
            return grade
    number = to_int(code)
    return PNS_GRADE_BY_ID.get(number) if number is not None else None


def jenis_jabatan(code: str, name: str = "") -> int | None:
    """JENIS JABATAN ID 1/2/4, or from its name when the id is missing."""
    number = to_int(code)
    if number in POSITION_KINDS_BY_JENIS:
        return number
    lowered = (name or "").lower()
    for jenis, label in JENIS_NAMES.items():
        if label.lower() in lowered:
            return jenis
    return None
