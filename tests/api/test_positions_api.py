"""Positions over the API: visibility per unit, HR writes, model rules as structured 400s."""

import pytest

from appraisal.models import Position
from tests.api.conftest import ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/positions/"


def test_an_employee_lists_the_positions_of_their_unit(org, api_as):
    client = api_as(org.staff_a.user)

    assert ids(client.get(URL)) == {org.lurah_a_pos.id, org.kasi_a_pos.id, org.staff_a_pos.id}
    assert client.get(f"{URL}{org.staff_b_pos.id}/").status_code == 404


def test_positions_filter_by_unit_parent_and_kind(org, api_as):
    client = api_as(org.camat.user)

    assert ids(client.get(URL, {"unit": org.kel_b.id})) == {org.lurah_b_pos.id, org.staff_b_pos.id}
    assert ids(client.get(URL, {"parent": org.camat_pos.id})) == {
        org.sekcam_pos.id,
        org.kasi_kec_pos.id,
        org.lurah_a_pos.id,
        org.lurah_b_pos.id,
    }
    assert ids(client.get(URL, {"kind": "PELAKSANA", "unit": org.kel_a.id})) == {org.staff_a_pos.id}


def test_hr_creates_a_position_reporting_to_the_lurah(org, api_as):
    payload = {"title": "Kasi Pemberdayaan", "kind": "PENGAWAS", "unit": org.kel_a.id, "parent": org.lurah_a_pos.id}

    response = api_as(org.hr_a).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    assert Position.objects.get(title="Kasi Pemberdayaan").parent == org.lurah_a_pos
    assert response.json()["unit_name"] == "Kelurahan Mantasi"


def test_hr_of_mantasi_gets_403_for_a_position_in_naioni(org, api_as):
    client = api_as(org.hr_a)

    created = client.post(URL, {"title": "Kasi", "kind": "PENGAWAS", "unit": org.kel_b.id}, format="json")
    moved = client.patch(f"{URL}{org.kasi_a_pos.id}/", {"unit": org.kel_b.id}, format="json")

    assert (created.status_code, moved.status_code) == (403, 403)
    org.kasi_a_pos.refresh_from_db()
    assert org.kasi_a_pos.unit == org.kel_a


def test_a_second_unit_head_is_a_structured_400(org, api_as):
    payload = {"title": "Lurah Kedua", "kind": "PENGAWAS", "unit": org.kel_a.id, "is_unit_head": True}

    response = api_as(org.hr_a).post(URL, payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]
    assert not Position.objects.filter(title="Lurah Kedua").exists()
