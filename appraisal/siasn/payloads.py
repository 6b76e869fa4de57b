"""A final evaluation as the body SIASN's kinerja endpoints take, in their field order (which the manual-entry export
keeps). Periodic periods go to /kinerjaperiodik/save; the final period of the year (Triwulan IV-Akhir or
Desember-Akhir, rules.is_final_period), which carries the annual predicate, goes to /skp22/save.

Codes (appraisal/siasn/codes.py): hasilKinerjaNilai and perilakuKerjaNilai 1 above / 2 meets / 3 below expectation;
kuadranKinerjaNilai 1 Sangat Baik … 5 Sangat Kurang; periodikId 1 monthly / 2 quarterly; penilaiGolongan SIASN's
golongan id (31 = III/a). The appraiser is the one the evaluation recorded (its snapshot), else today's
(org.selectors.appraiser_for). koefisienId (angka kredit of functional positions) is left empty: this system keeps
no coefficient reference; SIASN fills its default.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from appraisal import rules
from appraisal.models import Evaluation
from appraisal.org.selectors import appraiser_for
from appraisal.siasn import codes

PERIODIC = "/kinerjaperiodik/save"
ANNUAL = "/skp22/save"
PERIODIC_FIELDS = (
    "pnsDinilaiId", "tahun", "periodikId", "bulanMulaiPenilaian", "bulanSelesaiPenilaian", "tahunMulaiPenilaian",
    "tahunSelesaiPenilaian", "hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerjaNilai", "koefisienId",
    "penilaiNipNrp", "penilaiNama", "penilaiJabatanNama", "penilaiGolongan", "penilaiUnorNama", "statusPenilai",
)  # fmt: skip
ANNUAL_FIELDS = (
    "pnsDinilaiOrang", "tahun", "hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerjaNilai", "penilaiNipNrp",
    "penilaiNama", "penilaiJabatan", "penilaiGolongan", "penilaiUnorNama", "statusPenilai",
)  # fmt: skip


def endpoint_for(evaluation: Evaluation) -> str:
    return ANNUAL if rules.is_final_period(evaluation.period.kind) else PERIODIC


def fields_for(endpoint: str) -> tuple[str, ...]:
    return ANNUAL_FIELDS if endpoint == ANNUAL else PERIODIC_FIELDS


def _appraiser(evaluation: Evaluation) -> dict[str, Any]:
    appraiser = evaluation.appraiser or appraiser_for(evaluation)
    if appraiser is None:
        return {"nip": "", "name": "", "title": "", "grade": "", "unit": "", "status": ""}
    title = evaluation.appraiser_position_title or (appraiser.position.title if appraiser.position else "")
    unit = appraiser.position.unit.name if appraiser.position else ""
    grade = codes.PNS_GRADE_ID.get(appraiser.grade, appraiser.grade)
    return {"nip": appraiser.nip, "name": appraiser.full_name, "title": title, "grade": str(grade), "unit": unit,
            "status": "ASN"}  # fmt: skip


def payload(evaluation: Evaluation) -> dict[str, Any]:
    """The body for endpoint_for(evaluation), in the endpoint's field order; `id` is added by the sender when it
    replaces an earlier row."""
    period = evaluation.period
    ratings = {
        "hasilKinerjaNilai": codes.RATING_CODE.get(evaluation.result_rating),
        "perilakuKerjaNilai": codes.RATING_CODE.get(evaluation.behaviour_rating),
        "kuadranKinerjaNilai": codes.PREDICATE_CODE.get(evaluation.predicate),
    }
    who = _appraiser(evaluation)
    if endpoint_for(evaluation) == ANNUAL:
        body = {"pnsDinilaiOrang": evaluation.employee.siasn_id or "", "tahun": period.year, **ratings,
                "penilaiNipNrp": who["nip"], "penilaiNama": who["name"], "penilaiJabatan": who["title"]}  # fmt: skip
    else:
        monthly = period.kind in rules.MONTHLY
        body = {
            "pnsDinilaiId": evaluation.employee.siasn_id or "",
            "tahun": period.year,
            "periodikId": codes.PERIODIK_MONTHLY if monthly else codes.PERIODIK_QUARTERLY,
            "bulanMulaiPenilaian": period.start_date.month,
            "bulanSelesaiPenilaian": period.end_date.month,
            "tahunMulaiPenilaian": period.start_date.year,
            "tahunSelesaiPenilaian": period.end_date.year,
            **ratings,
            "koefisienId": "",
            "penilaiNipNrp": who["nip"],
            "penilaiNama": who["name"],
            "penilaiJabatanNama": who["title"],
        }
    body |= {"penilaiGolongan": who["grade"], "penilaiUnorNama": who["unit"], "statusPenilai": who["status"]}
    return {name: body[name] for name in fields_for(endpoint_for(evaluation))}


def fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def same_period(row: dict[str, Any], body: dict[str, Any], endpoint: str) -> bool:
    """Whether a row of SIASN's history covers the period of `body` (the duplicate check)."""

    def num(value: Any) -> int | None:
        return codes.to_int(value) if value not in (None, "") else None

    if num(row.get("tahun")) != num(body["tahun"]):
        return False
    if endpoint == ANNUAL:
        return True
    keys = ("periodikId", "bulanMulaiPenilaian", "bulanSelesaiPenilaian")
    return all(num(row.get(k)) == num(body[k]) for k in keys)
