"""The SKP PDF (JA/JF form): what a reader finds in the printed document, and its bounded cost."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from appraisal.documents.pdf import (
    format_date_id,
    format_datetime_id,
    plan_pdf_filename,
    render_plan_pdf,
    static_only_fetcher,
    static_root,
)
from appraisal.models import PerformancePlan
from appraisal.skp.services import behaviours_update, plan_update, result_save
from tests.skp_helpers import approved_plan, draft_plan, indicator
from workflows.steps.skp import plan_approve, plan_revise, plan_submit

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


def pdf_text(pdf: bytes) -> str:
    """All page text with whitespace collapsed, so wrapped lines compare as one sentence."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.fixture
def chain(org):
    """Approved SKPs from the Sekda down to the Kasi of Mantasi, so staff_a can link to her RHK."""
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang: tata kelola pemerintahan")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    return approved_plan(org.kasi_a, supports=lurah.results.get())


def build_plan(employee, supports, *, results=1, indicators=1):
    """A draft with `results` RHK of `indicators` IKI each, all supporting `supports`."""
    plan = draft_plan(employee, supports=supports, text="RHK nomor 1 terlaksana")
    user = employee.user
    first = plan.results.get()
    result_save(
        plan=plan,
        actor=user,
        result=first,
        kind="UTAMA",
        text=first.text,
        supports=supports,
        indicators=[indicator(text=f"IKI 1.{j}", value=str(j)) for j in range(1, indicators + 1)],
    )
    for i in range(2, results + 1):
        result_save(
            plan=plan,
            actor=user,
            kind="UTAMA" if i % 2 else "TAMBAHAN",
            text=f"RHK nomor {i} terlaksana",
            supports=supports,
            indicators=[indicator(text=f"IKI {i}.{j}", value=str(j)) for j in range(1, indicators + 1)],
        )
    return PerformancePlan.objects.get(pk=plan.pk)


@pytest.fixture
def approved_staff_plan(org, chain):
    """staff_a's SKP submitted and approved by her Kasi at known WITA times, with a Lampiran."""
    plan = build_plan(org.staff_a, chain.results.get(), results=2, indicators=2)
    plan_update(
        plan=plan,
        actor=org.staff_a.user,
        resource_support="Komputer dan printer kantor kelurahan",
        accountability_scheme="Laporan bulanan kepada Kasi Pelayanan Umum",
        consequences="",
    )
    behaviours_update(plan=plan, actor=org.kasi_a.user, expectations={"AKUNTABEL": "Arsip rapi setiap Jumat"})
    with time_machine.travel(dt.datetime(2026, 1, 8, 9, 15, tzinfo=WITA), tick=False):
        plan_submit(plan=plan, actor=org.staff_a.user)
    with time_machine.travel(dt.datetime(2026, 1, 9, 14, 30, tzinfo=WITA), tick=False):
        plan_approve(plan=plan, actor=org.kasi_a.user)
    return PerformancePlan.objects.get(pk=plan.pk)


def test_approved_plan_pdf_shows_identity_results_and_electronic_signatures(org, chain, approved_staff_plan):
    pdf = render_plan_pdf(approved_staff_plan)

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "PEMERINTAH KOTA KUPANG" in text
    assert "PERIODE PENILAIAN: 1 Januari 2026 s.d. 31 Desember 2026" in text
    assert org.staff_a.full_name in text
    assert org.staff_a.nip_display in text
    assert "III/a – Penata Muda" in text
    assert "Pengadministrasi Umum" in text
    assert "Kelurahan Mantasi" in text
    assert org.kasi_a.full_name in text
    assert org.kasi_a.nip_display in text
    for result in approved_staff_plan.results.all():
        assert result.text in text
        for ind in result.indicators.all():
            assert ind.text in text
            assert ind.target_display in text
    assert chain.results.get().text in text  # the Kasi's RHK, in the intervened column
    assert "A. Utama" in text and "B. Tambahan" in text
    assert "Berorientasi Pelayanan" in text and "Kolaboratif" in text
    assert "Tidak menyalahgunakan kewenangan jabatan" in text  # guidance item of Akuntabel
    assert "Arsip rapi setiap Jumat" in text
    assert "Komputer dan printer kantor kelurahan" in text
    assert "Laporan bulanan kepada Kasi Pelayanan Umum" in text
    assert "Kupang, 9 Januari 2026" in text
    assert "Ditandatangani secara elektronik — disetujui 9 Januari 2026 14.30 WITA" in text
    assert "Diajukan 8 Januari 2026 09.15 WITA" in text
    assert "Versi 1" in text and "Disetujui" in text
    assert "Halaman 1 dari" in text
    assert "DRAF" not in text


def test_document_stays_indonesian_when_the_user_browses_in_english(approved_staff_plan):
    with translation.override("en"):
        text = pdf_text(render_plan_pdf(approved_staff_plan))

    assert "Status: Disetujui" in text
    assert "A. Utama" in text and "Kuantitas" in text
    assert "Approved" not in text and "Main" not in text


