import datetime as dt

import pytest

from appraisal.models import ActingAssignment
from appraisal.org.selectors import appraiser_of, senior_appraiser_of, subordinates_of

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 7, 1)


def test_appraiser_is_the_holder_of_the_parent_position(org):
    assert appraiser_of(org.staff_a, DAY) == org.kasi_a
    assert senior_appraiser_of(org.staff_a, DAY) == org.lurah_a


def test_lurah_is_appraised_by_the_camat_and_the_camat_by_the_sekda(org):
    assert appraiser_of(org.lurah_a, DAY) == org.camat
    assert senior_appraiser_of(org.lurah_a, DAY) == org.sekda
    assert appraiser_of(org.camat, DAY) == org.sekda
    assert senior_appraiser_of(org.camat, DAY) is None


def test_top_of_the_organisation_has_no_appraiser(org):
    assert appraiser_of(org.sekda, DAY) is None
    assert senior_appraiser_of(org.sekda, DAY) is None


def test_vacant_parent_position_is_skipped_upward(org):
    org.kasi_a.is_active = False
    org.kasi_a.save()
    assert appraiser_of(org.staff_a, DAY) == org.lurah_a
    assert senior_appraiser_of(org.staff_a, DAY) == org.camat


def test_acting_official_replaces_the_holder_within_the_date_range(org):
    ActingAssignment.objects.create(
        employee=org.sekcam, position=org.lurah_a_pos, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 30)
    )
    assert appraiser_of(org.kasi_a, dt.date(2026, 6, 15)) == org.sekcam
    assert appraiser_of(org.kasi_a, dt.date(2026, 7, 1)) == org.lurah_a
    assert senior_appraiser_of(org.staff_a, dt.date(2026, 6, 15)) == org.sekcam


def test_acting_official_fills_a_vacant_position(org):
    org.lurah_b.position = None
    org.lurah_b.save()
    assert appraiser_of(org.staff_b, DAY) == org.camat  # vacant: skipped upward
    ActingAssignment.objects.create(employee=org.kasi_kec, position=org.lurah_b_pos, start_date=dt.date(2026, 1, 1))
    assert appraiser_of(org.staff_b, DAY) == org.kasi_kec
    assert senior_appraiser_of(org.staff_b, DAY) == org.camat


def test_an_acting_official_is_never_their_own_appraiser(org):
    # The Sekcam acting as Camat: their own appraiser is above the Camat's position.
    ActingAssignment.objects.create(employee=org.sekcam, position=org.camat_pos, start_date=dt.date(2026, 1, 1))
    assert appraiser_of(org.lurah_a, DAY) == org.sekcam
    assert appraiser_of(org.sekcam, DAY) == org.sekda
    assert senior_appraiser_of(org.sekcam, DAY) is None


def test_subordinates_are_those_the_employee_appraises(org):
    assert set(subordinates_of(org.kasi_a, DAY)) == {org.staff_a, org.peer_a}
    assert set(subordinates_of(org.camat, DAY)) == {org.sekcam, org.kasi_kec, org.lurah_a, org.lurah_b}
