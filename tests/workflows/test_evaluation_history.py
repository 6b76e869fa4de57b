"""Every state change is a saved instance: the evaluation's history holds each status it passed through, with
who changed it and when (the system user for timers), and never the name of a peer."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from appraisal.models import Objection, PeerRequest
from appraisal.org.services import SYSTEM_USERNAME
from tests.evaluation_helpers import fill_and_submit
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.steps.evaluation import (
    evaluation_rate,
    evaluation_sign_off,
    objection_decide,
    objection_explain,
    objection_file,
)

pytestmark = pytest.mark.django_db


def status_trail(evaluation) -> list[tuple[str, str]]:
    """(status, who) each time the status changed, oldest first."""
    trail = []
    for record in evaluation.history.order_by("history_date", "history_id").select_related("history_user"):
        if not trail or trail[-1][0] != record.status:
            trail.append((record.status, record.history_user.username if record.history_user else None))
    return trail


def test_opening_to_final_through_an_objection_is_all_in_history(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="BELOW", behaviour_rating="MEETS", feedback="Kurang."
        )
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC), tick=False):
        objection_file(evaluation=ev, actor=org.staff_a.user, reasons="Bukti September belum dihitung.")
        objection_explain(evaluation=ev, actor=org.kasi_a.user, text="Bukti diunggah terlambat.")
        objection_explain(evaluation=ev, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
        objection_decide(
            evaluation=ev,
            actor=org.lurah_a.user,
            decision=Objection.Decision.CHANGED,
            notes="Bukti sah.",
            result_rating="MEETS",
            behaviour_rating="MEETS",
        )
    with time_machine.travel(dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC), tick=False):
        evaluation_sign_off(evaluation=ev, actor=org.hr_a)

    assert status_trail(ev) == [
        ("SELF", "hr_a"),  # opened by HR
        ("FEEDBACK", "staff_a"),  # self-assessment submitted
        ("RATING", SYSTEM_USERNAME),  # the flow, once feedback was gathered: never the last peer
        ("ACK", "kasi_a"),
        ("OBJECTION", "staff_a"),
        ("SIGNOFF", "lurah_a"),  # the senior appraiser's decision
        ("FINAL", "hr_a"),
    ]
    dates = [r.history_date for r in ev.history.order_by("history_date", "history_id")]
    assert dates == sorted(dates) and dates[-1].date() == dt.date(2026, 10, 8)
    objection = Objection.objects.get(evaluation=ev)
    assert [(h.decision, h.history_user.username) for h in objection.history.order_by("history_date")][-1] == (
        "CHANGED",
        "lurah_a",
    )
    ev.refresh_from_db()
    assert ev.document.read(4) == b"%PDF"  # rendered by the job after the sign-off committed


def test_timers_act_as_the_system_user(org, opened):
    ev = evaluation_of(opened, org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
    with time_machine.travel(dt.datetime(2026, 10, 11, 1, tzinfo=dt.UTC), tick=False):
        call_command("workflow_timers")  # peer deadline: unanswered requests expire
    with time_machine.travel(dt.datetime(2026, 10, 11, 2, tzinfo=dt.UTC), tick=False):
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
    with time_machine.travel(dt.datetime(2026, 10, 27, 1, tzinfo=dt.UTC), tick=False):
        call_command("workflow_timers")  # day 15: accepted automatically
    request = PeerRequest.objects.filter(evaluation=ev).first()
    expired = request.history.order_by("history_date").last()
    assert (expired.state, expired.history_user.username) == ("EXPIRED", SYSTEM_USERNAME)
    assert status_trail(ev)[-1] == ("SIGNOFF", SYSTEM_USERNAME)
    ev.refresh_from_db()
    assert ev.auto_accepted
