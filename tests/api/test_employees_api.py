"""Employees over the API: visibility per policy, filters, pagination, HR writes, structured errors."""

import pytest

from appraisal.models import Employee, EmploymentType, Grade
from tests.api.conftest import ids, valid_nip
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/employees/"


def detail(employee) -> str:
    return f"{URL}{employee.id}/"


def new_employee(position, **extra) -> dict:
    return {
        "nip": valid_nip(),
        "employment_type": "PNS",
        "name": "Kristina Nalle",
        "grade": "II/c",
        "position": position.id,
        **extra,
    }


# --- Reading ---------------------------------------------------------------------------------


def test_an_employee_of_mantasi_lists_only_mantasi(org, api_as):
    response = api_as(org.staff_a.user).get(URL)

    assert response.status_code == 200
    assert ids(response) == {org.lurah_a.id, org.kasi_a.id, org.staff_a.id, org.peer_a.id}


def test_an_employee_of_mantasi_gets_404_for_an_employee_of_naioni(org, api_as):
    client = api_as(org.staff_a.user)

    assert client.get(detail(org.staff_b)).status_code == 404
    assert client.get(detail(org.peer_a)).status_code == 200


def test_the_camat_sees_every_kelurahan_but_not_the_setda(org, api_as):
    response = api_as(org.camat.user).get(URL)

    listed = ids(response)
    assert {org.staff_a.id, org.staff_b.id, org.lurah_b.id, org.sekcam.id} <= listed
    assert org.sekda.id not in listed
    assert api_as(org.camat.user).get(detail(org.staff_b)).status_code == 200


def test_the_appraiser_in_another_unit_can_open_the_detail(org, api_as):
    """The Sekda appraises the Camat: not in the Sekda's unit list, but the detail is theirs to read."""
    client = api_as(org.sekda.user)

    assert org.camat.id not in ids(client.get(URL))
    response = client.get(detail(org.camat))
    assert response.status_code == 200
    assert response.json()["full_name"] == "Maria Bunga, S.STP"


def test_an_outsider_sees_nothing(org, api_as):
    client = api_as(org.outsider)

    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert client.get(detail(org.staff_a)).status_code == 404


def test_anonymous_visitors_are_refused(org, api_as):
    client = api_as(None)

    assert client.get(URL).status_code == 401
    assert client.get(detail(org.staff_a)).status_code == 401
    assert client.post(URL, new_employee(org.staff_a_pos), format="json").status_code == 401


def test_hr_lists_employees_not_yet_placed_in_a_position(org, api_as):
    unplaced = EmployeeFactory(name="Belum Ditempatkan", position=None, user=None)

    assert unplaced.id in ids(api_as(org.hr_a).get(URL))
    assert unplaced.id not in ids(api_as(org.camat.user).get(URL))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("unit={kel_b}", {"lurah_b", "staff_b"}),
        ("employment_type=PPPK", {"peer_a"}),
        ("grade=IV/c", {"sekda"}),
        ("q=sabu", {"staff_a"}),
        ("unit={kel_a}&q=kana", {"peer_a"}),
    ],
)
def test_filters_narrow_the_list(org, api_as, query, expected):
    response = api_as(org.admin).get(f"{URL}?{query.format(kel_a=org.kel_a.id, kel_b=org.kel_b.id)}")

    assert response.status_code == 200
    assert ids(response) == {getattr(org, name).id for name in expected}


def test_search_finds_a_nip_typed_with_spaces(org, api_as):
    wanted = EmployeeFactory(nip="197912312005031999", position=org.staff_a_pos, user=None)

    response = api_as(org.hr_kec).get(URL, {"q": "19791231 200503 1 999"})

    assert ids(response) == {wanted.id}


def test_inactive_filter(org, api_as):
    org.kasi_a.is_active = False
    org.kasi_a.save()
    client = api_as(org.hr_a)

    assert ids(client.get(URL, {"is_active": "false"})) == {org.kasi_a.id}
    assert org.kasi_a.id not in ids(client.get(URL, {"is_active": "true"}))


def test_a_malformed_filter_is_a_400_naming_the_parameter(org, api_as):
    response = api_as(org.hr_kec).get(URL, {"unit": "mantasi"})

    assert response.status_code == 400
    assert "unit" in response.json()["errors"]


def test_the_list_is_paginated_by_fifty(org, api_as):
    EmployeeFactory.create_batch(55, position=org.staff_a_pos, user=None)
    client = api_as(org.hr_a)

    first = client.get(URL).json()
    assert first["count"] == 59
    assert len(first["results"]) == 50
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 9
    assert second["next"] is None
    all_ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(set(all_ids)) == 59


@pytest.mark.parametrize("extra_employees", [5, 50])
def test_the_list_query_count_does_not_grow_with_the_page(org, api_as, django_assert_num_queries, extra_employees):
    EmployeeFactory.create_batch(extra_employees, position=org.staff_b_pos)
    client = api_as(org.camat.user)

    # session, user; policy: HR group, own employee, the unit tree once, acting units; count, page.
    with django_assert_num_queries(8):
        response = client.get(URL)

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(50, 10 + extra_employees)


