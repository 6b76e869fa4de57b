"""A Plt/Plh leads a unit only while the order runs (SE Kepala BKN 1/SE/I/2021): before it begins and after it
ends, the acting official sees no more of the unit than their own position gives them."""

import datetime as dt

import pytest

from appraisal import policy
from appraisal.models import ActingAssignment, PerformancePlan
from appraisal.org.selectors import today
from tests.skp_helpers import draft_plan

pytestmark = pytest.mark.django_db


def fresh(user):
    """policy memoises per user object: each check gets a new one, as each request does."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("start", "end", "leads"),
    [
        (-30, None, True),  # acting, open-ended
        (-30, 30, True),  # acting, ends later
        (-60, -1, False),  # ended yesterday
        (1, 60, False),  # begins tomorrow
    ],
)
def test_a_plt_of_lurah_naioni_leads_kelurahan_naioni_only_while_the_order_runs(org, start, end, leads):
    """staff_a (Kelurahan Mantasi) as Plt. Lurah Naioni: the kelurahan's plans, units and evaluations."""
    now = today()
    ActingAssignment.objects.create(
        employee=org.staff_a,
        position=org.lurah_b_pos,
        kind="PLT",
        start_date=now + dt.timedelta(days=start),
        end_date=now + dt.timedelta(days=end) if end is not None else None,
    )
    plan = draft_plan(org.staff_b)
    user = org.staff_a.user
    assert (org.kel_b.pk in policy.visible_unit_ids(fresh(user))) is leads
    assert policy.can_view_plan(fresh(user), plan) is leads
    assert (plan in policy.visible_plans(fresh(user), PerformancePlan.objects.all())) is leads
    assert (org.kel_b.pk in policy.leader_unit_ids(fresh(user))) is leads
