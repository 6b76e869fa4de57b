"""Acting officials (Plt/Plh) over the API."""

import datetime as dt

import pytest

from appraisal.models import ActingAssignment
from tests.api.conftest import ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/acting-assignments/"


@pytest.fixture
def plt_naioni(org):
    return ActingAssignment.objects.create(
        employee=org.sekcam, position=org.lurah_b_pos, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 30)
    )


def test_acting_assignments_are_listed_where_the_unit_is_visible(org, api_as, plt_naioni):
    assert ids(api_as(org.lurah_b.user).get(URL)) == {plt_naioni.id}
    assert ids(api_as(org.staff_a.user).get(URL)) == set()
    assert api_as(org.staff_a.user).get(f"{URL}{plt_naioni.id}/").status_code == 404


def test_filter_by_date_position_and_employee(org, api_as, plt_naioni):
    client = api_as(org.camat.user)

    assert ids(client.get(URL, {"on": "2026-06-15"})) == {plt_naioni.id}
    assert ids(client.get(URL, {"on": "2026-07-01"})) == set()
    assert ids(client.get(URL, {"position": org.lurah_b_pos.id})) == {plt_naioni.id}
    assert ids(client.get(URL, {"employee": org.staff_a.id})) == set()


def test_hr_of_the_kecamatan_appoints_a_plt_in_naioni(org, api_as):
    payload = {"employee": org.sekcam.id, "position": org.lurah_b_pos.id, "kind": "PLT", "start_date": "2026-08-01"}

    response = api_as(org.hr_kec).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["employee"]["full_name"] == "Petrus Tallo"
    assert ActingAssignment.objects.get(position=org.lurah_b_pos).end_date is None


def test_hr_of_mantasi_gets_403_for_a_plt_in_naioni(org, api_as, plt_naioni):
    client = api_as(org.hr_a)
    payload = {"employee": org.kasi_a.id, "position": org.lurah_b_pos.id, "start_date": "2026-08-01"}

    assert client.post(URL, payload, format="json").status_code == 403
    assert ActingAssignment.objects.count() == 1


def test_an_end_before_the_start_is_a_400_on_end_date(org, api_as):
    payload = {
        "employee": org.kasi_a.id,
        "position": org.lurah_a_pos.id,
        "start_date": "2026-08-10",
        "end_date": "2026-08-01",
    }

    response = api_as(org.hr_a).post(URL, payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["end_date"]
    assert not ActingAssignment.objects.exists()


def test_hr_shortens_an_assignment(org, api_as, plt_naioni):
    response = api_as(org.hr_b).patch(f"{URL}{plt_naioni.id}/", {"end_date": "2026-06-20"}, format="json")

    assert response.status_code == 200, response.json()
    plt_naioni.refresh_from_db()
    assert plt_naioni.end_date == dt.date(2026, 6, 20)
