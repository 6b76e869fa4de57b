"""The task inbox over the API, and HR moving a task to another person."""

import datetime as dt

import pytest
import time_machine

from tests.api.conftest import error_fields
from tests.skp_helpers import draft_plan
from tests.workflows.test_skp_flow import chain  # noqa: F401 - the approved SKP cascade down to kasi_a
from workflows.models import TaskReassignment
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task
from workflows.steps.skp import plan_create, plan_submit

pytestmark = pytest.mark.django_db

TASKS = "/api/v1/tasks/"
WITA = dt.timezone(dt.timedelta(hours=8))


def reassign_url(task):
    return f"{TASKS}{task.pk}/reassign/"


@pytest.fixture
def submitted(org, chain):  # noqa: F811
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    return plan


@pytest.fixture
def review_task(submitted):
    return open_task(submitted.process, SkpFlow.review)


@time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=WITA), tick=False)
def test_my_tasks_describe_what_to_do_about_whom_and_by_when(org, api_as):
    plan = plan_create(employee=org.staff_a, year=2026)

    response = api_as(org.staff_a.user).get(TASKS)

    assert response.status_code == 200
    [task] = response.json()["results"]
    assert task["type"] == "skp_draft"
    assert task["title"] == "Susun SKP"
    assert task["subject"] == f"SKP 2026 v1 – {org.staff_a.full_name}"
    assert task["due"] == "2026-01-19"  # 14 days to draft
    assert task["overdue"] is False
    assert task["links"]["page"] == f"/skp/{plan.pk}/ubah/"
    assert task["links"]["api"] == f"http://testserver/api/v1/plans/{plan.pk}/"
    assert api_as(org.staff_a.user).get(task["links"]["api"]).status_code == 200


def test_a_late_task_is_overdue(org, api_as):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=WITA), tick=False):
        plan_create(employee=org.staff_a, year=2026)
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, 0, tzinfo=WITA), tick=False):
        [task] = api_as(org.staff_a.user).get(TASKS).json()["results"]

    assert task["overdue"] is True


def test_the_appraiser_gets_the_review_task_and_the_employee_none(org, submitted, api_as):
    [task] = api_as(org.kasi_a.user).get(TASKS).json()["results"]

    assert task["type"] == "skp_review"
    assert task["links"]["page"] == f"/skp/{submitted.pk}/tinjau/"
    assert api_as(org.staff_a.user).get(TASKS).json()["count"] == 0
    assert api_as(org.outsider).get(TASKS).json()["count"] == 0


def test_inbox_query_count_is_the_same_for_one_and_five_tasks(org, api_as, django_assert_num_queries):
    client = api_as(org.staff_a.user)
    plan_create(employee=org.staff_a, year=2026)

    with django_assert_num_queries(4) as one:  # session, user, the count, the page of tasks with their subjects
        assert client.get(TASKS).json()["count"] == 1
    for year in range(2027, 2031):
        plan_create(employee=org.staff_a, year=year)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(TASKS).json()["count"] == 5


# --- reassignment -----------------------------------------------------------------------------


def test_hr_of_the_unit_reassigns_a_review_with_a_reason(org, submitted, review_task, api_as):
    response = api_as(org.hr_a).post(
        reassign_url(review_task), {"to_user": org.lurah_a.user.pk, "reason": "Kasi cuti melahirkan"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["id"] == review_task.pk
    assert response.json()["type"] == "skp_review"
    moved = TaskReassignment.objects.get(task=review_task)
    assert (moved.from_user, moved.to_user, moved.by, moved.reason) == (
        org.kasi_a.user,
        org.lurah_a.user,
        org.hr_a,
        "Kasi cuti melahirkan",
    )
    assert api_as(org.kasi_a.user).get(TASKS).json()["count"] == 0
    [task] = api_as(org.lurah_a.user).get(TASKS).json()["results"]
    assert task["id"] == review_task.pk
    # The new owner can now decide; the old one no longer can.
    assert api_as(org.kasi_a.user).post(f"/api/v1/plans/{submitted.pk}/approve/").status_code == 403
    assert api_as(org.lurah_a.user).post(f"/api/v1/plans/{submitted.pk}/approve/").status_code == 200


def test_reassigning_needs_a_reason_and_a_user(org, review_task, api_as):
    client = api_as(org.hr_a)

    blank = client.post(reassign_url(review_task), {"to_user": org.lurah_a.user.pk, "reason": "  "}, format="json")
    nobody = client.post(reassign_url(review_task), {"to_user": 999999, "reason": "Cuti"}, format="json")

    assert blank.status_code == 400
    assert "reason" in error_fields(blank)
    assert nobody.status_code == 400
    assert "to_user" in error_fields(nobody)
    assert not TaskReassignment.objects.filter(task=review_task).exists()
    assert open_task(review_task.process, SkpFlow.review).owner == org.kasi_a.user


@pytest.mark.parametrize(("who", "status"), [("staff_a", 403), ("kasi_a", 403), ("lurah_a", 403), ("hr_b", 404)])
def test_only_hr_of_the_unit_may_reassign(org, review_task, api_as, who, status):
    person = getattr(org, who)
    response = api_as(getattr(person, "user", person)).post(
        reassign_url(review_task), {"to_user": org.lurah_a.user.pk, "reason": "Cuti"}, format="json"
    )

    assert response.status_code == status
    assert not TaskReassignment.objects.filter(task=review_task).exists()


def test_a_finished_task_cannot_be_reassigned(org, submitted, review_task, api_as):
    assert api_as(org.kasi_a.user).post(f"/api/v1/plans/{submitted.pk}/approve/").status_code == 200

    response = api_as(org.hr_a).post(
        reassign_url(review_task), {"to_user": org.lurah_a.user.pk, "reason": "Cuti"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "task_not_open"


def test_unknown_task_is_404(org, api_as):
    assert api_as(org.hr_a).post(f"{TASKS}999999/reassign/", {"to_user": 1, "reason": "x"}).status_code == 404
