"""Two appraisers' clicks at once: one approval wins, the other is told the task is done (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.exceptions import FlowLockFailed

from appraisal.models import PlanStatus
from tests.factories import OrgFactory
from tests.skp_helpers import approved_plan, draft_plan
from workflows.steps.common import TaskNotOpen
from workflows.steps.skp import plan_approve, plan_submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_double_approval_from_two_threads_gives_one_success_and_one_conflict():
    org = OrgFactory.build_small()
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    plan = draft_plan(org.staff_a, supports=kasi.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)

    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve():
        try:
            barrier.wait()
            plan_approve(plan=plan, actor=org.kasi_a.user)
            result = "ok"
        except (TaskNotOpen, FlowLockFailed) as exc:
            result = type(exc).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(outcomes) == 2, outcomes  # neither thread crashed
    assert outcomes.count("ok") == 1, outcomes
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.history.filter(status=PlanStatus.APPROVED).count() == 1
