"""The final evaluation document: what a reader finds in the PDF, its verification box, and its bounded cost."""

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from pypdf import PdfReader

from appraisal.documents.pdf import (
    evaluation_document_context,
    evaluation_for_document,
    group_code,
    render_evaluation_pdf,
    verification_url,
)
from appraisal.evaluation.services import evidence_add, feedback_give
from appraisal.models import Evaluation, Objection, PerformancePlan
from appraisal.skp.services import result_save
from tests.evaluation_helpers import ALL_MEETS, approved_chain, fill_and_submit, open_tw3
from tests.factories import EmployeeFactory
from tests.skp_helpers import approved_plan, draft_plan, indicator
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    evaluation_sign_off,
    objection_decide,
    objection_explain,
    objection_file,
    peer_feedback_submit,
)
from workflows.steps.skp import plan_approve, plan_submit

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
EXTRA_PEERS = ("Yakobus Tefa", "Rambu Nope")


def at(*args):
    """A frozen moment in Kupang time."""
    return time_machine.travel(dt.datetime(*args, tzinfo=WITA), tick=False)


def pdf_text(pdf: bytes) -> str:
    """All page text with whitespace collapsed, so wrapped lines compare as one sentence."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def answer_peers(evaluation, level="ABOVE"):
    """Every asked colleague answers through their own task."""
    tasks = evaluation.process.task_set.filter(flow_task=EvaluationFlow.peer_feedback, status="ASSIGNED")
    for task in tasks.select_related("owner"):
        peer_feedback_submit(
            task=task, actor=task.owner, ratings={**ALL_MEETS, "PELAYANAN": level}, comment=f"Catatan {task.owner}"
        )


def add_link_evidence(evaluation):
    for realization in evaluation.realizations.all():
        evidence_add(
            realization=realization,
            actor=evaluation.employee.user,
            url="https://drive.example.go.id/laporan-september",
            description="Laporan bulanan",
        )


def staff_evaluation(report, org):
    return next(e for e in report.created if e.employee_id == org.staff_a.pk)


def peer_names(evaluation):
    return list(evaluation.peer_requests.values_list("peer__name", flat=True))


@pytest.fixture
def final_evaluation(org):
    """staff_a's Triwulan III: three peers answer, rated Above/Above, accepted, signed off by hr_a."""
    org.hr_a.first_name, org.hr_a.last_name = "Maria", "Lado"
    org.hr_a.save()
    with at(2026, 7, 1, 9, 0):
        for name in EXTRA_PEERS:
            EmployeeFactory(name=name, position=org.staff_a_pos)
        approved_chain(org)
        evaluation = staff_evaluation(open_tw3(org), org)
    with at(2026, 8, 14, 10, 0):
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Pertahankan kecepatan layanan loket.")
    with at(2026, 10, 1, 9, 0):
        add_link_evidence(evaluation)
        fill_and_submit(evaluation, value="12")
        answer_peers(evaluation)
    with at(2026, 10, 2, 10, 15):
        evaluation_rate(
            evaluation=evaluation,
            actor=org.kasi_a.user,
            result_rating="ABOVE",
            behaviour_rating="ABOVE",
            feedback="Pelayanan sangat cepat dan rapi.",
        )
    with at(2026, 10, 3, 8, 5):
        evaluation_accept(evaluation=evaluation, actor=org.staff_a.user)
    with at(2026, 10, 5, 13, 45):
        evaluation_sign_off(evaluation=evaluation, actor=org.hr_a)
    return Evaluation.objects.get(pk=evaluation.pk)


