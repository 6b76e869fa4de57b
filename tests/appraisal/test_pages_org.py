"""Read pages of the org chart: who may open them, and what they show."""

import datetime as dt

import pytest
from django.urls import reverse

from appraisal.models import ActingAssignment, Employee
from appraisal.org.selectors import today

pytestmark = pytest.mark.django_db


def account(person):
    """The login of a named person: employees have one, HR officers and the outsider are accounts."""
    return person.user if isinstance(person, Employee) else person


def get(client, person, name, *args):
    if person is not None:
        client.force_login(account(person))
    return client.get(reverse(name, args=args))


# --- Who may open what -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["unit_detail", "position_detail", "employee_detail"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, org, name):
    target = {"unit_detail": org.kel_a, "position_detail": org.staff_a_pos, "employee_detail": org.staff_a}[name]
    response = get(client, None, name, target.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("staff_a", "kel_a", 200),
        ("staff_a", "kel_b", 404),
        ("staff_a", "kec", 404),
        ("camat", "kel_b", 200),
        ("camat", "kec", 200),
        ("lurah_b", "kel_b", 200),
        ("lurah_b", "kel_a", 404),
        ("hr_a", "kel_a", 200),
        ("hr_a", "kel_b", 404),
        ("outsider", "kel_a", 404),
        ("admin", "kel_b", 200),
    ],
)
def test_unit_page_is_visible_only_to_people_of_the_unit_and_above(client, org, who, unit, status):
    assert get(client, getattr(org, who), "unit_detail", getattr(org, unit).pk).status_code == status


@pytest.mark.parametrize(
    ("who", "position", "status"),
    [
        ("staff_a", "staff_a_pos", 200),
        ("staff_a", "lurah_a_pos", 200),
        ("staff_a", "staff_b_pos", 404),
        ("camat", "staff_b_pos", 200),
        ("hr_b", "staff_a_pos", 404),
        ("outsider", "staff_a_pos", 404),
    ],
)
def test_position_page_follows_the_visibility_of_its_unit(client, org, who, position, status):
    assert get(client, getattr(org, who), "position_detail", getattr(org, position).pk).status_code == status


@pytest.mark.parametrize(
    ("who", "employee", "status"),
    [
        ("staff_a", "staff_a", 200),
        ("staff_a", "peer_a", 200),
        ("staff_a", "staff_b", 404),
        ("staff_b", "staff_a", 404),
        ("camat", "staff_b", 200),
        ("lurah_a", "staff_a", 200),
        ("hr_a", "staff_a", 200),
        ("hr_a", "staff_b", 404),
        ("outsider", "staff_a", 404),
        ("admin", "staff_b", 200),
    ],
)
def test_employee_page_is_visible_to_self_unit_and_superiors_only(client, org, who, employee, status):
    assert get(client, getattr(org, who), "employee_detail", getattr(org, employee).pk).status_code == status


# --- Unit page -------------------------------------------------------------------------------


def test_unit_page_shows_breadcrumbs_position_tree_holders_and_counts(client, org):
    page = get(client, org.staff_a, "unit_detail", org.kel_a.pk).content.decode()
    assert "Kecamatan Alak" in page and "Pemerintah Kota Kupang" in page  # breadcrumbs
    for text in ("Lurah Mantasi", "Kasi Pelayanan Umum", "Pengadministrasi Umum", "Yosef Manafe", "Beatrix Kana"):
        assert text in page
    assert reverse("employee_detail", args=[org.peer_a.pk]) in page
    # staff_a may not open the kecamatan page, so the breadcrumb is plain text, not a link.
    assert reverse("unit_detail", args=[org.kec.pk]) not in page
    assert '<span class="stat-n">3</span> jabatan' in page
    assert '<span class="stat-n">4</span> pegawai' in page


def test_child_units_are_listed_only_when_the_reader_may_open_them(client, org):
    camat_page = get(client, org.camat, "unit_detail", org.kec.pk).content.decode()
    assert reverse("unit_detail", args=[org.kel_a.pk]) in camat_page
    assert reverse("unit_detail", args=[org.kel_b.pk]) in camat_page
    staff_page = get(client, org.staff_kec, "unit_detail", org.kec.pk).content.decode()
    assert staff_page.count(reverse("unit_detail", args=[org.kel_a.pk])) == 0
    assert "Sub-unit" not in staff_page


def test_acting_official_is_marked_plt_with_the_date_range(client, org):
    start = today() - dt.timedelta(days=3)
    ActingAssignment.objects.create(
        employee=org.sekcam, position=org.lurah_a_pos, kind=ActingAssignment.Kind.PLT, start_date=start
    )
    page = get(client, org.camat, "unit_detail", org.kel_a.pk).content.decode()
    node = page[page.index("Lurah Mantasi") : page.index("Kasi Pelayanan Umum")]
    assert "Plt." in node and "Petrus Tallo" in node and "sejak" in node


