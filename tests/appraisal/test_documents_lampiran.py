"""The official documents as the PermenPANRB 6/2022 Lampiran has them (issue 10, items 8 and 7): the SKP JA/JF form
(kuantitatif or kualitatif as the plan is) and the SKP JPT form; the Evaluasi Kinerja Pegawai form with the Capaian
Kinerja Organisasi, the Pola Distribusi, feedback per row, the period up to "TRIWULAN IV-AKHIR" and the signatures
in the official order; the Dokumen Evaluasi Kinerja Pegawai with its five sections; PPPK named as PP 49/2018 has
them. What is checked is the text a reader finds in the rendered PDFs."""

import hashlib
import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from appraisal.documents import evaluation as evaluation_documents
from appraisal.documents.identity import grade_text
from appraisal.documents.pdf import (
    evaluation_document_context,
    evaluation_for_document,
    group_code,
    render_evaluation_form_pdf,
    render_evaluation_pdf,
    render_evaluation_report_pdf,
    render_plan_pdf,
)
from appraisal.models import Evaluation, Feedback, Period
from tests.appraisal.document_scenarios import (
    FEEDBACK,
    RATING_FEEDBACK,
    RECOMMENDATION,
    final_tw4,
    mantasi_tw4,
    plans_2026,
    sekda_tw4,
)

pytestmark = pytest.mark.django_db


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed, so wrapped lines compare as one sentence."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def assert_in_order(text: str, *fragments: str) -> None:
    """Every fragment, each after the one before."""
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing after {text[max(0, position - 80) : position]!r}"
        position = found + len(fragment)


@pytest.fixture
def plans(org):
    return plans_2026(org)


@pytest.fixture
def tw4(org, plans):
    return mantasi_tw4(org)


@pytest.fixture
def final_staff(org, tw4):
    """Alfons Sabu (PNS, kuantitatif SKP): Triwulan IV-Akhir final, Capaian Kinerja Organisasi Istimewa."""
    return final_tw4(org, tw4[org.staff_a.pk])


# --- SKP --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "present", "absent"),
    [
        (
            "staff",  # every IKI an amount (kuantitas, waktu)
            (
                "SASARAN KINERJA PEGAWAI PENDEKATAN HASIL KERJA KUANTITATIF "
                "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
                "Aspek Indikator Kinerja Individu Target (1) (2) (3) (4) (5) (6)",
                "Kuantitas Surat keterangan yang disusun 480 surat",
                "Waktu Surat keterangan selesai pada hari permohonan 95 persen",
            ),
            ("KUALITATIF", "PIMPINAN TINGGI", "Ukuran Keberhasilan"),
        ),
        (
            "pppk",  # one IKI judges quality
            (
                "SASARAN KINERJA PEGAWAI PENDEKATAN HASIL KERJA KUALITATIF "
                "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
                "Ukuran Keberhasilan / Indikator Kinerja Individu Target (1) (2) (3) (4) (5)",
                "Berkas tanpa koreksi dari Dukcapil 95 persen",
            ),
            ("KUANTITATIF", "Aspek", "Kualitas", "(6)"),
        ),
        (
            "sekda",  # Jabatan Pimpinan Tinggi: the JPT form, always kuantitatif, no approach line
            (
                "SASARAN KINERJA PEGAWAI BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
                "Sasaran Organisasi yang Didukung Rencana Hasil Kerja Indikator Kinerja Individu Target",
                "RPJMD Kota Kupang 2025–2029: tata kelola pemerintahan yang bersih dan akuntabel",
                "Nilai SAKIP Pemerintah Kota Kupang 70 nilai",
            ),
            ("PENDEKATAN HASIL KERJA", "PEJABAT ADMINISTRASI", "Aspek"),
        ),
    ],
)
def test_skp_takes_the_lampiran_form_of_its_plan(plans, plan, present, absent):
    text = pdf_text(render_plan_pdf(getattr(plans, plan)))

    for fragment in present:
        assert fragment in text
    for fragment in absent:
        assert fragment not in text


# --- the final file ----------------------------------------------------------------------------


