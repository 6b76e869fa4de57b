"""Issue 16, item 4: leaving closes the account with date and reason, keeps history, lists open tasks."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccountEvent, EventKind, LeaveReason
from appraisal.models import Employee, Evaluation, PerformancePlan
from appraisal.org import services as org_services
from appraisal.org.selectors import today
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, ready_to_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating_open(org):
    """Kasi Ester Foenay holds the rating task of Alfons Sabu's Triwulan III."""
    report = mantasi_period(org)
    evaluation = evaluation_of(report, org.staff_a)
    ready_to_rate(org, evaluation)
    return evaluation


def test_retiring_closes_the_account_with_date_and_reason_and_keeps_everything(client, org, rating_open):
    kasi = org.kasi_a
    plans_before = PerformancePlan.objects.filter(employee=kasi).count()
    history_before = kasi.history.count()
    client.force_login(org.hr_a)

    response = client.post(
        reverse("employee_leave", args=[kasi.pk]),
        {"reason": LeaveReason.RETIRED, "on": today().isoformat(), "note": "SK Pensiun 800/12/2026"},
    )

    assert response.status_code == 302
    kasi.refresh_from_db()
    kasi.user.refresh_from_db()
    assert not kasi.is_active and not kasi.user.is_active
    profile = kasi.user.account_profile
    assert (profile.deactivated_on, profile.deactivation_reason) == (today(), LeaveReason.RETIRED)
    assert profile.deactivation_note == "SK Pensiun 800/12/2026"
    assert profile.history.first().history_user == org.hr_a
    assert kasi.history.count() == history_before + 1 and kasi.history.first().history_user == org.hr_a
    # Nothing they did disappears: plans, the evaluation they appraise, the account row itself.
    assert PerformancePlan.objects.filter(employee=kasi).count() == plans_before
    assert Evaluation.objects.filter(pk=rating_open.pk, appraiser=kasi).exists()
    assert AccountEvent.objects.filter(user=kasi.user, kind=EventKind.DEACTIVATED, actor=org.hr_a).exists()
    # The open rating task is listed with the reassignment link.
    page = client.get(reverse("account_detail", args=[kasi.pk])).content.decode()
    task = rating_open.process.task_set.get(flow_task__endswith="rate", status__in=["NEW", "ASSIGNED", "STARTED"])
    assert reverse("task_reassign", args=[task.pk]) in page
    assert "Pensiun" in page


def test_a_closed_account_cannot_sign_in_or_activate(client, org):
    services.employee_leave(employee=org.staff_a, actor=org.hr_a, reason=LeaveReason.DISMISSED, on=today())
    response = client.post(reverse("login"), {"username": "staff_a", "password": "rahasia-123"})
    assert response.status_code == 200 and "salah" in response.content.decode()


def test_hr_of_another_unit_cannot_record_a_leave(client, org):
    client.force_login(org.hr_b)
    response = client.post(
        reverse("employee_leave", args=[org.staff_a.pk]), {"reason": LeaveReason.RETIRED, "on": today().isoformat()}
    )
    assert response.status_code == 403
    assert Employee.objects.get(pk=org.staff_a.pk).is_active


def test_a_future_date_is_refused(client, org):
    client.force_login(org.hr_a)
    response = client.post(
        reverse("employee_leave", args=[org.staff_a.pk]),
        {"reason": LeaveReason.RETIRED, "on": (today() + dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200 and "masa depan" in response.content.decode()
    assert org.staff_a.user.is_active


def test_making_an_employee_inactive_on_the_form_closes_the_account(client, org):
    client.force_login(org.hr_a)
    e = org.staff_a
    data = {
        "employment_type": e.employment_type,
        "nip": e.nip,
        "name": e.name,
        "grade": e.grade,
        "position": e.position_id,
        "email": "",
        "front_title": "",
        "back_title": "",
    }  # is_active unchecked
    assert client.post(reverse("employee_update", args=[e.pk]), data).status_code == 302
    e.user.refresh_from_db()
    assert not e.user.is_active
    assert e.user.account_profile.deactivation_reason == LeaveReason.EMPLOYEE_INACTIVE


def test_the_hourly_job_closes_accounts_of_employees_an_import_made_inactive(org):
    from accounts.tasks import close_accounts_of_inactive_employees

    Employee.objects.filter(pk=org.staff_b.pk).update(is_active=False)  # as a bulk path would
    close_accounts_of_inactive_employees.call_local()
    org.staff_b.user.refresh_from_db()
    assert not org.staff_b.user.is_active
    event = AccountEvent.objects.get(user=org.staff_b.user, kind=EventKind.DEACTIVATED)
    assert event.actor.username == "sistem"


def test_reactivation_needs_an_active_employee(client, org):
    services.employee_leave(employee=org.staff_a, actor=org.hr_a, reason=LeaveReason.OTHER, on=today())
    client.force_login(org.hr_a)
    client.post(reverse("account_reactivate", args=[org.staff_a.pk]))
    org.staff_a.user.refresh_from_db()
    assert not org.staff_a.user.is_active
    org_services.employee_save(employee=org.staff_a, actor=org.hr_a, is_active=True)
    client.post(reverse("account_reactivate", args=[org.staff_a.pk]))
    org.staff_a.user.refresh_from_db()
    assert org.staff_a.user.is_active
    assert AccountEvent.objects.filter(user=org.staff_a.user, kind=EventKind.REACTIVATED).exists()


def test_a_transfer_out_of_scope_lists_the_tasks_left_behind_for_reassignment(client, org, rating_open):
    """Mutasi keluar: the Kasi moves to Kelurahan Naioni (recorded by HR of the kecamatan); HR of Mantasi, who no
    longer manages him, finds the Mantasi rating task still in his name, with the link to move it."""
    org_services.employee_transfer(
        employee=org.kasi_a,
        position=org.staff_b_pos,
        effective_date=today(),
        decree_number="SK 800/1/2026",
        actor=org.hr_kec,
    )
    client.force_login(org.hr_a)
    page = client.get(reverse("departure_list")).content.decode()
    task = rating_open.process.task_set.get(flow_task__endswith="rate", status__in=["NEW", "ASSIGNED", "STARTED"])
    assert org.kasi_a.full_name in page and "Mutasi ke" in page
    assert reverse("task_reassign", args=[task.pk]) in page
    client.force_login(org.hr_b)  # Naioni's HR sees no Mantasi task
    assert reverse("task_reassign", args=[task.pk]) not in client.get(reverse("departure_list")).content.decode()
