"""Demo service-desk data: service types of the kelurahan and the kecamatan (PATEN), 2026 public holidays,
a year of citizens' files at the demo counters and survey answers, so figures and reports mean something."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appraisal import rules
from appraisal.models import (
    Employee,
    PositionKind,
    PublicHoliday,
    ServiceRequest,
    ServiceType,
    SurveyResponse,
    SurveyToken,
    Unit,
    UnitKind,
)
from appraisal.models.service import new_short_code, new_survey_token
from appraisal.org.selectors import today
from appraisal.service_desk.services import counter_files_prepare_bulk

WITA = ZoneInfo("Asia/Makassar")

# Keputusan Bersama Menteri on 2026 national holidays and cuti bersama (the dates that fall on weekdays matter).
HOLIDAYS_2026 = {
    dt.date(2026, 1, 1): "Tahun Baru Masehi",
    dt.date(2026, 1, 16): "Isra Mikraj Nabi Muhammad SAW",
    dt.date(2026, 2, 17): "Tahun Baru Imlek",
    dt.date(2026, 3, 19): "Hari Suci Nyepi",
    dt.date(2026, 3, 20): "Idul Fitri 1447 H",
    dt.date(2026, 3, 23): "Cuti bersama Idul Fitri",
    dt.date(2026, 4, 3): "Wafat Yesus Kristus",
    dt.date(2026, 5, 1): "Hari Buruh Internasional",
    dt.date(2026, 5, 14): "Kenaikan Yesus Kristus",
    dt.date(2026, 5, 27): "Idul Adha 1447 H",
    dt.date(2026, 5, 31): "Hari Raya Waisak",
    dt.date(2026, 6, 1): "Hari Lahir Pancasila",
    dt.date(2026, 6, 16): "Tahun Baru Islam 1448 H",
    dt.date(2026, 8, 17): "Hari Kemerdekaan RI",
    dt.date(2026, 8, 25): "Maulid Nabi Muhammad SAW",
    dt.date(2026, 12, 24): "Cuti bersama Natal",
    dt.date(2026, 12, 25): "Hari Raya Natal",
}

# (code, name, standard, unit (DAYS|HOURS), offered by KELURAHAN / KECAMATAN, weight, requirements)
SERVICE_TYPES = [
    ("domisili", "Surat Keterangan Domisili", 1, "DAYS", "KELURAHAN", 30, "KTP, KK, surat pengantar RT/RW"),
    ("usaha", "Surat Keterangan Usaha", 1, "DAYS", "KELURAHAN", 18, "KTP, KK, pengantar RT/RW, foto tempat usaha"),
    ("sktm", "Surat Keterangan Tidak Mampu", 1, "DAYS", "KELURAHAN", 14, "KTP, KK, pengantar RT/RW"),
    ("pengantar-ktp-kk", "Surat Pengantar KTP/KK", 2, "HOURS", "KELURAHAN", 25, "KK, akta kelahiran/nikah"),
    ("ahli-waris", "Surat Keterangan Ahli Waris", 5, "DAYS", "KELURAHAN", 5, "Akta kematian, KK, KTP para ahli waris"),
    ("kelahiran", "Surat Keterangan Kelahiran", 1, "DAYS", "KELURAHAN", 8, "Surat keterangan lahir, KK, KTP orang tua"),
    ("paten-iumk", "Izin Usaha Mikro Kecil (PATEN)", 3, "DAYS", "KECAMATAN", 20, "KTP, NPWP, surat keterangan usaha"),
    (
        "paten-ahli-waris",
        "Pengesahan Surat Ahli Waris (PATEN)",
        5,
        "DAYS",
        "KECAMATAN",
        12,
        "Surat keterangan ahli waris",
    ),
    ("paten-rekomendasi", "Rekomendasi Kecamatan (PATEN)", 2, "DAYS", "KECAMATAN", 15, "Surat permohonan, KTP"),
    ("paten-legalisasi", "Legalisasi Dokumen (PATEN)", 2, "HOURS", "KECAMATAN", 25, "Dokumen asli dan fotokopi"),
]


def _counter_staff(unit: Unit) -> list[Employee]:
    return list(
        Employee.objects.filter(
            position__unit=unit, position__kind=PositionKind.PELAKSANA, is_active=True, user__isnull=False
        ).order_by("id")
    )


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if rules.is_working_day(day, HOLIDAYS_2026):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _add_working_days(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if rules.is_working_day(day, HOLIDAYS_2026):
            n -= 1
    return day


def seed_service_desk() -> dict[str, int]:
    """Create the service types, holidays and a year of files once (idempotent: skipped when files exist)."""
    for date, name in HOLIDAYS_2026.items():
        PublicHoliday.objects.get_or_create(date=date, defaults={"name": name})
    kelurahan = list(Unit.objects.filter(kind=UnitKind.KELURAHAN))
    kecamatan = list(Unit.objects.filter(kind=UnitKind.KECAMATAN))
    types: dict[str, ServiceType] = {}
    for code, name, value, unit, level, _, requirements in SERVICE_TYPES:
        service, created = ServiceType.objects.get_or_create(
            code=code,
            defaults={"name": name, "standard_value": value, "standard_unit": unit, "requirements": requirements},
        )
        if created:
            service.units.set(kelurahan if level == "KELURAHAN" else kecamatan)
        types[code] = service
    if ServiceRequest.objects.exists():
        return {"requests": 0, "responses": 0}

    rng = random.Random(2026)  # noqa: S311 (repeatable demo data, not security)
    end = today() - dt.timedelta(days=1)
    days = _working_days(dt.date(end.year, 1, 2), end)
    now = timezone.now()
    requests: list[ServiceRequest] = []
    for unit in [*kecamatan, *kelurahan]:
        staff = _counter_staff(unit)
        if not staff:
            continue
        level = "KECAMATAN" if unit.kind == UnitKind.KECAMATAN else "KELURAHAN"
        offered = [(types[c], w) for c, _, _, _, lv, w, _ in SERVICE_TYPES if lv == level]
        per_day = 3.0 if level == "KECAMATAN" else 0.7
        speed = rng.uniform(0.75, 0.97)  # each counter has its own habits
        for day in days:
            for _ in range(int(per_day) + (rng.random() < per_day % 1)):
                service = rng.choices([s for s, _ in offered], weights=[w for _, w in offered])[0]
                received = dt.datetime.combine(day, dt.time(8, 0), tzinfo=WITA) + dt.timedelta(
                    minutes=rng.randint(0, 6 * 60)
                )
                roll = rng.random()
                rounds = 1 if roll < 0.08 else 0
                if day >= end - dt.timedelta(days=2) and roll > 0.6:
                    status, completed = ServiceRequest.Status.RECEIVED, None
                elif roll > 0.97:
                    status, completed = ServiceRequest.Status.REJECTED, received + dt.timedelta(hours=2)
                else:
                    status = ServiceRequest.Status.COMPLETED
                    if service.standard_unit == "HOURS":
                        hours = service.standard_value * (rng.uniform(0.3, 0.9) if rng.random() < speed else 2.5)
                        completed = received + dt.timedelta(hours=hours)
                    else:
                        late = rng.random() > speed
                        taken = service.standard_value + (
                            rng.randint(1, 3) if late else -rng.randint(0, service.standard_value - 1)
                        )
                        done_day = _add_working_days(day, max(taken, 1) - 1 + rounds)
                        completed = dt.datetime.combine(done_day, dt.time(9, 0), tzinfo=WITA) + dt.timedelta(
                            minutes=rng.randint(0, 7 * 60)
                        )
                        completed = max(completed, received + dt.timedelta(minutes=20))
                    completed = min(completed, now)
                requests.append(
                    ServiceRequest(
                        service_type=service,
                        unit=unit,
                        officer=rng.choice(staff),
                        received_at=received,
                        completed_at=completed,
                        status=status,
                        correction_rounds=rounds,
                    )
                )
    counter_files_prepare_bulk(requests)  # numbers from the units' sequences, timing of the completed files
    bulk_create_with_history(requests, ServiceRequest, batch_size=500)
    saved = list(
        ServiceRequest.objects.filter(status=ServiceRequest.Status.COMPLETED).values_list(
            "id", "received_at", "completed_at", "service_type_id", "unit_id", "officer_id"
        )
    )
    tokens, responses = [], []
    for pk, received, completed, service_id, unit_id, officer_id in saved:
        answered = rng.random() < 0.55
        when = completed + dt.timedelta(hours=rng.randint(1, 48)) if answered else None
        if when is not None and when > now:
            when, answered = None, False
        tokens.append(
            SurveyToken(
                request_id=pk,
                token=new_survey_token(),
                short_code=new_short_code(),
                expires_at=received + dt.timedelta(days=30),
                used_at=when,
            )
        )
        if answered:
            base = rng.choices([4, 3, 2], weights=[45, 45, 10])[0]
            scores = [min(4, max(1, base + rng.choice([0, 0, 0, 1, -1]))) for _ in range(9)]
            responses.append(
                SurveyResponse(
                    service_type_id=service_id,
                    unit_id=unit_id,
                    officer_id=officer_id,
                    submitted_on=timezone.localdate(when),
                    scores=scores,
                    comment=rng.choice(
                        [
                            "",
                            "",
                            "",
                            "Pelayanan cepat dan ramah.",
                            "Antrean perlu diatur.",
                            "Ruang tunggu kurang nyaman.",
                            "Petugas sangat membantu.",
                        ]
                    ),
                )
            )
    SurveyToken.objects.bulk_create(tokens, batch_size=1000)
    SurveyResponse.objects.bulk_create(responses, batch_size=1000)
    return {"requests": len(requests), "responses": len(responses)}
