"""Demo evaluations: an open Triwulan III period for Kecamatan Alak with evaluations in every state.

Written through the evaluation services, so the flow, the history and the final documents are real:
Lurah Mantasi self-assessing; a Mantasi staff member waiting for peers (the printed staff login is one of
them); another waiting for the Kasi's rating; the Kasi Pemerintahan of Mantasi asked to acknowledge; the
Lurah of Namosain's objection waiting for the Sekda's decision; the Lurah of Nunbaun Sabu's objection decided
and signed off; the Lurah of Fatufeto waiting for HR's sign-off; the Lurah of Alak final without objection; the
Camat's objection decided by the Wali Kota, designated by HR's letter because the chart has no Atasan above the Sekda;
a Mantasi staff member moved to Kelurahan Alak on 1 October, whose Triwulan III waits for Mantasi's Kasi.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import cycle

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from appraisal.evaluation.selectors import eligible_employees
from appraisal.evaluation.services import (
    evaluation_document_store,
    feedback_give,
    period_create,
    realization_save,
    unit_performance_set,
)
from appraisal.models import (
    CoreValue,
    Employee,
    Evaluation,
    Feedback,
    Objection,
    Period,
    Position,
    Transfer,
    Unit,
)
from appraisal.org.selectors import today
from workflows.evaluation_flow import EvaluationFlow
from workflows.opening import period_populate
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    evaluation_sign_off,
    objection_decide,
    objection_explain,
    objection_file,
    open_peer_tasks,
    peer_feedback_submit,
    self_assessment_submit,
    task_at,
)
from workflows.steps.reassign import objection_designate
from workflows.steps.skp import employee_transfer

ORG_PREDICATES = {"kel-namosain": "ISTIMEWA", "kel-alak": "ISTIMEWA", "kel-fatufeto": "BUTUH_PERBAIKAN"}
PEER_LEVELS = cycle(["ABOVE", "MEETS", "MEETS", "ABOVE", "MEETS"])
PEER_COMMENTS = cycle(
    [
        "Selalu sigap membantu warga di loket.",
        "Perlu lebih tepat waktu menyampaikan laporan.",
        "Kerja sama dengan seksi lain sangat baik.",
    ]
)


def _evaluation(period: Period, unit_code: str, title: str, seat: int = 0) -> Evaluation | None:
    found = list(
        Evaluation.objects.filter(period=period, unit__code=unit_code, position_title=title)
        .select_related("employee__user", "period")
        .order_by("employee_id")
    )
    return found[seat] if len(found) > seat else None


def _fill(ev: Evaluation, *, submit: bool = True, share: int = 1) -> None:
    user = ev.employee.user
    for n, realization in enumerate(ev.realizations.select_related("indicator").order_by("id")):
        if not submit and n >= share:
            break
        target = realization.indicator.target_value
        value = (target * Decimal("0.8") if realization.indicator.aspect == "KUANTITAS" else target).quantize(
            Decimal("1")
        )
        realization_save(
            realization=realization, actor=user, value=value, note="Sesuai laporan bulanan Juli–September."
        )
    if submit:
        self_assessment_submit(
            evaluation=ev, actor=user, text="Sebagian besar target triwulan tercapai; kendala pada jaringan internet."
        )


def _answer_peers(ev: Evaluation) -> None:
    for task in open_peer_tasks(ev):
        ratings = {value: next(PEER_LEVELS) for value in CoreValue.values}
        peer_feedback_submit(task=task, actor=task.owner, ratings=ratings, comment=next(PEER_COMMENTS))


def _rate(ev: Evaluation, result: str = "MEETS", behaviour: str = "MEETS") -> None:
    task = task_at(ev, EvaluationFlow.rate)
    evaluation_rate(
        evaluation=ev,
        actor=task.owner,
        result_rating=result,
        behaviour_rating=behaviour,
        feedback="Pertahankan pelayanan yang cepat; lengkapi bukti dukung setiap bulan.",
    )


def _object(ev: Evaluation, *, explain: bool) -> None:
    objection_file(evaluation=ev, actor=ev.employee.user, reasons="Capaian IKM kelurahan belum diperhitungkan.")
    if explain:
        appraiser_task = task_at(ev, EvaluationFlow.explain_appraiser)
        objection_explain(evaluation=ev, actor=appraiser_task.owner, text="Data IKM diterima setelah penilaian.")
        objection_explain(evaluation=ev, actor=ev.employee.user, text="Hasil survei sudah dikirim 30 September.")


def _sign_off(ev: Evaluation) -> None:
    task = task_at(ev, EvaluationFlow.sign_off)
    evaluation_sign_off(evaluation=ev, actor=task.owner)
    evaluation_document_store(evaluation_id=ev.pk)  # the demo shows the document at once (the job then no-ops)


# The kepala daerah, outside the kecamatan's chart: designated by letter to decide the Camat's objection.
DESIGNATED_USERNAME = "walikota.kupang"
DESIGNATED_NAME = ("Yohanes", "Manafe (Wali Kota Kupang)")
# A Mantasi staff member moved to Kelurahan Alak on 1 October: Triwulan III stays with Mantasi's Kasi.
TRANSFERRED = ("kel-mantasi", "Pengadministrasi Pemberdayaan Masyarakat")
TRANSFERRED_TO = ("kel-alak", "Pengadministrasi Pemberdayaan Masyarakat")


def designated_official(password_hash: str) -> User:
    user, _created = User.objects.get_or_create(
        username=DESIGNATED_USERNAME,
        defaults={"first_name": DESIGNATED_NAME[0], "last_name": DESIGNATED_NAME[1], "password": password_hash},
    )
    return user


def _seed_transfer(hr: User, year: int) -> Employee | None:
    """Record the demo's mutasi (once): the old SKP closes on 30 September, the new one starts on 1 October."""
    if Transfer.objects.exists():
        return None
    employee = (
        Employee.objects.filter(position__unit__code=TRANSFERRED[0], position__title=TRANSFERRED[1], is_active=True)
        .order_by("id")
        .first()
    )
    position = Position.objects.filter(unit__code=TRANSFERRED_TO[0], title=TRANSFERRED_TO[1]).first()
    if employee is None or position is None:
        return None
    on = min(dt.date(year, 10, 1), today())
    employee_transfer(
        employee=employee,
        position=position,
        effective_date=on,
        decree_number=f"800.1/{employee.pk:03d}/BKPSDM/{year}",
        actor=hr,
    )
    return employee


