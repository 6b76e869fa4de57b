"""Evaluation API test helpers: a TW3 2026 period for Kelurahan Mantasi, and its flow driven to each state.

The three colleagues added beside staff_a have ids no other row reaches (91001+, users 92001+), so a test
can search a response's text for them: finding one there means a peer's identity leaked.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
import time_machine

from appraisal.models import Evaluation, Objection
from tests.evaluation_helpers import ALL_MEETS, approved_chain, fill_and_submit, open_tw3
from tests.factories import EmployeeFactory, UserFactory
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.common import OPEN_STATUSES
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    evaluation_sign_off,
    objection_explain,
    objection_file,
    peer_feedback_submit,
)

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA)  # the day after TW3 ends: realisation is complete
EVALUATIONS = "/api/v1/evaluations/"
PERIODS = "/api/v1/periods/"
TASKS = "/api/v1/tasks/"

COLLEAGUES = ("Yakobus Tefa", "Rambu Nope", "Dominggus Ratu")
COLLEAGUE_IDS = (91001, 91002, 91003)
COLLEAGUE_USER_IDS = (92001, 92002, 92003)

# The flow's stages in order, as drive() reaches them.
STATES = ("SELF", "FEEDBACK", "RATING", "ACK", "DECIDE", "SIGNOFF", "FINAL")


def url(evaluation, action: str = "") -> str:
    pk = getattr(evaluation, "pk", evaluation)
    return f"{EVALUATIONS}{pk}/{action + '/' if action else ''}"


def user_of(person):
    """A named person of the org fixture as a user (HR and outsiders already are users); None stays None."""
    return getattr(person, "user", person)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded evidence and final documents go to a temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def add_colleagues(org) -> list:
    return [
        EmployeeFactory(
            pk=pk,
            name=name,
            position=org.staff_a_pos,
            user=UserFactory(pk=user_pk, username=f"rekan{n}"),
        )
        for n, (pk, user_pk, name) in enumerate(zip(COLLEAGUE_IDS, COLLEAGUE_USER_IDS, COLLEAGUES, strict=True), 1)
    ]


@pytest.fixture
def chain(org, travel, media):
    """Approved 2026 SKPs from the Sekda down to staff_a and peer_a, and three more colleagues without one."""
    colleagues = add_colleagues(org)
    plans = approved_chain(org)
    return SimpleNamespace(colleagues=colleagues, plans=plans)


@pytest.fixture
def opened(org, chain):
    """TW3 2026 opened for Mantasi by hr_a; staff_a's peers are the automatic proposal (peer_a first)."""
    report = open_tw3(org)
    evaluation = next(e for e in report.created if e.employee_id == org.staff_a.pk)
    return SimpleNamespace(report=report, evaluation=evaluation, period=report.period, colleagues=chain.colleagues)


def open_peer_tasks(evaluation: Evaluation):
    return evaluation.process.task_set.filter(flow_task=EvaluationFlow.peer_feedback, status__in=OPEN_STATUSES)


def peer_task_of(evaluation: Evaluation, person):
    return open_peer_tasks(evaluation).get(owner=user_of(person))


def answer_peers(evaluation: Evaluation) -> None:
    for n, task in enumerate(open_peer_tasks(evaluation).select_related("owner"), 1):
        peer_feedback_submit(
            task=task, actor=task.owner, ratings={**ALL_MEETS, "PELAYANAN": "ABOVE"}, comment=f"Catatan rekan {n}"
        )


def drive(org, evaluation: Evaluation, state: str, *, start: str = "SELF") -> Evaluation:
    """Take staff_a's evaluation through the services from `start` to `state` (see STATES); DECIDE means an
    objection explained by both sides, waiting for the senior appraiser."""
    done, target = STATES.index(start), STATES.index(state)

    def reach(step: str) -> bool:
        return done < STATES.index(step) <= target

    if reach("FEEDBACK"):
        fill_and_submit(evaluation)
    if reach("RATING"):
        answer_peers(evaluation)
    if reach("ACK"):
        evaluation_rate(
            evaluation=evaluation,
            actor=org.kasi_a.user,
            result_rating="BELOW",
            behaviour_rating="MEETS",
            feedback="Target belum tercapai.",
        )
    if state == "DECIDE":
        objection_file(evaluation=evaluation, actor=org.staff_a.user, reasons="Bukti September belum dihitung.")
        objection_explain(evaluation=evaluation, actor=org.kasi_a.user, text="Bukti diunggah terlambat.")
        objection_explain(evaluation=evaluation, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
    elif reach("SIGNOFF"):
        evaluation_accept(evaluation=evaluation, actor=org.staff_a.user)
    if reach("FINAL"):
        evaluation_sign_off(evaluation=evaluation, actor=org.hr_a)
    evaluation.refresh_from_db()
    return evaluation


def snapshot(evaluation: Evaluation) -> dict:
    """Everything of an evaluation a write could change, to compare before and after a refused request."""
    ev = Evaluation.objects.filter(pk=evaluation.pk)
    return {
        "evaluation": ev.values().get(),
        "realizations": list(evaluation.realizations.order_by("pk").values("pk", "value", "note")),
        "evidence": list(
            evaluation.realizations.order_by("pk").values_list("evidence__pk", "evidence__file", "evidence__url")
        ),
        "peers": list(evaluation.peer_requests.order_by("pk").values("peer_id", "state")),
        "peer_feedback": evaluation.peer_feedback.count(),
        "feedback": list(evaluation.continuous_feedback.values("pk", "text")),
        "dialogues": list(evaluation.dialogues.values("pk", "topic")),
        "objection": list(Objection.objects.filter(evaluation=evaluation).values()),
        "history": evaluation.history.count(),
        "open_tasks": sorted(
            evaluation.process.task_set.filter(status__in=OPEN_STATUSES).values_list("pk", "owner_id")
        ),
    }


def identity_leaks(text: str, people, *, ids: bool = True) -> list[str]:
    """Which identifying strings of `people` (Employees) appear in `text`: names, NIPs, usernames, ids.

    Ids are searched as whole numbers, so only the distinctive ids of add_colleagues() can be searched.
    """
    found = []
    for person in people:
        for needle in (person.name, person.full_name, person.nip, person.user.username):
            if needle and needle in text:
                found.append(needle)
        for number in (person.pk, person.user_id) if ids else ():
            if re.search(rf"(?<![\w.]){number}(?![\w.])", text):
                found.append(str(number))
    return found
