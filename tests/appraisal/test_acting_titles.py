"""Plt/Plh named in the role they act in ("Plt. Lurah Naioni") wherever a person appears as an official (issue 12)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from appraisal import rules
from appraisal.models import ActingAssignment
from appraisal.org.selectors import OrgSnapshot, appraiser_roles, today
from tests.skp_helpers import draft_plan


@pytest.mark.parametrize(
    ("title", "kind", "shown"),
    [
        ("Lurah Naioni", "PLT", "Plt. Lurah Naioni"),
        ("Lurah Naioni", "PLH", "Plh. Lurah Naioni"),
        ("Lurah Naioni", None, "Lurah Naioni"),
        ("", "PLT", ""),
    ],
)
def test_the_role_title_rule(title, kind, shown):
    assert rules.role_title(title, kind) == shown


@pytest.fixture
def acting(org):
    """The Sekretaris Camat acts as Lurah Naioni (Plt) from the start of the year: he appraises staff_b."""
    return ActingAssignment.objects.create(
        employee=org.sekcam, position=org.lurah_b_pos, kind="PLT", start_date=dt.date(today().year, 1, 1)
    )


def test_the_appraiser_of_an_acting_officials_team_bears_the_acted_title(org, acting):
    assert appraiser_roles(org.staff_b) == ("Plt. Lurah Naioni", "Camat Alak")
    assert appraiser_roles(org.staff_a) == ("Kasi Pelayanan Umum", "Lurah Mantasi")  # holders: plain titles
    (appraiser, title), (senior, senior_title) = OrgSnapshot(today()).appraiser_roles_of_position(
        org.staff_b.position_id, org.staff_b
    )
    assert appraiser == org.sekcam and title == "Plt. Lurah Naioni"
    assert senior == org.camat and senior_title == "Camat Alak"


def test_a_plh_is_named_plh(org, acting):
    acting.kind = "PLH"
    acting.save()
    assert appraiser_roles(org.staff_b)[0] == "Plh. Lurah Naioni"


def test_the_skp_snapshot_and_pages_show_plt(org, acting):
    plan = draft_plan(org.staff_b)
    assert plan.appraiser == org.sekcam and plan.appraiser_position_title == "Plt. Lurah Naioni"
    client = Client()
    client.force_login(org.staff_b.user)
    assert "Plt. Lurah Naioni" in client.get(reverse("skp_detail", args=[plan.pk])).content.decode()
    assert "Plt. Lurah Naioni" in client.get(reverse("home")).content.decode()


def test_a_holder_keeps_the_plain_title(org):
    assert appraiser_roles(org.staff_b) == ("Lurah Naioni", "Camat Alak")
