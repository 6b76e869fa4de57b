"""Opening a period in bulk (workflows.opening): the same rows as viewflow's own start, appraisers from the org
snapshot exactly as the per-employee lookup, restartable after a crash, and queries that do not grow with the
number of employees."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Process, Task

from appraisal.evaluation.services import period_create, proposed_peers
from appraisal.models import ActingAssignment, Employee, Evaluation, PeerRequest, Period, Realization
from appraisal.org.selectors import OrgSnapshot, appraiser_of, senior_appraiser_of
from appraisal.org.services import system_user
from appraisal.rules import period_bounds
from tests.evaluation_helpers import approved_chain
from tests.factories import EmployeeFactory, PositionFactory
from tests.skp_helpers import approved_plan
from workflows import opening
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import EvaluationProcess, TaskDeadline

pytestmark = pytest.mark.django_db

TW3 = {
    "year": 2026,
    "kind": "TW3",
    "start_date": dt.date(2026, 7, 1),
    "end_date": dt.date(2026, 9, 30),
    "peer_deadline": dt.date(2026, 10, 10),
}

# Columns that legitimately differ between two rows created for two evaluations.
KEYS = {"id", "process_id", "process_ptr_id", "evaluation_id", "created", "started", "finished", "assigned", "task_id"}


@pytest.fixture
def chain(org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        for name in ("Yakobus Tefa", "Rambu Nope"):
            EmployeeFactory(name=name, position=org.staff_a_pos)
        plans = approved_chain(org)
        for person in Employee.objects.filter(name__in=("Yakobus Tefa", "Rambu Nope")):
            approved_plan(person, supports=plans["kasi"].results.get())
    return plans


def _open(org, unit, kind="TW3"):
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, tzinfo=dt.UTC), tick=False):
        start, end = period_bounds(kind, 2026)
        period = period_create(
            unit=unit,
            actor=org.hr_a,
            **{**TW3, "kind": kind, "start_date": start, "end_date": end, "peer_deadline": end + dt.timedelta(days=10)},
        )
        opening.period_populate(period.pk)
    period.refresh_from_db()
    return period


def _row(obj, drop=()):
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_") and k not in KEYS and k not in drop}


def test_every_process_and_first_task_is_what_viewflows_own_start_leaves(org, chain):
    period = _open(org, org.kel_a)
    bulk_ev = Evaluation.objects.get(period=period, employee=org.staff_a)

    # The same evaluation started by viewflow's StartHandle, in a second period.
    other = period_create(unit=org.kel_b, actor=org.hr_a, **TW3)
    twin = Evaluation.objects.create(
        **{f.attname: getattr(bulk_ev, f.attname) for f in Evaluation._meta.concrete_fields if f.name != "id"}
        | {"period_id": other.pk, "verification_code": None}
    )
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, tzinfo=dt.UTC), tick=False):
        EvaluationFlow.start.run(evaluation=twin)

    bulk_process, ref_process = (EvaluationProcess.objects.get(evaluation=e) for e in (bulk_ev, twin))
    assert _row(Process.objects.get(pk=bulk_process.pk)) == _row(Process.objects.get(pk=ref_process.pk))
    bulk_tasks = list(Task.objects.filter(process_id=bulk_process.pk).order_by("id"))
    ref_tasks = list(Task.objects.filter(process_id=ref_process.pk).order_by("id"))
    assert (
        [t.flow_task for t in bulk_tasks]
        == [t.flow_task for t in ref_tasks]
        == [
            EvaluationFlow.start,
            EvaluationFlow.self_assess,
        ]
    )
    for bulk_task, ref_task in zip(bulk_tasks, ref_tasks, strict=True):
        assert _row(bulk_task) == _row(ref_task), bulk_task.flow_task
        assert [p.flow_task for p in bulk_task.previous.all()] == [p.flow_task for p in ref_task.previous.all()]
        assert bool(bulk_task.started) == bool(ref_task.started)
        assert bool(bulk_task.finished) == bool(ref_task.finished)
    first_bulk, first_ref = bulk_tasks[1], ref_tasks[1]
    assert first_bulk.owner == org.staff_a.user and first_bulk.status == "ASSIGNED"
    assert TaskDeadline.objects.get(task=first_bulk).due == TaskDeadline.objects.get(task=first_ref).due
    assert first_bulk.data == {"due": "2026-10-07"}
    # viewflow reads the bulk process like its own: the activation opens and the flow can go on.
    with first_bulk.activation() as activation:
        assert activation.task.pk == first_bulk.pk


def test_each_evaluation_has_the_snapshot_realisations_peers_and_a_history_row(org, chain):
    period = _open(org, org.kel_a)
    evaluations = {e.employee: e for e in Evaluation.objects.filter(period=period)}
    assert set(evaluations) == {
        org.lurah_a,
        org.kasi_a,
        org.staff_a,
        org.peer_a,
        *Employee.objects.filter(name__in=("Yakobus Tefa", "Rambu Nope")),
    }
    ev = evaluations[org.staff_a]
    assert (ev.appraiser, ev.senior_appraiser) == (org.kasi_a, org.lurah_a)
    assert (ev.position_title, ev.unit_name, ev.grade) == ("Pengadministrasi Umum", "Kelurahan Mantasi", ev.grade)
    assert ev.realizations.count() == ev.plan.results.get().indicators.count() > 0
    assert [p.pk for p in proposed_peers(org.staff_a)] == list(
        PeerRequest.objects.filter(evaluation=ev).order_by("id").values_list("peer_id", flat=True)
    )
    assert [(h.history_type, h.status, h.history_user) for h in ev.history.all()] == [("+", "SELF", org.hr_a)]
    assert (period.opening_status, period.opening_done, period.opening_total) == ("DONE", 6, 6)


def test_the_snapshot_names_the_same_appraisers_as_the_lookup_with_acting_officials_and_vacancies(org):
    # Plt Lurah of Naioni (acting) while the holder stays; the Kasi position of Mantasi left vacant.
    ActingAssignment.objects.create(
        employee=org.sekcam, position=org.lurah_b_pos, kind="PLT", start_date=dt.date(2026, 1, 1)
    )
    org.kasi_a.position = PositionFactory(title="Staf Ahli", unit=org.kel_a, parent=org.lurah_a_pos)
    org.kasi_a.save()
    on = dt.date(2026, 8, 1)
    chart = OrgSnapshot(on)
    for employee in Employee.objects.filter(is_active=True).select_related("position"):
        expected = (appraiser_of(employee, on), senior_appraiser_of(employee, on))
        assert chart.appraisers(chart.employees[employee.pk]) == expected, employee
    assert chart.appraisers(chart.employees[org.staff_b.pk])[0] == org.sekcam  # the Plt
    assert chart.appraisers(chart.employees[org.staff_a.pk])[0] == org.lurah_a  # vacancy skipped


def test_a_crash_midway_is_finished_by_the_next_run_without_duplicates(org, chain, monkeypatch):
    period = period_create(unit=org.kec, actor=org.hr_kec, **TW3)
    real = opening._create_batch
    calls = {"n": 0}

    def crash_on_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("consumer killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(opening, "_create_batch", crash_on_second_batch)
    with pytest.raises(RuntimeError):
        opening.period_populate(period.pk, batch_size=2)
    period.refresh_from_db()
    assert period.opening_status == Period.Opening.FAILED and "consumer killed" in period.opening_error
    assert Evaluation.objects.filter(period=period).count() == 2  # the first batch stays, whole

    monkeypatch.setattr(opening, "_create_batch", real)
    opening.period_populate(period.pk, batch_size=2)
    opening.period_populate(period.pk, batch_size=2)  # a second consumer, or the sweep: nothing more
    period.refresh_from_db()
    evaluations = Evaluation.objects.filter(period=period)
    assert period.opening_status == Period.Opening.DONE and period.opening_done == period.opening_total == 7
    assert evaluations.count() == 7
    assert EvaluationProcess.objects.filter(evaluation__period=period).count() == 7
    assert Task.objects.filter(process__evaluationprocess__evaluation__period=period).count() == 14
    per_evaluation = Realization.objects.filter(evaluation__period=period).values_list("evaluation_id", flat=True)
    assert len(per_evaluation) == sum(e.plan.results.get().indicators.count() for e in evaluations)


def test_opening_the_same_period_twice_is_refused(org, chain):
    from django.core.exceptions import ValidationError

    _open(org, org.kel_a)
    with pytest.raises(ValidationError) as exc:
        period_create(unit=org.kel_a, actor=org.hr_a, **TW3)
    assert "sudah dibuka" in exc.value.messages[0]


def test_the_number_of_queries_does_not_grow_with_the_number_of_employees(org, chain):
    system_user()  # created once per database; its first use would otherwise count only in the first opening
    with CaptureQueriesContext(connection) as small:
        _open(org, org.kel_a)
    for n in range(40):
        person = EmployeeFactory(name=f"Pegawai {n:02}", position=org.staff_a_pos)
        approved_plan(person, supports=chain["kasi"].results.get())
    with CaptureQueriesContext(connection) as large:
        _open(org, org.kel_a, kind="TW4")
    assert Evaluation.objects.filter(period__kind="TW4").count() == 46
    if connection.vendor == "postgresql":  # COPY: the same statements whatever the number of rows
        assert len(large) == len(small), [q["sql"][:80] for q in large.captured_queries]
    else:  # SQLite splits an insert into statements of at most 999 parameters
        assert len(large) <= len(small) + 3, [q["sql"][:80] for q in large.captured_queries]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_parallel_writers_open_everything_once_and_a_second_consumer_leaves():
    import threading

    from django.db import connections

    from tests.factories import OrgFactory

    org = OrgFactory.build_small()
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        approved_chain(org)
        period = period_create(unit=org.kec, actor=org.hr_kec, **TW3)

    held, release = threading.Event(), threading.Event()

    def other_consumer():  # holds the period's lock, as a consumer in the middle of the job would
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [opening.ADVISORY_LOCK_NAMESPACE, period.pk])
            held.set()
            release.wait(30)
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [opening.ADVISORY_LOCK_NAMESPACE, period.pk])
        connections["default"].close()

    thread = threading.Thread(target=other_consumer)
    thread.start()
    held.wait(30)
    opening.period_populate(period.pk, batch_size=2)  # leaves at once: the other one is on it
    assert Evaluation.objects.filter(period=period).count() == 0
    release.set()
    thread.join(30)

    assert not connection.in_atomic_block
    opening.period_populate(period.pk, batch_size=2)  # three batches, written by parallel writers
    period.refresh_from_db()
    evaluations = Evaluation.objects.filter(period=period)
    assert period.opening_status == Period.Opening.DONE and evaluations.count() == period.opening_total == 5
    assert EvaluationProcess.objects.filter(evaluation__period=period).count() == 5
    assert (
        Task.objects.filter(process__evaluationprocess__evaluation__period=period, flow_task_type="HUMAN").count() == 5
    )
    assert TaskDeadline.objects.filter(task__process__evaluationprocess__evaluation__period=period).count() == 5
    assert Realization.objects.filter(evaluation__period=period).count() == sum(
        e.plan.results.get().indicators.count() for e in evaluations
    )
    assert all(e.history.count() == 1 for e in evaluations)
