"""A unit head's result rating is the one the Capaian Kinerja Organisasi gives (SE MenPANRB 3/2023; issue 10,
item 2): whatever the appraiser picks, whatever HR tries, and an objection can change only the behaviour rating."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from appraisal import rules
from appraisal.evaluation import services
from tests.evaluation_helpers import fill_and_submit
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.steps.evaluation import evaluation_rate, objection_decide, objection_explain, objection_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def lurah_rated(org, opened):
    ev = evaluation_of(opened, org.lurah_a)
    services.unit_performance_set(
        period=opened.period,
        unit=org.kel_a,
        predicate="KURANG",
        decree_number="800/7/KEC-ALAK/2026",
        decree_date=dt.date(2026, 7, 1),
        actor=org.hr_a,
    )
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
        answer_all_peers(ev)
        # The appraiser asks for Above on results: the organisation's Kurang decides instead.
        evaluation_rate(evaluation=ev, actor=org.camat.user, result_rating="ABOVE", behaviour_rating="ABOVE",
                        feedback="Kerja keras.")  # fmt: skip
    ev.refresh_from_db()
    return ev


def test_the_result_rating_follows_the_organisation_whatever_the_appraiser_chose(lurah_rated):
    expected = rules.unit_head_result_rating(rules.OrgPredicate.KURANG)
    assert lurah_rated.result_rating == expected
    assert lurah_rated.predicate == rules.predicate(expected, rules.Rating.ABOVE)
    assert lurah_rated.predicate != rules.Predicate.SANGAT_BAIK
    assert not hasattr(services, "unit_head_override")  # no path for HR to set it


def test_an_objection_by_a_unit_head_changes_only_the_behaviour_rating(org, lurah_rated):
    with time_machine.travel(dt.datetime(2026, 10, 3, 9, tzinfo=dt.UTC), tick=False):
        objection_file(evaluation=lurah_rated, actor=org.lurah_a.user, reasons="Organisasi terdampak banjir.")
        objection_explain(evaluation=lurah_rated, actor=org.camat.user, text="Sesuai capaian organisasi.")
        objection_explain(evaluation=lurah_rated, actor=org.lurah_a.user, text="Mohon dipertimbangkan.")
        with pytest.raises(ValidationError, match="SE MenPANRB 3/2023"):
            objection_decide(evaluation=lurah_rated, actor=org.sekda.user, decision="CHANGED", notes="Dinaikkan.",
                             result_rating="ABOVE", behaviour_rating="ABOVE")  # fmt: skip
        objection_decide(evaluation=lurah_rated, actor=org.sekda.user, decision="CHANGED",
                         notes="Perilaku sesuai ekspektasi.", behaviour_rating="MEETS")  # fmt: skip
    lurah_rated.refresh_from_db()
    result = rules.unit_head_result_rating(rules.OrgPredicate.KURANG)
    assert (lurah_rated.result_rating, lurah_rated.behaviour_rating) == (result, rules.Rating.MEETS)
    assert lurah_rated.predicate == rules.predicate(result, rules.Rating.MEETS)  # the kuadran holds
