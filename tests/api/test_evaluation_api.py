"""The periodic evaluation over the API, as the real people do it: HR opens the period, the employee reports
with evidence, colleagues answer anonymously, the appraiser rates, the employee accepts or objects, the senior
appraiser decides, HR signs off, and anyone can verify the document."""

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from appraisal.evaluation.services import evidence_add
from appraisal.models import CoreValue, Evaluation, Evidence, PeerRequest, Period
from tests.api import evaluation_api_helpers as helpers
from tests.api.conftest import error_fields, ids
from tests.api.evaluation_api_helpers import (
    COLLEAGUE_IDS,
    COLLEAGUES,
    EVALUATIONS,
    PERIODS,
    TASKS,
    answer_peers,
    drive,
    identity_leaks,
    open_peer_tasks,
    peer_task_of,
    snapshot,
    url,
)
from tests.evaluation_helpers import ALL_MEETS, period_open
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskReassignment
from workflows.steps.common import open_task
from workflows.steps.evaluation import peer_feedback_submit

pytestmark = pytest.mark.django_db

# Fixtures shared with the other evaluation API tests.
chain, media, opened, travel = helpers.chain, helpers.media, helpers.opened, helpers.travel

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TW3 = {"year": 2026, "kind": "TW3", "start_date": "2026-07-01", "end_date": "2026-09-30", "peer_deadline": "2026-10-10"}


