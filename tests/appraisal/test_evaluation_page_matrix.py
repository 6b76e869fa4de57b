"""Who may open each evaluation page: the eight people of the issue against every page, at the rating step
(the appraiser's task is open) and after sign-off (the document exists)."""

import pytest
from django.urls import reverse

from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, peers_of, ready_to_rate
from workflows.steps.evaluation import evaluation_accept, evaluation_rate, evaluation_sign_off

pytestmark = pytest.mark.django_db

ROLES = ("employee", "peer", "appraiser", "senior", "hr_unit", "hr_other", "outsider", "anonymous")


def users(org, evaluation):
    return {
        "employee": org.staff_a.user,
        "peer": peers_of(evaluation)[0].user,
        "appraiser": org.kasi_a.user,
        "senior": org.lurah_a.user,
        "hr_unit": org.hr_a,
        "hr_other": org.hr_b,
        "outsider": org.outsider,
        "anonymous": None,
    }


# page → expected status per role, in ROLES order. 302 for anonymous = the login redirect.
AT_RATING = {
    "evaluation_detail": (200, 404, 200, 200, 200, 404, 404, 302),
    "evaluation_history": (200, 404, 200, 200, 200, 404, 404, 302),
    "evaluation_rate": (403, 404, 200, 403, 403, 404, 404, 302),
    "objection_decide": (403, 404, 403, 403, 403, 404, 404, 302),
    "evaluation_sign_off": (403, 404, 403, 403, 403, 404, 404, 302),
    "evaluation_document": (404, 404, 404, 404, 404, 404, 404, 302),
    "evaluation_report": (404, 404, 404, 404, 404, 404, 404, 302),
}
AFTER_SIGN_OFF = {
    "evaluation_detail": (200, 404, 200, 200, 200, 404, 404, 302),
    "evaluation_document": (200, 404, 200, 200, 200, 404, 404, 302),
    "evaluation_report": (200, 404, 200, 200, 200, 404, 404, 302),
    # The appraiser who rated is told the task is done and sent to the evaluation (302), not refused.
    "evaluation_rate": (403, 404, 302, 403, 403, 404, 404, 302),
}


def statuses(client, org, evaluation, pages):
    people = users(org, evaluation)
    found = {}
    for page in pages:
        url = reverse(page, args=[evaluation.pk])
        row = []
        for role in ROLES:
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            row.append(client.get(url).status_code)
        found[page] = tuple(row)
    return found


@pytest.fixture
def at_rating(org):
    report = mantasi_period(org)
    evaluation = evaluation_of(report, org.staff_a)
    ready_to_rate(org, evaluation)
    return evaluation


def test_pages_at_the_rating_step(client, org, at_rating):
    assert statuses(client, org, at_rating, AT_RATING) == AT_RATING


def test_pages_after_sign_off(client, org, at_rating):
    evaluation_rate(
        evaluation=at_rating, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
    )
    evaluation_accept(evaluation=at_rating, actor=org.staff_a.user)
    evaluation_sign_off(evaluation=at_rating, actor=org.hr_a)
    assert statuses(client, org, at_rating, AFTER_SIGN_OFF) == AFTER_SIGN_OFF


def test_hr_period_page(client, org, at_rating):
    url = reverse("hr_period_detail", args=[at_rating.period_id])
    people = users(org, at_rating)
    found = []
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        found.append(client.get(url).status_code)
    assert tuple(found) == (403, 403, 403, 403, 200, 403, 403, 302)


# The leaders' dashboard (issue 11): the Lurah (the senior appraiser here) and HR open theirs; staff, peers, the Kasi
# and outsiders have none (403). HR of Naioni has a dashboard, but not Mantasi's.
DASHBOARD = {
    "dashboard": (403, 403, 403, 200, 200, 200, 403, 302),
    "dashboard_unit": (403, 403, 403, 200, 200, 403, 403, 302),
}


def test_dashboard_pages(client, org, at_rating):
    people = users(org, at_rating)
    urls = {"dashboard": reverse("dashboard"), "dashboard_unit": reverse("dashboard_unit", args=[org.kel_a.pk])}
    found = {}
    for page, url in urls.items():
        row = []
        for role in ROLES:
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            row.append(client.get(url).status_code)
        found[page] = tuple(row)
    assert found == DASHBOARD


# The rekap exports (issue 11, item 4): HR of the period's unit downloads the period's; leaders and HR download their
# dashboard's (the same units as the dashboard page). Everyone else gets the site's 403 page; anonymous, the login.
EXPORTS = {
    "hr_period_export": (403, 403, 403, 403, 200, 403, 403, 302),
    "dashboard_export": (403, 403, 403, 200, 200, 200, 403, 302),
    "dashboard_unit_export": (403, 403, 403, 200, 200, 403, 403, 302),
}


def test_exports(client, org, at_rating):
    people = users(org, at_rating)
    urls = {
        "hr_period_export": reverse("hr_period_export", args=[at_rating.period_id]),
        "dashboard_export": reverse("dashboard_export"),
        "dashboard_unit_export": reverse("dashboard_unit_export", args=[org.kel_a.pk]),
    }
    found = {}
    for page, url in urls.items():
        row = []
        for role in ROLES:
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            response = client.get(url)
            row.append(response.status_code)
            if response.status_code == 200:
                assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        found[page] = tuple(row)
    assert found == EXPORTS


# Accounts and roles (issue 16): HR of any unit opens its lists (its own people only); one person's account pages only
# HR of that person's unit; the superuser page nobody of the eight; the public activation and reset pages everyone.
ACCOUNT_PAGES = {
    "account_list": (403, 403, 403, 403, 200, 200, 403, 302),
    "account_slips": (403, 403, 403, 403, 200, 200, 403, 302),
    "departure_list": (403, 403, 403, 403, 200, 200, 403, 302),
    "hr_scopes": (403, 403, 403, 403, 200, 200, 403, 302),
    "superusers": (403, 403, 403, 403, 403, 403, 403, 302),
    "account_detail": (403, 403, 403, 403, 200, 403, 403, 302),
    "account_roles": (403, 403, 403, 403, 200, 403, 403, 302),
    "employee_leave": (403, 403, 403, 403, 200, 403, 403, 302),
    "account_password_change": (200, 200, 200, 200, 200, 200, 200, 302),
    "account_activate": (200, 200, 200, 200, 200, 200, 200, 200),
    "password_forgot": (200, 200, 200, 200, 200, 200, 200, 200),
}


def test_account_pages(client, org, at_rating):
    people = users(org, at_rating)
    with_employee = {"account_detail", "account_roles", "employee_leave"}
    found = {}
    for page in ACCOUNT_PAGES:
        url = reverse(page, args=[org.staff_a.pk] if page in with_employee else [])
        row = []
        for role in ROLES:
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            row.append(client.get(url).status_code)
        found[page] = tuple(row)
    assert found == ACCOUNT_PAGES
