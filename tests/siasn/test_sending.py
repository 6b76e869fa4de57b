"""Sending final evaluations to SIASN, against the fake SIASN over real HTTP: sent on finality with the Dokumen
Evaluasi, "terkirim" with SIASN's id on the period page, a corrected result replaces the row, a duplicate of the same
period is refused, nothing is sent before finality; and, without credentials, the XLSX/CSV and ZIP exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from appraisal.models import Employee, Evaluation, Objection, SiasnSubmission, SubmissionState
from appraisal.siasn import payloads
from appraisal.siasn.services import evaluation_send
from appraisal.siasn.tasks import siasn_sweep
from tests.appraisal.document_scenarios import answer_peers
from tests.evaluation_helpers import approved_chain, fill_and_submit, open_tw3
from workflows.steps.evaluation import (
    evaluation_rate,
    evaluation_sign_off,
    objection_decide,
    objection_explain,
    objection_file,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
PNS_ID = "pns-staff-a"


def at(*args):
    return time_machine.travel(dt.datetime(*args, tzinfo=WITA), tick=False)


def objected_until_sign_off(org) -> Evaluation:
    """staff_a's Triwulan III: rated Below, objected, changed to Meets/Meets by the Lurah; waiting for HR."""
    Employee.objects.filter(pk=org.staff_a.pk).update(siasn_id=PNS_ID)
    with at(2026, 7, 1, 9, 0):
        approved_chain(org)
        evaluation = next(e for e in open_tw3(org).created if e.employee_id == org.staff_a.pk)
    with at(2026, 10, 1, 9, 0):
        fill_and_submit(evaluation)
        answer_peers(evaluation)
    with at(2026, 10, 2, 10, 0):
        evaluation_rate(evaluation=evaluation, actor=org.kasi_a.user, result_rating="BELOW",
                        behaviour_rating="MEETS", feedback="Target belum tercapai.")  # fmt: skip
    with at(2026, 10, 6, 11, 30):
        objection_file(evaluation=evaluation, actor=org.staff_a.user, reasons="Bukti September belum dihitung.")
        objection_explain(evaluation=evaluation, actor=org.kasi_a.user, text="Bukti diunggah setelah penilaian.")
        objection_explain(evaluation=evaluation, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
    with at(2026, 10, 9, 14, 0):
        objection_decide(evaluation=evaluation, actor=org.lurah_a.user, decision=Objection.Decision.CHANGED,
                         notes="Bukti sah.", result_rating="MEETS", behaviour_rating="MEETS")  # fmt: skip
    return Evaluation.objects.get(pk=evaluation.pk)


def sign_off(org, evaluation) -> Evaluation:
    with at(2026, 10, 12, 9, 0):
        evaluation_sign_off(evaluation=evaluation, actor=org.hr_a)
    return Evaluation.objects.get(pk=evaluation.pk)


def test_a_final_evaluation_is_sent_shows_terkirim_and_a_resend_after_a_changed_decision_replaces_it(
    org, fake, siasn_settings, client
):
    fake.persons[org.staff_a.nip] = PNS_ID
    evaluation = objected_until_sign_off(org)
    assert fake.calls == []  # nothing before finality

    evaluation = sign_off(org, evaluation)  # the job runs after commit (Huey immediate in tests)
    submission = SiasnSubmission.objects.get(evaluation=evaluation)
    assert submission.state == SubmissionState.SENT and submission.endpoint == payloads.PERIODIC
    row = fake.periodik[submission.siasn_id]
    assert (row["pnsDinilaiId"], row["tahun"], row["periodikId"]) == (PNS_ID, 2026, 2)
    assert (row["bulanMulaiPenilaian"], row["bulanSelesaiPenilaian"]) == (7, 9)
    assert (row["hasilKinerjaNilai"], row["perilakuKerjaNilai"], row["kuadranKinerjaNilai"]) == (2, 2, 2)  # Baik
    assert row["penilaiNipNrp"] == org.kasi_a.nip and row["penilaiJabatanNama"] == "Kasi Pelayanan Umum"
    assert [(u["id_riwayat"], u["id_ref_dokumen"], u["pdf"]) for u in fake.uploads] == [
        (submission.siasn_id, "890", True)
    ]
    assert fake.count("/api/pns/rw-kinerjaperiodik/" + org.staff_a.nip, "GET") == 1  # history read before saving

    client.force_login(org.hr_a)
    page = client.get(reverse("hr_period_detail", args=[evaluation.period_id])).content.decode()
    assert "terkirim" in page and submission.siasn_id in page
    assert "1 dari 1 evaluasi final terkirim ke SIASN" in page
    detail = client.get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "terkirim" in detail and submission.siasn_id in detail

    # A correction of the decided result (here written directly: the flow locks a final evaluation), then HR resends.
    Evaluation.objects.filter(pk=evaluation.pk).update(result_rating="ABOVE", behaviour_rating="ABOVE",
                                                       predicate="SANGAT_BAIK")  # fmt: skip
    response = client.post(reverse("siasn_resend", args=[evaluation.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SENT
    assert list(fake.periodik) == [submission.siasn_id]  # replaced, not a second row
    assert fake.periodik[submission.siasn_id]["kuadranKinerjaNilai"] == 1
    assert submission.history.count() >= 2


def test_an_unchanged_evaluation_is_not_sent_twice(org, fake, siasn_settings):
    fake.persons[org.staff_a.nip] = PNS_ID
    evaluation = sign_off(org, objected_until_sign_off(org))
    saves = fake.count("/api/kinerjaperiodik/save")
    evaluation_send(evaluation_id=evaluation.pk)
    assert fake.count("/api/kinerjaperiodik/save") == saves == 1

    # A job lost before it ran: the sweep sends what was signed off in the last week and has no record.
    SiasnSubmission.objects.all().delete()
    fake.periodik.clear()
    with at(2026, 10, 30, 9, 0):
        assert siasn_sweep.call_local() == 0  # signed off more than a week ago
    with at(2026, 10, 14, 9, 0):
        assert siasn_sweep.call_local() == 1
    assert SiasnSubmission.objects.get(evaluation=evaluation).state == SubmissionState.SENT


def test_a_row_of_the_same_period_already_in_siasn_is_not_duplicated(org, fake, siasn_settings):
    fake.persons[org.staff_a.nip] = PNS_ID
    fake.periodik["entered-by-hand"] = {
        "id": "entered-by-hand",
        "pnsDinilaiId": PNS_ID,
        "tahun": 2026,
        "periodikId": 2,
        "bulanMulaiPenilaian": 7,
        "bulanSelesaiPenilaian": 9,
    }
    evaluation = sign_off(org, objected_until_sign_off(org))
    submission = SiasnSubmission.objects.get(evaluation=evaluation)
    assert submission.state == SubmissionState.FAILED
    assert "entered-by-hand" in submission.error and "ganda" in submission.error
    assert fake.count("/api/kinerjaperiodik/save") == 0


def test_a_rejected_send_is_marked_failed_with_siasns_reason(org, fake, siasn_settings):
    fake.persons[org.staff_a.nip] = PNS_ID
    fake.fail("/api/kinerjaperiodik/save", 400)
    evaluation = sign_off(org, objected_until_sign_off(org))
    submission = SiasnSubmission.objects.get(evaluation=evaluation)
    assert submission.state == SubmissionState.FAILED and "Gagal" in submission.error
    assert fake.count("/api/kinerjaperiodik/save") == 1  # a 4xx is not retried


def test_an_employee_not_linked_to_siasn_fails_with_a_reason(org, fake, siasn_settings):
    evaluation = objected_until_sign_off(org)
    Employee.objects.filter(pk=org.staff_a.pk).update(siasn_id=None)
    evaluation = sign_off(org, evaluation)
    submission = SiasnSubmission.objects.get(evaluation=evaluation)
    assert submission.state == SubmissionState.FAILED and "PNS ID" in submission.error
    assert fake.calls == []


def test_nothing_is_sent_before_finality(org, fake, siasn_settings):
    evaluation = objected_until_sign_off(org)
    assert evaluation_send(evaluation_id=evaluation.pk) is None
    assert fake.calls == [] and not SiasnSubmission.objects.exists()


def test_hr_of_another_unit_cannot_resend_and_the_api_gives_hr_the_state_and_a_resend(
    org, fake, siasn_settings, client
):
    fake.persons[org.staff_a.nip] = PNS_ID
    evaluation = sign_off(org, objected_until_sign_off(org))
    client.force_login(org.hr_b)
    assert client.post(reverse("siasn_resend", args=[evaluation.pk])).status_code == 403

    api = APIClient()
    url = f"/api/v1/evaluations/{evaluation.pk}/siasn/"
    api.force_login(org.hr_a)
    state = api.get(url).json()
    assert state["state"] == "SENT" and state["siasn_id"] in fake.periodik
    resent = api.post(url)
    assert resent.status_code == 202 and resent.json()["siasn_id"] == state["siasn_id"]
    api.force_login(org.staff_a.user)  # the employee sees the evaluation, not its SIASN administration
    assert api.get(url).status_code == 403
    assert api.post(url).status_code == 403


def test_without_credentials_nothing_is_sent_and_the_exports_work(org, client, settings):
    settings.SIASN_ENABLED = False
    evaluation = sign_off(org, objected_until_sign_off(org))
    assert not SiasnSubmission.objects.exists()
    client.force_login(org.hr_a)
    page = client.get(reverse("hr_period_detail", args=[evaluation.period_id])).content.decode()
    assert "belum dikirim" in page and "Pengiriman langsung belum diaktifkan" in page

    xlsx = client.get(reverse("siasn_period_export", args=[evaluation.period_id, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["nip", "nama", *payloads.PERIODIC_FIELDS]
    assert rows[1][0] == org.staff_a.nip and rows[1][rows[0].index("kuadranKinerjaNilai")] == 2

    text = client.get(reverse("siasn_period_export", args=[evaluation.period_id, "csv"])).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["nip", "nama", *payloads.PERIODIC_FIELDS] and len(table) == 2

    archive = client.get(reverse("siasn_period_documents", args=[evaluation.period_id]))
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        names = zipped.namelist()
        assert names == [evaluation.document.name.rsplit("/", 1)[-1]]
        assert zipped.read(names[0]).startswith(b"%PDF-")

    client.force_login(org.hr_b)
    assert client.get(reverse("siasn_period_export", args=[evaluation.period_id, "xlsx"])).status_code == 403
    assert client.get(reverse("siasn_period_documents", args=[evaluation.period_id])).status_code == 403


def test_the_export_keeps_formula_looking_names_as_text(org, client, settings):
    settings.SIASN_ENABLED = False
    evaluation = sign_off(org, objected_until_sign_off(org))
    Evaluation.objects.filter(pk=evaluation.pk).update(employee_name="=HYPERLINK(1)")
    client.force_login(org.hr_a)
    text = client.get(reverse("siasn_period_export", args=[evaluation.period_id, "csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
