"""Reassignment within authority (appraisal.policy.step_holders): a task lands only with someone the law gives
its step to, never with the subject, and only HR of the subject's unit moves it; the page, the API and the
service share the rule."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from appraisal.models import ActingAssignment, Objection
from tests.evaluation_helpers import fill_and_submit
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskReassignment
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    objection_explain,
    objection_file,
)
from workflows.steps.reassign import reassign_candidates, reassign_task
from workflows.steps.skp import plan_revise, plan_submit

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def names(users):
    return {u.username for u in users}


@pytest.fixture
def review(org, opened):
    """Staff_a's SKP review task (owned by kasi_a)."""
    plan = plan_revise(plan=evaluation_of(opened, org.staff_a).plan, actor=org.staff_a.user, reason="Target baru")
    plan_submit(plan=plan, actor=org.staff_a.user)
    return open_task(plan.process, SkpFlow.review)


@pytest.fixture
def rated(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
    return ev


def test_a_review_or_rating_goes_only_to_officials_of_pengawas_level_in_the_employees_line(org, review, rated):
    line = {"lurah_a", "camat", "sekda"}  # kasi_a holds the task; staff and peers are pelaksana
    assert names(reassign_candidates(review)) == line
    rate = open_task(rated.process, EvaluationFlow.rate)
    assert names(reassign_candidates(rate)) == line
    for wrong in (org.staff_a.user, org.peer_a.user, org.hr_a, org.lurah_b.user, org.outsider):
        with pytest.raises(ValidationError):
            reassign_task(rate, to_user=wrong, by=org.hr_a, reason="Cuti")
    reassign_task(rate, to_user=org.lurah_a.user, by=org.hr_a, reason="Kasi cuti melahirkan")
    rate.refresh_from_db()
    assert rate.owner == org.lurah_a.user
    assert TaskReassignment.objects.get(task=rate).reason == "Kasi cuti melahirkan"


def test_an_acting_official_of_the_line_may_take_the_step(org, rated):
    ActingAssignment.objects.create(employee=org.staff_b, position=org.lurah_a_pos, start_date=dt.date(2026, 1, 1))
    rate = open_task(rated.process, EvaluationFlow.rate)
    assert "staff_b" in names(reassign_candidates(rate))  # Plt Lurah Mantasi, though a pelaksana by position


def test_an_objection_decision_is_never_handed_to_anyone_but_the_atasan(org, rated):
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC), tick=False):
        evaluation_rate(
            evaluation=rated, actor=org.kasi_a.user, result_rating="BELOW", behaviour_rating="MEETS", feedback="x"
        )
        objection_file(evaluation=rated, actor=org.staff_a.user, reasons="Bukti belum dihitung.")
        objection_explain(evaluation=rated, actor=org.kasi_a.user, text="a")
        objection_explain(evaluation=rated, actor=org.staff_a.user, text="b")
    decide = open_task(rated.process, EvaluationFlow.decide)
    assert decide.owner == org.lurah_a.user
    # PP 30/2019 Pasal 59: the Atasan Pejabat Penilai Kinerja alone, and the Lurah holds it already.
    assert names(reassign_candidates(decide)) == set()
    for wrong in (org.camat.user, org.sekda.user, org.kasi_a.user, org.staff_a.user, org.hr_a, org.hr_kec, org.admin):
        with pytest.raises(ValidationError):
            reassign_task(decide, to_user=wrong, by=org.hr_kec, reason="Lurah dinas luar")
    assert Objection.objects.get(evaluation=rated).decided_at is None


def test_a_sign_off_goes_only_to_hr_of_the_unit_and_never_to_the_subject(org, rated):
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC), tick=False):
        evaluation_rate(
            evaluation=rated, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="x"
        )
        evaluation_accept(evaluation=rated, actor=org.staff_a.user)
    sign_off = open_task(rated.process, EvaluationFlow.sign_off)
    assert names(reassign_candidates(sign_off)) == {"hr_kec"}  # hr_a holds it; hr_b serves another kelurahan
    for wrong in (org.staff_a.user, org.hr_b, org.kasi_a.user, org.admin):
        with pytest.raises(ValidationError):
            reassign_task(sign_off, to_user=wrong, by=org.hr_a, reason="x")


def test_only_hr_of_the_subjects_unit_moves_a_task(org, rated):
    rate = open_task(rated.process, EvaluationFlow.rate)
    for outsider in (org.hr_b, org.kasi_a.user, org.staff_a.user, org.outsider):
        with pytest.raises(PermissionDenied):
            reassign_task(rate, to_user=org.lurah_a.user, by=outsider, reason="x")
    assert open_task(rated.process, EvaluationFlow.rate).owner == org.kasi_a.user


def test_a_personal_step_never_moves(org, opened):
    self_assess = open_task(evaluation_of(opened, org.staff_a).process, EvaluationFlow.self_assess)
    assert not reassign_candidates(self_assess).exists()
    with pytest.raises(PermissionDenied):
        reassign_task(self_assess, to_user=org.kasi_a.user, by=org.hr_a, reason="x")


def test_the_api_refuses_the_subject_and_anyone_outside_the_step(org, rated):
    rate = open_task(rated.process, EvaluationFlow.rate)
    url = f"/api/v1/tasks/{rate.pk}/reassign/"
    hr = api_as(org.hr_a)
    for wrong in (org.staff_a.user, org.outsider, org.hr_a):
        response = hr.post(url, {"to_user": wrong.pk, "reason": "coba"}, format="json")
        assert response.status_code == 400, response.content
    assert api_as(org.hr_b).post(url, {"to_user": org.lurah_a.user.pk, "reason": "x"}, format="json").status_code in (
        403,
        404,
    )
    ok = hr.post(url, {"to_user": org.lurah_a.user.pk, "reason": "Kasi cuti"}, format="json")
    assert ok.status_code == 200, ok.content
    assert open_task(rated.process, EvaluationFlow.rate).owner == org.lurah_a.user


def test_the_page_lists_only_those_who_may_take_the_step(client, org, rated):
    rate = open_task(rated.process, EvaluationFlow.rate)
    client.force_login(org.hr_a)
    page = client.get(reverse("task_reassign", args=[rate.pk])).content.decode()
    assert org.lurah_a.full_name in page and org.camat.full_name in page
    assert f'<option value="{org.lurah_a.user.pk}"' in page
    assert f'<option value="{org.staff_a.user.pk}"' not in page  # never the subject
    response = client.post(reverse("task_reassign", args=[rate.pk]), {"to_user": org.staff_a.user.pk, "reason": "x"})
    assert response.status_code == 200  # the form refuses it
    assert open_task(rated.process, EvaluationFlow.rate).owner == org.kasi_a.user