def _designated_decision(ev: Evaluation, hr: User, official: User) -> None:
    """The Camat objects; the chart has no Atasan above the Sekda, so HR records the Wali Kota's designation
    and the Wali Kota decides (PP 30/2019 Pasal 59)."""
    _fill(ev)
    _answer_peers(ev)
    _rate(ev, "MEETS", "MEETS")
    _object(ev, explain=True)
    objection_designate(evaluation=ev, official=official, letter=f"800.1/{ev.period.year}/SETDA/KEP-{ev.pk:03d}", by=hr)
    objection_decide(
        evaluation=ev,
        actor=official,
        decision=Objection.Decision.UPHELD,
        notes="Penilaian Sekretaris Daerah sesuai bukti dukung; keberatan tidak beralasan.",
    )
    _sign_off(ev)


# Triwulan II, closed: every evaluation final, ratings spread so each kelurahan's distribution has a shape.
TW2_RATINGS = cycle(
    [("MEETS", "MEETS"), ("ABOVE", "ABOVE"), ("MEETS", "ABOVE"), ("BELOW", "MEETS"), ("MEETS", "MEETS")]
)
# Continuous feedback given over the last weeks (days ago, kind, text), from each appraiser to their team.
FEEDBACK_WEEKS = [
    (3, "APRESIASI", "Terima kasih, antrean loket hari Senin selesai sebelum pukul 12.00."),
    (10, "MASUKAN", "Lengkapi bukti dukung realisasi bulan ini sebelum tanggal 5."),
    (17, "APRESIASI", "Laporan kependudukan dikirim tepat waktu dan rapi."),
    (24, "APRESIASI", "Warga menyampaikan pelayanan yang ramah; pertahankan."),
    (38, "MASUKAN", "Koordinasikan jadwal piket dengan seksi lain agar loket tidak kosong."),
]


def _seed_closed_quarter(hr: User, kecamatan: Unit, year: int) -> int:
    """Triwulan II of the year, opened, rated, accepted and signed off: the dashboards have a closed period with
    history beside the open one (documents are left to the job queue)."""
    period = period_create(
        unit=kecamatan,
        year=year,
        kind="TW2",
        start_date=dt.date(year, 4, 1),
        end_date=dt.date(year, 6, 30),
        peer_deadline=min(today(), dt.date(year, 7, 10)),
        actor=hr,
    )
    period_populate(period.pk)
    for unit in Unit.objects.filter(pk__in=period.evaluations.values("unit_id")):
        unit_performance_set(
            period=period,
            unit=unit,
            predicate=ORG_PREDICATES.get(unit.code, "BAIK"),
            decree_number=f"800/{unit.pk:03d}/KEC-ALAK/{year}/TW2",
            decree_date=min(today(), dt.date(year, 7, 5)),
            actor=hr,
        )
    done = 0
    for ev in period.evaluations.select_related("employee__user", "period").order_by("unit_name", "employee_id"):
        if task_at(ev, EvaluationFlow.self_assess) is None:
            continue
        _fill(ev)
        _answer_peers(ev)
        result, behaviour = next(TW2_RATINGS)
        task = task_at(ev, EvaluationFlow.rate)
        if task is None or task.owner is None:
            continue
        _rate(ev, result, behaviour)
        ev.refresh_from_db()
        evaluation_accept(evaluation=ev, actor=ev.employee.user)
        sign_off = task_at(ev, EvaluationFlow.sign_off)
        evaluation_sign_off(evaluation=ev, actor=sign_off.owner)
        done += 1
    return done


