"""Background jobs: documents rendered after sign-off, work lost by a killed consumer redone by the sweep
without duplicates, and timers fired exactly once by two consumers at once (PostgreSQL)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from viewflow.workflow.timers import fire_due_timers

from appraisal.evaluation import services
from appraisal.models import Evaluation, EvaluationStatus, Period
from tests.evaluation_helpers import approved_chain, fill_and_submit, open_tw3
from tests.factories import OrgFactory
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows import tasks
from workflows.steps.evaluation import evaluation_accept, evaluation_rate, evaluation_sign_off, evaluations_sign_off


def _to_sign_off(org, ev):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
        evaluation_accept(evaluation=ev, actor=org.staff_a.user)


@pytest.mark.django_db
def test_a_document_lost_with_its_consumer_is_rendered_by_the_sweep_once(org, opened, monkeypatch):
    ev = evaluation_of(opened, org.staff_a)
    _to_sign_off(org, ev)

    def killed(evaluation):
        raise RuntimeError("consumer killed while rendering")

    monkeypatch.setattr(services, "render_evaluation_pdf", killed)
    evaluation_sign_off(evaluation=ev, actor=org.hr_a)  # the job fails (Huey logs it); the sign-off stands
    ev.refresh_from_db()
    assert ev.is_final and ev.status == EvaluationStatus.FINAL and not ev.document  # signed off, no document yet

    monkeypatch.undo()
    assert tasks.recover_lost_jobs.call_local() == {"documents": 1, "periods": 0}
    ev.refresh_from_db()
    first = (ev.document.name, ev.document_sha256)
    assert ev.document.read(4) == b"%PDF" and len(ev.document_sha256) == 64
    assert tasks.recover_lost_jobs.call_local() == {"documents": 0, "periods": 0}
    assert services.evaluation_document_store(evaluation_id=ev.pk) is False  # a duplicate job does nothing
    ev.refresh_from_db()
    assert (ev.document.name, ev.document_sha256) == first


@pytest.mark.django_db
def test_a_stalled_opening_is_enqueued_again_and_finished(org):
    approved_chain(org)
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        period = services.period_create(
            unit=org.kel_a,
            year=2026,
            kind="TW3",
            start_date=dt.date(2026, 7, 1),
            end_date=dt.date(2026, 9, 30),
            peer_deadline=dt.date(2026, 10, 10),
            actor=org.hr_a,
        )  # the job was never run: the consumer died before taking it
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, 10, tzinfo=dt.UTC), tick=False):
        assert tasks.recover_lost_jobs.call_local() == {"documents": 0, "periods": 1}
    period.refresh_from_db()
    assert period.opening_status == Period.Opening.DONE and period.evaluations.count() == 4


@pytest.mark.django_db
def test_hr_signs_off_many_at_once_and_a_conflict_stops_no_other(org, opened):
    staff, peer = evaluation_of(opened, org.staff_a), evaluation_of(opened, org.peer_a)
    _to_sign_off(org, staff)
    report = evaluations_sign_off(evaluations=[staff, peer], actor=org.hr_a)  # the peer's is still self-assessing
    assert [e.pk for e in report.signed] == [staff.pk]
    assert [e.pk for e, _ in report.failed] == [peer.pk]
    staff.refresh_from_db()
    assert staff.is_final and staff.document


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_consumers_sweeping_at_once_fire_each_timer_exactly_once():
    org = OrgFactory.build_small()
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        approved_chain(org)
        report = open_tw3(org)
    evaluations = [e for e in report.created if e.employee_id in (org.staff_a.pk, org.peer_a.pk, org.kasi_a.pk)]
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        for ev in evaluations:
            fill_and_submit(ev)  # each waits for its peers, with a peer-deadline timer per peer task

    barrier = threading.Barrier(2)
    fired: list[int] = []
    lock = threading.Lock()

    def sweep():
        try:
            with time_machine.travel(dt.datetime(2026, 10, 11, 1, tzinfo=dt.UTC), tick=False):
                barrier.wait()
                n = fire_due_timers()
            with lock:
                fired.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    timers = sum(ev.peer_requests.count() for ev in evaluations)
    assert len(fired) == 2 and sum(fired) == timers, fired  # each timer fired by exactly one consumer
    for ev in Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]):
        assert ev.status == EvaluationStatus.RATING
        assert ev.history.filter(status=EvaluationStatus.RATING).count() == 1
        assert set(ev.peer_requests.values_list("state", flat=True)) == {"EXPIRED"}
