"""Plans and evaluations whose documents show every Lampiran form, built through the services as people would.

Used by tests/appraisal/test_documents_lampiran.py and by docs/make_document_screenshots.py (the images in
docs/documents/ are these documents)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from appraisal.evaluation.services import evidence_add, feedback_give, realization_save, unit_performance_set
from appraisal.models import Evaluation, PerformancePlan
from appraisal.skp.services import IndicatorInput, behaviours_update, plan_update, result_save
from tests.evaluation_helpers import ALL_MEETS, period_open
from tests.skp_helpers import kepala_daerah
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    evaluation_sign_off,
    peer_feedback_submit,
    self_assessment_submit,
)
from workflows.steps.reassign import appraiser_designate
from workflows.steps.skp import plan_approve, plan_create, plan_submit

WITA = ZoneInfo("Asia/Makassar")
RECOMMENDATION = (
    "Pertahankan penyelesaian surat keterangan pada hari yang sama. Diusulkan mengikuti pelatihan "
    "pelayanan prima dan menjadi pendamping bagi pegawai baru di loket kelurahan."
)
FEEDBACK = "Antrean loket pada jam sibuk sudah jauh lebih pendek; pertahankan."
RATING_FEEDBACK = "Pelayanan cepat, ramah dan tertib administrasi sepanjang triwulan."


def at(*args):
    """A frozen moment in Kupang time."""
    return time_machine.travel(dt.datetime(*args, tzinfo=WITA), tick=False)


def _iki(aspect: str, text: str, value: str, unit: str) -> IndicatorInput:
    return IndicatorInput(aspect=aspect, text=text, target_value=Decimal(value), target_unit=unit)


def approved_plan_with(employee, rows, *, approver=None, expectations=None, lampiran=True) -> PerformancePlan:
    """An approved 2026 SKP of `rows` = (kind, RHK text, supported RHK or organisation goal text, IKI rows); the
    top of the organisation's is approved by the official `approver` (HR or an administrator) designates."""
    plan = plan_create(employee=employee, year=2026)
    for kind, text, supports, indicators in rows:
        result_save(
            plan=plan,
            actor=employee.user,
            kind=kind,
            text=text,
            supports=None if isinstance(supports, str) else supports,
            supports_text=supports if isinstance(supports, str) else "",
            indicators=[_iki(*row) for row in indicators],
        )
    if lampiran:
        plan_update(
            plan=plan,
            actor=employee.user,
            resource_support="Komputer, printer dan aplikasi layanan administrasi kelurahan",
            accountability_scheme="Laporan bulanan kepada Pejabat Penilai Kinerja",
            consequences="Teguran lisan, lalu pembinaan bila target tidak tercapai",
        )
    if expectations and plan.appraiser is not None:
        behaviours_update(plan=plan, actor=plan.appraiser.user, expectations=expectations)
    plan_submit(plan=plan, actor=employee.user)
    if plan.appraiser is None:
        # Top of the organisation (the Sekda): the kepala daerah, outside the chart, designated by letter, as in
        # tests/skp_helpers.approved_plan.
        official = kepala_daerah()
        appraiser_designate(employee=employee, year=2026, official=official, letter="800/1/2026", by=approver)
        return plan_approve(plan=plan, actor=official)
    return plan_approve(plan=plan, actor=plan.appraiser.user)


@dataclass
class Plans:
    sekda: PerformancePlan
    camat: PerformancePlan
    lurah: PerformancePlan
    kasi: PerformancePlan
    staff: PerformancePlan  # JA/JF, every IKI an amount: kuantitatif
    pppk: PerformancePlan  # JA/JF PPPK, one IKI judges quality: kualitatif


