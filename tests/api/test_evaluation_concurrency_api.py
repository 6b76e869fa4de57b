"""Two rating clicks at the same moment, over real HTTP: one wins, the other is told so (PostgreSQL).

The requests go through the live server's threads, each with its own database connection, so the flow's
row lock is really contended; the loser must get a 409 (task done, or process locked), never a 500, and
the evaluation is rated once.
"""

import pytest
from rest_framework.authtoken.models import Token

from appraisal.models import Evaluation, EvaluationStatus
from tests.api.evaluation_api_helpers import add_colleagues, drive
from tests.api.http_race import race
from tests.evaluation_helpers import approved_chain, open_tw3
from tests.factories import OrgFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RATING = {"result_rating": "ABOVE", "behaviour_rating": "MEETS", "feedback": "Pelayanan cepat dan ramah."}


def test_two_simultaneous_ratings_over_http_give_one_200_and_one_409(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    org = OrgFactory.build_small()
    add_colleagues(org)
    approved_chain(org)
    report = open_tw3(org)
    evaluation = next(e for e in report.created if e.employee_id == org.staff_a.pk)
    drive(org, evaluation, "RATING")
    token = Token.objects.create(user=org.kasi_a.user).key
    url = f"{live_server.url}/api/v1/evaluations/{evaluation.pk}/rate/"

    answers = race(url, token, RATING)

    assert sorted(status for status, _ in answers) == [200, 409], answers
    [(_, won)] = [a for a in answers if a[0] == 200]
    [(_, lost)] = [a for a in answers if a[0] == 409]
    assert (won["status"], won["predicate"]) == ("ACK", "BAIK")
    assert lost["code"] in {"task_not_open", "locked"}
    assert lost["detail"]
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert evaluation.status == EvaluationStatus.ACKNOWLEDGEMENT
    assert evaluation.history.filter(status=EvaluationStatus.ACKNOWLEDGEMENT).count() == 1
    assert evaluation.process.task_set.filter(flow_task_type="HUMAN", status="DONE").count() == 5  # self, 3 peers, rate