def test_final_file_binds_the_form_and_the_dokumen_evaluasi_under_one_hash_and_code(final_staff):
    stored = final_staff.document.read()
    reader = PdfReader(io.BytesIO(stored))
    texts = page_texts(stored)
    code = group_code(final_staff.verification_code)

    assert hashlib.sha256(stored).hexdigest() == final_staff.document_sha256
    assert texts[0].startswith("EVALUASI KINERJA PEGAWAI PENDEKATAN HASIL KERJA KUANTITATIF")
    assert texts[-1].startswith("DOKUMEN EVALUASI KINERJA PEGAWAI PERIODE: TRIWULAN IV-AKHIR")
    assert sum("DOKUMEN EVALUASI KINERJA PEGAWAI" in t for t in texts) == 1
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert first.width > first.height and last.width < last.height  # the form landscape, the Dokumen portrait
    form, report = " ".join(texts[:-1]), texts[-1]
    for part in (form, report):  # each part carries the code and the address the QR code holds
        assert f"Kode verifikasi: {code}" in part
        assert f"/verifikasi/{final_staff.verification_code}/" in part
    assert "DRAF" not in " ".join(texts)


def test_verification_page_still_confirms_the_final_file(client, final_staff):
    page = client.get(reverse("verify_document", args=[final_staff.verification_code])).content.decode()

    assert final_staff.document_sha256 in page and "Sangat Baik" in page


# --- the Evaluasi Kinerja Pegawai form ---------------------------------------------------------


def test_form_prints_the_period_the_organisations_result_and_its_curve_under_the_identity(org, final_staff):
    text = pdf_text(render_evaluation_form_pdf(final_staff))

    assert_in_order(
        text,
        "EVALUASI KINERJA PEGAWAI",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
        "PERIODE: TRIWULAN IV-AKHIR",
        "PEMERINTAH KOTA KUPANG PERIODE PENILAIAN: 1 Oktober 2026 s.d. 31 Desember 2026",
        "Dasar: PP 30/2019 tentang Penilaian Kinerja Pegawai Negeri Sipil",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        org.staff_a.full_name,
        org.kasi_a.full_name,
        "CAPAIAN KINERJA ORGANISASI ISTIMEWA (Kelurahan Mantasi)",
        "POLA DISTRIBUSI",
        "HASIL KERJA",
        "RATING HASIL KERJA Di Atas Ekspektasi",
        "PERILAKU KERJA",
        "RATING PERILAKU KERJA Di Atas Ekspektasi",
        "PREDIKAT KINERJA PEGAWAI SANGAT BAIK sekaligus predikat kinerja tahunan",
    )
    start = text.index("POLA DISTRIBUSI")
    curve = text[start : text.index("HASIL KERJA No", start)]
    assert "Kurva acuan distribusi predikat kinerja pegawai untuk Capaian Kinerja Organisasi Istimewa" in curve
    assert "Sangat Kurang Kurang/ Misconduct Butuh Perbaikan Baik Sangat Baik" in curve  # the drawn curve's axis
    assert curve.count("Predikat pegawai") == 1  # and its marker


@pytest.mark.parametrize(
    ("kind", "printed", "annual"),
    [
        ("TW1", "TRIWULAN I", False),
        ("TW2", "TRIWULAN II", False),
        ("TW3", "TRIWULAN III", False),
        ("TW4", "TRIWULAN IV-AKHIR", True),
        ("M01", "BULAN JANUARI", False),
        ("M12", "BULAN DESEMBER-AKHIR", True),
    ],
)
def test_period_is_printed_as_the_upper_case_of_its_label(org, plans, kind, printed, annual):
    evaluation = sekda_tw4(org)
    Period.objects.filter(pk=evaluation.period_id).update(kind=kind)

    with translation.override("en"):  # the document is Indonesian whatever the user browses in
        pdf = render_evaluation_pdf(evaluation)
    with translation.override("id"):
        context = evaluation_document_context(evaluation_for_document(evaluation.pk))

    assert (context["period_kind"], context["is_final_period"]) == (printed, annual)
    texts = page_texts(pdf)
    assert texts[0].count(f"PERIODE: {printed} ") == 1
    assert f"PERIODE: {printed} " in texts[-1]  # the Dokumen Evaluasi


