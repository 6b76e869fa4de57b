"""Every account endpoint that changes state, against the eight people of the permission matrix
(tests/appraisal/test_evaluation_page_matrix.py has the pages): only HR of the person's unit acts."""

import uuid

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccountEvent, CodeDelivery
from appraisal.models import HrScope
from tests.accounts.helpers import newcomers
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("employee", "peer", "appraiser", "senior", "hr_unit", "hr_other", "outsider", "anonymous")


def people(org):
    return {
        "employee": org.staff_a.user,
        "peer": org.peer_a.user,
        "appraiser": org.kasi_a.user,
        "senior": org.lurah_a.user,
        "hr_unit": org.hr_a,
        "hr_other": org.hr_b,
        "outsider": org.outsider,
        "anonymous": None,
    }


def run(client, org, make_request) -> tuple[int, ...]:
    """Each role gets fresh objects (make_request builds them and returns (url, data))."""
    found = []
    for role in ROLES:
        client.logout()
        person = people(org)[role]
        if person is not None:
            client.force_login(person)
        url, data = make_request()
        found.append(client.post(url, data).status_code)
    return tuple(found)


ONLY_HR_OF_THE_UNIT = (403, 403, 403, 403, 302, 403, 403, 302)


def test_creating_an_account(client, org):
    counter = iter(range(100))

    def request():
        employee = newcomers(org, f"Pegawai Baru {next(counter)}")[0]
        return reverse("account_create"), {"employee": [employee.pk]}

    assert run(client, org, request) == ONLY_HR_OF_THE_UNIT


def test_creating_all_without_account_touches_only_the_officers_own_people(client, org):
    mantasi = newcomers(org, "Yakobus Tefa")[0]
    client.force_login(org.hr_b)
    client.post(reverse("account_create"), {"all": "1"})
    mantasi.refresh_from_db()
    assert mantasi.user is None


def test_issuing_a_code(client, org):
    def request():
        return reverse("account_code_issue", args=[org.staff_a.pk]), {"delivery": CodeDelivery.SLIP}

    assert run(client, org, request) == ONLY_HR_OF_THE_UNIT


def test_lifting_a_lockout(client, org):
    def request():
        return reverse("account_unlock", args=[org.staff_a.pk]), {}

    assert run(client, org, request) == ONLY_HR_OF_THE_UNIT


def test_recording_a_leave(client, org):
    counter = iter(range(100))

    def request():
        employee = newcomers(org, f"Pegawai Keluar {next(counter)}")[0]
        employee.user = UserFactory()
        employee.save()
        return reverse("employee_leave", args=[employee.pk]), {"reason": "PENSIUN", "on": "2026-11-01"}

    assert run(client, org, request) == ONLY_HR_OF_THE_UNIT


def test_reactivating(client, org):
    def request():
        return reverse("account_reactivate", args=[org.staff_a.pk]), {}

    assert run(client, org, request) == ONLY_HR_OF_THE_UNIT


def test_adding_and_removing_an_hr_scope(client, org):
    candidate = EmployeeFactory(name="Calon Admin", position=org.staff_a_pos, user=UserFactory(username="calon"))

    def add():
        return reverse("hr_scopes"), {"user": candidate.user.pk, "unit": org.kel_a.pk}

    # HR of Naioni is offered neither a Mantasi employee nor Mantasi: the form refuses (200), nothing is added.
    assert run(client, org, add) == (403, 403, 403, 403, 302, 200, 403, 302)
    assert set(HrScope.objects.filter(user=candidate.user).values_list("unit_id", flat=True)) == {org.kel_a.pk}

    def remove():
        scope = HrScope.objects.create(user=UserFactory(), unit=org.kel_a)
        return reverse("hr_scope_remove", args=[scope.pk]), {}

    assert run(client, org, remove) == ONLY_HR_OF_THE_UNIT


def test_granting_superuser(client, org):
    def request():
        return reverse("superusers"), {"username": "kasi_a"}

    assert run(client, org, request) == (403, 403, 403, 403, 403, 403, 403, 302)


def test_the_batch_page_is_the_creating_officers_only(client, org):
    employee = newcomers(org, "Yakobus Tefa")[0]
    report = services.accounts_create(employees=[employee], actor=org.hr_a)
    found = []
    for role in ROLES:
        client.logout()
        if people(org)[role] is not None:
            client.force_login(people(org)[role])
        found.append(client.get(reverse("account_batch", args=[report.batch])).status_code)
    assert tuple(found) == (403, 403, 403, 403, 200, 404, 403, 302)
    client.force_login(org.hr_a)
    assert client.get(reverse("account_batch", args=[uuid.uuid4()])).status_code == 404


def test_slips_show_only_the_officers_own_people(client, org):
    employee = newcomers(org, "Yakobus Tefa")[0]
    services.accounts_create(employees=[employee], actor=org.hr_a)
    client.force_login(org.hr_b)
    assert "yakobus.tefa" not in client.get(reverse("account_slips")).content.decode()
    assert not AccountEvent.objects.filter(kind="CETAK").exists()
    client.force_login(org.hr_kec)
    assert "yakobus.tefa" in client.get(reverse("account_slips")).content.decode()
