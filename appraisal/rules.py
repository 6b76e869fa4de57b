"""Domain rules of ASN performance appraisal: pure functions, no ORM access.

Each rule names its legal source. These names are a contract other parts and outside checks rely on: keep them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appraisal import formatting

T = TypeVar("T")


class Rating(models.TextChoices):
    ABOVE = "ABOVE", _("Di Atas Ekspektasi")
    MEETS = "MEETS", _("Sesuai Ekspektasi")
    BELOW = "BELOW", _("Di Bawah Ekspektasi")


class Predicate(models.TextChoices):
    SANGAT_BAIK = "SANGAT_BAIK", _("Sangat Baik")
    BAIK = "BAIK", _("Baik")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Butuh Perbaikan")
    KURANG = "KURANG", _("Kurang/Misconduct")
    SANGAT_KURANG = "SANGAT_KURANG", _("Sangat Kurang")


class OrgPredicate(models.TextChoices):
    ISTIMEWA = "ISTIMEWA", _("Istimewa")
    BAIK = "BAIK", _("Baik")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Butuh Perbaikan")
    KURANG = "KURANG", _("Kurang")
    SANGAT_KURANG = "SANGAT_KURANG", _("Sangat Kurang")


# --- Kuadran kinerja (PermenPANRB 6/2022, Lampiran) -------------------------------------------

_QUADRANT: dict[tuple[Rating, Rating], Predicate] = {
    (Rating.ABOVE, Rating.BELOW): Predicate.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predicate.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predicate.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predicate.KURANG,
    (Rating.MEETS, Rating.MEETS): Predicate.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predicate.BAIK,
    (Rating.BELOW, Rating.BELOW): Predicate.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predicate.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predicate.BUTUH_PERBAIKAN,
}


def predicate(result: Rating, behaviour: Rating) -> Predicate:
    """Predikat kinerja from the result and behaviour ratings (PermenPANRB 6/2022, kuadran kinerja)."""
    return _QUADRANT[(Rating(result), Rating(behaviour))]


def unit_head_result_rating(org: OrgPredicate) -> Rating:
    """A unit head's Rating Hasil Kerja follows the organisation's predicate (PermenPANRB 6/2022)."""
    org = OrgPredicate(org)
    if org == OrgPredicate.ISTIMEWA:
        return Rating.ABOVE
    if org == OrgPredicate.BAIK:
        return Rating.MEETS
    return Rating.BELOW


# --- Distribution curve (SE MenPANRB 3/2023) -------------------------------------------------


_SB, _B, _BP = Predicate.SANGAT_BAIK, Predicate.BAIK, Predicate.BUTUH_PERBAIKAN
_K, _SK = Predicate.KURANG, Predicate.SANGAT_KURANG

# The Pola Distribusi each Capaian Kinerja Organisasi allows (SE MenPANRB 3/2023): (predicates, "max" | "min" |
# "atleast1", share, label). curve_violations judges with it; the dashboard draws it (appraisal/dashboard/curve.py).
CURVE_PATTERN: dict[OrgPredicate, list[tuple[tuple[Predicate, ...], str, Decimal, str]]] = {
    OrgPredicate.ISTIMEWA: [((_SB,), "max", Decimal("0.70"), _SB.label)],
    OrgPredicate.BAIK: [
        ((_B,), "max", Decimal("0.70"), _B.label),
        ((_BP, _K), "atleast1", Decimal(0), _("Butuh Perbaikan atau Kurang/Misconduct")),
    ],
    OrgPredicate.BUTUH_PERBAIKAN: [
        ((_BP,), "min", Decimal("0.60"), _BP.label),
        ((_SB,), "max", Decimal("0.10"), _SB.label),
    ],
    OrgPredicate.KURANG: [
        ((_K,), "min", Decimal("0.60"), _K.label),
        ((_BP,), "min", Decimal("0.10"), _BP.label),
        ((_SB,), "max", Decimal("0.10"), _SB.label),
    ],
    OrgPredicate.SANGAT_KURANG: [
        ((_SK,), "min", Decimal("0.60"), _SK.label),
        ((_K, _BP), "min", Decimal("0.10"), _("Kurang/Misconduct dan Butuh Perbaikan")),
        ((_SB,), "max", Decimal("0"), _SB.label),
    ],
}


def curve_violations(org: OrgPredicate, counts: Mapping[Predicate, int]) -> list[str]:
    """Breaches of the predicate distribution guidance for a unit (SE MenPANRB 3/2023)."""
    total = sum(counts.values())
    if total == 0:
        return []

    def share(*predicates: Predicate) -> Decimal:
        return Decimal(sum(counts.get(p, 0) for p in predicates)) / Decimal(total)

    def pct(value: Decimal) -> str:
        return formatting.percent(value * 100, 1)

    org = OrgPredicate(org)
    org_label = org.label
    out: list[str] = []
    for preds, kind, limit, label in CURVE_PATTERN[org]:
        value = share(*preds)
        if kind == "max" and value > limit:
            if limit == 0:
                out.append(
                    gettext("Capaian Kinerja Organisasi %(org)s: tidak boleh ada pegawai %(label)s (ada %(value)s).")
                    % {"org": org_label, "label": label, "value": pct(value)}
                )
            else:
                out.append(
                    gettext(
                        "Capaian Kinerja Organisasi %(org)s: pegawai %(label)s paling banyak %(limit)s, "
                        "saat ini %(value)s."
                    )
                    % {"org": org_label, "label": label, "limit": pct(limit), "value": pct(value)}
                )
        elif kind == "min" and value < limit:
            out.append(
                gettext(
                    "Capaian Kinerja Organisasi %(org)s: pegawai %(label)s paling sedikit %(limit)s, "
                    "saat ini %(value)s."
                )
                % {"org": org_label, "label": label, "limit": pct(limit), "value": pct(value)}
            )
        elif kind == "atleast1" and value == 0:
            out.append(
                gettext("Capaian Kinerja Organisasi %(org)s: harus ada paling sedikit satu pegawai %(label)s.")
                % {"org": org_label, "label": label}
            )
    return out


# --- Survei Kepuasan Masyarakat (PermenPANRB 14/2017) -----------------------------------------

IKM_ELEMENTS = (
    "Persyaratan",
    "Sistem, Mekanisme dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Sarana dan Prasarana",
    "Penanganan Pengaduan, Saran dan Masukan",
)
IKM_WEIGHT = Decimal("0.111")


def ikm_quality(value: Decimal) -> str:
    """Mutu pelayanan from a converted IKM (PermenPANRB 14/2017); anything under 65.00 is D."""
    if value >= Decimal("88.31"):
        return "A"
    if value >= Decimal("76.61"):
        return "B"
    if value >= Decimal("65.00"):
        return "C"
    return "D"


def ikm(responses: Iterable[Sequence[int]]) -> tuple[Decimal, str]:
    """Indeks Kepuasan Masyarakat, converted to 25–100, and its quality letter (PermenPANRB 14/2017)."""
    rows = [list(r) for r in responses]
    if not rows:
        raise ValueError("IKM needs at least one response.")
    n_elements = len(IKM_ELEMENTS)
    for row in rows:
        if len(row) != n_elements or any(not isinstance(s, int) or not 1 <= s <= 4 for s in row):
            raise ValueError("Each response needs 9 element scores between 1 and 4.")
    return ikm_from_sums([sum(r[i] for r in rows) for i in range(n_elements)], len(rows))


def ikm_from_sums(sums: Sequence[int], count: int) -> tuple[Decimal, str]:
    """ikm() from each element's total score over `count` responses (what a SQL SUM gives): NRR = total / count."""
    if count < 1 or len(sums) != len(IKM_ELEMENTS):
        raise ValueError("IKM needs at least one response and a total for each of the 9 elements.")
    index = sum((Decimal(total) / Decimal(count)) * IKM_WEIGHT for total in sums)
    converted = (index * 25).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return converted, ikm_quality(converted)


