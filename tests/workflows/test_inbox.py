"""The task inbox: what it lists, overdue marking, the count badge, and its bounded query count."""

import datetime as dt

import pytest
from django.urls import reverse

from appraisal.org.selectors import today
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task, set_due
from workflows.steps.skp import plan_create

pytestmark = pytest.mark.django_db

BADGE = "workflows.context_processors.open_task_count"


@pytest.fixture(autouse=True)
def badge_registered(settings):
    """The nav badge's context processor, whether or not settings already list it, so counts are stable."""
    templates = [dict(t) for t in settings.TEMPLATES]
    processors = templates[0]["OPTIONS"]["context_processors"]
    if BADGE not in processors:
        templates[0]["OPTIONS"] = {**templates[0]["OPTIONS"], "context_processors": [*processors, BADGE]}
        settings.TEMPLATES = templates


def open_plans(employee, count: int):
    return [plan_create(employee=employee, year=2026 + n) for n in range(count)]


def test_inbox_lists_my_open_tasks_with_a_link(client, org):
    (plan,) = open_plans(org.staff_a, 1)
    client.force_login(org.staff_a.user)
    page = client.get(reverse("inbox")).content.decode()
    assert "Susun SKP" in page
    assert f"SKP 2026 v1 – {org.staff_a.full_name}" in page
    assert reverse("skp_edit", args=[plan.pk]) in page


def test_someone_elses_tasks_are_not_listed(client, org):
    open_plans(org.staff_a, 1)
    client.force_login(org.peer_a.user)
    page = client.get(reverse("inbox")).content.decode()
    assert org.staff_a.full_name not in page
    assert "Tidak ada tugas" in page


def test_overdue_task_is_marked(client, org):
    (plan,) = open_plans(org.staff_a, 1)
    task = open_task(plan.process, SkpFlow.draft)
    set_due(task, today() - dt.timedelta(days=1))
    client.force_login(org.staff_a.user)
    page = client.get(reverse("inbox")).content.decode()
    assert 'class="overdue"' in page and "terlambat" in page


def test_task_not_yet_due_is_not_marked_overdue(client, org):
    open_plans(org.staff_a, 1)
    client.force_login(org.staff_a.user)
    page = client.get(reverse("inbox")).content.decode()
    assert "terlambat" not in page


def test_nav_badge_counts_open_tasks(client, org):
    open_plans(org.staff_a, 2)
    client.force_login(org.staff_a.user)
    page = client.get(reverse("home")).content.decode()
    assert '<span class="badge count" aria-label="2 tugas terbuka">2</span>' in page
    client.force_login(org.peer_a.user)
    assert "badge count" not in client.get(reverse("home")).content.decode()


# session, user, employee of the user (nav), HR group check (nav), the task list, the badge's COUNT, the bell's unread
# COUNT (issue 11)
INBOX_QUERIES = 8  # + the count of the paged list (issue 13)


def test_inbox_query_count_does_not_grow_with_tasks(client, org, django_assert_num_queries):
    client.force_login(org.staff_a.user)
    open_plans(org.staff_a, 1)
    with django_assert_num_queries(INBOX_QUERIES):
        client.get(reverse("inbox"))
    for year in range(2027, 2031):
        plan_create(employee=org.staff_a, year=year)
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("inbox"))
    assert response.content.decode().count("Susun SKP") == 5
