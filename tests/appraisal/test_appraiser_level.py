"""Who appraises: the nearest superior of at least pejabat pengawas level (PermenPANRB 6/2022, Pasal 1 and Lampiran;
issue 10, item 4). A pelaksana or fungsional parent never becomes Pejabat Penilai Kinerja; Plt/Plh are honoured;
the page walk and the snapshot used to open a period agree."""

import datetime as dt

import pytest

from appraisal.models import ActingAssignment, PositionKind
from appraisal.org.selectors import OrgSnapshot, appraiser_of, senior_appraiser_of
from tests.factories import EmployeeFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def coordinator(org):
    """A pelaksana 'koordinator' position between Kasi Pelayanan Umum and a new staff member."""
    lead_pos = PositionFactory(title="Pengadministrasi Koordinator", unit=org.kel_a, parent=org.kasi_a_pos)
    lead = EmployeeFactory(name="Koordinator Pelaksana", position=lead_pos, user=UserFactory(username="koordinator"))
    staff_pos = PositionFactory(title="Pengadministrasi Arsip", unit=org.kel_a, parent=lead_pos)
    staff = EmployeeFactory(name="Staf Arsip", position=staff_pos, user=UserFactory(username="staf_arsip"))
    return lead, staff


def _both(employee):
    chart = OrgSnapshot(TODAY)
    return (appraiser_of(employee, TODAY), senior_appraiser_of(employee, TODAY)), chart.appraisers(employee)


def test_a_pelaksana_between_staff_and_the_kasi_does_not_appraise(org, coordinator):
    _, staff = coordinator
    db, snapshot = _both(staff)
    assert db == snapshot == (org.kasi_a, org.lurah_a)


def test_a_fungsional_parent_is_passed_as_well(org):
    fungsional_pos = PositionFactory(
        title="Analis Kebijakan Ahli Muda", kind=PositionKind.FUNGSIONAL, unit=org.kel_a, parent=org.kasi_a_pos
    )
    EmployeeFactory(name="Analis", position=fungsional_pos, user=UserFactory(username="analis"))
    helper = EmployeeFactory(
        name="Pembantu Analis",
        position=PositionFactory(title="Pengolah Data", unit=org.kel_a, parent=fungsional_pos),
        user=UserFactory(username="pembantu"),
    )
    db, snapshot = _both(helper)
    assert db == snapshot == (org.kasi_a, org.lurah_a)


def test_a_plt_in_a_pengawas_position_appraises_though_a_pelaksana_by_own_position(org):
    org.kasi_a.is_active = False
    org.kasi_a.save()
    ActingAssignment.objects.create(position=org.kasi_a_pos, employee=org.peer_a, start_date=dt.date(2026, 1, 1))
    db, snapshot = _both(org.staff_a)
    assert db == snapshot == (org.peer_a, org.lurah_a)


def test_the_pengawas_level_appraises_directly(org):
    db, snapshot = _both(org.staff_a)
    assert db == snapshot == (org.kasi_a, org.lurah_a)