def test_draft_pdf_carries_the_watermark_and_no_signature(org, chain):
    plan = build_plan(org.staff_a, chain.results.get())

    text = pdf_text(render_plan_pdf(plan.pk))

    assert "DRAF — BELUM DISETUJUI" in text
    assert "Ditandatangani secara elektronik" not in text
    assert "Belum diajukan" in text
    assert "Belum disetujui" in text
    assert "RHK nomor 1 terlaksana" in text


def test_top_of_organisation_shows_the_supported_organisation_goal(org, chain):
    sekda_plan = PerformancePlan.objects.get(employee=org.sekda)

    text = pdf_text(render_plan_pdf(sekda_plan))

    assert "Sasaran Organisasi yang Didukung" in text
    assert "RPJMD Kota Kupang: tata kelola pemerintahan" in text
    assert "Drs. Yohanes Ndun, M.Si." in text
    assert "PEJABAT PENILAI KINERJA" in text


def test_new_version_states_what_it_replaces(org, chain, approved_staff_plan):
    v2 = plan_revise(plan=approved_staff_plan, actor=org.staff_a.user, reason="Penambahan tugas pelayanan")

    text = pdf_text(render_plan_pdf(v2))

    assert "Versi 2, menggantikan versi 1" in text
    assert "Penambahan tugas pelayanan" in text
    assert "DRAF" in text


def test_pppk_employee_is_labelled_with_ni_pppk(org, chain):
    plan = build_plan(org.peer_a, chain.results.get())

    text = pdf_text(render_plan_pdf(plan))

    assert f"NI PPPK {org.peer_a.nip_display}" in text
    assert "Golongan VII" in text  # golongan only: PPPK have no pangkat (PP 49/2018)
    assert "PP 49/2018" in text


def assert_words_in_order(needle: str, haystack: str) -> None:
    """Every word of `needle`, in order; page furniture (footer, repeated header) may sit between them."""
    words = iter(haystack.split())
    missing = [word for word in needle.split() if not any(word == w for w in words)]
    assert not missing, f"lost from the PDF from {missing[0]!r} on"


def test_long_texts_with_indonesian_and_special_characters_render_in_full(org, chain):
    long_rhk = (
        "Terwujudnya pelayanan administrasi kependudukan yang cepat, tepat & ramah bagi warga Kelurahan "
        "Mantasi – termasuk pengantar KTP/KK, “surat keterangan domisili”, SKTM <darurat> dan ahli waris; "
    ) * 12 + "AKHIR_RHK"  # no hyphen in the markers: a line may wrap after one
    long_indicator = "Persentase berkas selesai ≤ 1 hari kerja (Rp 0, tanpa pungutan) " * 8 + "AKHIR_IKI"
    supports = chain.results.get()
    plan = draft_plan(org.staff_a, supports=supports)
    result_save(
        plan=plan,
        actor=org.staff_a.user,
        result=plan.results.get(),
        kind="UTAMA",
        text=long_rhk,
        supports=supports,
        indicators=[indicator(text=long_indicator, value="97.5", unit="%", aspect="KUALITAS")],
    )
    plan_update(plan=plan, actor=org.staff_a.user, consequences="Teguran tertulis;\nPenundaan TPP. " * 40 + "AKHIR")

    pdf = render_plan_pdf(plan)

    text = pdf_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3  # the RHK cell alone runs over a page
    assert_words_in_order(long_rhk, text)
    assert_words_in_order(long_indicator, text)
    assert "AKHIR_RHK" in text and "AKHIR_IKI" in text and "Penundaan TPP. AKHIR" in text
    assert "“surat keterangan domisili”, SKTM <darurat>" in text  # escaped by the template, printed literally
    assert "97,5 %" in text  # the Indonesian decimal comma, in the official form too


def test_query_count_does_not_grow_with_results_and_indicators(org, chain, django_assert_max_num_queries):
    small = build_plan(org.staff_a, chain.results.get(), results=1, indicators=1)
    large = build_plan(org.staff_b, None, results=5, indicators=3)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(5):
            text = pdf_text(render_plan_pdf(plan.pk))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert "IKI 5.3" in text and "RHK nomor 5 terlaksana" in text


def test_dates_are_written_with_indonesian_month_names_in_wita():
    assert format_date_id(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    # 23.30 UTC on 31 December is already New Year's Day in Kupang.
    assert format_date_id(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)) == "1 Januari 2027"
    assert format_datetime_id(dt.datetime(2026, 3, 5, 6, 5, tzinfo=dt.UTC)) == "5 Maret 2026 14.05 WITA"


def test_filename_names_year_nip_and_version(org, chain):
    plan = PerformancePlan.objects.get(employee=org.kasi_a)
    assert plan_pdf_filename(plan) == f"SKP-2026-{org.kasi_a.nip}-v1.pdf"


def test_document_assets_come_only_from_static_on_disk():
    fetcher = static_only_fetcher(static_root())

    logo = fetcher.fetch((static_root() / "img" / "logo.svg").as_uri())
    assert logo.read().startswith(b"<svg")
    logo.close()
    for url in (
        "http://example.com/logo.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        (static_root() / ".." / "config" / "settings.py").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