def test_continuous_feedback_on_an_rhk_is_printed_in_column_8_of_its_row(org, final_staff, monkeypatch):
    # Feedback names its RHK through Feedback.result once the model has it; here the query's answer stands in.
    first = final_staff.plan.results.get(kind="UTAMA")
    on_first = {"date": "16 November 2026", "text": "Register layanan bulan November sudah lengkap."}
    monkeypatch.setattr(evaluation_documents, "_continuous_feedback", lambda evaluation: ({first.pk: [on_first]}, []))

    text = pdf_text(render_evaluation_form_pdf(final_staff))

    assert_in_order(
        text,
        "Realisasi berdasarkan Bukti Dukung Umpan Balik Berkelanjutan berdasarkan Bukti Dukung",
        "(1) (2) (3) (4) (5) (6) (7) (8)",
        "A. Utama",
        first.text,
        "16 November 2026: Register layanan bulan November sudah lengkap.",
        "B. Tambahan",
        "Terdokumentasinya arsip layanan kelurahan",
        "Umpan Balik Berkelanjutan yang tidak terkait satu RHK",
    )


def test_feedback_saved_on_an_rhk_reaches_its_row(org, final_staff):
    first = final_staff.plan.results.get(kind="UTAMA")
    Feedback.objects.filter(employee=org.staff_a).update(result=first)

    text = pdf_text(render_evaluation_form_pdf(final_staff))

    assert_in_order(text, first.text, f"16 November 2026: {FEEDBACK}", "B. Tambahan")


def test_feedback_naming_no_rhk_and_the_rating_feedback_go_to_the_general_row(final_staff):
    text = pdf_text(render_evaluation_form_pdf(final_staff))

    assert_in_order(
        text,
        "B. Tambahan",
        "Umpan Balik Berkelanjutan yang tidak terkait satu RHK",
        f"Pejabat Penilai Kinerja (5 Januari 2027): {RATING_FEEDBACK}",
        f"16 November 2026: {FEEDBACK}",
        "RATING HASIL KERJA",
    )


def test_signatures_follow_the_lampiran_order_then_the_records_that_follow_them(org, final_staff):
    text = pdf_text(render_evaluation_form_pdf(final_staff))

    assert_in_order(
        text,
        "Kupang, 7 Januari 2027",
        "Pegawai yang Dinilai Pejabat Penilai Kinerja",
        "Diterima 6 Januari 2027 08.15 WITA",
        "Dinilai secara elektronik 5 Januari 2027 10.30 WITA",
        f"{org.staff_a.full_name} NIP {org.staff_a.nip_display}",
        f"{org.kasi_a.full_name} NIP {org.kasi_a.nip_display}",
        "Admin Kepegawaian",
        "Disahkan 7 Januari 2027 13.00 WITA",
        "Verifikasi dokumen",
    )


# --- the Dokumen Evaluasi Kinerja Pegawai ------------------------------------------------------


def test_dokumen_evaluasi_has_its_five_sections_the_recommendation_and_two_signatures(org, final_staff):
    text = pdf_text(render_evaluation_report_pdf(final_staff))

    staff, kasi, lurah = org.staff_a, org.kasi_a, org.lurah_a
    assert_in_order(
        text,
        "DOKUMEN EVALUASI KINERJA PEGAWAI PERIODE: TRIWULAN IV-AKHIR",
        "PERIODE PENILAIAN: 1 Oktober 2026 s.d. 31 Desember 2026",
        "1 PEGAWAI YANG DINILAI",
        f"Nama : {staff.full_name} NIP : {staff.nip_display} Pangkat/Gol. Ruang : {grade_text(staff.grade)}",
        "Jabatan : Pengadministrasi Umum Unit Kerja : Kelurahan Mantasi",
        "2 PEJABAT PENILAI KINERJA",
        f"Nama : {kasi.full_name} NIP : {kasi.nip_display}",
        "Jabatan : Kasi Pelayanan Umum",
        "3 ATASAN PEJABAT PENILAI KINERJA",
        f"Nama : {lurah.full_name} NIP : {lurah.nip_display}",
        "Jabatan : Lurah Mantasi",
        "4 EVALUASI KINERJA",
        "CAPAIAN KINERJA ORGANISASI : ISTIMEWA (Kelurahan Mantasi)",
        "PREDIKAT KINERJA PEGAWAI : SANGAT BAIK (sekaligus predikat kinerja tahunan)",
        "5 CATATAN/REKOMENDASI",
        RECOMMENDATION,
        "Kupang, 6 Januari 2027 Kupang, 5 Januari 2027 Pegawai yang Dinilai Pejabat Penilai Kinerja",
        "Diterima 6 Januari 2027 08.15 WITA",
        "Dinilai secara elektronik 5 Januari 2027 10.30 WITA",
        f"{staff.full_name} NIP {staff.nip_display}",
        f"{kasi.full_name} NIP {kasi.nip_display}",
        f"Kode verifikasi: {group_code(final_staff.verification_code)}",
        f"Salinan dari berkas final dengan SHA-256 {final_staff.document_sha256}",
    )
    assert "Admin Kepegawaian" not in text  # signed by the Pegawai and the Pejabat Penilai Kinerja only
    assert len(page_texts(render_evaluation_report_pdf(final_staff))) == 1


