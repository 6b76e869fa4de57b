"""Lists that page (issue 13 item 4): the inbox, HR's sign-off list, HR's employee list and the API lists filter and
sort in SQL, and their query counts stay the same when the data grows; on PostgreSQL an index serves the three
biggest list queries."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.models import Task

from appraisal import policy
from appraisal.evaluation.selectors import period_evaluations
from tests.appraisal.evaluation_pages_setup import at, build, login
from tests.factories import EmployeeFactory
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskDeadline
from workflows.selectors import inbox_tasks, sign_off_queue
from workflows.steps.common import OPEN_STATUSES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def opened(org):
    """Approved SKPs down to staff_a; Triwulan III opened by HR: one open self-assessment per employee."""
    with time_machine.travel(at(2026, 7, 1), tick=False):
        return build(org)


@pytest.fixture
def september():
    with time_machine.travel(at(2026, 9, 15), tick=True):
        yield


def open_self_assessments():
    return Task.objects.filter(flow_task=EvaluationFlow.self_assess, status__in=OPEN_STATUSES).order_by("id")


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_inbox_pages_and_filters_in_sql_with_the_same_queries_for_1_and_many_tasks(client, org, opened, september):
    tasks = open_self_assessments()
    many = tasks.count()
    assert many >= 3
    login(client, org.staff_a)
    one, page = queries(client, reverse("inbox"))
    assert page.count("Penilaian mandiri") >= 1 and org.staff_a.full_name in page

    tasks.update(owner=org.staff_a.user)  # a busy inbox: every open self-assessment is staff_a's
    n, page = queries(client, reverse("inbox"))
    assert n == one
    assert page.count('class="button secondary"') == many

    # Search by name, by NIP (as printed, with spaces), the kind of step, and a filter that leaves nothing.
    lurah = org.lurah_a
    _n, page = queries(client, reverse("inbox") + f"?q={lurah.name.split()[0]}")
    assert lurah.full_name in page and org.staff_a.full_name not in page
    nip = f"{lurah.nip[:8]} {lurah.nip[8:14]} {lurah.nip[14]} {lurah.nip[15:]}"
    _n, page = queries(client, reverse("inbox") + "?" + f"q={nip}".replace(" ", "+"))
    assert lurah.full_name in page and "1 tugas cocok" in page
    _n, page = queries(client, reverse("inbox") + "?kind=peer")
    assert "0 tugas cocok" in page
    # Overdue: a due date before today (the deadline rows the reminders use).
    for task in tasks:
        TaskDeadline.objects.update_or_create(task=task, defaults={"due": dt.date(2026, 9, 30)})
    assert not inbox_tasks(org.staff_a.user, overdue=True).exists()
    with time_machine.travel(at(2026, 10, 5), tick=False):
        assert inbox_tasks(org.staff_a.user, overdue=True).count() == many
    _n, page = queries(client, reverse("inbox") + "?kind=bogus")
    assert "tidak dikenal" in page and page.count('class="button secondary"') == many


def test_the_inbox_shows_fifty_a_page(client, org, opened, september, settings):
    from workflows import views

    tasks = open_self_assessments()
    tasks.update(owner=org.staff_a.user)
    login(client, org.staff_a)
    original, views.INBOX_PER_PAGE = views.INBOX_PER_PAGE, 2
    try:
        _n, first = queries(client, reverse("inbox"))
        _n, last = queries(client, reverse("inbox") + "?page=99")
    finally:
        views.INBOX_PER_PAGE = original
    assert first.count('class="button secondary"') == 2 and "Halaman 1 dari" in first
    assert "Berikutnya" in first and "Sebelumnya" in last


def test_the_sign_off_list_pages_filters_and_sorts_in_sql_with_the_same_queries(client, org, opened, september):
    tasks = open_self_assessments()
    ids = list(tasks.values_list("id", flat=True))
    # Stand-ins for evaluations waiting for sign-off: the list reads open sign-off tasks of HR's units.
    Task.objects.filter(id=ids[0]).update(flow_task=EvaluationFlow.sign_off, owner=org.hr_a)
    login(client, org.hr_a)
    url = reverse("hr_sign_off_list")
    one, page = queries(client, url)
    assert "1 evaluasi menunggu pengesahan" in page

    Task.objects.filter(id__in=ids).update(flow_task=EvaluationFlow.sign_off, owner=org.hr_a)
    n, page = queries(client, url)
    in_scope = sign_off_queue(policy.hr_unit_ids(org.hr_a)).count()
    assert n == one and in_scope >= 3 and f"{in_scope} evaluasi menunggu pengesahan" in page

    _n, page = queries(client, url + f"?q={org.staff_a.name.split()[0]}")
    assert org.staff_a.full_name in page and "1 evaluasi menunggu pengesahan (sesuai filter)" in page
    _n, page = queries(client, url + "?overdue=1")
    assert "0 evaluasi menunggu pengesahan (sesuai filter)" in page
    names = [t.process.evaluationprocess.evaluation.employee.name for t in sign_off_queue([org.kel_a.pk], sort="name")]
    assert names == sorted(names)
    _n, page = queries(client, url + f"?unit={org.kel_b.pk}")
    assert "di luar cakupan" in page  # HR of Mantasi does not manage Naioni: reported, the filter left out


def test_the_hr_employee_list_sorts_in_sql_with_the_same_queries_for_few_and_many(client, org):
    login(client, org.hr_a)
    url = reverse("hr_dashboard") + "?sort=nip"
    few, _page = queries(client, url)
    EmployeeFactory.create_batch(30, position=org.staff_a_pos)
    n, page = queries(client, url)
    assert n == few and "Halaman 1 dari 2" in page
    _n, page = queries(client, reverse("hr_dashboard") + "?sort=unit")
    assert "Halaman 1 dari 2" in page


def test_the_api_task_list_describes_only_its_page_with_the_same_queries(client, org, opened, september):
    login(client, org.staff_a)
    one, _body = queries(client, "/api/v1/tasks/")
    open_self_assessments().update(owner=org.staff_a.user)
    n, _body = queries(client, "/api/v1/tasks/")
    body = client.get("/api/v1/tasks/").json()
    assert n == one and body["count"] == open_self_assessments().count() >= 3
    assert len(body["results"]) == body["count"]


def test_the_api_evaluation_list_needs_no_distinct_and_keeps_its_query_count(client, org, opened, september):
    login(client, org.hr_a)
    n_small, _ = queries(client, "/api/v1/evaluations/")
    EmployeeFactory.create_batch(3, position=org.staff_a_pos)  # more rows elsewhere do not change the count
    n_big, body = queries(client, "/api/v1/evaluations/")
    assert n_small == n_big
    visible = policy.visible_evaluations(org.hr_a, opened.period.evaluations.all())
    assert "DISTINCT" not in str(visible.query)
    # The official-step holder still sees the evaluation (the subquery of held steps), and only once.
    task = open_self_assessments().first()
    Task.objects.filter(pk=task.pk).update(flow_task=EvaluationFlow.sign_off, owner=org.peer_a.user)
    seen = list(
        policy.visible_evaluations(org.peer_a.user, opened.period.evaluations.all()).values_list("pk", flat=True)
    )
    assert seen.count(task.process.evaluationprocess.evaluation_id) == 1


@pytest.mark.postgres
def test_an_index_serves_each_of_the_three_biggest_list_queries(org, opened):
    """EXPLAIN on PostgreSQL of the HR period page's list, a busy inbox and HR's sign-off list (first pages), with
    `SET enable_seqscan = off`: the test data is far too small for the planner to prefer an index by itself, so this
    checks that an index EXISTS that serves each query (no Seq Scan left on its big table), not which plan a city
    of 10,000 gets (bench/scale.py times those)."""
    open_self_assessments().update(owner=org.staff_a.user)
    period = opened.period
    cases = {
        "period page": (period_evaluations(period, status="SELF_ASSESSMENT")[:50], "appraisal_evaluation"),
        "inbox": (inbox_tasks(org.staff_a.user)[:50], "viewflow_task"),
        "sign-off list": (sign_off_queue(policy.hr_unit_ids(org.hr_a))[:50], "viewflow_task"),
    }
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for name, (queryset, table) in cases.items():
                sql, params = queryset.query.sql_with_params()
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert f"Seq Scan on {table}" not in plan, f"{name}:\n{plan}"
                assert f"on {table}" in plan, f"{name}:\n{plan}"
        finally:
            cursor.execute("RESET enable_seqscan")