def plans_2026(org) -> Plans:
    """Approved SKPs from the Sekda (JPT) down to a PNS and a PPPK of Kelurahan Mantasi."""
    sekda = approved_plan_with(
        org.sekda,
        [
            (
                "UTAMA",
                "Meningkatnya akuntabilitas kinerja perangkat daerah Kota Kupang",
                "RPJMD Kota Kupang 2025–2029: tata kelola pemerintahan yang bersih dan akuntabel",
                [("KUANTITAS", "Nilai SAKIP Pemerintah Kota Kupang", "70", "nilai")],
            ),
            (
                "UTAMA",
                "Meningkatnya kualitas pelayanan publik di kecamatan dan kelurahan",
                "RPJMD Kota Kupang 2025–2029: pelayanan publik prima",
                [("KUALITAS", "Indeks Kepuasan Masyarakat layanan PATEN", "82", "indeks")],
            ),
        ],
        approver=org.admin,
        lampiran=False,
    )
    camat = approved_plan_with(
        org.camat,
        [
            (
                "UTAMA",
                "Terselenggaranya pelayanan PATEN Kecamatan Alak yang cepat dan tepat",
                sekda.results.order_by("id")[1],
                [("KUALITAS", "Indeks Kepuasan Masyarakat layanan kecamatan", "80", "indeks")],
            )
        ],
    )
    lurah = approved_plan_with(
        org.lurah_a,
        [
            (
                "UTAMA",
                "Terselenggaranya pelayanan administrasi Kelurahan Mantasi tepat waktu",
                camat.results.get(),
                [("WAKTU", "Surat keterangan selesai pada hari yang sama", "90", "persen")],
            )
        ],
    )
    kasi = approved_plan_with(
        org.kasi_a,
        [
            (
                "UTAMA",
                "Terlayaninya permohonan surat keterangan warga Kelurahan Mantasi",
                lurah.results.get(),
                [("KUANTITAS", "Surat keterangan yang diterbitkan", "600", "surat")],
            )
        ],
    )
    support = kasi.results.get()
    staff = approved_plan_with(
        org.staff_a,
        [
            (
                "UTAMA",
                "Tersusunnya surat keterangan domisili, usaha dan tidak mampu bagi warga",
                support,
                [
                    ("KUANTITAS", "Surat keterangan yang disusun", "480", "surat"),
                    ("WAKTU", "Surat keterangan selesai pada hari permohonan", "95", "persen"),
                ],
            ),
            (
                "TAMBAHAN",
                "Terdokumentasinya arsip layanan kelurahan",
                support,
                [("KUANTITAS", "Berkas arsip layanan yang dipindai", "1200", "berkas")],
            ),
        ],
        expectations={"PELAYANAN": "Menyapa dan menjelaskan syarat layanan kepada setiap warga di loket"},
    )
    pppk = approved_plan_with(
        org.peer_a,
        [
            (
                "UTAMA",
                "Terverifikasinya berkas pengantar KTP dan KK warga",
                support,
                [
                    ("KUANTITAS", "Berkas pengantar yang diverifikasi", "300", "berkas"),
                    ("KUALITAS", "Berkas tanpa koreksi dari Dukcapil", "95", "persen"),
                ],
            )
        ],
    )
    return Plans(sekda=sekda, camat=camat, lurah=lurah, kasi=kasi, staff=staff, pppk=pppk)


def open_tw4(org, unit, actor):
    return period_open(
        unit=unit,
        year=2026,
        kind="TW4",
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 12, 31),
        peer_deadline=dt.date(2027, 1, 10),
        actor=actor,
    )


def answer_peers(evaluation: Evaluation) -> None:
    """Every asked colleague answers through their own task."""
    tasks = evaluation.process.task_set.filter(flow_task=EvaluationFlow.peer_feedback, status="ASSIGNED")
    for task in tasks.select_related("owner"):
        peer_feedback_submit(task=task, actor=task.owner, ratings={**ALL_MEETS, "PELAYANAN": "ABOVE"}, comment="")


def mantasi_tw4(org) -> dict[int, Evaluation]:
    """Triwulan IV-Akhir 2026 opened for Kelurahan Mantasi: its evaluations by employee id."""
    with at(2026, 10, 1, 8, 0):
        report = open_tw4(org, org.kel_a, org.hr_a)
    return {e.employee_id: e for e in report.created}


def final_tw4(org, evaluation: Evaluation, *, org_predicate="ISTIMEWA", result="ABOVE", behaviour="ABOVE"):
    """Take an evaluation of Mantasi's Triwulan IV-Akhir to the end: the Capaian Kinerja Organisasi set, continuous
    feedback, realisation with evidence, rated by the Kasi with a catatan/rekomendasi, accepted and signed off."""
    employee = evaluation.employee
    with at(2026, 11, 16, 10, 0):
        feedback_give(employee=employee, actor=org.kasi_a.user, text=FEEDBACK)
    with at(2027, 1, 4, 9, 0):
        unit_performance_set(
            period=evaluation.period,
            unit=org.kel_a,
            predicate=org_predicate,
            decree_number="800/017/KEC-ALAK/I/2027",
            decree_date=dt.date(2027, 1, 4),
            actor=org.hr_a,
        )
        for number, realization in enumerate(evaluation.realizations.select_related("indicator"), start=1):
            realization_save(
                realization=realization,
                actor=employee.user,
                value=realization.indicator.target_value + number,
                note="Sesuai buku register layanan",
            )
            evidence_add(
                realization=realization,
                actor=employee.user,
                url=f"https://drive.example.go.id/register-tw4-{number}",
                description="Register layanan Oktober–Desember",
            )
        self_assessment_submit(evaluation=evaluation, actor=employee.user, text="Target triwulan tercapai.")
        answer_peers(evaluation)
    with at(2027, 1, 5, 10, 30):
        evaluation_rate(
            evaluation=evaluation,
            actor=org.kasi_a.user,
            result_rating=result,
            behaviour_rating=behaviour,
            feedback=RATING_FEEDBACK,
            recommendation=RECOMMENDATION,
        )
    with at(2027, 1, 6, 8, 15):
        evaluation_accept(evaluation=evaluation, actor=employee.user)
    with at(2027, 1, 7, 13, 0):
        evaluation_sign_off(evaluation=evaluation, actor=org.hr_a)
    return Evaluation.objects.get(pk=evaluation.pk)


def sekda_tw4(org) -> Evaluation:
    """The Sekda's Triwulan IV-Akhir evaluation, just opened (JPT form, not final)."""
    with at(2026, 10, 1, 8, 0):
        report = open_tw4(org, org.setda, org.admin)
    return next(e for e in report.created if e.employee_id == org.sekda.pk)
