"""Continuous feedback on one RHK lands in column (7) of that row of the evaluation form (PermenPANRB 6/2022
Lampiran); an RHK of another SKP is refused."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from appraisal.evaluation.services import feedback_give
from appraisal.models import Feedback
from tests.evaluation_helpers import approved_chain, open_tw3

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        plans = approved_chain(org)
        report = open_tw3(org)
    return next(e for e in report.created if e.employee_id == org.staff_a.pk), plans


def test_feedback_names_an_rhk_of_the_evaluated_skp(org, evaluation):
    ev, plans = evaluation
    rhk = plans["staff"].results.get()
    with time_machine.travel(dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC), tick=False):
        feedback = feedback_give(
            employee=org.staff_a, actor=org.kasi_a.user, text="Bagus.", evaluation=ev, result_id=rhk.pk
        )
    assert feedback.result == rhk and feedback.history.get().result_id == rhk.pk


@pytest.mark.parametrize("which", ["other_plan", "no_evaluation"])
def test_an_rhk_outside_the_evaluated_skp_is_refused(org, evaluation, which):
    ev, plans = evaluation
    other = plans["peer"].results.get()
    with time_machine.travel(dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC), tick=False), pytest.raises(ValidationError):
        feedback_give(
            employee=org.staff_a,
            actor=org.kasi_a.user,
            text="x",
            evaluation=ev if which == "other_plan" else None,
            result_id=other.pk if which == "other_plan" else plans["staff"].results.get().pk,
        )
    assert not Feedback.objects.exists()


def test_the_predicate_cannot_be_stored_against_the_kuadran(org, evaluation):
    """The database refuses a predicate that the ratings do not give, whatever path tries (PermenPANRB 6/2022)."""
    from django.db import IntegrityError, transaction

    ev, _plans = evaluation
    ev.result_rating, ev.behaviour_rating, ev.predicate = "BELOW", "BELOW", "SANGAT_BAIK"
    with pytest.raises(IntegrityError), transaction.atomic():
        ev.save()
