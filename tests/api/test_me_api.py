import pytest

pytestmark = pytest.mark.django_db


def test_me_shows_an_employee_with_position_unit_and_appraisers(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/me/")

    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == "staff_a"
    assert body["employee"]["nip"] == org.staff_a.nip
    assert body["employee"]["position"]["title"] == "Pengadministrasi Umum"
    assert body["employee"]["position"]["unit"]["name"] == "Kelurahan Mantasi"
    assert body["appraiser"]["full_name"] == "Ester Foenay"
    assert body["senior_appraiser"]["full_name"] == "Yosef Manafe"
    assert body["is_hr"] is False
    assert body["hr_unit_ids"] == []


def test_me_for_an_account_without_employee_record(org, api_as):
    body = api_as(org.outsider).get("/api/v1/me/").json()

    assert body["user"]["username"] == "outsider"
    assert body["employee"] is None
    assert body["appraiser"] is None
    assert body["senior_appraiser"] is None
    assert body["is_hr"] is False


def test_me_for_hr_lists_the_units_they_manage(org, api_as):
    body = api_as(org.hr_kec).get("/api/v1/me/").json()

    assert body["is_hr"] is True
    assert set(body["hr_unit_ids"]) == {org.kec.id, org.kel_a.id, org.kel_b.id}


def test_me_requires_authentication(api_as):
    response = api_as(None).get("/api/v1/me/")

    assert response.status_code == 401
    assert "user" not in response.json()
