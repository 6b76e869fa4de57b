"""Lists show exactly what details show: for each person of the permission matrix, the evaluations the API
lists are those whose detail answers 200 (a peer, holding a feedback task, sees neither)."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient
from viewflow.workflow.fields import import_task_by_ref

from appraisal import policy
from appraisal.models import Evaluation
from tests.evaluation_helpers import fill_and_submit
from tests.workflows.conftest import evaluation_of
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import open_task

pytestmark = pytest.mark.django_db


def test_the_official_steps_named_in_the_policy_are_real_steps_and_not_the_peers_one():
    nodes = {import_task_by_ref(ref) for ref in policy.OFFICIAL_STEPS}
    assert nodes == {
        EvaluationFlow.rate,
        EvaluationFlow.explain_appraiser,
        EvaluationFlow.decide,
        EvaluationFlow.sign_off,
    }
    assert EvaluationFlow.peer_feedback not in nodes


def test_each_person_lists_exactly_the_evaluations_whose_detail_they_may_open(org, opened):
    staff = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(staff)  # the peers now hold feedback tasks on it
    assert open_task(staff.process, EvaluationFlow.peer_feedback).owner is not None
    people = [
        org.staff_a.user,
        org.peer_a.user,
        org.kasi_a.user,
        org.lurah_a.user,
        org.camat.user,
        org.hr_a,
        org.hr_b,
        org.outsider,
        org.staff_b.user,
    ]
    every = list(Evaluation.objects.values_list("pk", flat=True))
    for user in people:
        client = APIClient()
        client.force_login(user)
        listed = {row["id"] for row in client.get("/api/v1/evaluations/?page_size=200").json()["results"]}
        opened_ok = {pk for pk in every if client.get(f"/api/v1/evaluations/{pk}/").status_code == 200}
        assert listed == opened_ok, user.username
    peer = APIClient()
    peer.force_login(org.peer_a.user)
    listed = {row["id"] for row in peer.get("/api/v1/evaluations/").json()["results"]}
    assert staff.pk not in listed  # the colleague they rate, never
