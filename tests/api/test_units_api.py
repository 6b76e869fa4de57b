"""Units over the API: visibility, children, the chart sub-resource, HR writes."""

import datetime as dt

import pytest

from appraisal.models import ActingAssignment, Unit
from tests.api.conftest import error_fields, ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/units/"


def test_an_employee_sees_only_their_own_unit(org, api_as):
    client = api_as(org.staff_a.user)

    assert ids(client.get(URL)) == {org.kel_a.id}
    assert client.get(f"{URL}{org.kel_b.id}/").status_code == 404


def test_the_camat_sees_the_kecamatan_and_its_kelurahan(org, api_as):
    client = api_as(org.camat.user)

    assert ids(client.get(URL)) == {org.kec.id, org.kel_a.id, org.kel_b.id}
    assert ids(client.get(URL, {"parent": org.kec.id})) == {org.kel_a.id, org.kel_b.id}
    assert ids(client.get(URL, {"kind": "KECAMATAN"})) == {org.kec.id}


def test_unit_detail_lists_the_children_the_user_may_open(org, api_as):
    by_camat = api_as(org.camat.user).get(f"{URL}{org.kec.id}/").json()
    by_staff = api_as(org.staff_kec.user).get(f"{URL}{org.kec.id}/").json()

    assert by_camat["children"] == sorted([org.kel_a.id, org.kel_b.id])
    assert by_camat["parent"] == org.pemkot.id
    assert by_camat["kind_display"] == "Kecamatan"
    assert by_staff["children"] == []


def test_an_outsider_sees_no_unit(org, api_as):
    client = api_as(org.outsider)

    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{org.kel_a.id}/").status_code == 404
    assert client.get(f"{URL}{org.kel_a.id}/chart/").status_code == 404


def test_chart_is_the_position_tree_with_holders(org, api_as):
    response = api_as(org.staff_a.user).get(f"{URL}{org.kel_a.id}/chart/")

    assert response.status_code == 200
    [lurah] = response.json()
    assert lurah["position"]["title"] == "Lurah Mantasi"
    assert [h["full_name"] for h in lurah["holders"]] == ["Yosef Manafe"]
    [kasi] = lurah["children"]
    [staff] = kasi["children"]
    assert staff["position"]["title"] == "Pengadministrasi Umum"
    assert sorted(h["full_name"] for h in staff["holders"]) == ["Alfons Sabu", "Beatrix Kana"]


def test_chart_shows_the_acting_official_on_the_requested_date(org, api_as):
    ActingAssignment.objects.create(
        employee=org.sekcam, position=org.lurah_b_pos, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 30)
    )
    client = api_as(org.camat.user)

    [during] = client.get(f"{URL}{org.kel_b.id}/chart/", {"on": "2026-06-15"}).json()
    [after] = client.get(f"{URL}{org.kel_b.id}/chart/", {"on": "2026-07-01"}).json()

    assert [(a["kind"], a["employee"]["full_name"]) for a in during["acting"]] == [("PLT", "Petrus Tallo")]
    assert after["acting"] == []


def test_chart_refuses_a_malformed_date(org, api_as):
    response = api_as(org.camat.user).get(f"{URL}{org.kel_b.id}/chart/", {"on": "15-06-2026"})

    assert response.status_code == 400
    assert "on" in error_fields(response)


def test_hr_creates_a_unit_under_their_scope_only(org, api_as):
    client = api_as(org.hr_a)
    payload = {"name": "Seksi Pelayanan Mantasi", "code": "seksi-pelayanan-mantasi", "kind": "BAGIAN"}

    inside = client.post(URL, {**payload, "parent": org.kel_a.id}, format="json")
    outside = client.post(URL, {**payload, "code": "x", "parent": org.kel_b.id}, format="json")
    root = client.post(URL, {**payload, "code": "y", "parent": None}, format="json")

    assert inside.status_code == 201, inside.json()
    assert Unit.objects.get(code="seksi-pelayanan-mantasi").parent == org.kel_a
    assert (outside.status_code, root.status_code) == (403, 403)
    assert not Unit.objects.filter(code__in=["x", "y"]).exists()


def test_hr_renames_their_unit_but_cannot_move_it_out_of_scope(org, api_as):
    client = api_as(org.hr_a)

    renamed = client.patch(
        f"{URL}{org.kel_a.id}/", {"name": "Kelurahan Mantasi Baru", "parent": org.kec.id}, format="json"
    )
    moved = client.patch(f"{URL}{org.kel_a.id}/", {"parent": org.kel_b.id}, format="json")

    assert renamed.status_code == 200, renamed.json()
    assert moved.status_code == 403
    org.kel_a.refresh_from_db()
    assert (org.kel_a.name, org.kel_a.parent) == ("Kelurahan Mantasi Baru", org.kec)


def test_a_cycle_in_the_unit_tree_is_a_400_on_parent(org, api_as):
    response = api_as(org.hr_kec).patch(f"{URL}{org.kec.id}/", {"parent": org.kel_a.id}, format="json")

    # hr_kec manages both units, so the policy lets it through; the model's clean() refuses the cycle.
    assert response.status_code == 400
    assert "parent" in error_fields(response)
    org.kec.refresh_from_db()
    assert org.kec.parent == org.pemkot


def test_a_duplicate_unit_code_is_a_400_on_code(org, api_as):
    response = api_as(org.admin).post(URL, {"name": "Lain", "code": "kel-mantasi", "kind": "KELURAHAN"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"code"}