# --- Spreadsheet formula injection (OWASP "CSV injection") -------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula: it starts with =, +, -, @, a tab or a CR."""
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


# --- NIP / NI PPPK (PP 11/2017 jo. Peraturan BKN; Peraturan BKN on NI PPPK) -------------------

_SPACES = re.compile(r"\s+")


def normalize_nip(nip: str) -> str:
    """The stored form of a NIP: spaces removed."""
    return _SPACES.sub("", nip or "")


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def validate_nip(nip: str, *, pppk: bool = False, today: dt.date | None = None) -> None:
    """Raise ValidationError unless `nip` is a well-formed PNS NIP (or NI PPPK with `pppk=True`)."""
    label = "NI PPPK" if pppk else "NIP"
    value = normalize_nip(nip)
    if not value.isdigit() or len(value) != 18:
        raise ValidationError(
            _("%(label)s harus terdiri dari 18 angka (spasi boleh), diterima %(n)s karakter."),
            code="nip_format",
            params={"label": label, "n": len(value)},
        )
    today = today or dt.date.today()
    birth = _date_or_none(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    if birth is None or birth.year < 1900 or birth > today:
        raise ValidationError(
            _("%(label)s: tanggal lahir %(raw)s (8 angka pertama) bukan tanggal yang valid."),
            code="nip_birth",
            params={"label": label, "raw": value[0:8]},
        )
    if pppk:
        appointed_year = int(value[8:12])
        gender = value[14]
        sequence = value[15:18]
        appointed = _date_or_none(appointed_year, 12, 31)
        if appointed is None or appointed_year < 2019 or appointed_year > today.year:
            raise ValidationError(
                _("NI PPPK: tahun pengangkatan %(raw)s (angka ke-9 sampai 12) tidak valid."),
                code="nip_tmt",
                params={"raw": value[8:12]},
            )
        if appointed < _add_years(birth, 18):
            raise ValidationError(
                _("NI PPPK: pengangkatan tahun %(year)s terjadi sebelum pegawai berumur 18 tahun."),
                code="nip_tmt_age",
                params={"year": appointed_year},
            )
    else:
        tmt = _date_or_none(int(value[8:12]), int(value[12:14]), 1)
        gender = value[14]
        sequence = value[15:18]
        if tmt is None or tmt.year < 1900:
            raise ValidationError(
                _("NIP: TMT CPNS %(raw)s (angka ke-9 sampai 14, format TTTTBB) bukan bulan yang valid."),
                code="nip_tmt",
                params={"raw": value[8:14]},
            )
        if tmt > today:
            raise ValidationError(
                _("NIP: TMT CPNS %(raw)s berada di masa depan."), code="nip_tmt_future", params={"raw": value[8:14]}
            )
        # TMT is a month; the first of the month must not precede the 18th birthday's month.
        if tmt < _add_years(birth, 18).replace(day=1):
            raise ValidationError(
                _("NIP: TMT CPNS %(raw)s terjadi sebelum pegawai berumur 18 tahun."),
                code="nip_tmt_age",
                params={"raw": value[8:14]},
            )
    if gender not in "12":
        raise ValidationError(
            _("%(label)s: kode jenis kelamin harus 1 (laki-laki) atau 2 (perempuan), bukan %(g)s."),
            code="nip_gender",
            params={"label": label, "g": gender},
        )
    if sequence == "000":
        raise ValidationError(
            _("%(label)s: nomor urut (3 angka terakhir) harus 001–999."), code="nip_sequence", params={"label": label}
        )


def gender_from_nip(nip: str, *, pppk: bool = False) -> str:
    """'L' or 'P' from the gender digit of a valid NIP or NI PPPK."""
    return "L" if normalize_nip(nip)[14] == "1" else "P"


# --- Objection window (PP 30/2019 Pasal 59) ---------------------------------------------------

OBJECTION_WINDOW_DAYS = 14


def objection_deadline(received_on: dt.date, days: int = OBJECTION_WINDOW_DAYS) -> dt.date:
    """Last calendar day an objection may be filed (PP 30/2019 Pasal 59: 14 days of receipt)."""
    return received_on + dt.timedelta(days=days)


def objection_allowed(received_on: dt.date, filed_on: dt.date, days: int = OBJECTION_WINDOW_DAYS) -> bool:
    """Whether an objection filed on `filed_on` is within the window (day 1..14 after receipt)."""
    return received_on <= filed_on <= objection_deadline(received_on, days)


# --- Angka kredit conversion (PermenPANRB 1/2023) ---------------------------------------------

CREDIT_PERCENT: dict[Predicate, int] = {
    Predicate.SANGAT_BAIK: 150,
    Predicate.BAIK: 100,
    Predicate.BUTUH_PERBAIKAN: 75,
    Predicate.KURANG: 50,
    Predicate.SANGAT_KURANG: 25,
}


def credit_points(pred: Predicate, annual_coefficient: Decimal) -> Decimal:
    """Angka kredit earned in a year from the annual predicate."""
    return (Decimal(annual_coefficient) * CREDIT_PERCENT[Predicate(pred)] / 100).quantize(Decimal("0.001"))


# --- SKP submission (PermenPANRB 6/2022: RHK cascade from the appraiser's RHK) ----------------


@dataclass(frozen=True)
class ResultFacts:
    """What the submission rule needs to know about one RHK."""

    label: str
    kind: str  # "UTAMA" | "TAMBAHAN"
    indicator_count: int
    supports_id: int | None
    supports_text: str


def skp_submission_errors(
    results: Sequence[ResultFacts],
    *,
    is_top: bool,
    appraiser_name: str = "",
    year: int | None = None,
    appraiser_approved_result_ids: frozenset[int] | None = None,
) -> list[str]:
    """Why an SKP cannot be submitted yet; empty when it can.

    `appraiser_approved_result_ids` is None when the appraiser has no approved SKP for the year.
    """
    errors: list[str] = []
    if not any(r.kind == "UTAMA" and r.indicator_count > 0 for r in results):
        errors.append(
            gettext("SKP harus memiliki paling sedikit satu RHK utama yang memiliki paling sedikit satu indikator.")
        )
    for r in results:
        names = {"rhk": r.label, "appraiser": appraiser_name, "year": year}
        if r.indicator_count == 0:
            errors.append(gettext("RHK “%(rhk)s” belum memiliki indikator kinerja individu.") % names)
        if is_top:
            if not r.supports_text.strip():
                errors.append(gettext("RHK “%(rhk)s”: isi sasaran organisasi yang didukung.") % names)
            continue
        if r.supports_id is None:
            errors.append(gettext("RHK “%(rhk)s” belum dikaitkan dengan RHK atasan yang diintervensi.") % names)
        elif appraiser_approved_result_ids is None:
            errors.append(
                gettext(
                    "RHK “%(rhk)s” mendukung RHK %(appraiser)s, tetapi SKP %(appraiser)s tahun %(year)s "
                    "belum disetujui. Tunggu persetujuan SKP atasan lalu ajukan kembali."
                )
                % names
            )
        elif r.supports_id not in appraiser_approved_result_ids:
            errors.append(
                gettext(
                    "RHK “%(rhk)s” mendukung RHK yang tidak ada pada SKP %(appraiser)s tahun %(year)s yang "
                    "berlaku. Pilih ulang RHK atasan yang diintervensi."
                )
                % names
            )
    return errors


# --- Evaluation (PermenPANRB 6/2022; PP 30/2019) -----------------------------------------------

# PermenPANRB 6/2022 Pasal 12 and Lampiran: evaluation is periodic, quarterly or monthly as the agency chooses; the
# last period of the year ("Triwulan IV-Akhir", or December for monthly) is also the annual evaluation, and the
# Predikat Kinerja Pegawai tahunan is that final evaluation's predicate. No other annual rule exists, so none is
# configurable. Values of models.PeriodKind.
QUARTERLY = ("TW1", "TW2", "TW3", "TW4")
MONTHLY = tuple(f"M{m:02d}" for m in range(1, 13))
PERIODIC_ORDER = QUARTERLY + MONTHLY
FINAL_PERIOD_KINDS = ("TW4", "M12")


def period_cycle(kind: str) -> str:
    """ "TRIWULAN" or "BULANAN": one unit keeps one cycle per year."""
    return "BULANAN" if kind in MONTHLY else "TRIWULAN"


def is_final_period(kind: str) -> bool:
    """The period that closes the year and carries the annual predicate (Triwulan IV-Akhir / Desember-Akhir)."""
    return kind in FINAL_PERIOD_KINDS


def period_bounds(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar quarter or month a period kind covers."""
    if kind in QUARTERLY:
        first_month = 3 * QUARTERLY.index(kind) + 1
        last_month = first_month + 2
    elif kind in MONTHLY:
        first_month = last_month = MONTHLY.index(kind) + 1
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    start = dt.date(year, first_month, 1)
    end = (dt.date(year + (last_month == 12), last_month % 12 + 1, 1)) - dt.timedelta(days=1)
    return start, end


def period_date_problem(kind: str, year: int, start: dt.date, end: dt.date) -> str | None:
    """Why the dates do not fit the period kind (they must lie inside its quarter or month), or None."""
    first, last = period_bounds(kind, year)
    if start < first or end > last:
        return gettext("Tanggal periode harus di dalam %(first)s – %(last)s (PermenPANRB 6/2022 Pasal 12).") % {
            "first": first.strftime("%d-%m-%Y"),
            "last": last.strftime("%d-%m-%Y"),
        }
    return None


def annual_predicate(periodic: Mapping[str, Predicate]) -> Predicate | None:
    """Predikat Kinerja Pegawai tahunan: the predicate of the final period (Triwulan IV-Akhir or Desember-Akhir),
    PermenPANRB 6/2022 Pasal 12; None while that evaluation is not final (earlier periods never stand in)."""
    for kind in FINAL_PERIOD_KINDS:
        if kind in periodic:
            return Predicate(periodic[kind])
    return None


@dataclass(frozen=True)
class PlanSpan:
    """An approved SKP's span (period_start–period_end) and version, for choosing the one a period measures."""

    key: int
    start: dt.date
    end: dt.date
    version: int = 1


def plan_for_period(spans: Iterable[PlanSpan], start: dt.date, end: dt.date) -> int | None:
    """The SKP a period is evaluated against, and so whose Pejabat Penilai Kinerja rates it.

    PermenPANRB 6/2022 ties the SKP to the position held: after a mutasi the old SKP closes and a new one starts.
    It does not say which of two positions rates a period split by a mutasi; we follow the position held for most
    of the period (on equal days the later one), so a transfer on 1 October leaves July–September with the former
    superior. Among versions of one span, the highest. None when no approved SKP covers any day of the period."""
    best, best_key = None, None
    for span in spans:
        days = (min(span.end, end) - max(span.start, start)).days + 1
        if days <= 0:
            continue
        key = (days, span.start, span.version)
        if best_key is None or key > best_key:
            best, best_key = span.key, key
    return best


def acknowledgement_auto_accept_on(received_on: dt.date, days: int = OBJECTION_WINDOW_DAYS) -> dt.date:
    """The day the result counts as accepted when the employee neither accepts nor objects: day 15."""
    return objection_deadline(received_on, days) + dt.timedelta(days=1)


MIN_PEER_RESPONSES = 3


def role_title(position_title: str, acting_kind: str | None = None) -> str:
    """How an official is named in a role: "Plt. Lurah Naioni" / "Plh. Lurah Naioni" when acting in it (ActingKind
    PLT/PLH), else the position's own title. Every page and document that names an official in a role uses this."""
    if not position_title or not acting_kind:
        return position_title
    return f"{'Plh.' if acting_kind == 'PLH' else 'Plt.'} {position_title}"


# PermenPANRB 6/2022 (Pasal 1 and Lampiran): the Pejabat Penilai Kinerja is the direct superior at the lowest level
# of pejabat pengawas; a pelaksana or fungsional position above an employee never appraises (org.selectors walks
# past it). Values of models.PositionKind.
APPRAISING_KINDS = ("JPT", "ADMINISTRATOR", "PENGAWAS")


def appraises(position_kind: str) -> bool:
    """Whether the holder of a position of this kind may be Pejabat Penilai Kinerja (PermenPANRB 6/2022)."""
    return position_kind in APPRAISING_KINDS


def peer_summary(ratings: Sequence[Mapping[str, str]], comments: Sequence[str]) -> dict | None:
    """Per-value counts of peer answers, or None below the anonymity threshold (3 answers)."""
    if len(ratings) < MIN_PEER_RESPONSES:
        return None
    values = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")
    counts = {v: {"ABOVE": 0, "MEETS": 0, "BELOW": 0} for v in values}
    for answer in ratings:
        for value, level in answer.items():
            counts[value][level] += 1
    # Comments are shuffled by sorting, so their order does not reveal who answered first.
    return {"count": len(ratings), "values": counts, "comments": sorted(c.strip() for c in comments if c.strip())}


EVIDENCE_EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


def evidence_file_problem(filename: str, size: int, head: bytes = b"") -> str | None:
    """Why an uploaded evidence file is refused (type by extension and signature, size), or None."""
    name = filename.lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in EVIDENCE_EXTENSIONS:
        return gettext("Jenis berkas tidak diizinkan. Gunakan PDF, JPG, PNG, DOCX atau XLSX.")
    if size > EVIDENCE_MAX_BYTES:
        mb = formatting.number(size / 1024 / 1024, 1)
        return gettext("Berkas terlalu besar (%(mb)s MB). Batas ukuran 5 MB.") % {"mb": mb}
    if size == 0:
        return gettext("Berkas kosong.")
    signatures = {
        ".pdf": (b"%PDF",),
        ".png": (b"\x89PNG",),
        ".jpg": (b"\xff\xd8",),
        ".jpeg": (b"\xff\xd8",),
        ".docx": (b"PK",),
        ".xlsx": (b"PK",),
    }
    if head and not head.startswith(signatures[ext]):
        return gettext("Isi berkas tidak sesuai dengan jenisnya.")
    return None


# --- Service standards (UU 25/2009 Pelayanan Publik; standar pelayanan) -------------------------


def is_working_day(day: dt.date, holidays: frozenset[dt.date] | set[dt.date]) -> bool:
    """Monday–Friday and not a configured public holiday."""
    return day.weekday() < 5 and day not in holidays


def working_days_taken(received: dt.date, completed: dt.date, holidays: frozenset[dt.date] | set[dt.date]) -> int:
    """Working days a file took, counting the day it was received: same day = 1, next working day = 2.

    Weekends and configured public holidays are not counted (a file received on a Saturday starts on Monday).
    """
    if completed < received:
        raise ValueError("completed before received")
    count, day = 0, received
    while day <= completed:
        if is_working_day(day, holidays):
            count += 1
        day += dt.timedelta(days=1)
    return max(count, 1)


def working_hours_taken(
    received: dt.datetime, completed: dt.datetime, holidays: frozenset[dt.date] | set[dt.date]
) -> Decimal:
    """Elapsed hours between two local datetimes, leaving out whole non-working days."""
    if completed < received:
        raise ValueError("completed before received")
    total = dt.timedelta()
    day = received.date()
    while day <= completed.date():
        if is_working_day(day, holidays):
            start = max(received, dt.datetime.combine(day, dt.time.min, tzinfo=received.tzinfo))
            end = min(completed, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=received.tzinfo))
            if end > start:
                total += end - start
        day += dt.timedelta(days=1)
    return (Decimal(total.total_seconds()) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def within_standard(
    received: dt.datetime,
    completed: dt.datetime,
    *,
    standard_value: int,
    standard_unit: str,
    holidays: frozenset[dt.date] | set[dt.date],
) -> bool:
    """Whether a file was completed within its service standard ("DAYS": working days, "HOURS": hours)."""
    if standard_unit == "HOURS":
        return working_hours_taken(received, completed, holidays) <= standard_value
    return working_days_taken(received.date(), completed.date(), holidays) <= standard_value


def file_timing(
    received: dt.datetime,
    completed: dt.datetime,
    *,
    standard_value: int,
    standard_unit: str,
    holidays: frozenset[dt.date] | set[dt.date],
) -> tuple[int, bool]:
    """A completed file's working days taken and whether it met its standard, from local (WITA) datetimes.

    What the completion stores on the file (ServiceRequest.working_days, .within_standard), and what the data
    migration and the bench compute for files completed before: one rule, so reports read the same figures."""
    days = working_days_taken(received.date(), completed.date(), holidays)
    if standard_unit == "HOURS":
        return days, working_hours_taken(received, completed, holidays) <= standard_value
    return days, days <= standard_value


# --- Counter-file numbers -------------------------------------------------------------------------

# Words that name the kind of office, not the office: "Kelurahan Manutapen" is MNT, not KLR.
_GENERIC_UNIT_WORDS = frozenset(
    {"KELURAHAN", "KECAMATAN", "KANTOR", "PEMERINTAH", "KOTA", "KABUPATEN", "DINAS", "BADAN", "BAGIAN", "SEKSI"}
)
_VOWELS = frozenset("AEIOU")


def counter_code_candidates(name: str) -> Iterable[str]:
    """Readable prefixes for a unit's counter-file numbers, best first: Kelurahan Manutapen → MNT, MNP, … MNT2 ….

    Three letters: the initials of the name's words, topped up with the consonants (then the other letters) of the
    name in order. Later candidates, for when an earlier one is taken by another unit, vary the third letter, then
    add a digit."""
    ascii_name = name.upper().encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Z0-9]+", ascii_name) if w and w not in _GENERIC_UNIT_WORDS]
    words = words or [w for w in re.split(r"[^A-Z0-9]+", ascii_name) if w] or ["LKT"]
    if not words[0][0].isalpha():
        words.insert(0, "U")
    initials = [w[0] for w in words]
    rest = "".join(w[1:] for w in words)
    fill = [c for c in rest if c.isalpha() and c not in _VOWELS] + [c for c in rest if c.isalnum() and c in _VOWELS]
    if len(initials) >= 3:
        base = "".join(initials[:3])
    else:
        # The first word's initial, its consonants, and the second word's initial last: Nunbaun Sabu → NNS.
        base = (initials[0] + "".join(fill) + "XX")[: 3 - (len(initials) - 1)] + "".join(initials[1:])
    seen = {base}
    yield base
    for c in fill:
        candidate = base[:2] + c
        if candidate not in seen:
            seen.add(candidate)
            yield candidate
    n = 2
    while True:
        yield f"{base}{n}"
        n += 1


def counter_number(code: str, year: int, sequence: int) -> str:
    """A counter file's number: unit code, year, and the n-th file of the unit in that year (MNT-2026-000123)."""
    return f"{code}-{year}-{sequence:06d}"


MIN_SURVEY_RESPONSES_INDIVIDUAL = 5


def individual_ikm(responses: Sequence[Sequence[int]]) -> tuple[Decimal, str] | None:
    """An officer's own IKM, shown only with at least 5 responses in the period ("belum cukup tanggapan")."""
    if len(responses) < MIN_SURVEY_RESPONSES_INDIVIDUAL:
        return None
    return ikm(responses)


def evaluation_skip_reason(*, has_account: bool, has_approved_plan: bool, year: int) -> str | None:
    """Why an employee gets no evaluation when a period opens (listed for HR, never skipped silently), or None."""
    if not has_account:
        return gettext("belum memiliki akun pengguna")
    if not has_approved_plan:
        return gettext("belum memiliki SKP %(year)s yang disetujui") % {"year": year}
    return None


def peers_in_team_order(
    colleagues: Sequence[T], *, team_of: Callable[[T], object], own_team: object, limit: int
) -> list[T]:
    """Colleagues proposed for peer feedback: the same team (same superior position) first, then the rest of the
    unit, each group in the given order; at most `limit`."""
    same = [c for c in colleagues if team_of(c) == own_team]
    others = [c for c in colleagues if team_of(c) != own_team]
    return (same + others)[:limit]


# --- Official forms (PermenPANRB 6/2022 Lampiran; PP 30/2019 for PNS, PP 49/2018 for PPPK) ---------------------


@dataclass(frozen=True)
class EmploymentTerms:
    """How forms and pages name an employee's number, rank and legal basis, by employment type."""

    id_label: str  # "NIP" / "NI PPPK"
    grade_label: str  # "Pangkat/Gol. Ruang" / "Golongan": PPPK have golongan I–XVII and no pangkat
    legal_basis: str
    objection_basis: str


def employment_terms(employment_type: str) -> EmploymentTerms:
    """PNS: NIP, pangkat and golongan ruang, PP 30/2019. PPPK: NI PPPK, golongan without pangkat, PP 49/2018.

    Both follow PermenPANRB 6/2022 (pengelolaan kinerja pegawai ASN, PNS and PPPK alike)."""
    if employment_type == "PPPK":
        return EmploymentTerms(
            id_label=gettext("NI PPPK"),
            grade_label=gettext("Golongan"),
            legal_basis=gettext(
                "PP 49/2018 tentang Manajemen Pegawai Pemerintah dengan Perjanjian Kerja; "
                "PermenPANRB 6/2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara"
            ),
            objection_basis=gettext("PP 49/2018 dan PermenPANRB 6/2022"),
        )
    return EmploymentTerms(
        id_label=gettext("NIP"),
        grade_label=gettext("Pangkat/Gol. Ruang"),
        legal_basis=gettext(
            "PP 30/2019 tentang Penilaian Kinerja Pegawai Negeri Sipil; "
            "PermenPANRB 6/2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara"
        ),
        objection_basis=gettext("PP 30/2019 Pasal 59"),
    )


class Approach(models.TextChoices):
    """Pendekatan hasil kerja of an SKP (PermenPANRB 6/2022 Lampiran)."""

    KUANTITATIF = "KUANTITATIF", _("Kuantitatif")
    KUALITATIF = "KUALITATIF", _("Kualitatif")


# Aspects that measure an amount (of output, time, money); KUALITAS judges quality. Values of models.IndicatorAspect.
AMOUNT_ASPECTS = ("KUANTITAS", "WAKTU", "BIAYA")


def plan_approach(position_kind: str, aspects: Iterable[str], chosen: str = "") -> Approach:
    """The approach an SKP's forms print (PermenPANRB 6/2022 Lampiran).

    JPT plans cascade the Perjanjian Kinerja and are kuantitatif. A JA/JF plan follows the approach `chosen` for it;
    without a choice it is read from its IKI: kuantitatif when every IKI measures an amount, kualitatif as soon as
    one judges quality (or when there is none yet)."""
    if position_kind == "JPT":
        return Approach.KUANTITATIF
    if chosen:
        return Approach(chosen)
    found = list(aspects)
    if found and all(aspect in AMOUNT_ASPECTS for aspect in found):
        return Approach.KUANTITATIF
    return Approach.KUALITATIF


# Pola distribusi drawn under the Capaian Kinerja Organisasi (SE MenPANRB 3/2023): an illustrative share of each
# predicate, in percent, from Sangat Kurang to Sangat Baik. Each satisfies curve_violations for its organisation
# result (tested), so the drawing never shows what the guidance forbids.
CURVE_ORDER = (
    Predicate.SANGAT_KURANG,
    Predicate.KURANG,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.BAIK,
    Predicate.SANGAT_BAIK,
)
CURVE_REFERENCE: dict[OrgPredicate, tuple[int, int, int, int, int]] = {
    OrgPredicate.ISTIMEWA: (2, 3, 10, 30, 55),
    OrgPredicate.BAIK: (2, 8, 20, 55, 15),
    OrgPredicate.BUTUH_PERBAIKAN: (5, 15, 60, 15, 5),
    OrgPredicate.KURANG: (15, 60, 15, 7, 3),
    OrgPredicate.SANGAT_KURANG: (60, 25, 10, 5, 0),
}


# --- Manajemen Talenta ASN (PermenPANRB 3/2020) --------------------------------------------------------------------
#
# Strengths and development needs are read from evidence the appraisal already holds, period by period: the
# appraiser's ratings, the peers' anonymous counts per BerAKHLAK value (only periods that pass the anonymity rule,
# MIN_PEER_RESPONSES), and the officer's public-service figures (an IKM only from MIN_SURVEY_RESPONSES_INDIVIDUAL
# answers). Each finding needs the pattern in more than half of the periods that have that kind of evidence, and in
# at least TALENT_MIN_PERIODS of them: one good or bad quarter is not a trait.

TALENT_MIN_PERIODS = 2  # periods with the evidence before anything is said about it
TALENT_MOST_SHARE = Decimal("0.5")  # "most periods": strictly more than this share of the periods with evidence
PEER_MAJORITY_SHARE = Decimal("0.5")  # a value counts as rated above/below in a period when more than half say so
SERVICE_MIN_FILES = 5  # files completed (or handled, for returns) in a period before its shares say anything
ON_TIME_STRONG_PCT = Decimal("90")  # share of files completed within the service standard: a strength from here
ON_TIME_WEAK_PCT = Decimal("70")  # and a need below this
RETURNED_WEAK_PCT = Decimal("20")  # files sent back for correction: a need above this share
IKM_STRONG_LETTERS = ("A",)  # Sangat Baik (PermenPANRB 14/2017)
IKM_WEAK_LETTERS = ("C", "D")  # Kurang Baik, Tidak Baik

CORE_VALUE_LABELS = {
    "PELAYANAN": _("Berorientasi Pelayanan"),
    "AKUNTABEL": _("Akuntabel"),
    "KOMPETEN": _("Kompeten"),
    "HARMONIS": _("Harmonis"),
    "LOYAL": _("Loyal"),
    "ADAPTIF": _("Adaptif"),
    "KOLABORATIF": _("Kolaboratif"),
}


@dataclass(frozen=True)
class PeriodEvidence:
    """What one period of an employee shows (None where there is no evidence or it fails its rule)."""

    label: str
    result_rating: str = ""
    behaviour_rating: str = ""
    peers: Mapping[str, Mapping[str, int]] | None = None  # {value: {"ABOVE": n, ...}}, only at >= 3 answers
    ikm_letter: str | None = None  # only with >= 5 answers
    completed: int = 0
    within_standard_pct: Decimal | None = None
    handled: int = 0
    returned_pct: Decimal | None = None


@dataclass(frozen=True)
class Finding:
    code: str  # stable: development needs are exported by it
    kind: str  # "strength" | "need"
    title: str
    evidence: str


@dataclass(frozen=True)
class TalentRule:
    """One line of TALENT_RULES: which periods carry the evidence, when a period shows the pattern, and words."""

    code: str
    kind: str
    title: str
    has_evidence: Callable[[PeriodEvidence], bool]
    shows: Callable[[PeriodEvidence], bool]
    evidence: str  # %(hits)s of %(periods)s periods, listed in %(labels)s


def _peer_share(p: PeriodEvidence, value: str, level: str) -> Decimal:
    counts = p.peers[value]
    total = sum(counts.values())
    return Decimal(counts.get(level, 0)) / total if total else Decimal(0)


def _value_rules(value: str) -> tuple[TalentRule, TalentRule]:
    name = CORE_VALUE_LABELS[value]
    has = lambda p: p.peers is not None and value in p.peers  # noqa: E731
    return (
        TalentRule(
            f"NILAI_{value}_KUAT",
            "strength",
            gettext("Nilai %(value)s menonjol") % {"value": name},
            has,
            lambda p: _peer_share(p, value, "ABOVE") > PEER_MAJORITY_SHARE,
            gettext(
                "Lebih dari separuh rekan kerja menilai %(value)s di atas ekspektasi pada %%(hits)s dari %%(periods)s "
                "periode yang cukup tanggapannya (%%(labels)s)."
            )
            % {"value": name},
        ),
        TalentRule(
            f"NILAI_{value}_LEMAH",
            "need",
            gettext("Perlu pengembangan nilai %(value)s") % {"value": name},
            has,
            lambda p: _peer_share(p, value, "BELOW") > PEER_MAJORITY_SHARE,
            gettext(
                "Lebih dari separuh rekan kerja menilai %(value)s di bawah ekspektasi pada %%(hits)s dari "
                "%%(periods)s periode yang cukup tanggapannya (%%(labels)s)."
            )
            % {"value": name},
        ),
    )


def talent_rules() -> tuple[TalentRule, ...]:
    """The table the profile reads strengths and development needs from (built per call: texts follow the language)."""
    rated = lambda p: bool(p.result_rating)  # noqa: E731
    behaved = lambda p: bool(p.behaviour_rating)  # noqa: E731
    with_ikm = lambda p: p.ikm_letter is not None  # noqa: E731
    timed = lambda p: p.completed >= SERVICE_MIN_FILES and p.within_standard_pct is not None  # noqa: E731
    handled = lambda p: p.handled >= SERVICE_MIN_FILES and p.returned_pct is not None  # noqa: E731
    rules_ = [
        TalentRule(
            "HASIL_KUAT",
            "strength",
            gettext("Hasil kerja di atas ekspektasi"),
            rated,
            lambda p: p.result_rating == "ABOVE",
            gettext("Rating hasil kerja di atas ekspektasi pada %(hits)s dari %(periods)s periode (%(labels)s)."),
        ),
        TalentRule(
            "HASIL_LEMAH",
            "need",
            gettext("Hasil kerja perlu ditingkatkan"),
            rated,
            lambda p: p.result_rating == "BELOW",
            gettext("Rating hasil kerja di bawah ekspektasi pada %(hits)s dari %(periods)s periode (%(labels)s)."),
        ),
        TalentRule(
            "PERILAKU_KUAT",
            "strength",
            gettext("Perilaku kerja di atas ekspektasi"),
            behaved,
            lambda p: p.behaviour_rating == "ABOVE",
            gettext(
                "Pejabat penilai kinerja menilai perilaku kerja di atas ekspektasi pada %(hits)s dari "
                "%(periods)s periode "
                "(%(labels)s)."
            ),
        ),
        TalentRule(
            "PERILAKU_LEMAH",
            "need",
            gettext("Perilaku kerja perlu diperbaiki"),
            behaved,
            lambda p: p.behaviour_rating == "BELOW",
            gettext(
                "Pejabat penilai kinerja menilai perilaku kerja di bawah ekspektasi pada %(hits)s dari "
                "%(periods)s periode "
                "(%(labels)s)."
            ),
        ),
    ]
    for value in CORE_VALUE_LABELS:
        rules_.extend(_value_rules(value))
    rules_ += [
        TalentRule(
            "IKM_KUAT",
            "strength",
            gettext("Dinilai sangat baik oleh masyarakat"),
            with_ikm,
            lambda p: p.ikm_letter in IKM_STRONG_LETTERS,
            gettext(
                "IKM pribadi bermutu A (Sangat Baik) pada %(hits)s dari %(periods)s periode dengan sedikitnya "
                "5 tanggapan survei (%(labels)s)."
            ),
        ),
        TalentRule(
            "IKM_LEMAH",
            "need",
            gettext("Kepuasan masyarakat perlu ditingkatkan"),
            with_ikm,
            lambda p: p.ikm_letter in IKM_WEAK_LETTERS,
            gettext(
                "IKM pribadi bermutu C atau D pada %(hits)s dari %(periods)s periode dengan sedikitnya 5 tanggapan "
                "survei (%(labels)s)."
            ),
        ),
        TalentRule(
            "TEPAT_WAKTU_KUAT",
            "strength",
            gettext("Berkas layanan selesai tepat waktu"),
            timed,
            lambda p: p.within_standard_pct >= ON_TIME_STRONG_PCT,
            gettext(
                "Sedikitnya 90%% berkas selesai sesuai standar pelayanan pada %(hits)s dari %(periods)s periode "
                "(%(labels)s)."
            ),
        ),
        TalentRule(
            "TEPAT_WAKTU_LEMAH",
            "need",
            gettext("Ketepatan waktu layanan perlu ditingkatkan"),
            timed,
            lambda p: p.within_standard_pct < ON_TIME_WEAK_PCT,
            gettext(
                "Kurang dari 70%% berkas selesai sesuai standar pelayanan pada %(hits)s dari %(periods)s periode "
                "(%(labels)s)."
            ),
        ),
        TalentRule(
            "BERKAS_KEMBALI_LEMAH",
            "need",
            gettext("Ketelitian berkas perlu ditingkatkan"),
            handled,
            lambda p: p.returned_pct > RETURNED_WEAK_PCT,
            gettext(
                "Lebih dari 20%% berkas dikembalikan untuk perbaikan pada %(hits)s dari %(periods)s periode "
                "(%(labels)s)."
            ),
        ),
    ]
    return tuple(rules_)


def talent_findings(periods: Sequence[PeriodEvidence]) -> list[Finding]:
    """Strengths and development needs over an employee's periods (TALENT_RULES), each with its evidence in words."""
    found = []
    for rule in talent_rules():
        with_evidence = [p for p in periods if rule.has_evidence(p)]
        if len(with_evidence) < TALENT_MIN_PERIODS:
            continue
        hits = [p for p in with_evidence if rule.shows(p)]
        if Decimal(len(hits)) / len(with_evidence) <= TALENT_MOST_SHARE:
            continue
        words = rule.evidence % {
            "hits": len(hits),
            "periods": len(with_evidence),
            "labels": ", ".join(p.label for p in hits),
        }
        found.append(Finding(rule.code, rule.kind, rule.title, words))
    return found


# Nine-box (PermenPANRB 3/2020 tentang Manajemen Talenta ASN, Lampiran: "Matriks Talenta / 9 Kotak"): kinerja on
# one axis, potensi on the other. Kinerja is the last annual Predikat Kinerja Pegawai (PermenPANRB 6/2022):
# Sangat Baik = di atas ekspektasi, Baik = sesuai ekspektasi, lower = di bawah ekspektasi.
# Box numbers, names and tindak lanjut follow the Lampiran's table (the same numbering is used by several
# independent public implementations of the Lampiran, which were compared with this table):
#                potensi rendah  menengah  tinggi
#   kinerja atas        4           7        9
#   kinerja sesuai      2           5        8
#   kinerja bawah       1           3        6
# The leader decides; the map advises.
class PerformanceLevel(models.TextChoices):
    ABOVE = "ABOVE", _("Di atas ekspektasi")
    MEETS = "MEETS", _("Sesuai ekspektasi")
    BELOW = "BELOW", _("Di bawah ekspektasi")


PERFORMANCE_FROM_PREDICATE = {
    Predicate.SANGAT_BAIK: PerformanceLevel.ABOVE,
    Predicate.BAIK: PerformanceLevel.MEETS,
    Predicate.BUTUH_PERBAIKAN: PerformanceLevel.BELOW,
    Predicate.KURANG: PerformanceLevel.BELOW,
    Predicate.SANGAT_KURANG: PerformanceLevel.BELOW,
}


@dataclass(frozen=True)
class NineBox:
    number: int
    name: str
    action: str


NINE_BOX_TABLE: dict[tuple[str, str], tuple[int, str, str]] = {
    # (kinerja, potensi): (box, name, tindak lanjut)
    ("ABOVE", "TINGGI"): (
        9,
        _("Kinerja di atas ekspektasi dan potensial tinggi"),
        _("Dipromosikan dan dipertahankan; masuk kelompok rencana suksesi instansi/nasional; penghargaan."),
    ),
    ("MEETS", "TINGGI"): (
        8,
        _("Kinerja sesuai ekspektasi dan potensial tinggi"),
        _("Dipertahankan; masuk kelompok rencana suksesi instansi; rotasi/perluasan jabatan; bimbingan kinerja."),
    ),
    ("ABOVE", "MENENGAH"): (
        7,
        _("Kinerja di atas ekspektasi dan potensial menengah"),
        _(
            "Dipertahankan; masuk kelompok rencana suksesi instansi; rotasi/pengayaan jabatan; pengembangan "
            "kompetensi; tugas belajar."
        ),
    ),
    ("BELOW", "TINGGI"): (
        6,
        _("Kinerja di bawah ekspektasi dan potensial tinggi"),
        _("Penempatan yang sesuai; bimbingan kinerja; konseling kinerja."),
    ),
    ("MEETS", "MENENGAH"): (
        5,
        _("Kinerja sesuai ekspektasi dan potensial menengah"),
        _("Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi."),
    ),
    ("ABOVE", "RENDAH"): (
        4,
        _("Kinerja di atas ekspektasi dan potensial rendah"),
        _("Rotasi; pengembangan kompetensi."),
    ),
    ("BELOW", "MENENGAH"): (
        3,
        _("Kinerja di bawah ekspektasi dan potensial menengah"),
        _("Bimbingan kinerja; konseling kinerja; pengembangan kompetensi; penempatan yang sesuai."),
    ),
    ("MEETS", "RENDAH"): (
        2,
        _("Kinerja sesuai ekspektasi dan potensial rendah"),
        _("Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai."),
    ),
    ("BELOW", "RENDAH"): (
        1,
        _("Kinerja di bawah ekspektasi dan potensial rendah"),
        _("Diproses sesuai ketentuan peraturan perundang-undangan."),
    ),
}
NINE_BOX_ROWS = ("ABOVE", "MEETS", "BELOW")  # kinerja, top to bottom
NINE_BOX_COLUMNS = ("RENDAH", "MENENGAH", "TINGGI")  # potensi, left to right


def nine_box(annual: Predicate | str | None, potential: str | None) -> NineBox | None:
    """The box of an annual predicate and a potential; None when either is missing (never guessed)."""
    if not annual or not potential:
        return None
    level = PERFORMANCE_FROM_PREDICATE[Predicate(annual)]
    number, name, action = NINE_BOX_TABLE[(str(level), potential)]
    return NineBox(number, str(name), str(action))


def nine_box_by_number(number: int) -> NineBox | None:
    for box, name, action in NINE_BOX_TABLE.values():
        if box == number:
            return NineBox(box, str(name), str(action))
    return None


# Placement advice for positions serving the public directly: the evidence that matters there, each share on a
# 0–1 scale; a part whose rule fails (fewer than 3 peer answers in every period, fewer than 5 survey answers, fewer
# than SERVICE_MIN_FILES files) is left out, and a candidate is ranked only on PLACEMENT_MIN_PARTS parts or more.
PLACEMENT_VALUES = ("PELAYANAN", "HARMONIS")
PLACEMENT_MIN_PARTS = 2


@dataclass(frozen=True)
class PlacementEvidence:
    peer_above: Mapping[str, Decimal | None]  # value -> share of peers' answers above expectation (None: too few)
    ikm_value: Decimal | None  # officer's IKM (None below 5 answers)
    within_standard_pct: Decimal | None  # None below SERVICE_MIN_FILES completed
    returned_pct: Decimal | None  # None below SERVICE_MIN_FILES handled


def placement_score(evidence: PlacementEvidence) -> Decimal | None:
    """The mean of the usable parts (0–1, higher is better), or None when too few parts pass their rules."""
    parts = [share for value in PLACEMENT_VALUES if (share := evidence.peer_above.get(value)) is not None]
    if evidence.ikm_value is not None:
        parts.append(evidence.ikm_value / 100)
    if evidence.within_standard_pct is not None:
        parts.append(evidence.within_standard_pct / 100)
    if evidence.returned_pct is not None:
        parts.append(1 - evidence.returned_pct / 100)
    if len(parts) < PLACEMENT_MIN_PARTS:
        return None
    return (sum(parts) / len(parts)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