def pdf_upload(name="laporan-september.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def task_of_type(client, kind):
    [task] = [t for t in client.get(TASKS).json()["results"] if t["type"] == kind]
    return task


# --- the whole cycle ---------------------------------------------------------------------------


def test_open_report_with_evidence_peers_rate_accept_sign_off_download_and_verify(org, chain, api_as):
    hr = api_as(org.hr_a)
    staff = api_as(org.staff_a.user)
    kasi = api_as(org.kasi_a.user)

    opened = hr.post(PERIODS, {"unit": org.kel_a.pk, **TW3}, format="json")
    assert opened.status_code == 201, opened.json()
    report = opened.json()
    assert (report["period"]["kind"], report["period"]["unit_name"]) == ("TW3", "Kelurahan Mantasi")
    # The three colleagues have no approved SKP: listed with the reason, never skipped silently.
    assert {row["employee"] for row in report["skipped"]} == set(COLLEAGUE_IDS)
    assert {row["name"] for row in report["skipped"]} == set(COLLEAGUES)
    assert {row["reason"] for row in report["skipped"]} == {"belum memiliki SKP 2026 yang disetujui"}
    ev = Evaluation.objects.get(employee=org.staff_a, period_id=report["period"]["id"])
    assert len(report["created"]) == 4 and ev.pk in report["created"]  # Lurah, Kasi, staff_a, peer_a

    # The employee reports realisation with a PDF and a link as evidence.
    detail = staff.get(url(ev)).json()
    assert (detail["status"], detail["appraiser"]["id"], detail["period"]["kind"]) == ("SELF", org.kasi_a.pk, "TW3")
    [realization] = detail["realizations"]
    assert realization["indicator"]["target_display"] == "12 dokumen"
    rid = realization["id"]
    patched = staff.patch(url(ev, f"realizations/{rid}"), {"value": "11", "note": "Arsip lengkap"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["value"], patched.json()["note"]) == ("11.00", "Arsip lengkap")
    uploaded = staff.post(
        url(ev, f"realizations/{rid}/evidence"), {"file": pdf_upload(), "description": "Laporan"}, format="multipart"
    )
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json() | {"id": 0, "uploaded_at": "", "download": ""} == {
        "id": 0,
        "kind": "file",
        "description": "Laporan",
        "url": "",
        "filename": "laporan-september.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "uploaded_at": "",
        "download": "",
    }
    link = staff.post(
        url(ev, f"realizations/{rid}/evidence"), {"url": "https://drive.example/foto", "description": "Foto"}
    )
    assert link.status_code == 201 and link.json()["kind"] == "url" and link.json()["download"] is None
    downloaded = kasi.get(uploaded.json()["download"])
    assert downloaded.status_code == 200 and body(downloaded) == PDF
    assert downloaded["Content-Type"] == "application/pdf"

    # The appraiser chooses the colleagues; the answer does not list them back.
    chosen = kasi.put(url(ev, "peers"), {"peers": list(COLLEAGUE_IDS)}, format="json")
    assert chosen.status_code == 200, chosen.json()
    assert chosen.json()["peers_asked"] == 3 and "peer_roster" not in chosen.json()

    submitted = staff.post(url(ev, "self-assessment"), {"text": "Target tercapai."}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert (submitted.json()["status"], submitted.json()["peer_feedback_open"]) == ("FEEDBACK", 3)

    # Each colleague finds the task in the inbox and answers on its API address.
    for n, colleague in enumerate(chain.colleagues, 1):
        client = api_as(colleague.user)
        [task] = client.get(TASKS).json()["results"]
        assert task["type"] == "peer_feedback"
        form = client.get(task["links"]["api"])
        assert form.status_code == 200, form.json()
        assert form.json()["colleague"] == {
            "name": org.staff_a.full_name,
            "position_title": "Pengadministrasi Umum",
            "unit_name": "Kelurahan Mantasi",
        }
        assert [v["core_value"] for v in form.json()["values"]] == CoreValue.values
        assert all(len(v["guidance"]) == 3 for v in form.json()["values"])
        sent = client.post(
            task["links"]["api"],
            {"ratings": {**ALL_MEETS, "PELAYANAN": "ABOVE"}, "comment": f"Ramah {n}"},
            format="json",
        )
        assert sent.status_code == 201, sent.json()
        assert client.get(TASKS).json()["count"] == 0

    # The appraiser sees the anonymous summary and rates.
    rating = kasi.get(task_of_type(kasi, "evaluation_rate")["links"]["api"]).json()
    assert rating["status"] == "RATING"
    assert (rating["peer_summary"]["sufficient"], rating["peer_summary"]["count"]) == (True, 3)
    assert rating["peer_summary"]["values"][0] == {
        "core_value": "PELAYANAN",
        "core_value_display": "Berorientasi Pelayanan",
        "ABOVE": 3,
        "MEETS": 0,
        "BELOW": 0,
    }
    assert rating["peer_summary"]["comments"] == ["Ramah 1", "Ramah 2", "Ramah 3"]
    assert rating["public_service"]["available"] is False
    assert rating["realizations"][0]["evidence"][0]["filename"] == "laporan-september.pdf"
    rated = kasi.post(
        url(ev, "rate"), {"result_rating": "ABOVE", "behaviour_rating": "ABOVE", "feedback": "Sangat baik."}
    )
    assert rated.status_code == 200, rated.json()
    assert (rated.json()["status"], rated.json()["predicate"]) == ("ACK", "SANGAT_BAIK")
    assert rated.json()["predicate_display"] == "Sangat Baik"

    # The employee reads the result (without the peer summary) and accepts; HR signs off.
    result = staff.get(url(ev)).json()
    assert result["appraiser_feedback"] == "Sangat baik." and "peer_summary" not in result
    assert [t["type"] for t in result["open_tasks"]] == ["evaluation_acknowledge"]
    assert result["open_tasks"][0]["mine"] is True
    accepted = staff.post(url(ev, "accept"))
    assert accepted.status_code == 200 and accepted.json()["status"] == "SIGNOFF"
    assert staff.get(url(ev, "document")).status_code == 404  # not final yet
    signed = hr.post(url(ev, "sign-off"))
    assert signed.status_code == 200, signed.json()
    final = signed.json()
    assert (final["status"], final["is_final"], final["signed_off_by"]) == ("FINAL", True, "hr_a")
    assert len(final["verification_code"]) == 12 and final["open_tasks"] == []

    document = staff.get(final["links"]["document"])
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    pdf = body(document)
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == final["document_sha256"]

    verified = api_as(None).get(f"/api/v1/verify/{final['verification_code']}/")
    assert verified.status_code == 200
    assert verified.json() == {
        "name": org.staff_a.full_name,
        "period": "Triwulan III 2026",
        "predicate": "Sangat Baik",
        "sha256": final["document_sha256"],
    }


def test_an_objection_decided_by_the_senior_appraiser_changes_the_predicate(org, opened, api_as):
    ev = drive(org, opened.evaluation, "RATING")
    staff, kasi, lurah, hr = (api_as(u) for u in (org.staff_a.user, org.kasi_a.user, org.lurah_a.user, org.hr_a))
    rated = kasi.post(url(ev, "rate"), {"result_rating": "BELOW", "behaviour_rating": "MEETS", "feedback": "Kurang."})
    assert rated.json()["predicate"] == "BUTUH_PERBAIKAN"

    objected = staff.post(url(ev, "object"), {"reasons": "Bukti dukung September belum dihitung."})
    assert objected.status_code == 200, objected.json()
    assert objected.json()["status"] == "OBJECTION"
    assert objected.json()["objection"]["reasons"] == "Bukti dukung September belum dihitung."
    assert kasi.post(url(ev, "explain"), {"text": "Bukti diunggah setelah penilaian."}).status_code == 200
    # The decision waits for both explanations.
    assert lurah.post(url(ev, "decide"), {"decision": "UPHELD", "notes": "x"}).status_code == 409
    assert staff.post(url(ev, "explain"), {"text": "Bukti ada sejak 30 September."}).status_code == 200

    waiting = lurah.get(url(ev)).json()
    assert [(t["type"], t["mine"]) for t in waiting["open_tasks"]] == [("objection_decide", True)]
    assert waiting["objection"]["appraiser_explanation"] == "Bukti diunggah setelah penilaian."
    incomplete = lurah.post(url(ev, "decide"), {"decision": "CHANGED", "notes": "Bukti sah."})
    assert incomplete.status_code == 400
    decided = lurah.post(
        url(ev, "decide"),
        {"decision": "CHANGED", "notes": "Bukti sah.", "result_rating": "MEETS", "behaviour_rating": "MEETS"},
    )
    assert decided.status_code == 200, decided.json()
    assert (decided.json()["predicate"], decided.json()["status"]) == ("BAIK", "SIGNOFF")
    assert decided.json()["objection"]["decision"] == "CHANGED"
    assert decided.json()["objection"]["new_result_rating"] == "MEETS"

    code = hr.post(url(ev, "sign-off")).json()["verification_code"]
    assert api_as(None).get(f"/api/v1/verify/{code}/").json()["predicate"] == "Baik"


def test_an_objection_after_14_days_is_refused(org, opened, api_as, time_machine):
    ev = drive(org, opened.evaluation, "ACK")
    time_machine.move_to("2026-10-16 09:00 +08:00", tick=False)  # day 15

    late = api_as(org.staff_a.user).post(url(ev, "object"), {"reasons": "Terlambat"})

    assert late.status_code == 400
    assert "sudah lewat" in late.json()["errors"]["non_field_errors"][0]
    ev.refresh_from_db()
    assert ev.status == "ACK" and not hasattr(ev, "objection")


# --- anonymity ---------------------------------------------------------------------------------


def test_nothing_the_employee_or_the_appraiser_receives_names_a_peer(org, opened, api_as):
    ev = opened.evaluation
    staff, kasi = api_as(org.staff_a.user), api_as(org.kasi_a.user)
    texts: list[str] = []

    def keep(response):
        assert response.status_code < 300, response.content
        texts.append(response.content.decode())
        return response

    def read_everything():
        for client in (staff, kasi):
            keep(client.get(url(ev)))
            keep(client.get(EVALUATIONS))
            keep(client.get(f"{EVALUATIONS}?period={opened.period.pk}"))
            keep(client.get(TASKS))
            keep(client.get(PERIODS))
            keep(client.get(f"{PERIODS}{opened.period.pk}/"))

    keep(kasi.put(url(ev, "peers"), {"peers": list(COLLEAGUE_IDS)}, format="json"))
    read_everything()
    rid = ev.realizations.get().pk
    keep(staff.patch(url(ev, f"realizations/{rid}"), {"value": "12"}, format="json"))
    keep(staff.post(url(ev, "self-assessment"), {"text": "Selesai."}))
    read_everything()
    answer_peers(ev)
    read_everything()
    keep(kasi.post(url(ev, "feedback"), {"text": "Pertahankan."}))
    keep(kasi.post(url(ev, "rate"), {"result_rating": "MEETS", "behaviour_rating": "ABOVE", "feedback": "Baik."}))
    read_everything()
    keep(staff.post(url(ev, "accept")))
    api_as(org.hr_a).post(url(ev, "sign-off"))
    read_everything()

    peers = list(ev.peer_requests.select_related("peer__user").values_list("peer", flat=True))
    assert sorted(peers) == list(COLLEAGUE_IDS)
    colleagues = opened.colleagues
    assert [identity_leaks(text, colleagues) for text in texts] == [[]] * len(texts)
    assert any("peer_summary" in text and '"count":3' in text for text in texts)  # the appraiser saw the summary
    # HR of the unit follows the peer step as counts: no name, no state per person (issue 9, finding 3).
    hr_view = api_as(org.hr_a).get(url(ev))
    assert identity_leaks(hr_view.content.decode(), colleagues) == []
    assert hr_view.json()["peer_progress"] == {"asked": 3, "answered": 3, "expired": 0, "waiting": 0}
    assert "peer_roster" not in hr_view.json()


def test_the_appraiser_sees_no_summary_below_three_answers_and_the_employee_none_at_all(org, opened, api_as):
    ev = drive(org, opened.evaluation, "FEEDBACK")
    task = peer_task_of(ev, org.peer_a)
    peer_feedback_submit(task=task, actor=org.peer_a.user, ratings=ALL_MEETS, comment="Tepat waktu")

    appraiser = api_as(org.kasi_a.user).get(url(ev)).json()
    employee = api_as(org.staff_a.user).get(url(ev)).json()
    hr = api_as(org.hr_a).get(url(ev)).json()

    assert appraiser["peer_summary"] == {
        "sufficient": False,
        "message": "Ringkasan tampil setelah tahap umpan balik rekan kerja ditutup",
        "count": None,
        "values": [],
        "comments": [],
    }
    assert "Tepat waktu" not in str(appraiser)
    assert "peer_progress" not in appraiser
    assert "peer_summary" not in employee and "peer_progress" not in employee
    assert (employee["peers_asked"], employee["peer_feedback_open"]) == (3, 2)
    assert hr["peer_progress"] == {"asked": 3, "answered": 1, "expired": 0, "waiting": 2}
    assert hr["peer_summary"]["count"] is None  # HR neither: nothing to diff while answers still come in


# --- immutability --------------------------------------------------------------------------------


def test_after_sign_off_every_write_answers_409_and_changes_nothing(org, opened, api_as):
    ev = opened.evaluation
    realization = ev.realizations.get()
    evidence = evidence_add(realization=realization, actor=org.staff_a.user, url="https://drive.example/bukti")
    drive(org, ev, "FEEDBACK")
    answered_task = peer_task_of(ev, org.peer_a)
    drive(org, ev, "FINAL", start="FEEDBACK")
    before = snapshot(ev)
    assert before["evaluation"]["is_final"] is True

    staff, kasi, lurah, hr = (api_as(u) for u in (org.staff_a.user, org.kasi_a.user, org.lurah_a.user, org.hr_a))
    writes = [
        (staff, "patch", f"realizations/{realization.pk}", {"value": "1", "note": "ubah"}),
        (staff, "post", f"realizations/{realization.pk}/evidence", {"url": "https://drive.example/baru"}),
        (staff, "delete", f"evidence/{evidence.pk}", None),
        (staff, "post", "self-assessment", {"text": "Ubah"}),
        (kasi, "put", "peers", {"peers": [org.peer_a.pk]}),
        (kasi, "post", "rate", {"result_rating": "ABOVE", "behaviour_rating": "ABOVE", "feedback": "Ubah"}),
        (staff, "post", "accept", None),
        (staff, "post", "object", {"reasons": "Ubah"}),
        (staff, "post", "explain", {"text": "Ubah"}),
        (lurah, "post", "decide", {"decision": "UPHELD", "notes": "Ubah"}),
        (hr, "post", "sign-off", None),
        (kasi, "post", "feedback", {"text": "Ubah"}),
        (kasi, "post", "dialogues", {"held_on": "2026-10-01", "topic": "Ubah", "notes": "Ubah"}),
    ]
    answers = {}
    for client, method, action, data in writes:
        response = getattr(client, method)(url(ev, action), data, format="json")
        answers[f"{method} {action}"] = (response.status_code, response.json().get("code"))
    peer = api_as(org.peer_a.user).post(
        f"/api/v1/peer-feedback/{answered_task.pk}/", {"ratings": ALL_MEETS}, format="json"
    )

    assert answers == {key: (409, "evaluation_locked") for key in answers}
    assert (peer.status_code, peer.json()["code"]) == (409, "task_not_open")
    assert snapshot(ev) == before
    # Reading still works.
    assert staff.get(url(ev)).status_code == 200


# --- evidence ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 64, "Jenis berkas tidak diizinkan"),
        # 5.5 MB: over the evidence rule, under the request limit (a larger body gets 413 before the view).
        ("besar.pdf", b"%PDF-1.4\n" + b"0" * (11 * 512 * 1024), "Berkas terlalu besar (5,5 MB)"),
        ("menyamar.pdf", b"MZ\x90\x00" + b"\x00" * 64, "tidak sesuai dengan jenisnya"),
    ],
    ids=["exe", "5.5MB", "exe-renamed-pdf"],
)
def test_evidence_of_a_wrong_type_or_over_5_mb_is_refused_with_400(org, opened, api_as, name, content, message):
    ev = opened.evaluation
    rid = ev.realizations.get().pk

    response = api_as(org.staff_a.user).post(
        url(ev, f"realizations/{rid}/evidence"), {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )

    assert response.status_code == 400
    assert message in response.json()["errors"]["file"][0]
    assert not Evidence.objects.exists()


def test_evidence_needs_exactly_one_file_or_link(org, opened, api_as):
    ev = opened.evaluation
    client = api_as(org.staff_a.user)
    address = url(ev, f"realizations/{ev.realizations.get().pk}/evidence")

    neither = client.post(address, {"description": "Foto"}, format="json")
    both = client.post(address, {"file": pdf_upload(), "url": "https://drive.example/x"}, format="multipart")
    bad_link = client.post(address, {"url": "bukan tautan"}, format="json")

    assert neither.status_code == both.status_code == 400
    one_of = "Unggah satu berkas atau isi satu tautan."
    expected = {"detail": one_of, "code": "invalid", "errors": {"non_field_errors": [one_of]}}
    assert neither.json() == both.json() == expected
    assert bad_link.status_code == 400 and "url" in bad_link.json()["errors"]
    assert not Evidence.objects.exists()


def test_evidence_is_removed_by_the_employee_and_downloaded_by_those_who_see_the_evaluation(org, opened, api_as):
    ev = opened.evaluation
    staff = api_as(org.staff_a.user)
    rid = ev.realizations.get().pk
    added = staff.post(url(ev, f"realizations/{rid}/evidence"), {"file": pdf_upload()}, format="multipart").json()
    download = url(ev, f"evidence/{added['id']}/download")

    assert api_as(org.hr_a).get(download).status_code == 200
    assert api_as(org.hr_b).get(download).status_code == 404
    assert api_as(org.peer_a.user).get(download).status_code == 404
    assert api_as(org.kasi_a.user).delete(url(ev, f"evidence/{added['id']}")).status_code == 403
    assert staff.delete(url(ev, f"evidence/{added['id']}")).status_code == 204
    assert not Evidence.objects.exists()
    assert staff.get(download).status_code == 404


def test_realisation_is_closed_once_the_self_assessment_is_submitted(org, opened, api_as):
    ev = drive(org, opened.evaluation, "FEEDBACK")
    rid = ev.realizations.get().pk

    response = api_as(org.staff_a.user).patch(url(ev, f"realizations/{rid}"), {"value": "1"}, format="json")

    assert response.status_code == 400
    assert "setelah penilaian mandiri diajukan" in response.json()["errors"]["non_field_errors"][0]
    assert ev.realizations.get().value == 10


def test_self_assessment_needs_every_realisation(org, opened, api_as):
    ev = opened.evaluation

    response = api_as(org.staff_a.user).post(url(ev, "self-assessment"), {"text": "Selesai"})

    assert response.status_code == 400
    assert "Realisasi 1 indikator belum diisi" in response.json()["errors"]["non_field_errors"][0]
    assert Evaluation.objects.get(pk=ev.pk).status == "SELF"


# --- lists ---------------------------------------------------------------------------------------


def open_tw4(org):
    return period_open(
        unit=org.kel_a,
        year=2026,
        kind="TW4",
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 12, 31),
        peer_deadline=dt.date(2026, 12, 31),
        actor=org.hr_a,
    )


def test_evaluation_lists_follow_the_policy_and_filter(org, opened, api_as):
    mine = {e.employee_id: e.pk for e in opened.report.created}

    assert ids(api_as(org.staff_a.user).get(EVALUATIONS)) == {mine[org.staff_a.pk]}
    assert ids(api_as(org.kasi_a.user).get(EVALUATIONS)) == {
        mine[org.kasi_a.pk],
        mine[org.staff_a.pk],
        mine[org.peer_a.pk],
    }
    assert ids(api_as(org.hr_a).get(EVALUATIONS)) == set(mine.values())
    assert ids(api_as(org.hr_b).get(EVALUATIONS)) == set()
    assert ids(api_as(org.outsider).get(EVALUATIONS)) == set()
    assert api_as(None).get(EVALUATIONS).status_code == 401

    drive(org, opened.evaluation, "FEEDBACK")
    hr = api_as(org.hr_a)
    assert ids(hr.get(f"{EVALUATIONS}?status=FEEDBACK")) == {mine[org.staff_a.pk]}
    assert ids(hr.get(f"{EVALUATIONS}?employee={org.kasi_a.pk}")) == {mine[org.kasi_a.pk]}
    assert ids(hr.get(f"{EVALUATIONS}?period={opened.period.pk}")) == set(mine.values())
    assert ids(hr.get(f"{EVALUATIONS}?period=999999")) == set()
    assert hr.get(f"{EVALUATIONS}?status=NOPE").status_code == 400


def test_a_list_costs_the_same_queries_for_four_evaluations_as_for_eight(
    org, opened, api_as, django_assert_num_queries
):
    client = api_as(org.hr_a)

    # session, user, HR group, HR scope (exists, units, units below), employee record, count, page
    with django_assert_num_queries(9) as four:
        assert client.get(EVALUATIONS).json()["count"] == 4
    open_tw4(org)
    with django_assert_num_queries(len(four.captured_queries)):
        assert client.get(EVALUATIONS).json()["count"] == 8
    with django_assert_num_queries(len(four.captured_queries) + 1):  # + the periods' predicates
        assert client.get(PERIODS).json()["count"] == 2


def test_an_unknown_or_invisible_evaluation_is_404(org, opened, api_as):
    assert api_as(org.hr_a).get(url(999999)).status_code == 404
    assert api_as(org.staff_b.user).get(url(opened.evaluation)).status_code == 404
    assert api_as(org.staff_b.user).post(url(opened.evaluation, "accept")).status_code == 404


# --- periods -------------------------------------------------------------------------------------


def test_periods_are_listed_for_hr_of_the_units_and_for_people_evaluated_in_them(org, opened, api_as):
    period = opened.period.pk

    assert ids(api_as(org.hr_a).get(PERIODS)) == {period}
    assert ids(api_as(org.hr_kec).get(PERIODS)) == {period}  # Mantasi is below the Kecamatan
    assert ids(api_as(org.staff_a.user).get(PERIODS)) == {period}
    assert ids(api_as(org.hr_b).get(PERIODS)) == set()
    assert ids(api_as(org.outsider).get(PERIODS)) == set()
    assert api_as(org.hr_b).get(f"{PERIODS}{period}/").status_code == 404
    detail = api_as(org.staff_a.user).get(f"{PERIODS}{period}/").json()
    assert (detail["kind_display"], detail["peer_deadline"], detail["org_predicates"]) == (
        "Triwulan III",
        "2026-10-10",
        [],
    )


@pytest.mark.parametrize(("who", "status"), [("hr_b", 403), ("staff_a", 403), ("outsider", 403)])
def test_only_hr_of_the_unit_opens_a_period(org, chain, api_as, who, status):
    person = getattr(org, who)

    response = api_as(getattr(person, "user", person)).post(PERIODS, {"unit": org.kel_a.pk, **TW3}, format="json")

    assert response.status_code == status
    assert not Period.objects.exists()


def test_a_period_with_bad_dates_or_a_duplicate_is_400(org, chain, api_as):
    hr = api_as(org.hr_a)

    backwards = hr.post(PERIODS, {"unit": org.kel_a.pk, **TW3, "end_date": "2026-06-30"}, format="json")
    assert backwards.status_code == 400 and "end_date" in backwards.json()["errors"]
    assert hr.post(PERIODS, {"unit": org.kel_a.pk, **TW3}, format="json").status_code == 201
    again = hr.post(PERIODS, {"unit": org.kel_a.pk, **TW3}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()["errors"]
    assert Period.objects.count() == 1
    assert Evaluation.objects.count() == 4


def test_hr_sets_the_organisation_predicate_that_the_unit_head_result_follows(org, opened, api_as):
    address = f"{PERIODS}{opened.period.pk}/org-predicates/"
    lurah_ev = next(e for e in opened.report.created if e.employee_id == org.lurah_a.pk)

    decree = {"decree_number": "800/12/KEC-ALAK/2026", "decree_date": "2026-07-01"}
    istimewa = {"unit": org.kel_a.pk, "predicate": "ISTIMEWA", **decree}
    assert api_as(org.hr_b).put(address, istimewa).status_code == 404
    assert api_as(org.lurah_a.user).put(address, istimewa).status_code == 403
    outside = api_as(org.admin).put(address, {"unit": org.kel_b.pk, "predicate": "BAIK", **decree})
    assert outside.status_code == 400 and "unit" in outside.json()["errors"]
    undecreed = api_as(org.hr_a).put(address, {"unit": org.kel_a.pk, "predicate": "ISTIMEWA"})
    assert undecreed.status_code == 400 and {"decree_number", "decree_date"} <= set(undecreed.json()["errors"])
    response = api_as(org.hr_a).put(address, istimewa)

    assert response.status_code == 200, response.json()
    [predicate] = response.json()["org_predicates"]
    assert predicate == {
        "unit": org.kel_a.pk,
        "unit_name": "Kelurahan Mantasi",
        "predicate": "ISTIMEWA",
        "predicate_display": "Istimewa",
        "decree_number": "800/12/KEC-ALAK/2026",
        "decree_date": "2026-07-01",
        "decided_by_name": org.camat.full_name,  # the head of the unit above Kelurahan Mantasi
        "confirmed_at": None,
    }
    assert api_as(org.hr_a).get(url(lurah_ev)).json()["org_predicate"] == {"value": "ISTIMEWA", "display": "Istimewa"}


# --- tasks ---------------------------------------------------------------------------------------


def test_evaluation_tasks_in_the_inbox_point_to_the_evaluation_or_the_peer_form(org, opened, api_as):
    ev = drive(org, opened.evaluation, "FEEDBACK")
    peer = api_as(org.peer_a.user)

    [peer_task] = [t for t in peer.get(TASKS).json()["results"] if t["type"] == "peer_feedback"]
    task = peer_task_of(ev, org.peer_a)
    assert peer_task["id"] == task.pk
    assert peer_task["links"] == {
        "page": f"/umpan-balik/{task.pk}/",
        "api": f"http://testserver/api/v1/peer-feedback/{task.pk}/",
    }
    assert peer_task["subject"] == f"Evaluasi Triwulan III 2026 – {org.staff_a.full_name}"

    answer_peers(ev)
    rate = task_of_type(api_as(org.kasi_a.user), "evaluation_rate")
    assert rate["links"]["api"] == f"http://testserver{url(ev)}"
    assert rate["links"]["page"] == f"/evaluasi/{ev.pk}/nilai/"


def test_an_inbox_of_evaluation_tasks_costs_the_same_queries_for_one_and_two(
    org, opened, api_as, django_assert_num_queries
):
    client = api_as(org.kasi_a.user)

    with django_assert_num_queries(4) as one:  # session, user, the count, the page of tasks with their subjects
        assert [t["type"] for t in client.get(TASKS).json()["results"]] == ["evaluation_self"]  # the Kasi's own
    drive(org, opened.evaluation, "RATING")
    with django_assert_num_queries(len(one.captured_queries)):
        assert [t["type"] for t in client.get(TASKS).json()["results"]] == ["evaluation_self", "evaluation_rate"]


def test_hr_of_the_unit_reassigns_the_rating_and_the_new_owner_rates(org, opened, api_as):
    ev = drive(org, opened.evaluation, "RATING")
    task = open_task(ev.process, EvaluationFlow.rate)
    payload = {"to_user": org.lurah_a.user.pk, "reason": "Kasi cuti"}

    assert api_as(org.hr_b).post(f"{TASKS}{task.pk}/reassign/", payload).status_code == 404
    assert api_as(org.kasi_a.user).post(f"{TASKS}{task.pk}/reassign/", payload).status_code == 403
    moved = api_as(org.hr_a).post(f"{TASKS}{task.pk}/reassign/", payload)

    assert moved.status_code == 200, moved.json()
    assert moved.json()["type"] == "evaluation_rate"
    assert TaskReassignment.objects.get(task=task).reason == "Kasi cuti"
    rating = {"result_rating": "MEETS", "behaviour_rating": "MEETS", "feedback": "Baik."}
    assert api_as(org.kasi_a.user).post(url(ev, "rate"), rating).status_code == 403
    assert api_as(org.lurah_a.user).post(url(ev, "rate"), rating).status_code == 200


def test_peer_tasks_stay_with_the_peer(org, opened, api_as):
    ev = drive(org, opened.evaluation, "FEEDBACK")
    task = peer_task_of(ev, org.peer_a)

    response = api_as(org.hr_a).post(f"{TASKS}{task.pk}/reassign/", {"to_user": org.kasi_a.user.pk, "reason": "x"})

    assert response.status_code == 403
    assert not TaskReassignment.objects.filter(task=task).exists()


# --- peer feedback -------------------------------------------------------------------------------


def test_peer_feedback_needs_all_seven_values_and_is_given_once(org, opened, api_as):
    ev = drive(org, opened.evaluation, "FEEDBACK")
    task = peer_task_of(ev, org.peer_a)
    client = api_as(org.peer_a.user)
    address = f"/api/v1/peer-feedback/{task.pk}/"

    six = client.post(address, {"ratings": {k: v for k, v in ALL_MEETS.items() if k != "LOYAL"}}, format="json")
    odd = client.post(address, {"ratings": {**ALL_MEETS, "LOYAL": "GREAT"}}, format="json")
    assert six.status_code == odd.status_code == 400
    assert six.json()["errors"]["ratings"] == ["Isi penilaian untuk ketujuh nilai dasar BerAKHLAK."]
    assert "ratings" in error_fields(odd)
    assert ev.peer_feedback.count() == 0

    assert client.post(address, {"ratings": ALL_MEETS, "comment": "Sigap"}, format="json").status_code == 201
    again = client.post(address, {"ratings": ALL_MEETS}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "task_not_open")
    assert client.get(address).status_code == 409
    assert ev.peer_feedback.count() == 1
    assert ev.peer_requests.get(peer=org.peer_a).state == PeerRequest.State.ANSWERED
    assert open_peer_tasks(ev).count() == 2


# --- continuous feedback and dialogues -----------------------------------------------------------


def test_the_appraiser_gives_feedback_and_records_a_dialogue_the_employee_reads(org, opened, api_as):
    ev = opened.evaluation
    kasi, staff = api_as(org.kasi_a.user), api_as(org.staff_a.user)

    given = kasi.post(url(ev, "feedback"), {"text": "Laporan lebih rinci."})
    met = kasi.post(url(ev, "dialogues"), {"held_on": "2026-09-15", "topic": "Triwulan III", "notes": "Target"})
    assert given.status_code == met.status_code == 201, (given.json(), met.json())
    assert staff.post(url(ev, "feedback"), {"text": "Saya hebat."}).status_code == 403
    assert kasi.post(url(ev, "feedback"), {"text": " "}).status_code == 400

    detail = staff.get(url(ev)).json()
    assert [(f["text"], f["author"]["id"]) for f in detail["continuous_feedback"]] == [
        ("Laporan lebih rinci.", org.kasi_a.pk)
    ]
    assert [(d["topic"], d["held_on"]) for d in detail["dialogues"]] == [("Triwulan III", "2026-09-15")]


# --- verification ------------------------------------------------------------------------------


@pytest.fixture
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_verification_of_an_unknown_or_unfinished_code_is_404(org, opened, api_as, fresh_throttle):
    ev = drive(org, opened.evaluation, "SIGNOFF")
    Evaluation.objects.filter(pk=ev.pk).update(verification_code="ABCDEFGHJKLM")  # a code, but not final

    assert api_as(None).get("/api/v1/verify/ABCDEFGHJKLM/").status_code == 404
    assert api_as(None).get("/api/v1/verify/XXXX/").status_code == 404


def test_verification_is_throttled(org, fresh_throttle, api_as):
    client = api_as(None)

    answers = [client.get("/api/v1/verify/ABCDEFGHJKLM/").status_code for _ in range(31)]

    assert answers[:30] == [404] * 30
    assert answers[30] == 429