@pytest.fixture
def objected_evaluation(org):
    """staff_a's Triwulan III with one peer only; rated Below, objected, changed by the Lurah, signed off."""
    with at(2026, 7, 1, 9, 0):
        approved_chain(org)
        evaluation = staff_evaluation(open_tw3(org), org)
    with at(2026, 10, 1, 9, 0):
        fill_and_submit(evaluation)
        answer_peers(evaluation)  # peer_a alone: below the anonymity threshold
    with at(2026, 10, 2, 10, 0):
        evaluation_rate(
            evaluation=evaluation,
            actor=org.kasi_a.user,
            result_rating="BELOW",
            behaviour_rating="MEETS",
            feedback="Target belum tercapai.",
        )
    with at(2026, 10, 6, 11, 30):
        objection_file(evaluation=evaluation, actor=org.staff_a.user, reasons="Bukti bulan September belum dihitung.")
        objection_explain(evaluation=evaluation, actor=org.kasi_a.user, text="Bukti diunggah setelah penilaian.")
        objection_explain(evaluation=evaluation, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
    with at(2026, 10, 9, 14, 0):
        objection_decide(
            evaluation=evaluation,
            actor=org.lurah_a.user,
            decision=Objection.Decision.CHANGED,
            notes="Bukti sah dan tepat waktu.",
            result_rating="MEETS",
            behaviour_rating="MEETS",
        )
    with at(2026, 10, 12, 9, 0):
        evaluation_sign_off(evaluation=evaluation, actor=org.hr_a)
    return Evaluation.objects.get(pk=evaluation.pk)


def test_final_document_shows_identity_results_ratings_and_signatures(org, final_evaluation):
    ev = final_evaluation
    text = pdf_text(ev.document.read())

    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text
    assert "PERIODE: TRIWULAN III" in text
    assert "PEMERINTAH KOTA KUPANG" in text
    assert "1 Juli 2026 s.d. 30 September 2026" in text
    assert org.staff_a.full_name in text and org.staff_a.nip_display in text
    assert "Pengadministrasi Umum" in text and "Kelurahan Mantasi" in text
    assert org.kasi_a.full_name in text and org.kasi_a.nip_display in text  # the appraiser
    assert org.lurah_a.full_name in text  # section 3 of the Dokumen Evaluasi, bound after the form
    assert "ATASAN PEJABAT PENILAI KINERJA" in text
    plan = PerformancePlan.objects.get(pk=ev.plan_id)
    for result in plan.results.all():
        assert result.text in text
        assert result.supports.text in text  # RHK atasan yang diintervensi
        for ind in result.indicators.all():
            assert ind.text in text and ind.target_display in text
    assert "12 dokumen" in text and "Sesuai bukti" in text  # realisation value with its unit, and the note
    assert "Bukti dukung: 1 tautan" in text
    assert "Pelayanan sangat cepat dan rapi." in text
    assert "14 Agustus 2026: Pertahankan kecepatan layanan loket." in text
    assert "RATING HASIL KERJA Di Atas Ekspektasi" in text
    assert "RATING PERILAKU KERJA Di Atas Ekspektasi" in text
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text
    assert "Belum ada data layanan publik untuk periode ini." in text
    assert "Keberatan" not in text
    assert "Kupang, 5 Oktober 2026" in text
    assert "Dinilai secara elektronik 2 Oktober 2026 10.15 WITA" in text
    assert "Diterima 3 Oktober 2026 08.05 WITA" in text
    assert "Disahkan 5 Oktober 2026 13.45 WITA oleh Maria Lado" in text
    assert "DRAF" not in text


def test_peer_feedback_is_counted_per_value_and_never_named(org, final_evaluation):
    ev = final_evaluation
    names = peer_names(ev)
    assert len(names) == 3

    text = pdf_text(ev.document.read())

    assert "Umpan Balik Rekan Kerja (3 tanggapan)" in text
    assert "Berorientasi Pelayanan" in text and "Memahami dan memenuhi kebutuhan masyarakat" in text
    assert "Di atas ekspektasi: 3" in text  # Berorientasi Pelayanan
    assert "Sesuai ekspektasi: 3" in text  # the other six
    for name in names:
        assert name not in text
    for username in ev.peer_requests.values_list("peer__user__username", flat=True):
        assert username not in text
    assert "Catatan" not in text  # peers' comments stay out of the document


def test_verification_code_url_and_hash_of_the_stored_file(final_evaluation):
    ev = final_evaluation
    stored = ev.document.read()

    text = pdf_text(stored)

    grouped = group_code(ev.verification_code)
    assert len(grouped) == 14 and grouped.count("-") == 2
    assert grouped in text
    assert f"http://127.0.0.1:8000/verifikasi/{ev.verification_code}/" in text
    assert hashlib.sha256(stored).hexdigest() == ev.document_sha256


def test_rendered_html_carries_a_local_qr_code_of_the_verification_url(final_evaluation):
    ev = final_evaluation
    with override_settings(SITE_URL="https://kinerja.kupangkota.go.id/"), translation.override("id"):
        context = evaluation_document_context(evaluation_for_document(ev.pk))
        html = render_to_string("documents/evaluation.html", context)

    assert context["verification_url"] == f"https://kinerja.kupangkota.go.id/verifikasi/{ev.verification_code}/"
    assert '<img class="qr" src="data:image/svg+xml;base64,' in html
    assert context["verification_url"] in html
    assert "http://" not in html.split("<body>")[1].replace(context["verification_url"], "")  # nothing fetched


def test_objection_adds_the_decision_and_the_senior_appraisers_signature(org, objected_evaluation):
    ev = objected_evaluation
    peer = org.peer_a

    text = pdf_text(ev.document.read())

    assert "Keberatan" in text
    assert "Bukti bulan September belum dihitung." in text
    assert "6 Oktober 2026 11.30 WITA" in text  # filed
    assert "Bukti diunggah setelah penilaian." in text and "Bukti ada sejak 30 September." in text
    assert "Penilaian diubah" in text
    assert "Hasil Kerja: Sesuai Ekspektasi · Perilaku Kerja: Sesuai Ekspektasi · Predikat: Baik" in text
    assert "Bukti sah dan tepat waktu." in text
    assert f"9 Oktober 2026 14.00 WITA oleh {org.lurah_a.full_name}, NIP {org.lurah_a.nip_display}" in text
    assert "Keberatan diputuskan secara elektronik 9 Oktober 2026 14.00 WITA" in text
    assert "Mengajukan keberatan 6 Oktober 2026 11.30 WITA" in text
    assert "PREDIKAT KINERJA PEGAWAI BAIK" in text
    assert "Belum cukup tanggapan" in text  # a single peer answered
    assert peer.name not in text


def test_auto_accepted_evaluation_says_so(org, final_evaluation):
    Evaluation.objects.filter(pk=final_evaluation.pk).update(auto_accepted=True)

    text = pdf_text(render_evaluation_pdf(final_evaluation.pk))

    assert "Diterima otomatis (hari ke-15) 3 Oktober 2026 08.05 WITA" in text


def test_public_service_figures_are_listed_when_available(final_evaluation):
    Evaluation.objects.filter(pk=final_evaluation.pk).update(
        public_service={"available": True, "start": "2026-07-01", "end": "2026-09-30", "handled": 148, "ikm": "88.40"}
    )

    text = pdf_text(render_evaluation_pdf(final_evaluation))

    assert "Berkas layanan ditangani 148" in text
    assert "Indeks Kepuasan Masyarakat (IKM) petugas 88,40" in text  # the decimal comma (PUEBI)
    assert "Belum ada data" not in text


def test_document_stays_indonesian_when_the_user_browses_in_english(final_evaluation):
    with translation.override("en"):
        text = pdf_text(render_evaluation_pdf(final_evaluation))

    assert "PERIODE: TRIWULAN III" in text and "Di Atas Ekspektasi" in text and "A. Utama" in text
    assert "Above" not in text and "Quarter" not in text and "Main" not in text
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text


def build_approved_plan(employee, supports, appraiser, *, results, indicators):
    """An approved SKP with `results` RHK of `indicators` IKI each."""
    plan = draft_plan(employee, supports=supports, text="RHK nomor 1 terlaksana")
    first = plan.results.get()
    iki = [indicator(text=f"IKI 1.{j}") for j in range(1, indicators + 1)]
    result_save(
        plan=plan, actor=employee.user, result=first, kind="UTAMA", text=first.text, supports=supports, indicators=iki
    )
    for i in range(2, results + 1):
        result_save(
            plan=plan,
            actor=employee.user,
            kind="UTAMA" if i % 2 else "TAMBAHAN",
            text=f"RHK nomor {i} terlaksana",
            supports=supports,
            indicators=[indicator(text=f"IKI {i}.{j}") for j in range(1, indicators + 1)],
        )
    plan_submit(plan=plan, actor=employee.user)
    return plan_approve(plan=plan, actor=appraiser.user)


def test_query_count_does_not_grow_with_results_indicators_and_evidence(org, django_assert_max_num_queries):
    with at(2026, 7, 1, 9, 0):
        sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang")
        camat = approved_plan(org.camat, supports=sekda.results.get())
        lurah = approved_plan(org.lurah_a, supports=camat.results.get())
        kasi = approved_plan(org.kasi_a, supports=lurah.results.get())  # 1 RHK × 1 IKI
        build_approved_plan(org.staff_a, kasi.results.get(), org.kasi_a, results=5, indicators=3)
        report = open_tw3(org)
    small = next(e for e in report.created if e.employee_id == org.kasi_a.pk)
    large = staff_evaluation(report, org)
    with at(2026, 8, 1, 9, 0):
        add_link_evidence(small)
        add_link_evidence(large)
        add_link_evidence(large)
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Umpan balik pertama")
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Umpan balik kedua")

    counts = []
    for evaluation in (small, large):
        with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(5):
            text = pdf_text(render_evaluation_pdf(evaluation))
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]
    assert "IKI 5.3" in text and "RHK nomor 5 terlaksana" in text and "Bukti dukung: 2 tautan" in text
    assert "A. Utama" in text and "B. Tambahan" in text
    assert "DRAF" in text  # not final yet: the watermark says so


def test_verification_helpers():
    assert group_code("K7QWMX3P9ZRT") == "K7QW-MX3P-9ZRT"
    with override_settings(SITE_URL="https://kinerja.example.id/"):
        assert verification_url("K7QWMX3P9ZRT") == "https://kinerja.example.id/verifikasi/K7QWMX3P9ZRT/"
