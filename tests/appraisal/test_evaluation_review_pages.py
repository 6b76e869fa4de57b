"""The appraiser's rating page, peers, continuous feedback and the senior appraiser's decision, as users see them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from appraisal.models import Employee, Feedback, Objection, PerformanceDialogue
from tests.appraisal.evaluation_page_helpers import (
    evaluation_of,
    mantasi_period,
    peers_of,
    rated,
    ready_to_rate,
)
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import open_task
from workflows.steps.evaluation import objection_explain, objection_file

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def october_2026():
    """After Triwulan III 2026 and before the peer deadline (10 October)."""
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        yield


@pytest.fixture
def period(org):
    return mantasi_period(org)


@pytest.fixture
def staff_ev(org, period):
    return evaluation_of(period, org.staff_a)


def login(client, person):
    client.force_login(person.user if isinstance(person, Employee) else person)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_no_peer_identity(page: str, peers) -> None:
    for peer in peers:
        assert peer.name not in page, peer.name
        assert peer.user.username not in page, peer.user.username
        assert peer.nip not in page, peer.nip


# --- the rating page ---------------------------------------------------------------------------


def test_rating_page_shows_realisation_and_the_anonymous_peer_summary(client, org, staff_ev):
    comments = ready_to_rate(org, staff_ev)
    peers = peers_of(staff_ev)
    assert len(peers) == 3
    page = login(client, org.kasi_a).get(reverse("evaluation_rate", args=[staff_ev.pk])).content.decode()

    assert org.staff_a.full_name in page and "Pengadministrasi Umum" in page
    assert "12 dokumen" in page and "Sesuai bukti" in page  # target, realisation note
    assert "<strong>10</strong>" in page  # the realisation value
    assert "Target tercapai." in page  # the self-assessment
    assert "3 tanggapan" in page
    for comment in comments:
        assert comment in page
    assert "belum cukup tanggapan" not in page.lower()
    assert "Belum ada data layanan publik" in page
    assert 'id="predicate-table"' in page and "Sangat Baik" in page
    assert_no_peer_identity(page, peers)


def test_fewer_than_three_answers_show_no_summary(client, org, staff_ev):
    two = [org.peer_a, Employee.objects.get(name="Yakobus Tefa")]
    comments = ready_to_rate(org, staff_ev, peers=two)
    page = login(client, org.kasi_a).get(reverse("evaluation_rate", args=[staff_ev.pk])).content.decode()
    assert "Belum cukup tanggapan (minimal 3)" in page
    for comment in comments:
        assert comment not in page
    assert_no_peer_identity(page, two)


def test_posting_a_rating_sets_the_predicate_and_sends_the_result_to_the_employee(client, org, staff_ev):
    ready_to_rate(org, staff_ev)
    url = reverse("evaluation_rate", args=[staff_ev.pk])
    login(client, org.kasi_a)

    response = client.post(url, {"result_rating": "ABOVE", "behaviour_rating": "ABOVE", "feedback": "  "})
    assert response.status_code == 200
    assert "Tuliskan umpan balik untuk pegawai." in response.content.decode()
    staff_ev.refresh_from_db()
    assert staff_ev.predicate == "" and open_task(staff_ev.process, EvaluationFlow.rate) is not None

    response = client.post(
        url, {"result_rating": "ABOVE", "behaviour_rating": "ABOVE", "feedback": "Pelayanan sangat cepat."}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation_detail", args=[staff_ev.pk])
    assert any("Sangat Baik" in m for m in texts(response))
    staff_ev.refresh_from_db()
    assert staff_ev.predicate == "SANGAT_BAIK" and staff_ev.appraiser_feedback == "Pelayanan sangat cepat."
    assert open_task(staff_ev.process, EvaluationFlow.acknowledge).owner == org.staff_a.user

    # A second submit (other tab) is told the task is done, nothing changes.
    response = client.post(url, {"result_rating": "BELOW", "behaviour_rating": "BELOW", "feedback": "x"})
    assert response.status_code == 302 and any("sudah diselesaikan" in m for m in texts(response))
    staff_ev.refresh_from_db()
    assert staff_ev.predicate == "SANGAT_BAIK"


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_a", 403), ("peer_a", 404), ("hr_b", 404), ("outsider", 404), ("lurah_b", 404), ("hr_a", 403)],
)
def test_only_the_appraiser_opens_the_rating_page(client, org, staff_ev, who, status):
    ready_to_rate(org, staff_ev)
    url = reverse("evaluation_rate", args=[staff_ev.pk])
    login(client, getattr(org, who))
    assert client.get(url).status_code == status
    response = client.post(url, {"result_rating": "BELOW", "behaviour_rating": "BELOW", "feedback": "x"})
    assert response.status_code == status
    staff_ev.refresh_from_db()
    assert staff_ev.predicate == ""


def test_anonymous_visitors_are_sent_to_login(client, org, staff_ev):
    response = client.get(reverse("evaluation_rate", args=[staff_ev.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unit_head_result_follows_the_organisation_predicate(client, org, period):
    lurah_ev = evaluation_of(period, org.lurah_a)
    ready_to_rate(org, lurah_ev, peers=[])  # no peers: the rating follows the self-assessment at once
    url = reverse("evaluation_rate", args=[lurah_ev.pk])
    login(client, org.camat)

    page = client.get(url).content.decode()
    assert 'name="result_rating"' not in page
    assert "belum ditetapkan kepegawaian" in page
    response = client.post(url, {"behaviour_rating": "ABOVE", "feedback": "Kelurahan tertib."})
    assert response.status_code == 200
    assert (
        "Capaian Kinerja Organisasi Kelurahan Mantasi untuk periode ini belum ditetapkan" in response.content.decode()
    )

    login(client, org.hr_a).post(
        reverse("hr_period_detail", args=[period.period.pk]),
        {
            "action": "org",
            "org-unit": org.kel_a.pk,
            "org-predicate": "ISTIMEWA",
            "org-decree_number": "800/1/2026",
            "org-decree_date": "2026-10-01",
        },
    )
    page = login(client, org.camat).get(url).content.decode()
    assert "Mengikuti Capaian Kinerja Organisasi Istimewa: Di Atas Ekspektasi" in page
    assert 'data-fixed-result="ABOVE"' in page

    # A result rating slipped into the request is ignored: the organisation decides.
    response = client.post(url, {"result_rating": "BELOW", "behaviour_rating": "ABOVE", "feedback": "Tertib."})
    assert response.status_code == 302
    lurah_ev.refresh_from_db()
    assert (lurah_ev.result_rating, lurah_ev.predicate, lurah_ev.org_predicate) == ("ABOVE", "SANGAT_BAIK", "ISTIMEWA")


# --- peers, continuous feedback and dialogues --------------------------------------------------


def test_the_appraiser_chooses_peers_among_colleagues_while_the_self_assessment_is_open(client, org, staff_ev):
    url = reverse("peers_choose", args=[staff_ev.pk])
    page = login(client, org.kasi_a).get(url).content.decode()
    assert "Beatrix Kana" in page and "Yakobus Tefa" in page
    assert f'value="{org.staff_a.pk}"' not in page and f'value="{org.kasi_a.pk}"' not in page

    yakobus = Employee.objects.get(name="Yakobus Tefa")
    response = client.post(url, {"peers": [org.peer_a.pk, yakobus.pk]})
    assert response["Location"] == reverse("evaluation_detail", args=[staff_ev.pk])
    assert set(staff_ev.peer_requests.values_list("peer__name", flat=True)) == {"Beatrix Kana", "Yakobus Tefa"}

    response = client.post(url, {"peers": [org.staff_a.pk]})  # not offered: refused by the form
    assert response.status_code == 200
    assert staff_ev.peer_requests.count() == 2

    assert login(client, org.staff_a).get(url).status_code == 403
    assert login(client, org.hr_b).get(url).status_code == 404


def test_peers_cannot_change_after_the_self_assessment(client, org, staff_ev):
    ready_to_rate(org, staff_ev)
    response = login(client, org.kasi_a).post(reverse("peers_choose", args=[staff_ev.pk]), {"peers": []})
    assert response.status_code == 302
    assert any("sebelum penilaian mandiri diajukan" in m for m in texts(response))
    assert staff_ev.peer_requests.count() == 3


def test_the_appraiser_gives_feedback_and_records_a_dialogue_from_the_rating_page(client, org, staff_ev):
    ready_to_rate(org, staff_ev)
    rate_url = reverse("evaluation_rate", args=[staff_ev.pk])
    login(client, org.kasi_a)
    page = client.get(rate_url).content.decode()
    assert reverse("feedback_give", args=[org.staff_a.pk]) in page
    assert reverse("dialogue_record", args=[org.staff_a.pk]) in page

    response = client.post(
        reverse("feedback_give", args=[org.staff_a.pk]),
        {"fb-text": "Arsip bulan Agustus rapi.", "fb-evaluation": staff_ev.pk, "next": rate_url},
    )
    assert response["Location"] == rate_url
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.evaluation) == (org.kasi_a, staff_ev)

    response = client.post(
        reverse("dialogue_record", args=[org.staff_a.pk]),
        {"dlg-held_on": "2026-09-30", "dlg-topic": "Capaian triwulan", "dlg-notes": "", "next": rate_url},
    )
    assert response.status_code == 200 and "Isi catatan dialog." in response.content.decode()
    client.post(
        reverse("dialogue_record", args=[org.staff_a.pk]),
        {"dlg-held_on": "2026-09-30", "dlg-topic": "Capaian triwulan", "dlg-notes": "Dibahas.", "next": rate_url},
    )
    assert PerformanceDialogue.objects.get().appraiser == org.kasi_a
    page = client.get(rate_url).content.decode()
    assert "Arsip bulan Agustus rapi." in page and "Capaian triwulan" in page


# Issue 11: anyone but the appraiser gets the 403 page, leaders outside the line too (it names nobody).
@pytest.mark.parametrize(("who", "status"), [("peer_a", 403), ("staff_a", 403), ("hr_b", 403), ("lurah_b", 403)])
def test_only_the_appraiser_gives_continuous_feedback(client, org, who, status):
    url = reverse("feedback_give", args=[org.staff_a.pk])
    response = login(client, getattr(org, who)).post(url, {"fb-text": "Catatan"})
    assert response.status_code == status
    assert not Feedback.objects.exists()


# --- the senior appraiser's decision -----------------------------------------------------------


@pytest.fixture
def objected(org, staff_ev):
    rated(org, staff_ev, result="BELOW", behaviour="MEETS")
    objection_file(evaluation=staff_ev, actor=org.staff_a.user, reasons="Bukti bulan September belum dihitung.")
    objection_explain(evaluation=staff_ev, actor=org.kasi_a.user, text="Bukti diunggah setelah penilaian.")
    objection_explain(evaluation=staff_ev, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
    staff_ev.refresh_from_db()
    return staff_ev


def test_the_senior_appraiser_decides_and_changes_the_predicate(client, org, objected):
    url = reverse("objection_decide", args=[objected.pk])
    login(client, org.lurah_a)
    page = client.get(url).content.decode()
    assert "Butuh Perbaikan" in page  # the predicate objected to
    assert "Bukti bulan September belum dihitung." in page
    assert "Bukti diunggah setelah penilaian." in page and "Bukti ada sejak 30 September." in page
    assert 'id="predicate-table"' in page
    assert_no_peer_identity(page, peers_of(objected))

    response = client.post(url, {"decision": "CHANGED", "result_rating": "MEETS", "notes": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tuliskan pertimbangan keputusan." in body and "Isi rating baru bila penilaian diubah." in body

    response = client.post(
        url, {"decision": "CHANGED", "result_rating": "MEETS", "behaviour_rating": "MEETS", "notes": "Bukti sah."}
    )
    assert response["Location"] == reverse("evaluation_detail", args=[objected.pk])
    objected.refresh_from_db()
    assert objected.predicate == "BAIK"
    assert objected.objection.decision == Objection.Decision.CHANGED
    assert objected.objection.decided_by == org.lurah_a.user
    assert open_task(objected.process, EvaluationFlow.sign_off).owner == org.hr_a


@pytest.mark.parametrize(("who", "status"), [("kasi_a", 403), ("staff_a", 403), ("hr_b", 404), ("outsider", 404)])
def test_only_the_owner_of_the_decision_opens_it(client, org, objected, who, status):
    assert login(client, getattr(org, who)).get(reverse("objection_decide", args=[objected.pk])).status_code == status


def test_a_late_objection_stays_with_the_atasan_is_flagged_for_hr_and_hr_cannot_decide(client, org, objected):
    """PP 30/2019 Pasal 59: 40 days after filing, timers fired, the decision is still the Lurah's alone."""
    from django.core.management import call_command

    with time_machine.travel(dt.datetime(2026, 11, 12, 9, 0, tzinfo=WITA), tick=False):
        call_command("workflow_timers")
        decide = open_task(objected.process, EvaluationFlow.decide)
        assert decide is not None and decide.owner == org.lurah_a.user
        hr_list = login(client, org.hr_a).get(reverse("hr_sign_off_list")).content.decode()
        assert "terlambat diputuskan" in hr_list and org.lurah_a.full_name in hr_list
    url = reverse("objection_decide", args=[objected.pk])
    assert client.get(url).status_code == 403  # HR: not its decision
    assert client.post(url, {"decision": "CHANGED", "notes": "x", "result_rating": "MEETS"}).status_code == 403
    objected.refresh_from_db()
    assert objected.objection.decided_at is None
    response = login(client, org.lurah_a).post(url, {"decision": "UPHELD", "notes": "Penilaian sesuai bukti."})
    assert response.status_code == 302
    objected.refresh_from_db()
    assert objected.objection.decided_by == org.lurah_a.user and objected.objection.decision == "UPHELD"


def test_public_service_figures_are_shown_with_their_labels_when_there_is_data(client, org, staff_ev):
    import datetime as dt

    from appraisal.models import ServiceRequest, ServiceType, SurveyResponse

    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    received = dt.datetime(2026, 8, 12, 9, tzinfo=dt.UTC)
    for _ in range(2):
        ServiceRequest.objects.create(service_type=service, unit=org.kel_a, officer=org.staff_a, received_at=received)
    SurveyResponse.objects.create(
        service_type=service, unit=org.kel_a, officer=org.staff_a, scores=[4] * 9, submitted_on=received.date()
    )
    ready_to_rate(org, staff_ev)
    page = login(client, org.kasi_a).get(reverse("evaluation_rate", args=[staff_ev.pk])).content.decode()
    assert "Berkas layanan ditangani</dt><dd>2</dd>" in page
    assert "Jumlah tanggapan survei</dt><dd>1</dd>" in page
    assert "Indeks Kepuasan Masyarakat (IKM) petugas</dt><dd>belum cukup tanggapan (minimal 5)</dd>" in page
    assert "Belum ada data layanan publik" not in page
