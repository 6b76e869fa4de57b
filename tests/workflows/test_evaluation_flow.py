import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from appraisal.evaluation.services import peer_summary_for, unit_performance_set
from appraisal.models import EvaluationStatus, Objection, PeerRequest
from tests.evaluation_helpers import ALL_MEETS, fill_and_submit
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import open_task
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    evaluation_sign_off,
    objection_decide,
    objection_explain,
    objection_file,
    peer_feedback_submit,
)

pytestmark = pytest.mark.django_db


def test_opening_lists_employees_without_approved_skp(org, opened):
    created = {e.employee for e in opened.created}
    skipped = {e: reason for e, reason in opened.skipped}
    assert org.staff_a in created and org.kasi_a in created and org.lurah_a in created
    assert all("SKP 2026" in reason or "akun" in reason for reason in skipped.values())
    assert len(created) + len(skipped) == 6  # lurah, kasi, staff_a, peer_a, two new staff


def test_happy_path_to_a_final_document(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    assert open_task(ev.process, EvaluationFlow.self_assess).owner == org.staff_a.user
    assert set(ev.peer_requests.values_list("peer__name", flat=True)) == {"Beatrix Kana", "Yakobus Tefa", "Rambu Nope"}

    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        ev.refresh_from_db()
        assert ev.status == EvaluationStatus.FEEDBACK
        assert ev.public_service == {"available": False, "start": "2026-07-01", "end": "2026-09-30"}
        assert open_task(ev.process, EvaluationFlow.rate) is None  # peers still answering
        answer_all_peers(ev)
        ev.refresh_from_db()
        assert ev.status == EvaluationStatus.RATING
        rate = open_task(ev.process, EvaluationFlow.rate)
        assert rate.owner == org.kasi_a.user
        summary = peer_summary_for(ev)
        assert summary["count"] == 3 and summary["values"]["PELAYANAN"]["ABOVE"] == 3

        evaluation_rate(
            evaluation=ev,
            actor=org.kasi_a.user,
            result_rating="ABOVE",
            behaviour_rating="ABOVE",
            feedback="Sangat baik dalam pelayanan.",
        )
        ev.refresh_from_db()
        assert ev.predicate == "SANGAT_BAIK"
        assert open_task(ev.process, EvaluationFlow.acknowledge).owner == org.staff_a.user

        evaluation_accept(evaluation=ev, actor=org.staff_a.user)
        sign_off = open_task(ev.process, EvaluationFlow.sign_off)
        assert sign_off.owner == org.hr_a
        evaluation_sign_off(evaluation=ev, actor=org.hr_a)

    ev.refresh_from_db()
    assert ev.is_final and ev.status == EvaluationStatus.FINAL
    assert len(ev.verification_code) == 12 and len(ev.document_sha256) == 64
    assert ev.document.read(4) == b"%PDF"
    assert ev.process.status == "DONE"


def test_objection_changes_the_predicate(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev,
            actor=org.kasi_a.user,
            result_rating="BELOW",
            behaviour_rating="MEETS",
            feedback="Target belum tercapai.",
        )
    with time_machine.travel(dt.datetime(2026, 10, 14, 9, tzinfo=dt.UTC), tick=False):  # day 13
        objection_file(evaluation=ev, actor=org.staff_a.user, reasons="Bukti dukung bulan September belum dihitung.")
        ev.refresh_from_db()
        assert ev.status == EvaluationStatus.OBJECTION
        objection_explain(evaluation=ev, actor=org.kasi_a.user, text="Bukti diunggah setelah penilaian.")
        assert open_task(ev.process, EvaluationFlow.decide) is None  # waits for both explanations
        objection_explain(evaluation=ev, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
        decide = open_task(ev.process, EvaluationFlow.decide)
        assert decide.owner == org.lurah_a.user  # the senior appraiser
        objection_decide(
            evaluation=ev,
            actor=org.lurah_a.user,
            decision=Objection.Decision.CHANGED,
            notes="Bukti sah.",
            result_rating="MEETS",
            behaviour_rating="MEETS",
        )
    ev.refresh_from_db()
    assert ev.predicate == "BAIK"
    assert ev.objection.decision == "CHANGED"
    assert open_task(ev.process, EvaluationFlow.sign_off).owner == org.hr_a


def test_objection_on_day_15_is_refused_and_the_timer_accepts(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
    with time_machine.travel(dt.datetime(2026, 10, 16, 1, tzinfo=dt.UTC), tick=False):  # day 15, 09:00 WITA
        with pytest.raises(ValidationError) as exc:
            objection_file(evaluation=ev, actor=org.staff_a.user, reasons="Terlambat")
        assert "sudah lewat" in exc.value.messages[0]
        call_command("workflow_timers")
    ev.refresh_from_db()
    assert ev.auto_accepted and ev.status == EvaluationStatus.SIGN_OFF
    assert not Objection.objects.filter(evaluation=ev).exists()
    assert open_task(ev.process, EvaluationFlow.sign_off) is not None


def test_peer_deadline_cancels_unanswered_tasks_and_the_flow_goes_on(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        first = ev.peer_requests.select_related("peer__user").first()
        task = next(
            t
            for t in ev.process.task_set.filter(flow_task=EvaluationFlow.peer_feedback, status="ASSIGNED")
            if t.owner_id == first.peer.user_id
        )
        peer_feedback_submit(task=task, actor=first.peer.user, ratings=ALL_MEETS)
    with time_machine.travel(dt.datetime(2026, 10, 11, 1, tzinfo=dt.UTC), tick=False):  # after the deadline
        call_command("workflow_timers")
    ev.refresh_from_db()
    assert ev.status == EvaluationStatus.RATING
    assert open_task(ev.process, EvaluationFlow.rate) is not None
    states = sorted(ev.peer_requests.values_list("state", flat=True))
    assert states == [PeerRequest.State.ANSWERED, PeerRequest.State.EXPIRED, PeerRequest.State.EXPIRED]
    assert peer_summary_for(ev) is None  # one answer: "belum cukup tanggapan"


def test_unit_head_result_follows_the_organisation_predicate(org, opened):
    ev = evaluation_of(opened, org.lurah_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        call_command("workflow_timers")
    with time_machine.travel(dt.datetime(2026, 10, 11, 1, tzinfo=dt.UTC), tick=False):
        call_command("workflow_timers")  # peers of the Lurah never answer
        with pytest.raises(ValidationError):
            evaluation_rate(
                evaluation=ev, actor=org.camat.user, result_rating="BELOW", behaviour_rating="ABOVE", feedback="x"
            )
        unit_performance_set(
            period=opened.period,
            unit=org.kel_a,
            predicate="ISTIMEWA",
            decree_number="800/1/2026",
            decree_date=dt.date(2026, 10, 1),
            actor=org.hr_a,
        )
        evaluation_rate(
            evaluation=ev,
            actor=org.camat.user,
            result_rating="BELOW",
            behaviour_rating="ABOVE",
            feedback="Kelurahan berprestasi.",
        )
    ev.refresh_from_db()
    assert ev.result_rating == "ABOVE" and ev.predicate == "SANGAT_BAIK"


def test_the_objection_keeps_the_ratings_it_was_filed_against(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="BELOW", behaviour_rating="BELOW", feedback="Kurang."
        )
        objection_file(evaluation=ev, actor=org.staff_a.user, reasons="Tidak sesuai bukti.")
        objection_explain(evaluation=ev, actor=org.kasi_a.user, text="a")
        objection_explain(evaluation=ev, actor=org.staff_a.user, text="b")
        objection_decide(
            evaluation=ev,
            actor=org.lurah_a.user,
            decision=Objection.Decision.CHANGED,
            notes="c",
            result_rating="MEETS",
            behaviour_rating="MEETS",
        )
    objection = Objection.objects.get(evaluation=ev)
    assert (objection.original_result_rating, objection.original_predicate) == ("BELOW", "SANGAT_KURANG")
    assert objection.evaluation.predicate == "BAIK"


def test_no_annual_predicate_before_triwulan_iv_akhir_is_final(org, opened):
    """PermenPANRB 6/2022 Pasal 12: the annual predicate is Triwulan IV-Akhir's, and none exists before it is final
    (a final Triwulan III never stands in)."""
    from appraisal.evaluation.selectors import year_result
    from tests.evaluation_helpers import period_open

    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="ABOVE", behaviour_rating="ABOVE", feedback="Prima."
        )
        evaluation_accept(evaluation=ev, actor=org.staff_a.user)
        evaluation_sign_off(evaluation=ev, actor=org.hr_a)
    assert year_result(org.staff_a, 2026).annual_predicate is None  # Triwulan III is final, but not the year's end
    with time_machine.travel(dt.datetime(2026, 12, 31, 9, tzinfo=dt.UTC), tick=False):
        final_period = period_open(
            unit=org.kel_a,
            year=2026,
            kind="TW4",
            start_date=dt.date(2026, 10, 1),
            end_date=dt.date(2026, 12, 31),
            peer_deadline=dt.date(2026, 12, 31),
            actor=org.hr_a,
        )
        final = evaluation_of(final_period, org.staff_a)
        fill_and_submit(final)
        answer_all_peers(final)
        evaluation_rate(
            evaluation=final, actor=org.kasi_a.user, result_rating="BELOW", behaviour_rating="MEETS", feedback="x"
        )
        final.refresh_from_db()
        assert final.predicate == "BUTUH_PERBAIKAN"  # the kuadran, as for every period
        assert year_result(org.staff_a, 2026).annual_predicate is None  # rated, not yet final
        evaluation_accept(evaluation=final, actor=org.staff_a.user)
        evaluation_sign_off(evaluation=final, actor=org.hr_a)
    result = year_result(org.staff_a, 2026)
    assert result.annual_predicate == "BUTUH_PERBAIKAN"
    assert [e.period.kind for e in result.evaluations] == ["TW3", "TW4"]
