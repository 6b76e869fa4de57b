import pytest

from appraisal import policy
from appraisal.models import PerformancePlan
from tests.skp_helpers import draft_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org):
    return draft_plan(org.staff_a)


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("staff_a", True),  # the employee
        ("kasi_a", True),  # appraiser
        ("lurah_a", True),  # senior appraiser, and head of the unit
        ("camat", True),  # leader above
        ("hr_a", True),  # HR of the unit
        ("hr_kec", True),  # HR above
        ("admin", True),
        ("peer_a", False),  # colleague
        ("staff_b", False),
        ("lurah_b", False),  # head of another unit
        ("hr_b", False),  # HR of another unit
        ("outsider", False),
    ],
)
def test_plan_visibility(org, plan, who, visible):
    person = getattr(org, who)
    user = getattr(person, "user", person)
    assert policy.can_view_plan(user, plan) is visible
    assert policy.visible_plans(user, PerformancePlan.objects.all()).filter(pk=plan.pk).exists() is visible


def test_only_the_owner_edits_and_only_while_editable(org, plan):
    assert policy.can_edit_plan(org.staff_a.user, plan)
    assert not policy.can_edit_plan(org.kasi_a.user, plan)
    plan.status = PerformancePlan.Status.APPROVED
    assert not policy.can_edit_plan(org.staff_a.user, plan)


def test_an_hr_officer_never_sees_the_peer_progress_or_summary_of_their_own_evaluation(org):
    from types import SimpleNamespace

    from django.contrib.auth.models import Group

    from appraisal.models import HrScope
    from appraisal.policy import HR_GROUP

    user = org.staff_a.user
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    HrScope.objects.create(user=user, unit=org.kel_a)
    own = SimpleNamespace(
        employee_id=org.staff_a.pk,
        unit_id=org.kel_a.pk,
        employee=org.staff_a,
        appraiser_id=org.kasi_a.pk,
        senior_appraiser_id=org.lurah_a.pk,
        rated_by_id=None,
    )
    other = SimpleNamespace(
        employee_id=org.peer_a.pk,
        unit_id=org.kel_a.pk,
        employee=org.peer_a,
        appraiser_id=org.kasi_a.pk,
        senior_appraiser_id=org.lurah_a.pk,
        rated_by_id=None,
    )
    assert not policy.can_see_peer_progress(user, own) and not policy.can_see_peer_summary(user, own)
    assert policy.can_see_peer_progress(user, other)
    assert not policy.can_see_peer_progress(org.kasi_a.user, other)  # the appraiser side never sees progress
    assert policy.can_see_peer_summary(org.kasi_a.user, other)
