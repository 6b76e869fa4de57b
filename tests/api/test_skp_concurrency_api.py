"""Two approval clicks at the same moment, over real HTTP: one wins, the other is told so (PostgreSQL).

The requests go through the live server's threads, each with its own database connection, so the
flow's row lock is really contended; the loser must get a 409 (task done, or process locked), never a 500.
"""

import pytest
from rest_framework.authtoken.models import Token

from appraisal.models import PlanStatus
from tests.api.http_race import race
from tests.factories import OrgFactory
from tests.skp_helpers import approved_plan, draft_plan
from workflows.steps.skp import plan_submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_approvals_over_http_give_one_200_and_one_409(live_server):
    org = OrgFactory.build_small()
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    plan = draft_plan(org.staff_a, supports=kasi.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    token = Token.objects.create(user=org.kasi_a.user).key
    url = f"{live_server.url}/api/v1/plans/{plan.pk}/approve/"

    answers = race(url, token)

    assert sorted(status for status, _ in answers) == [200, 409], answers
    [(_, won)] = [a for a in answers if a[0] == 200]
    [(_, lost)] = [a for a in answers if a[0] == 409]
    assert won["status"] == "APPROVED"
    assert lost["code"] in {"task_not_open", "locked"}
    assert lost["detail"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.history.filter(status=PlanStatus.APPROVED).count() == 1