# --- Writing ---------------------------------------------------------------------------------


def test_hr_of_mantasi_creates_an_employee_in_mantasi(org, api_as):
    response = api_as(org.hr_a).post(URL, new_employee(org.staff_a_pos), format="json")

    assert response.status_code == 201, response.json()
    saved = Employee.objects.get(name="Kristina Nalle")
    assert saved.position == org.staff_a_pos
    assert response.json()["id"] == saved.id
    assert response.json()["position"]["unit"]["name"] == "Kelurahan Mantasi"
    assert saved.history.first().history_user == org.hr_a


def test_hr_of_mantasi_updates_an_employee_in_mantasi(org, api_as):
    response = api_as(org.hr_a).patch(detail(org.staff_a), {"grade": "III/b"}, format="json")

    assert response.status_code == 200, response.json()
    org.staff_a.refresh_from_db()
    assert org.staff_a.grade == Grade.III_B


def test_hr_of_mantasi_gets_403_creating_in_naioni(org, api_as):
    response = api_as(org.hr_a).post(URL, new_employee(org.staff_b_pos), format="json")

    assert response.status_code == 403
    assert "cakupan" in response.json()["detail"]
    assert not Employee.objects.filter(name="Kristina Nalle").exists()


def test_hr_of_mantasi_cannot_move_an_employee_to_naioni(org, api_as):
    response = api_as(org.hr_a).patch(detail(org.staff_a), {"position": org.staff_b_pos.id}, format="json")

    assert response.status_code == 403
    org.staff_a.refresh_from_db()
    assert org.staff_a.position == org.staff_a_pos


def test_hr_of_mantasi_does_not_see_naioni_employees_to_update(org, api_as):
    response = api_as(org.hr_a).patch(detail(org.staff_b), {"grade": "III/b"}, format="json")

    assert response.status_code == 404
    org.staff_b.refresh_from_db()
    assert org.staff_b.grade == Grade.III_A


def test_hr_of_the_kecamatan_writes_in_both_kelurahan(org, api_as):
    client = api_as(org.hr_kec)

    created_a = client.post(URL, new_employee(org.staff_a_pos, name="Satu"), format="json")
    created_b = client.post(URL, new_employee(org.staff_b_pos, name="Dua"), format="json")
    moved = client.patch(detail(org.staff_a), {"position": org.staff_b_pos.id}, format="json")

    assert (created_a.status_code, created_b.status_code, moved.status_code) == (201, 201, 200)
    org.staff_a.refresh_from_db()
    assert org.staff_a.position == org.staff_b_pos


def test_a_leader_who_can_see_cannot_write(org, api_as):
    response = api_as(org.camat.user).patch(detail(org.staff_a), {"name": "Nama Baru"}, format="json")

    assert response.status_code == 403
    org.staff_a.refresh_from_db()
    assert org.staff_a.name == "Alfons Sabu"


def test_an_invalid_nip_is_a_400_on_the_nip_field_in_indonesian(org, api_as):
    response = api_as(org.hr_a).post(URL, new_employee(org.staff_a_pos, nip="12345"), format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["nip"]
    assert "18 angka" in response.json()["errors"]["nip"][0]
    assert not Employee.objects.filter(name="Kristina Nalle").exists()


def test_a_nip_with_a_future_tmt_is_refused(org, api_as):
    response = api_as(org.hr_a).post(URL, new_employee(org.staff_a_pos, nip="199001012990011001"), format="json")

    assert response.status_code == 400
    assert "masa depan" in response.json()["errors"]["nip"][0]


def test_a_nip_typed_with_spaces_is_stored_without_them(org, api_as):
    response = api_as(org.hr_a).post(URL, new_employee(org.staff_a_pos, nip="19860926 201505 1 001"), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["nip"] == "198609262015051001"
    assert Employee.objects.filter(nip="198609262015051001").exists()


def test_a_duplicate_nip_is_a_400_on_the_nip_field(org, api_as):
    existing = EmployeeFactory(nip=valid_nip(), position=org.staff_b_pos, user=None)
    response = api_as(org.hr_a).post(URL, new_employee(org.staff_a_pos, nip=existing.nip_display), format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["nip"] == ["Pegawai dengan NIP / NI PPPK telah ada."]


def test_a_grade_of_the_other_employment_type_is_a_400_on_grade(org, api_as):
    payload = new_employee(
        org.staff_a_pos, employment_type=EmploymentType.PPPK, grade="III/a", nip=valid_nip(pppk=True)
    )
    response = api_as(org.hr_a).post(URL, payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["grade"]


def test_missing_fields_are_reported_per_field(org, api_as):
    response = api_as(org.hr_a).post(URL, {"position": org.staff_a_pos.id}, format="json")

    assert response.status_code == 400
    assert {"nip", "employment_type", "name", "grade"} <= set(response.json()["errors"])


def test_out_of_scope_is_answered_before_field_errors(org, api_as):
    response = api_as(org.camat.user).patch(detail(org.staff_a), {"nip": "salah"}, format="json")

    assert response.status_code == 403
