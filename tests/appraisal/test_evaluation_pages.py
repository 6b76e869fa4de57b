"""The employee's evaluation pages: realisation that saves as you go, evidence, submission, acknowledgement,
objection and explanations, history, anonymity of peers, immutability after sign-off, public verification."""

import json

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appraisal.models import EvaluationStatus, Evidence, Objection, Realization
from tests.appraisal.evaluation_pages_setup import (
    RATED_ON,
    at,
    build,
    fill,
    login,
    peer_identities,
    reload,
    texts,
    to_final,
    to_rated,
)
from tests.evaluation_helpers import period_open
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import open_task
from workflows.steps.evaluation import objection_file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LOCKED = "sudah disahkan dan dikunci"
MINE_QUERIES = 8  # 7 before issue 11, + the bell's unread count


@pytest.fixture(autouse=True)
def media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def setup(org):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        return build(org)


@pytest.fixture
def in_period():
    with time_machine.travel(at(2026, 9, 15), tick=True):
        yield


def detail_url(ev):
    return reverse("evaluation_detail", args=[ev.pk])


def save_url(ev, r):
    return reverse("realization_save", args=[ev.pk, r.pk])


def pdf_upload(name="laporan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- my evaluations ----------------------------------------------------------------------------


def test_my_evaluations_lists_newest_first_with_predicate_and_a_constant_number_of_queries(
    client, org, setup, django_assert_num_queries
):
    ev = setup.ev
    login(client, org.staff_a)
    # session, user, employee, evaluations (with period and plan), nav: employee, HR group, open tasks
    with django_assert_num_queries(MINE_QUERIES):
        page = client.get(reverse("evaluation_mine")).content.decode()
    assert "Triwulan III 2026" in page and detail_url(ev) in page
    assert "Penilaian mandiri" in page  # the status

    with time_machine.travel(at(2026, 7, 2), tick=False):
        for kind, start, end in (("TW1", (1, 1), (3, 31)), ("TW2", (4, 1), (6, 30))):
            period_open(
                unit=org.kel_a,
                year=2026,
                kind=kind,
                start_date=at(2026, *start).date(),
                end_date=at(2026, *end).date(),
                peer_deadline=at(2026, *end).date(),
                actor=org.hr_a,
            )
    with time_machine.travel(RATED_ON, tick=False):
        to_rated(ev, org, setup.peers, result="ABOVE", behaviour="ABOVE")

    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(reverse("evaluation_mine"))
    page = response.content.decode()
    assert page.index("Triwulan III 2026") < page.index("Triwulan II 2026") < page.index("Triwulan I 2026")
    assert "Sangat Baik" in page  # the rated one shows its predicate
    assert page.count(reverse("evaluation_mine")) >= 1 and page.count('href="/evaluasi/') >= 3


def test_the_nav_links_to_my_evaluations(client, org, setup):
    page = login(client, org.staff_a).get(reverse("home")).content.decode()
    assert reverse("evaluation_mine") in page


# --- realisation that saves as you go ---------------------------------------------------------


def test_autosave_saves_one_value_and_answers_json(client, org, setup, in_period):
    ev = setup.ev
    first, second = ev.realizations.order_by("indicator__order", "indicator_id")
    login(client, org.staff_a)
    page = client.get(detail_url(ev)).content.decode()
    assert "Jumlah surat domisili terlayani" in page and "120 surat" in page
    assert save_url(ev, first) in page and "js/autosave.js" in page

    response = client.post(
        save_url(ev, first), {"value": "112,5", "note": "Register Juli–September"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["saved_at"].startswith("2026-09-15")
    first.refresh_from_db()
    assert str(first.value) == "112.50" and first.note == "Register Juli–September"

    # The script may send one field: the other keeps its value.
    client.post(save_url(ev, first), {"note": "Diperbarui"}, HTTP_ACCEPT="application/json")
    first.refresh_from_db()
    assert str(first.value) == "112.50" and first.note == "Diperbarui"

    # Bad input: a structured 400 and nothing changed.
    response = client.post(save_url(ev, second), {"value": "sembilan puluh"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["value"]
    second.refresh_from_db()
    assert second.value is None


def test_realisation_form_works_without_javascript(client, org, setup, in_period):
    ev = setup.ev
    r = ev.realizations.first()
    login(client, org.staff_a)
    response = client.post(save_url(ev, r), {"value": "80", "note": ""})
    assert response.status_code == 302 and response["Location"] == detail_url(ev) + f"#r{r.pk}"
    assert "Realisasi disimpan." in texts(response)
    r.refresh_from_db()
    assert r.value == 80


@pytest.mark.parametrize(
    "who, status",
    [("kasi_a", 403), ("lurah_a", 403), ("hr_a", 403), ("peer_a", 404), ("staff_b", 404), ("outsider", 404)],
)
def test_only_the_employee_saves_realisation(client, org, setup, in_period, who, status):
    ev = setup.ev
    r = ev.realizations.first()
    login(client, getattr(org, who))
    response = client.post(save_url(ev, r), {"value": "5"}, HTTP_ACCEPT="application/json")
    assert response.status_code == status
    r.refresh_from_db()
    assert r.value is None


def test_a_realisation_of_another_evaluation_is_not_found(client, org, setup, in_period):
    other = setup.report.created[0] if setup.report.created[0].pk != setup.ev.pk else setup.report.created[1]
    r = other.realizations.first()
    login(client, org.staff_a)
    assert client.post(save_url(setup.ev, r), {"value": "5"}).status_code == 404


@pytest.mark.parametrize("who, status", [("peer_a", 404), ("outsider", 404), ("staff_b", 404), ("kasi_a", 200)])
def test_the_detail_page_is_visible_per_policy(client, org, setup, who, status):
    login(client, getattr(org, who))
    assert client.get(detail_url(setup.ev)).status_code == status


# --- evidence ----------------------------------------------------------------------------------


def test_a_pdf_is_uploaded_and_served_to_the_appraiser_but_not_to_a_peer_or_outsider(client, org, setup, in_period):
    ev = setup.ev
    r = ev.realizations.first()
    login(client, org.staff_a)
    response = client.post(
        reverse("evidence_add", args=[ev.pk, r.pk]), {"file": pdf_upload(), "description": "Register surat"}
    )
    assert response.status_code == 302 and "Bukti dukung ditambahkan." in texts(response)
    evidence = Evidence.objects.get(realization=r)
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    download = reverse("evidence_download", args=[evidence.pk])
    page = client.get(detail_url(ev)).content.decode()
    assert download in page and "Register surat" in page
    assert "/media/" not in page

    login(client, org.kasi_a)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "Register surat" in client.get(detail_url(ev)).content.decode()

    for outsider in (org.peer_a, setup.peers[1], org.outsider, org.staff_b):
        login(client, outsider)
        assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00" * 10, content_type="application/octet-stream"),
            "Jenis berkas tidak diizinkan",
        ),
        (
            # Over the 5 MB rule but under the request cap (MAX_REQUEST_BYTES): the form refuses it. A bigger
            # request is refused with 413 before its body is read (tests/test_request_size.py).
            SimpleUploadedFile(
                "besar.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 512 * 1024), content_type="application/pdf"
            ),
            "Berkas terlalu besar (5,5 MB). Batas ukuran 5 MB.",
        ),
        (
            SimpleUploadedFile("palsu.pdf", b"MZ\x90\x00" * 10, content_type="application/pdf"),
            "Isi berkas tidak sesuai dengan jenisnya.",
        ),
    ],
    ids=["exe", "5.5mb-pdf", "exe-named-pdf"],
)
def test_a_wrong_or_oversized_file_is_refused_and_nothing_is_saved(
    client, org, setup, in_period, settings, upload, message
):
    ev = setup.ev
    r = ev.realizations.first()
    login(client, org.staff_a)
    response = client.post(reverse("evidence_add", args=[ev.pk, r.pk]), {"file": upload}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # Beside the form it came from (issue 12): inside that realisation's evidence form, opened.
    block = html[html.index(f'id="r{r.pk}"') :]
    assert block.index(f'id="evidence-error-{r.pk}"') < block.index("</form>", block.index("Tambah bukti dukung"))
    assert not Evidence.objects.exists()
    assert media_files(settings) == []


def test_a_link_is_added_and_evidence_is_removed(client, org, setup, in_period):
    ev = setup.ev
    r = ev.realizations.first()
    login(client, org.staff_a)
    client.post(reverse("evidence_add", args=[ev.pk, r.pk]), {"url": "drive.example.id/laporan", "description": ""})
    evidence = Evidence.objects.get()
    assert evidence.url == "https://drive.example.id/laporan"
    # Neither both nor none.
    response = client.post(reverse("evidence_add", args=[ev.pk, r.pk]), {"url": "", "description": "x"}, follow=True)
    assert "Unggah satu berkas atau isi satu tautan." in response.content.decode()
    # Only the employee removes.
    login(client, org.kasi_a)
    assert client.post(reverse("evidence_remove", args=[ev.pk, evidence.pk])).status_code == 403
    login(client, org.staff_a)
    response = client.post(reverse("evidence_remove", args=[ev.pk, evidence.pk]))
    assert "Bukti dukung dihapus." in texts(response)
    assert not Evidence.objects.exists()


# --- submission --------------------------------------------------------------------------------


def test_submitting_without_every_value_lists_the_missing_count(client, org, setup, in_period):
    ev = setup.ev
    first = ev.realizations.first()
    login(client, org.staff_a)
    response = client.post(reverse("evaluation_submit", args=[ev.pk]), {"text": "Sudah saya kerjakan."})
    assert response.status_code == 200
    assert "Realisasi 2 indikator belum diisi." in response.content.decode()
    client.post(save_url(ev, first), {"value": "10"})
    response = client.post(reverse("evaluation_submit", args=[ev.pk]), {"text": "Sudah saya kerjakan."})
    page = response.content.decode()
    assert "Realisasi 1 indikator belum diisi." in page
    assert "Sudah saya kerjakan." in page  # the typed text comes back
    assert reload(ev).status == EvaluationStatus.SELF_ASSESSMENT

    response = client.post(reverse("evaluation_submit", args=[ev.pk]), {"text": ""})
    assert "Tuliskan penilaian mandiri Anda." in response.content.decode()


def test_submitting_moves_the_evaluation_on_and_freezes_the_realisation(client, org, setup, in_period):
    ev = setup.ev
    fill(ev)
    login(client, org.staff_a)
    response = client.post(reverse("evaluation_submit", args=[ev.pk]), {"text": "Target tercapai."})
    assert response.status_code == 302
    assert reload(ev).status == EvaluationStatus.FEEDBACK
    page = client.get(detail_url(ev)).content.decode()
    assert "Target tercapai." in page and "Belum ada data layanan publik" in page
    assert "data-autosave" not in page
    r = ev.realizations.first()
    response = client.post(save_url(ev, r), {"value": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "tidak dapat diubah" in json.dumps(response.json())
    # A second submission (another tab): the task is done, said plainly.
    response = client.post(reverse("evaluation_submit", args=[ev.pk]), {"text": "Lagi"})
    assert response.status_code == 302


# --- anonymity ---------------------------------------------------------------------------------


def test_employee_and_appraiser_pages_never_name_a_peer(client, org, setup):
    ev = setup.ev
    with time_machine.travel(RATED_ON, tick=False):
        to_rated(ev, org, setup.peers)
    identities = peer_identities(setup.peers)
    assert "Beatrix Kana" in identities and "987001" in identities

    pages = {}
    for person in (org.staff_a, org.kasi_a):
        login(client, person)
        for name in ("evaluation_detail", "evaluation_history"):
            response = client.get(reverse(name, args=[ev.pk]))
            assert response.status_code == 200
            pages[(person.user.username, name)] = response.content.decode()
        pages[(person.user.username, "mine")] = client.get(reverse("evaluation_mine")).content.decode()
    for key, page in pages.items():
        for identity in identities:
            assert identity not in page, f"{identity!r} shown on {key}"

    # The appraiser sees the aggregated answers, the employee does not.
    assert "Pelayanan ramah (0)" in pages[("kasi_a", "evaluation_detail")]
    assert "Umpan balik rekan kerja" not in pages[("staff_a", "evaluation_detail")]
    assert "Pelayanan ramah" not in pages[("staff_a", "evaluation_detail")]

    # HR of the unit sees counts only on the evaluation (issue 9, finding 3) ...
    login(client, org.hr_a)
    hr_page = client.get(detail_url(ev)).content.decode()
    assert "Beatrix Kana" not in hr_page and "Yakobus Tefa" not in hr_page
    assert "3 dari 3 rekan kerja sudah mengisi" in hr_page
    # ... while the same search finds a peer where she is named for herself (so the check above can fail).
    assert "Beatrix Kana" in client.get(reverse("hr_period_detail", args=[ev.period_id])).content.decode()
    assert org.staff_a.full_name in pages[("kasi_a", "evaluation_history")]  # the history names real actors


def test_an_employee_who_is_hr_of_their_own_unit_still_sees_no_peer(client, org, setup):
    from django.contrib.auth.models import Group

    from appraisal.models import HrScope
    from appraisal.policy import HR_GROUP

    ev = setup.ev
    with time_machine.travel(RATED_ON, tick=False):
        to_rated(ev, org, setup.peers)
    org.staff_a.user.groups.add(Group.objects.get(name=HR_GROUP))
    HrScope.objects.create(user=org.staff_a.user, unit=org.kel_a)
    login(client, org.staff_a)
    for name in ("evaluation_detail", "evaluation_history"):
        page = client.get(reverse(name, args=[ev.pk])).content.decode()
        for identity in peer_identities(setup.peers):
            assert identity not in page
        assert "Pelayanan ramah" not in page


def test_history_shows_realisation_and_evidence_changes(client, org, setup, in_period):
    ev = setup.ev
    r = ev.realizations.first()
    login(client, org.staff_a)
    client.post(save_url(ev, r), {"value": "7", "note": "Awal"})
    client.post(save_url(ev, r), {"value": "9", "note": "Awal"})
    client.post(reverse("evidence_add", args=[ev.pk, r.pk]), {"url": "https://contoh.id/a", "description": "Foto"})
    login(client, org.kasi_a)
    page = client.get(reverse("evaluation_history", args=[ev.pk])).content.decode()
    assert "Realisasi" in page and "Bukti dukung" in page and "Foto" in page
    assert ">7</del>" in page and ">9</ins>" in page  # 7 → 9, as a person writes them (not "7.00")
    assert org.staff_a.full_name in page  # who changed it
    login(client, org.outsider)
    assert client.get(reverse("evaluation_history", args=[ev.pk])).status_code == 404


# --- acknowledgement and objection -------------------------------------------------------------


def test_the_employee_accepts_the_result(client, org, setup):
    ev = setup.ev
    with time_machine.travel(RATED_ON, tick=False):
        to_rated(ev, org, setup.peers)
        url = reverse("evaluation_acknowledge", args=[ev.pk])
        login(client, org.kasi_a)
        assert client.get(url).status_code == 403
        login(client, org.peer_a)
        assert client.get(url).status_code == 404
        login(client, org.staff_a)
        page = client.get(url).content.decode()
        assert "Sangat Baik" in page and "15 Oktober 2026" in page  # predicate and deadline (day 14)
        detail = client.get(detail_url(ev)).content.decode()
        assert url in detail
        response = client.post(url, {"action": "accept"})
        assert response.status_code == 302
        ev = reload(ev)
        assert ev.status == EvaluationStatus.SIGN_OFF and ev.acknowledged_at is not None
        # The task is done: a second click says so instead of failing.
        response = client.post(url, {"action": "accept"}, follow=True)
    assert "sudah diselesaikan" in response.content.decode()


def test_objection_on_day_13_is_filed_and_on_day_15_refused(client, org, setup):
    ev = setup.ev
    with time_machine.travel(RATED_ON, tick=False):
        to_rated(ev, org, setup.peers, result="BELOW", behaviour="MEETS")
    url = reverse("evaluation_acknowledge", args=[ev.pk])
    login(client, org.staff_a)
    with time_machine.travel(at(2026, 10, 16), tick=False):  # day 15
        response = client.post(url, {"action": "object", "reasons": "Bukti bulan September belum dihitung."})
        assert response.status_code == 200
        assert "sudah lewat" in response.content.decode()
        assert not Objection.objects.exists()
    with time_machine.travel(at(2026, 10, 14), tick=False):  # day 13
        response = client.post(url, {"action": "object", "reasons": ""})
        assert "Tuliskan alasan keberatan." in response.content.decode()
        response = client.post(url, {"action": "object", "reasons": "Bukti bulan September belum dihitung."})
    assert response.status_code == 302
    assert reload(ev).status == EvaluationStatus.OBJECTION
    assert Objection.objects.get(evaluation=ev).reasons == "Bukti bulan September belum dihitung."


def test_both_sides_explain_the_objection_on_one_page(client, org, setup):
    ev = setup.ev
    with time_machine.travel(RATED_ON, tick=False):
        to_rated(ev, org, setup.peers, result="BELOW", behaviour="MEETS")
        objection_file(evaluation=reload(ev), actor=org.staff_a.user, reasons="Bukti belum dihitung.")
    url = reverse("objection_explain", args=[ev.pk])
    for person in (org.lurah_a, org.hr_a):  # may see the evaluation, have no explanation task
        assert login(client, person).get(url).status_code == 403
    for person in (org.outsider, org.peer_a):
        assert login(client, person).get(url).status_code == 404

    login(client, org.kasi_a)
    page = client.get(url).content.decode()
    assert "Bukti belum dihitung." in page and "Beri penjelasan atas keberatan" in page
    assert "Tuliskan penjelasan Anda." in client.post(url, {"text": " "}).content.decode()
    assert client.post(url, {"text": "Bukti diunggah setelah penilaian."}).status_code == 302
    assert open_task(reload(ev).process, EvaluationFlow.decide) is None  # waits for the employee

    login(client, org.staff_a)
    page = client.get(url).content.decode()
    assert "Jelaskan keberatan Anda" in page
    assert client.post(url, {"text": "Bukti ada sejak 30 September."}).status_code == 302
    objection = Objection.objects.get(evaluation=ev)
    assert objection.appraiser_explanation == "Bukti diunggah setelah penilaian."
    assert objection.employee_explanation == "Bukti ada sejak 30 September."
    assert open_task(reload(ev).process, EvaluationFlow.decide).owner == org.lurah_a.user
    detail = client.get(detail_url(ev)).content.decode()
    assert "Bukti ada sejak 30 September." in detail and "menunggu keputusan" in detail


# --- after sign-off ----------------------------------------------------------------------------


@pytest.fixture
def final(org, setup):
    with time_machine.travel(RATED_ON, tick=False):
        return to_final(setup.ev, org, setup.peers)


def test_after_sign_off_every_change_is_refused_with_the_locked_message(client, org, setup, final, settings):
    ev = final
    assert ev.is_final
    r = ev.realizations.first()
    before = list(Realization.objects.filter(evaluation=ev).values_list("value", "note"))
    files_before = sorted(media_files(settings))
    login(client, org.staff_a)

    response = client.post(save_url(ev, r), {"value": "1", "note": "ubah"})
    assert response.status_code == 302 and any(LOCKED in t for t in texts(response))
    response = client.post(save_url(ev, r), {"value": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and LOCKED in response.json()["errors"]["__all__"][0]
    response = client.post(reverse("evidence_add", args=[ev.pk, r.pk]), {"file": pdf_upload()})
    assert any(LOCKED in t for t in texts(response))
    response = client.post(reverse("evaluation_acknowledge", args=[ev.pk]), {"action": "object", "reasons": "x"})
    assert any(LOCKED in t for t in texts(response))
    response = client.post(reverse("evaluation_submit", args=[ev.pk]), {"text": "x"})
    assert any(LOCKED in t for t in texts(response))

    assert list(Realization.objects.filter(evaluation=ev).values_list("value", "note")) == before
    assert not Evidence.objects.exists() and not Objection.objects.exists()
    assert sorted(media_files(settings)) == files_before
    assert reload(ev).status == EvaluationStatus.FINAL


def test_the_final_document_is_downloaded_and_its_code_shown(client, org, final):
    ev = final
    login(client, org.staff_a)
    page = client.get(detail_url(ev)).content.decode()
    assert ev.verification_code in page and reverse("evaluation_document", args=[ev.pk]) in page
    response = client.get(reverse("evaluation_document", args=[ev.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    login(client, org.peer_a)
    assert client.get(reverse("evaluation_document", args=[ev.pk])).status_code == 404


def test_no_document_before_the_evaluation_is_final(client, org, setup):
    login(client, org.staff_a)
    assert client.get(reverse("evaluation_document", args=[setup.ev.pk])).status_code == 404


# --- public verification -----------------------------------------------------------------------


def test_verification_confirms_name_period_predicate_and_hash_and_nothing_else(client, org, final):
    ev = final
    code = ev.verification_code
    response = client.get(reverse("verify_document", args=[f"{code[:4]}-{code[4:8]}-{code[8:].lower()}"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert org.staff_a.full_name in page and "Triwulan III 2026" in page
    assert "Sangat Baik" in page and ev.document_sha256 in page
    for secret in (org.staff_a.nip, ev.position_title, "Pertahankan kecepatan layanan", org.kasi_a.name):
        assert secret not in page
    for peer in ("Beatrix Kana", "Yakobus Tefa"):
        assert peer not in page


def test_the_lookup_form_leads_to_the_code_page(client, final):
    response = client.get(reverse("verify_lookup"), {"kode": f" {final.verification_code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_document", args=[final.verification_code])
    assert client.get(reverse("verify_lookup")).status_code == 200


def test_an_unknown_code_is_a_clear_404(client, db):
    response = client.get(reverse("verify_document", args=["ABCD-EFGH-JKLM"]))
    assert response.status_code == 404
    assert "Kode tidak ditemukan" in response.content.decode()


def test_verification_is_rate_limited_per_address(client, db):
    url = reverse("verify_document", args=["ABCDEFGHJKLM"])
    for _ in range(30):
        assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 404
    response = client.get(url, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert "Terlalu banyak pemeriksaan kode" in response.content.decode()
    assert client.get(url, REMOTE_ADDR="10.0.0.8").status_code == 404  # another address is not blocked
