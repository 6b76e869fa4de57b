"""Demo talent data (issue 14): last year's four closed quarters for Kecamatan Alak, potential for part of the staff,
the counter positions marked as serving the public, and a few development plans agreed in a dialog kinerja.

Last year is history the office brought along (as if imported from the paper/e-Kinerja archive): its periods,
SKPs and final evaluations are written in bulk, with history rows, not driven through the flow; each stored
predicate is the kuadran's (rules.predicate). Peers' answers exist for the counter staff only, three per quarter
(the anonymity threshold), so their strengths show. Idempotent: skipped once last year's Triwulan IV exists.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from simple_history.utils import bulk_create_with_history

from appraisal import rules
from appraisal.evaluation.services import dialogue_record
from appraisal.models import (
    AssessmentSource,
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    PeerFeedback,
    PerformancePlan,
    Period,
    PlanStatus,
    Position,
    PotentialAssessment,
    PotentialLevel,
    Unit,
)
from appraisal.org.selectors import appraiser_of, today, unit_subtree_ids
from appraisal.talent import selectors as talent
from appraisal.talent.services import development_action_agree

# Counter and PATEN positions (DESIGN.md section 4): the kecamatan's service desk and each kelurahan's front office.
PUBLIC_TITLES = ("Pengadministrasi Pelayanan", "Pengolah Data Pelayanan", "Pengadministrasi Umum")

# (result, behaviour) per quarter; employee i gets pattern i % len (the same four quarters in order).
PATTERNS = (
    ("ABOVE", "ABOVE"),
    ("MEETS", "MEETS"),
    ("MEETS", "ABOVE"),
    ("ABOVE", "MEETS"),
    ("MEETS", "MEETS"),
    ("BELOW", "MEETS"),
    ("MEETS", "MEETS"),
)
POTENTIALS = (PotentialLevel.TINGGI, PotentialLevel.MENENGAH, PotentialLevel.MENENGAH, PotentialLevel.RENDAH)
VALUES = [v.value for v in CoreValue]


def _mark_public_positions(units: set[int]) -> int:
    marked = 0
    for position in Position.objects.filter(unit_id__in=units, title__in=PUBLIC_TITLES, serves_public=False):
        position.serves_public = True
        position.save()  # with its history row: HR would tick the same box on the position form
        marked += 1
    return marked


def _peer_answers(evaluation: Evaluation, i: int, quarter: int) -> list[PeerFeedback]:
    """Three answers: counter staff warm with citizens (Berorientasi Pelayanan, Harmonis), one in three not."""
    strong = i % 3 != 2
    answers = []
    for n in range(rules.MIN_PEER_RESPONSES):
        ratings = {v: "MEETS" for v in VALUES}
        if strong:
            ratings["PELAYANAN"] = "ABOVE" if n < 2 else "MEETS"
            ratings["HARMONIS"] = "ABOVE" if (n + quarter) % 3 else "MEETS"
        else:
            ratings["KOLABORATIF"] = "BELOW" if n < 2 else "MEETS"
        answers.append(PeerFeedback(evaluation=evaluation, ratings=ratings))
    return answers


def _last_year(hr: User, kecamatan: Unit, staff: list[Employee], year: int) -> int:
    periods = []
    for kind in rules.QUARTERLY:
        start, end = rules.period_bounds(kind, year)
        periods.append(
            Period(
                year=year, kind=kind, unit=kecamatan, start_date=start, end_date=end, peer_deadline=end, opened_by=hr
            )
        )
    periods = bulk_create_with_history(periods, Period, default_user=hr)
    plans = bulk_create_with_history(
        [
            PerformancePlan(
                employee=e,
                year=year,
                status=PlanStatus.APPROVED,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                position=e.position,
                unit=e.position.unit,
                position_title=e.position.title,
            )
            for e in staff
        ],
        PerformancePlan,
        default_user=hr,
    )
    evaluations = []
    for i, (employee, plan) in enumerate(zip(staff, plans, strict=True)):
        result, behaviour = PATTERNS[i % len(PATTERNS)]
        for quarter, period in enumerate(periods):
            # A steady pattern with one ordinary quarter: strengths are "most periods", not every one.
            r, b = (result, behaviour) if quarter != 1 else ("MEETS", "MEETS")
            position = employee.position
            evaluations.append(
                Evaluation(
                    employee=employee,
                    period=period,
                    plan=plan,
                    status=EvaluationStatus.FINAL,
                    position=position,
                    unit=position.unit,
                    position_title=position.title,
                    unit_name=position.unit.name,
                    grade=employee.grade,
                    employee_name=employee.full_name,
                    result_rating=r,
                    behaviour_rating=b,
                    predicate=rules.predicate(rules.Rating(r), rules.Rating(b)),
                    org_predicate="BAIK" if position.is_unit_head else "",
                    appraiser_feedback="Dipindahkan dari arsip penilaian tahun lalu.",
                    rated_at=dt.datetime.combine(period.end_date, dt.time(12), tzinfo=dt.UTC),
                    is_final=True,
                )
            )
    evaluations = bulk_create_with_history(evaluations, Evaluation, default_user=hr)
    public = {e.pk for e in staff if e.position.serves_public}
    answers = []
    for i, employee in enumerate(staff):
        if employee.pk in public:
            for quarter, ev in enumerate(evaluations[i * 4 : i * 4 + 4]):
                answers += _peer_answers(ev, i, quarter)
    PeerFeedback.objects.bulk_create(answers)
    return len(evaluations)


def _potentials(hr: User, staff: list[Employee], year: int) -> int:
    """Two in three employees assessed (uji kompetensi or assessment center); the others 'potensi belum dinilai'."""
    records = [
        PotentialAssessment(
            employee=e,
            level=POTENTIALS[i % len(POTENTIALS)],
            source=AssessmentSource.ASSESSMENT_CENTER if i % 2 else AssessmentSource.UJI_KOMPETENSI,
            assessed_on=dt.date(year, 11, 10),
            document_number=f"800/{e.pk:03d}/BKPSDM-UK/{year}",
            recorded_by=hr,
        )
        for i, e in enumerate(staff)
        if i % 3 != 2
    ]
    return len(bulk_create_with_history(records, PotentialAssessment, default_user=hr))


def _development_plans(staff: list[Employee], limit: int = 4) -> int:
    """For a few employees with a development need, a dialog kinerja today and one agreed action each."""
    written = 0
    on = today()
    for employee in staff:
        if written >= limit:
            break
        needs = talent.profile(employee).needs
        appraiser = appraiser_of(employee)
        if not needs or appraiser is None or appraiser.user is None:
            continue
        need = needs[0]
        dialogue = dialogue_record(
            employee=employee,
            actor=appraiser.user,
            held_on=on,
            topic="Rencana pengembangan",
            notes=f"Membahas {need.title.lower()}: {need.evidence}",
            follow_up="Pelatihan dan pendampingan disepakati.",
        )
        development_action_agree(
            employee=employee,
            actor=appraiser.user,
            dialogue=dialogue,
            need_code=need.code,
            need_label=need.title,
            kind="PELATIHAN" if written % 2 == 0 else "COACHING",
            description="Pelatihan pelayanan prima" if written % 2 == 0 else "Pendampingan oleh Kasi setiap bulan",
            target_date=on + dt.timedelta(days=120),
        )
        written += 1
    return written


def seed_talent(hr: User) -> dict[str, int]:
    kecamatan = Unit.objects.get(code="kec-alak")
    year = today().year - 1
    units = unit_subtree_ids([kecamatan.pk])
    marked = _mark_public_positions(units)
    if Period.objects.filter(unit=kecamatan, year=year, kind="TW4").exists():
        return {"positions": marked, "evaluations": 0, "potentials": 0, "plans": 0}
    staff = list(
        Employee.objects.filter(is_active=True, position__unit_id__in=units, user__isnull=False)
        .select_related("position", "position__unit")
        .order_by("id")
    )
    evaluations = _last_year(hr, kecamatan, staff, year)
    potentials = _potentials(hr, staff, year)
    plans = _development_plans(staff)
    return {"positions": marked, "evaluations": evaluations, "potentials": potentials, "plans": plans}
