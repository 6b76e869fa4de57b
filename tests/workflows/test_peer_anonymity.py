"""Peer anonymity by construction (issue 9, findings 3 and 4): each attack of the audit, and that it now fails.

- Diffing two snapshots of (who answered, running summary) read one peer's answer: nobody sees a summary while the
  peer step is open, and HR sees counts only, never who answered.
- The appraiser chose peers from any unit through the API: peers come from the rule's candidate set on every path.
- Row order and keys of the stored answers followed the order in which peers finished their tasks: answers are
  re-written under new random keys in random order on every answer, and carry no time.
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from appraisal.evaluation import services
from appraisal.evaluation.selectors import peer_candidates
from appraisal.models import EvaluationStatus, PeerFeedback
from tests.evaluation_helpers import ALL_MEETS, fill_and_submit
from tests.factories import EmployeeFactory, PositionFactory, UserFactory
from tests.workflows.conftest import evaluation_of
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.evaluation import peer_feedback_submit

pytestmark = pytest.mark.django_db

OCTOBER = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


def _peer_tasks(ev):
    return {
        t.owner_id: t
        for t in ev.process.task_set.filter(flow_task=EvaluationFlow.peer_feedback, status="ASSIGNED").select_related(
            "owner"
        )
    }


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_nobody_sees_a_summary_while_peers_can_still_answer_and_hr_sees_counts_only(client, org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(OCTOBER, tick=False):
        fill_and_submit(ev)
        peers = list(ev.peer_requests.select_related("peer__user").order_by("peer__name"))
        assert len(peers) == 3
        snapshots = []
        for n, request in enumerate(peers):
            levels = {**ALL_MEETS, "PELAYANAN": "BELOW" if n == 1 else "ABOVE"}
            task = _peer_tasks(ev)[request.peer.user_id]
            before = {
                "hr_api": _api(org.hr_a).get(f"/api/v1/evaluations/{ev.pk}/").json(),
                "kasi_api": _api(org.kasi_a.user).get(f"/api/v1/evaluations/{ev.pk}/").json(),
            }
            snapshots.append(before)
            peer_feedback_submit(task=task, actor=request.peer.user, ratings=levels, comment=f"Catatan {n}")
            ev.refresh_from_db()
            if n < 2:
                assert ev.status == EvaluationStatus.FEEDBACK
                for reader in (org.hr_a, org.kasi_a.user, org.lurah_a.user):
                    body = _api(reader).get(f"/api/v1/evaluations/{ev.pk}/").json()
                    assert body["peer_summary"]["count"] is None and body["peer_summary"]["values"] == []
                    assert f"Catatan {n}" not in str(body)
                    client.force_login(reader)
                    page = client.get(reverse("evaluation_detail", args=[ev.pk])).content.decode()
                    assert f"Catatan {n}" not in page and "setelah tahap umpan balik rekan kerja ditutup" in page
        # Every snapshot HR took while answers came in says the same: counts that move, no name, no summary.
        progress = [s["hr_api"]["peer_progress"] for s in snapshots]
        assert [p["answered"] for p in progress] == [0, 1, 2]
        for snapshot in snapshots:
            text = str(snapshot["hr_api"])
            assert all(r.peer.name not in text for r in peers)
            assert snapshot["hr_api"]["peer_summary"]["count"] is None

        # Closed (all three answered, the rating step is open): now the summary, with all answers at once.
        assert ev.status == EvaluationStatus.RATING
        summary = _api(org.kasi_a.user).get(f"/api/v1/evaluations/{ev.pk}/").json()["peer_summary"]
        assert summary["count"] == 3 and sorted(summary["comments"]) == ["Catatan 0", "Catatan 1", "Catatan 2"]
        client.force_login(org.hr_a)
        hr_page = client.get(reverse("hr_period_detail", args=[opened.period.pk])).content.decode()
        row = next(tr for tr in hr_page.split("<tr>") if org.staff_a.full_name in tr)
        assert "3 dari 3 mengisi" in row
        assert all(r.peer.full_name not in row for r in peers) and "Sudah mengisi" not in hr_page
        history = client.get(reverse("evaluation_history", args=[ev.pk])).content.decode()
        assert all(r.peer.full_name not in history for r in peers)


def test_stored_answers_carry_no_time_and_no_order_of_answering(org, opened):
    time_fields = [f.name for f in PeerFeedback._meta.fields if isinstance(f, models.DateField | models.DateTimeField)]
    assert time_fields == []
    assert not hasattr(PeerFeedback, "history")
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(OCTOBER, tick=False):
        fill_and_submit(ev)
        keys_after_each: list[set[int]] = []
        for n, request in enumerate(ev.peer_requests.select_related("peer__user").order_by("peer__name")):
            task = _peer_tasks(ev)[request.peer.user_id]
            peer_feedback_submit(task=task, actor=request.peer.user, ratings=ALL_MEETS, comment=f"Catatan {n}")
            keys_after_each.append(set(PeerFeedback.objects.filter(evaluation=ev).values_list("pk", flat=True)))
    # Every answer re-keys all the evaluation's answers: no key survives to say which answer came first.
    assert [len(k) for k in keys_after_each] == [1, 2, 3]
    assert not keys_after_each[0] & keys_after_each[1] and not keys_after_each[1] & keys_after_each[2]
    assert all(key > 2**20 for key in keys_after_each[2])  # random keys, not a sequence


def test_peers_come_from_the_candidate_set_on_every_path(client, org, opened):
    ev = evaluation_of(opened, org.staff_a)
    outsider_unit = org.staff_b  # Kelurahan Naioni, another team
    superior = org.lurah_a  # the appraiser's own superior, in the same unit
    candidates = set(peer_candidates(ev))
    assert org.peer_a in candidates
    assert not {org.staff_a, org.kasi_a, org.lurah_a, org.camat, org.sekda, org.staff_b, org.staff_kec} & candidates
    # What opening the period proposed is within the set.
    assert set(ev.peer_requests.values_list("peer_id", flat=True)) <= {c.pk for c in candidates}

    # API: refused with a 400 naming who, nothing changed.
    before = set(ev.peer_requests.values_list("peer_id", flat=True))
    for chosen in (outsider_unit, superior):
        response = _api(org.kasi_a.user).put(
            f"/api/v1/evaluations/{ev.pk}/peers/", {"peers": [org.peer_a.pk, chosen.pk]}, format="json"
        )
        assert response.status_code == 400, response.content
        assert chosen.name in str(response.json())
        assert set(ev.peer_requests.values_list("peer_id", flat=True)) == before
    # Service: the same rule.
    with pytest.raises(ValidationError):
        services.peers_choose(evaluation=ev, peers=[org.peer_a, outsider_unit], actor=org.kasi_a.user)
    # Page: offers the candidate set only, and a forged choice is refused.
    client.force_login(org.kasi_a.user)
    page = client.get(reverse("peers_choose", args=[ev.pk])).content.decode()
    assert org.peer_a.full_name in page and outsider_unit.full_name not in page and superior.full_name not in page
    client.post(reverse("peers_choose", args=[ev.pk]), {"peers": [org.peer_a.pk, outsider_unit.pk]})
    assert set(ev.peer_requests.values_list("peer_id", flat=True)) == before


def test_a_team_mate_in_another_unit_and_direct_staff_are_colleagues_but_hr_from_elsewhere_is_not(org, opened):
    ev = evaluation_of(opened, org.lurah_a)  # appraised by the Camat; team: the other Lurah
    kasi_team = set(peer_candidates(ev))
    assert org.lurah_b in kasi_team  # same superior position, another kelurahan
    assert org.kasi_a in kasi_team  # direct staff
    assert org.camat not in kasi_team and org.sekda not in kasi_team
    hr_person = EmployeeFactory(
        name="Pegawai Kepegawaian",
        position=PositionFactory(title="Analis SDM", unit=org.kec, parent=org.sekcam_pos),
        user=UserFactory(username="hr_person"),
    )
    assert hr_person not in kasi_team
