"""Fixtures of the flow tests: Triwulan III opened for Kelurahan Mantasi, with helpers to move it along."""

import datetime as dt

import pytest
import time_machine

from tests.evaluation_helpers import ALL_MEETS, approved_chain, open_tw3
from tests.factories import EmployeeFactory
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import open_task
from workflows.steps.evaluation import peer_feedback_submit


@pytest.fixture
def opened(org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        # Two more colleagues so staff_a has three peers.
        for name in ("Yakobus Tefa", "Rambu Nope"):
            EmployeeFactory(name=name, position=org.staff_a_pos)
        approved_chain(org)
        return open_tw3(org)


def evaluation_of(report, employee):
    return next(e for e in report.created if e.employee_id == employee.pk)


def answer_all_peers(evaluation, level="ABOVE"):
    for request in evaluation.peer_requests.select_related("peer__user"):
        task = open_task(evaluation.process, EvaluationFlow.peer_feedback) and next(
            t
            for t in evaluation.process.task_set.filter(flow_task=EvaluationFlow.peer_feedback, status="ASSIGNED")
            if t.owner_id == request.peer.user_id
        )
        peer_feedback_submit(
            task=task,
            actor=request.peer.user,
            ratings={**ALL_MEETS, "PELAYANAN": level},
            comment=f"Komentar {request.pk}",
        )
