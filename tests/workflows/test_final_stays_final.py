"""Final means final: nothing that would appear on a final evaluation can be added or backdated by any path,
and the public verification shows the name printed on the document."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from appraisal.evaluation.services import EvaluationLocked, dialogue_record, feedback_give
from appraisal.models import PerformanceDialogue
from tests.evaluation_helpers import fill_and_submit
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.steps.evaluation import evaluation_accept, evaluation_rate, evaluation_sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
        evaluation_accept(evaluation=ev, actor=org.staff_a.user)
        evaluation_sign_off(evaluation=ev, actor=org.hr_a)
    ev.refresh_from_db()
    assert ev.is_final
    return ev


def test_a_backdated_dialogue_or_late_feedback_cannot_reach_a_final_evaluation(org, final):
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(EvaluationLocked):
            dialogue_record(
                employee=org.staff_a, actor=org.kasi_a.user, held_on=dt.date(2026, 8, 15), topic="x", notes="y"
            )
        # The page refuses it the same way and nothing is stored.
        client = Client()
        client.force_login(org.kasi_a.user)
        response = client.post(
            reverse("dialogue_record", args=[org.staff_a.pk]),
            {"dlg-held_on": "2026-08-15", "dlg-topic": "Target", "dlg-notes": "Catatan", "dlg-follow_up": ""},
            follow=True,
        )
        assert response.status_code == 200 and "sudah disahkan" in response.content.decode()
        assert not PerformanceDialogue.objects.filter(employee=org.staff_a).exists()
        # After the period, outside any final evaluation: fine.
        dialogue_record(
            employee=org.staff_a, actor=org.kasi_a.user, held_on=dt.date(2026, 10, 20), topic="x", notes="y"
        )
    today_in_final_period = time_machine.travel(dt.datetime(2026, 9, 20, 9, tzinfo=dt.UTC), tick=False)
    with today_in_final_period, pytest.raises(EvaluationLocked):
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Terlambat")


def test_the_public_verification_shows_the_name_printed_on_the_document(client, org, final):
    printed = org.staff_a.full_name
    assert final.employee_name == printed
    org.staff_a.name = "Alfons Sabu Baru"
    org.staff_a.save()
    page = client.get(reverse("verify_document", args=[final.verification_code])).content.decode()
    assert printed in page and "Alfons Sabu Baru" not in page
    api = client.get(f"/api/v1/verify/{final.verification_code}/")
    assert api.status_code == 200 and api.json()["name"] == printed
