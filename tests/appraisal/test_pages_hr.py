"""HR pages: the dashboard, the create/update pages of the org chart, and the history they leave."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from appraisal.models import ActingAssignment, Employee, EmploymentType, Grade, Position, PositionKind, Unit
from appraisal.org.selectors import today
from appraisal.org.views import hr as hr_views
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def valid_nips(org):
    """Give every named person a NIP that passes the rules, so an edit fails only for what the test changes.

    (make_nip can yield a TMT before the 18th birthday, which the edit form rightly refuses.)
    """
    for i, employee in enumerate(Employee.objects.order_by("pk"), start=1):
        nip = f"199001012023012{i:03d}" if employee.is_pppk else f"198001012005011{i:03d}"
        Employee.objects.filter(pk=employee.pk).update(nip=nip)
    for person in vars(org).values():
        if isinstance(person, Employee):
            person.refresh_from_db()


def account(person):
    return person.user if isinstance(person, Employee) else person


def login(client, person):
    client.force_login(account(person))
    return client


def employee_data(employee: Employee, **changes) -> dict:
    data = {
        "employment_type": employee.employment_type,
        "nip": employee.nip,
        "front_title": employee.front_title,
        "name": employee.name,
        "back_title": employee.back_title,
        "grade": employee.grade,
        "position": employee.position_id or "",
        "email": employee.email,
        "is_active": "on" if employee.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != "" or k != "is_active"}


# --- Dashboard -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("hr_a", 200), ("admin", 200), ("staff_a", 403), ("camat", 403), ("outsider", 403)]
)
def test_dashboard_is_for_hr_and_superusers_only(client, org, who, status):
    assert login(client, getattr(org, who)).get(reverse("hr_dashboard")).status_code == status


def test_dashboard_sends_anonymous_visitors_to_login(client, org):
    response = client.get(reverse("hr_dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_dashboard_lists_only_employees_in_the_officers_scope(client, org):
    page = login(client, org.hr_a).get(reverse("hr_dashboard")).content.decode()
    assert "Kelurahan Mantasi" in page  # scope
    assert "Alfons Sabu" in page and "Beatrix Kana" in page
    assert "Yuliana Kase" not in page and "Maria Bunga" not in page
    for name in ("employee_create", "position_create", "unit_create", "acting_create", "employee_import"):
        assert reverse(name) in page


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"q": "alfons"}, "Alfons Sabu", "Beatrix Kana"),
        ({"status": "PPPK"}, "Beatrix Kana", "Alfons Sabu"),
        ({"unit": "kel_b"}, "Yuliana Kase", "Alfons Sabu"),
        ({"active": "0"}, "Ester Foenay", "Alfons Sabu"),
    ],
)
def test_dashboard_search_and_filters(client, org, params, shown, hidden):
    org.kasi_a.is_active = False
    org.kasi_a.save()
    if "unit" in params:
        params = {"unit": getattr(org, params["unit"]).pk}
    page = login(client, org.hr_kec).get(reverse("hr_dashboard"), params).content.decode()
    assert shown in page
    assert hidden not in page


def test_dashboard_finds_an_employee_by_nip_typed_with_spaces(client, org):
    page = login(client, org.hr_a).get(reverse("hr_dashboard"), {"q": org.peer_a.nip_display}).content.decode()
    assert "Beatrix Kana" in page and "Alfons Sabu" not in page


@pytest.mark.parametrize("extra", [3, 40])
def test_dashboard_query_count_does_not_grow_with_the_number_of_rows(client, org, django_assert_num_queries, extra):
    EmployeeFactory.create_batch(extra, position=org.staff_a_pos)
    login(client, org.hr_a)
    # session, user, HR group, has scope, scope units, one subtree level, count, scope list, page rows,
    # units of the filter, employee of the nav bar, open-task count of the nav bar, the bell's unread count (issue 11).
    with django_assert_num_queries(13):
        response = client.get(reverse("hr_dashboard"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(extra + 4, hr_views.EMPLOYEES_PER_PAGE)


# --- Employee edit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "employee", "status"),
    [
        ("hr_a", "staff_a", 200),
        ("hr_kec", "staff_b", 200),
        ("admin", "staff_b", 200),
        ("hr_a", "staff_b", 403),
        ("staff_a", "staff_a", 403),
        ("camat", "staff_a", 403),
        ("outsider", "staff_a", 403),
    ],
)
def test_employee_edit_page_is_for_hr_of_the_employees_unit(client, org, who, employee, status):
    url = reverse("employee_update", args=[getattr(org, employee).pk])
    assert login(client, getattr(org, who)).get(url).status_code == status


def test_edit_pages_send_anonymous_visitors_to_login(client, org):
    response = client.get(reverse("employee_update", args=[org.staff_a.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_hr_of_another_unit_cannot_post_an_edit(client, org):
    url = reverse("employee_update", args=[org.staff_b.pk])
    response = login(client, org.hr_a).post(url, employee_data(org.staff_b, name="Diubah"))
    assert response.status_code == 403
    org.staff_b.refresh_from_db()
    assert org.staff_b.name == "Yuliana Kase"


def test_bad_nip_rerenders_with_the_indonesian_message_and_the_typed_values(client, org):
    url = reverse("employee_update", args=[org.staff_a.pk])
    data = employee_data(org.staff_a, nip="1986 0926 12", name="Alfons Sabu Baru")
    response = login(client, org.hr_a).post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "NIP harus terdiri dari 18 angka (spasi boleh), diterima 10 karakter." in page
    assert page.count("diterima") == 1  # one clear message, not the model's echo of the old value
    assert 'value="Alfons Sabu Baru"' in page and 'value="1986 0926 12"' in page
    assert "Ubah pegawai: Alfons Sabu</h1>" in page  # the heading names the saved record, not the typed name
    org.staff_a.refresh_from_db()
    assert org.staff_a.name == "Alfons Sabu"
    assert org.staff_a.history.count() == 1


def test_new_employee_with_a_bad_nip_gets_one_clear_message(client, org):
    data = {
        "employment_type": "PNS",
        "nip": "12345",
        "name": "Pegawai Baru",
        "grade": Grade.II_A,
        "position": org.staff_a_pos.pk,
    }
    response = login(client, org.hr_a).post(reverse("employee_create"), data)
    page = response.content.decode()
    assert "diterima 5 karakter" in page and "diterima 0 karakter" not in page
    assert not Employee.objects.filter(name="Pegawai Baru").exists()


def test_hr_cannot_move_an_employee_into_a_unit_outside_their_scope(client, org):
    url = reverse("employee_update", args=[org.staff_a.pk])
    response = login(client, org.hr_a).post(url, employee_data(org.staff_a, position=org.staff_b_pos.pk))
    assert response.status_code == 200
    assert "bukan salah satu dari pilihan yang tersedia" in response.content.decode()
    org.staff_a.refresh_from_db()
    assert org.staff_a.position == org.staff_a_pos


def test_the_officers_choice_lists_stop_at_their_scope(client, org):
    page = login(client, org.hr_a).get(reverse("employee_update", args=[org.staff_a.pk])).content.decode()
    assert "Pengadministrasi Umum — Kelurahan Mantasi" in page
    assert "Pengadministrasi Naioni" not in page


def test_successful_edit_redirects_and_its_history_shows_on_the_employee_page(client, org):
    url = reverse("employee_update", args=[org.staff_a.pk])
    response = login(client, org.hr_a).post(url, employee_data(org.staff_a, name="Alfons Sabu Lay"))
    assert response.status_code == 302
    assert response["Location"] == reverse("employee_detail", args=[org.staff_a.pk])
    org.staff_a.refresh_from_db()
    assert org.staff_a.name == "Alfons Sabu Lay"
    latest = org.staff_a.history.first()
    assert latest.history_type == "~" and latest.history_user == org.hr_a

    page = client.get(response["Location"]).content.decode()
    assert "berhasil disimpan" in page
    history = page[page.index("Riwayat perubahan data") :]
    assert "diubah" in history and "hr_a" in history
    assert "<del>Alfons Sabu</del> → <ins>Alfons Sabu Lay</ins>" in history


def test_history_names_the_old_and_new_position_not_their_ids(client, org):
    other = Position.objects.create(
        title="Pengolah Data", kind=PositionKind.PELAKSANA, unit=org.kel_a, parent=org.kasi_a_pos
    )
    login(client, org.hr_a).post(
        reverse("employee_update", args=[org.staff_a.pk]), employee_data(org.staff_a, position=other.pk)
    )
    page = client.get(reverse("employee_detail", args=[org.staff_a.pk])).content.decode()
    assert "<del>Pengadministrasi Umum</del> → <ins>Pengolah Data</ins>" in page


def test_hr_creates_an_employee_with_a_grouped_nip(client, org):
    nip, grouped = "199002142015032007", "19900214 201503 2 007"
    data = {
        "employment_type": "PNS",
        "nip": grouped,
        "name": "Sarlota Tefa",
        "grade": Grade.II_C,
        "position": org.staff_a_pos.pk,
        "is_active": "on",
    }
    response = login(client, org.hr_a).post(reverse("employee_create"), data)
    created = Employee.objects.get(name="Sarlota Tefa")
    assert response["Location"] == reverse("employee_detail", args=[created.pk])
    assert created.nip == nip


def test_a_validation_error_from_the_service_is_shown_on_the_form(client, org, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"nip": "NIP ini sedang diblokir.", "user": "Akun sudah dipakai."})

    monkeypatch.setattr(hr_views, "EMPLOYEE", dataclasses.replace(hr_views.EMPLOYEE, save=refuse))
    url = reverse("employee_update", args=[org.staff_a.pk])
    response = login(client, org.hr_a).post(url, employee_data(org.staff_a, name="Nama Baru"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "NIP ini sedang diblokir." in page and "Akun sudah dipakai." in page
    assert 'value="Nama Baru"' in page


# --- Unit and position edit ------------------------------------------------------------------


def test_hr_creates_a_sub_unit_inside_their_scope(client, org):
    data = {"name": "Seksi Pelayanan", "code": "seksi-pelayanan-mantasi", "kind": "BAGIAN", "parent": org.kel_a.pk}
    response = login(client, org.hr_a).post(reverse("unit_create"), data)
    unit = Unit.objects.get(code="seksi-pelayanan-mantasi")
    assert response["Location"] == reverse("unit_detail", args=[unit.pk])
    assert unit.parent == org.kel_a


def test_hr_cannot_create_a_unit_outside_their_scope(client, org):
    data = {"name": "Seksi Liar", "code": "seksi-liar", "kind": "BAGIAN", "parent": org.kel_b.pk}
    response = login(client, org.hr_a).post(reverse("unit_create"), data)
    assert response.status_code == 200 and "bukan salah satu dari pilihan yang tersedia" in response.content.decode()
    assert not Unit.objects.filter(code="seksi-liar").exists()


def test_hr_renames_their_own_scope_unit_whose_parent_lies_outside_the_scope(client, org):
    data = {"name": "Kelurahan Mantasi (baru)", "code": "kel-mantasi", "kind": "KELURAHAN", "parent": org.kec.pk}
    response = login(client, org.hr_a).post(reverse("unit_update", args=[org.kel_a.pk]), data)
    assert response.status_code == 302
    org.kel_a.refresh_from_db()
    assert org.kel_a.name == "Kelurahan Mantasi (baru)"
    page = client.get(reverse("unit_detail", args=[org.kel_a.pk])).content.decode()
    assert "<del>Kelurahan Mantasi</del> → <ins>Kelurahan Mantasi (baru)</ins>" in page


@pytest.mark.parametrize(("who", "status"), [("hr_a", 403), ("hr_b", 200), ("hr_kec", 200), ("staff_b", 403)])
def test_unit_edit_page_permissions(client, org, who, status):
    assert login(client, getattr(org, who)).get(reverse("unit_update", args=[org.kel_b.pk])).status_code == status


def test_unit_cycle_is_refused_in_indonesian(client, org):
    child = Unit.objects.create(name="Seksi A", code="seksi-a", kind="BAGIAN", parent=org.kel_a)
    data = {"name": "Kelurahan Mantasi", "code": "kel-mantasi", "kind": "KELURAHAN", "parent": child.pk}
    response = login(client, org.hr_kec).post(reverse("unit_update", args=[org.kel_a.pk]), data)
    assert "Unit induk tidak boleh unit ini sendiri atau turunannya." in response.content.decode()
    org.kel_a.refresh_from_db()
    assert org.kel_a.parent == org.kec


def test_hr_creates_a_position_and_it_appears_in_the_unit_chart(client, org):
    data = {"title": "Pengolah Data", "kind": "PELAKSANA", "unit": org.kel_a.pk, "parent": org.kasi_a_pos.pk}
    response = login(client, org.hr_a).post(reverse("position_create"), data)
    position = Position.objects.get(title="Pengolah Data")
    assert response["Location"] == reverse("position_detail", args=[position.pk])
    page = client.get(reverse("unit_detail", args=[org.kel_a.pk])).content.decode()
    assert "Pengolah Data" in page and "Lowong" in page


def test_second_unit_head_is_refused(client, org):
    data = {
        "title": "Lurah Kedua",
        "kind": "PENGAWAS",
        "unit": org.kel_a.pk,
        "parent": org.camat_pos.pk,
        "is_unit_head": "on",
    }
    response = login(client, org.hr_kec).post(reverse("position_create"), data)
    assert response.status_code == 200
    assert not Position.objects.filter(title="Lurah Kedua").exists()


def test_position_edit_page_is_refused_to_hr_of_another_unit(client, org):
    url = reverse("position_update", args=[org.staff_b_pos.pk])
    assert login(client, org.hr_a).get(url).status_code == 403


def test_position_create_form_is_prefilled_from_the_link(client, org):
    url = reverse("position_create") + f"?unit={org.kel_a.pk}"
    page = login(client, org.hr_a).get(url).content.decode()
    assert f'<option value="{org.kel_a.pk}" selected>Kelurahan Mantasi</option>' in page


# --- Acting assignments (Plt/Plh) ------------------------------------------------------------


def test_hr_assigns_a_plt_and_the_position_page_shows_it_with_its_history(client, org):
    start = today()
    data = {
        "employee": org.sekcam.pk,
        "position": org.lurah_a_pos.pk,
        "kind": "PLT",
        "start_date": start.isoformat(),
        "decree": "800/45/2026",
    }
    response = login(client, org.hr_kec).post(reverse("acting_create"), data)
    assert response["Location"] == reverse("position_detail", args=[org.lurah_a_pos.pk])
    assignment = ActingAssignment.objects.get(position=org.lurah_a_pos)
    assert assignment.employee == org.sekcam

    data["end_date"] = (start + dt.timedelta(days=30)).isoformat()
    client.post(reverse("acting_update", args=[assignment.pk]), data)
    page = client.get(reverse("position_detail", args=[org.lurah_a_pos.pk])).content.decode()
    history = page[page.index("Riwayat penugasan Plt/Plh") :]
    assert "Petrus Tallo" in history and "dibuat" in history and "diubah" in history
    assert "<del>—</del> →" in history  # end date set where there was none


def test_overlapping_plt_is_refused_with_an_indonesian_message(client, org):
    ActingAssignment.objects.create(employee=org.sekcam, position=org.lurah_a_pos, start_date=dt.date(2026, 1, 1))
    data = {
        "employee": org.kasi_kec.pk,
        "position": org.lurah_a_pos.pk,
        "kind": "PLH",
        "start_date": "2026-03-01",
        "end_date": "2026-03-05",
    }
    response = login(client, org.hr_kec).post(reverse("acting_create"), data)
    assert "Sudah ada Plt/Plh lain untuk jabatan ini pada rentang tanggal tersebut." in response.content.decode()
    assert ActingAssignment.objects.count() == 1


def test_acting_edit_is_refused_to_hr_of_another_unit(client, org):
    assignment = ActingAssignment.objects.create(
        employee=org.staff_b, position=org.lurah_b_pos, start_date=dt.date(2026, 1, 1)
    )
    assert login(client, org.hr_a).get(reverse("acting_update", args=[assignment.pk])).status_code == 403
    client.logout()
    assert login(client, org.hr_b).get(reverse("acting_update", args=[assignment.pk])).status_code == 200


def test_non_hr_cannot_open_create_pages(client, org):
    login(client, org.camat)
    for name in ("unit_create", "position_create", "employee_create", "acting_create"):
        assert client.get(reverse(name)).status_code == 403


def test_pppk_employee_is_checked_as_ni_pppk(client, org):
    url = reverse("employee_update", args=[org.peer_a.pk])
    data = employee_data(org.peer_a, employment_type=EmploymentType.PPPK, nip="123")
    page = login(client, org.hr_a).post(url, data).content.decode()
    assert "NI PPPK harus terdiri dari 18 angka" in page