def test_dokumen_evaluasi_download_is_for_those_who_may_see_the_evaluation(client, org, final_staff):
    url = reverse("evaluation_report", args=[final_staff.pk])
    client.force_login(org.staff_a.user)

    detail = client.get(reverse("evaluation_detail", args=[final_staff.pk])).content.decode()
    response = client.get(url)

    assert url in detail
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"dokumen-evaluasi-2026-TW4-{org.staff_a.nip}.pdf" in response["Content-Disposition"]
    assert pdf_text(b"".join(response.streaming_content)).startswith("DOKUMEN EVALUASI KINERJA PEGAWAI")
    client.force_login(org.outsider)
    assert client.get(url).status_code == 404


def test_no_dokumen_evaluasi_before_the_evaluation_is_final(client, org, tw4):
    evaluation = tw4[org.staff_a.pk]
    client.force_login(org.staff_a.user)

    assert client.get(reverse("evaluation_report", args=[evaluation.pk])).status_code == 404


# --- JPT and PPPK ------------------------------------------------------------------------------


def test_jpt_evaluation_takes_the_jpt_form(org, plans):
    evaluation = sekda_tw4(org)

    texts = page_texts(render_evaluation_pdf(evaluation))

    assert texts[0].startswith(
        "EVALUASI KINERJA PEGAWAI BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI "
        "PERIODE: TRIWULAN IV-AKHIR"
    )
    text = " ".join(texts)
    assert "Sasaran Organisasi yang Didukung" in text and org.sekda.full_name in text
    assert "PENDEKATAN HASIL KERJA" not in text and "PEJABAT ADMINISTRASI" not in text and "Aspek" not in text
    assert "DRAF" in text  # not final yet
    assert "Kurva digambar setelah Capaian Kinerja Organisasi ditetapkan." in text


def test_pppk_documents_print_the_ni_pppk_the_golongan_without_pangkat_and_pp_49_2018(org, tw4):
    pppk = org.peer_a
    evaluation = final_tw4(org, tw4[pppk.pk], result="MEETS", behaviour="MEETS")

    texts = page_texts(Evaluation.objects.get(pk=evaluation.pk).document.read())
    form, report = " ".join(texts[:-1]), texts[-1]

    assert form.startswith("EVALUASI KINERJA PEGAWAI PENDEKATAN HASIL KERJA KUALITATIF")
    assert "Ukuran Keberhasilan / Indikator Kinerja Individu" in form and "Aspek" not in form
    assert f"2 NI PPPK {pppk.nip_display}" in form and "3 Golongan VII" in form
    assert f"NI PPPK : {pppk.nip_display} Golongan : VII Jabatan" in report
    assert f"{pppk.full_name} NI PPPK {pppk.nip_display}" in report  # under the signature
    for part in (form, report):
        assert "Dasar: PP 49/2018 tentang Manajemen Pegawai Pemerintah dengan Perjanjian Kerja" in part
        assert "PP 30/2019" not in part
        assert f"NIP {pppk.nip_display}" not in part and f"NIP : {pppk.nip_display}" not in part
        assert "VII –" not in part and "(PPPK)" not in part  # no pangkat, no rank name
    assert "PREDIKAT KINERJA PEGAWAI : BAIK" in report
    # The appraiser is PNS and keeps the PNS labels beside her.
    assert f"NIP : {org.kasi_a.nip_display} Pangkat/Gol. Ruang" in report