def test_vacant_position_is_shown_as_lowong(client, org):
    org.staff_b.is_active = False
    org.staff_b.save()
    page = get(client, org.lurah_b, "unit_detail", org.kel_b.pk).content.decode()
    node = page[page.index("Pengadministrasi Naioni") :]
    assert "Lowong" in node
    assert "Yuliana Kase" not in node


def test_hr_in_scope_sees_edit_links_and_others_do_not(client, org):
    edit = reverse("position_update", args=[org.staff_a_pos.pk])
    assert edit in get(client, org.hr_a, "unit_detail", org.kel_a.pk).content.decode()
    client.logout()
    assert edit not in get(client, org.lurah_a, "unit_detail", org.kel_a.pk).content.decode()


# --- Position page ---------------------------------------------------------------------------


def test_position_page_shows_parent_with_official_holders_and_children(client, org):
    page = get(client, org.staff_a, "position_detail", org.kasi_a_pos.pk).content.decode()
    assert "Pengawas" in page
    assert "Lurah Mantasi" in page and "Yosef Manafe" in page  # atasan and who holds it
    assert "Ester Foenay" in page  # holder
    assert reverse("position_detail", args=[org.staff_a_pos.pk]) in page  # child position


def test_position_page_lists_current_and_past_acting_assignments(client, org):
    ActingAssignment.objects.create(
        employee=org.kasi_a,
        position=org.lurah_a_pos,
        kind=ActingAssignment.Kind.PLH,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 1, 31),
        decree="800/12/2024",
    )
    ActingAssignment.objects.create(employee=org.sekcam, position=org.lurah_a_pos, start_date=today())
    page = get(client, org.camat, "position_detail", org.lurah_a_pos.pk).content.decode()
    assert "800/12/2024" in page and "Plh." in page and "selesai" in page
    assert "Petrus Tallo" in page and "berlaku" in page


def test_position_page_has_an_edit_link_only_for_hr_in_scope(client, org):
    edit = reverse("position_update", args=[org.staff_a_pos.pk])
    assert edit in get(client, org.hr_kec, "position_detail", org.staff_a_pos.pk).content.decode()
    client.logout()
    assert edit not in get(client, org.camat, "position_detail", org.staff_a_pos.pk).content.decode()


# --- Employee page ---------------------------------------------------------------------------


def test_employee_page_shows_grouped_nip_status_position_and_appraisers(client, org):
    page = get(client, org.staff_a, "employee_detail", org.staff_a.pk).content.decode()
    assert org.staff_a.nip_display in page
    assert "III/a – Penata Muda" in page
    assert "Pengadministrasi Umum" in page and "Kelurahan Mantasi" in page
    appraisers = page[page.index("Pejabat Penilai Kinerja") :]
    assert "Ester Foenay" in appraisers and "Yosef Manafe" in appraisers


def test_employee_page_lists_acting_assignments_of_the_employee(client, org):
    ActingAssignment.objects.create(employee=org.sekcam, position=org.lurah_b_pos, start_date=today())
    page = get(client, org.camat, "employee_detail", org.sekcam.pk).content.decode()
    assert "Lurah Naioni" in page and "Plt." in page


def test_employee_page_has_an_edit_link_only_for_hr_in_scope(client, org):
    edit = reverse("employee_update", args=[org.staff_a.pk])
    assert edit in get(client, org.hr_a, "employee_detail", org.staff_a.pk).content.decode()
    client.logout()
    assert edit not in get(client, org.staff_a, "employee_detail", org.staff_a.pk).content.decode()


# --- Home ------------------------------------------------------------------------------------


def test_home_shows_my_position_appraiser_and_senior_appraiser(client, org):
    page = get(client, org.staff_a, "home").content.decode()
    assert "Pengadministrasi Umum" in page
    assert "Ester Foenay" in page  # Kasi: Pejabat Penilai Kinerja
    assert "Yosef Manafe" in page  # Lurah: Atasan Pejabat Penilai Kinerja
    assert reverse("employee_detail", args=[org.kasi_a.pk]) in page


# --- The unit tree ----------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 6])
def test_a_subtree_costs_one_query_whatever_its_depth(django_assert_num_queries, depth):
    """The lists scoped to a unit and its sub-units keep one query count from a kecamatan to a deep city tree."""
    from appraisal.org.selectors import unit_subtree_ids
    from tests.factories import UnitFactory

    root = parent = UnitFactory()
    chain = [root.pk]
    for _ in range(depth):
        parent = UnitFactory(parent=parent)
        chain.append(parent.pk)
    sibling = UnitFactory()  # another root: never part of the subtree
    UnitFactory(parent=sibling)

    with django_assert_num_queries(1):
        assert unit_subtree_ids([root.pk]) == set(chain)
    with django_assert_num_queries(1):
        assert unit_subtree_ids([chain[-1]]) == {chain[-1]}
    with django_assert_num_queries(0):
        assert unit_subtree_ids([]) == set()