def _seed_feedback_weeks(year: int) -> int:
    """Appreciation and suggestions over the last weeks, through the service (history and notifications), then
    dated back: the dashboards' feedback habit and the employees' homes show a living record."""
    given = 0
    evaluations = (
        Evaluation.objects.filter(period__year=year, period__kind="TW3", appraiser__user__isnull=False)
        .select_related("employee", "appraiser__user")
        .order_by("unit_name", "employee_id")
    )
    now = timezone.now()
    for n, ev in enumerate(evaluations):
        if n % 3 == 2:
            continue  # a third of each team has had no feedback: the nudge and the dashboard name them
        days, kind, text = FEEDBACK_WEEKS[n % len(FEEDBACK_WEEKS)]
        try:
            feedback = feedback_give(employee=ev.employee, actor=ev.appraiser.user, text=text, kind=kind)
        except (PermissionDenied, ValidationError):
            continue  # not the employee's appraiser today (a mutasi, a designation)
        when = now - dt.timedelta(days=days)
        Feedback.objects.filter(pk=feedback.pk).update(created_at=when)  # demo data: dated back
        Feedback.history.filter(id=feedback.pk).update(history_date=when)
        given += 1
    return given


def seed_evaluations(hr: User, password_hash: str) -> dict[str, int]:
    """Open Triwulan III of the current year for Kecamatan Alak once, and drive demo evaluations."""
    year = today().year
    kecamatan = Unit.objects.get(code="kec-alak")
    if Period.objects.filter(year=year, kind="TW3", unit=kecamatan).exists():
        return {"periods": 0, "evaluations": 0}
    _seed_transfer(hr, year)
    closed = _seed_closed_quarter(hr, kecamatan, year)
    period = period_create(
        unit=kecamatan,
        year=year,
        kind="TW3",
        start_date=dt.date(year, 7, 1),
        end_date=dt.date(year, 9, 30),
        peer_deadline=today() + dt.timedelta(days=10),
        actor=hr,
    )
    period_populate(period.pk)  # the demo needs the evaluations now, not from the job queue
    for unit in Unit.objects.filter(
        code__in=[kecamatan.code, *Unit.objects.filter(parent=kecamatan).values_list("code", flat=True)]
    ):
        unit_performance_set(
            period=period,
            unit=unit,
            predicate=ORG_PREDICATES.get(unit.code, "BAIK"),
            decree_number=f"800/{unit.pk:03d}/KEC-ALAK/{period.year}",
            decree_date=today(),
            actor=hr,
        )

    def lurah(kelurahan: str) -> Evaluation | None:
        return _evaluation(period, f"kel-{kelurahan}", f"Lurah {kelurahan.replace('-', ' ').title()}")

    if ev := _evaluation(period, "kec-alak", "Camat Alak"):
        _designated_decision(ev, hr, designated_official(password_hash))
    if ev := lurah("mantasi"):
        _fill(ev, submit=False)  # self-assessment in progress
    if ev := _evaluation(period, "kel-mantasi", "Pengadministrasi Pemerintahan"):
        _fill(ev)  # waiting for peers
    if ev := _evaluation(period, "kel-mantasi", "Pengadministrasi Pemberdayaan Masyarakat"):
        _fill(ev)
        _answer_peers(ev)  # waiting for the Kasi's rating
    if ev := _evaluation(period, "kel-mantasi", "Kasi Pemerintahan"):
        _fill(ev)
        _answer_peers(ev)
        _rate(ev, "MEETS", "ABOVE")  # waiting for the employee's answer
    for code, steps in (
        ("namosain", "pending"),
        ("nunbaun-sabu", "decided"),
        ("fatufeto", "signoff"),
        ("alak", "final"),
    ):
        ev = lurah(code)
        if ev is None:
            continue
        _fill(ev)
        _answer_peers(ev)
        _rate(ev, behaviour="MEETS" if steps != "decided" else "BELOW")
        ev.refresh_from_db()
        if steps in ("pending", "decided"):
            _object(ev, explain=True)
            if steps == "decided":
                senior = task_at(ev, EvaluationFlow.decide).owner
                objection_decide(
                    evaluation=ev,
                    actor=senior,
                    decision=Objection.Decision.CHANGED,
                    notes="Bukti IKM sah dan tepat waktu.",
                    result_rating=ev.result_rating,
                    behaviour_rating="MEETS",
                )
                _sign_off(ev)
        else:
            evaluation_accept(evaluation=ev, actor=ev.employee.user)
            if steps == "final":
                _sign_off(ev)
    _seed_feedback_weeks(year)
    return {
        "periods": 2,
        "evaluations": period.evaluations.count() + closed,
        "skipped": len(eligible_employees(period)[1]),
    }
