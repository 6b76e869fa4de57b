"""Two approval clicks at the same moment, over real HTTP: one wins, the other is told so (PostgreSQL).

The requests go through the live server's threads, each with its own database connection, so the
flow's row lock is really contended; the loser must get a 409 (task done, or process locked), never a 500.
"""

import json
import threading
import urllib.error
import urllib.request

import pytest
from rest_framework.authtoken.models import Token

from appraisal.models import PlanStatus
from appraisal.services.skp import plan_submit
from tests.factories import OrgFactory
from tests.skp_helpers import approved_plan, draft_plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def post(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the live test server, http://localhost
        url, data=b"{}", method="POST", headers={"Authorization": f"Token {token}", "Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, {"raw": body[:500].decode(errors="replace")}


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

    barrier = threading.Barrier(2)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def click():
        barrier.wait()
        answer = post(url, token)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    assert sorted(status for status, _ in answers) == [200, 409], answers
    [(_, won)] = [a for a in answers if a[0] == 200]
    [(_, lost)] = [a for a in answers if a[0] == 409]
    assert won["status"] == "APPROVED"
    assert lost["code"] in {"task_not_open", "locked"}
    assert lost["detail"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.history.filter(status=PlanStatus.APPROVED).count() == 1
