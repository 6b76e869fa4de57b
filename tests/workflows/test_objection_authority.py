"""Only the Atasan Pejabat Penilai Kinerja decides an objection, and the decision is final (PP 30/2019 Pasal 59).

Issue 10, item 1: nobody else decides by page, API, service or admin; a late decision stays with the Atasan (HR is
reminded and sees it flagged); where the chart has no Atasan (the Camat: appraised by the Sekda, whose superior is
the kepala daerah outside the system) HR records the official designated by letter, who then decides.
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from appraisal import policy
from appraisal.evaluation import services
from appraisal.models import Objection
from appraisal.policy import HR_GROUP
from tests.evaluation_helpers import approved_chain, fill_and_submit, period_open
from tests.factories import UserFactory
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps import reassign
from workflows.steps.common import open_task
from workflows.steps.evaluation import (
    evaluation_rate,
    objection_decide,
    objection_explain,
    objection_file,
)

pytestmark = pytest.mark.django_db
PASAL_59 = "Keberatan hanya dapat diputus oleh Atasan Pejabat Penilai Kinerja (PP 30/2019 Pasal 59)."


def _at(day, hour=9):
    return time_machine.travel(dt.datetime(2026, 10, day, hour, tzinfo=dt.UTC), tick=False)


def _objected(evaluation, appraiser_user):
    with _at(1):
        fill_and_submit(evaluation)
        answer_all_peers(evaluation)
    with _at(2):
        evaluation_rate(
            evaluation=evaluation, actor=appraiser_user, result_rating="BELOW", behaviour_rating="MEETS", feedback="x"
        )
    with _at(3):
        objection_file(evaluation=evaluation, actor=evaluation.employee.user, reasons="Bukti belum dihitung.")
        objection_explain(evaluation=evaluation, actor=appraiser_user, text="Penjelasan pejabat penilai kinerja.")
        objection_explain(evaluation=evaluation, actor=evaluation.employee.user, text="Penjelasan pegawai.")
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def staff_objection(org, opened):
    return _objected(evaluation_of(opened, org.staff_a), org.kasi_a.user)


@pytest.fixture
def camat_objection(org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        approved_chain(org)
        report = period_open(
            unit=org.kec,
            year=2026,
            kind="TW3",
            start_date=dt.date(2026, 7, 1),
            end_date=dt.date(2026, 9, 30),
            peer_deadline=dt.date(2026, 10, 10),
            actor=org.hr_kec,
        )
        services.unit_performance_set(
            period=report.period,
            unit=org.kec,
            predicate="BAIK",
            decree_number="800/1/2026",
            decree_date=dt.date(2026, 7, 1),
            actor=org.hr_kec,
        )
    return _objected(evaluation_of(report, org.camat), org.sekda.user)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who", ["hr_a", "hr_kec", "admin", "camat", "kasi_a", "staff_a"])
def test_nobody_but_the_atasan_decides_by_service_step_api_or_page(client, org, staff_objection, who):
    user = getattr(org, who)
    user = getattr(user, "user", user)
    with pytest.raises(PermissionDenied, match="Pasal 59"):
        services.objection_decide(evaluation=staff_objection, actor=user, decision="CHANGED", notes="x",
                                  result_rating="MEETS", behaviour_rating="MEETS")  # fmt: skip
    with pytest.raises(PermissionDenied, match="Pasal 59"):
        objection_decide(evaluation=staff_objection, actor=user, decision="UPHELD", notes="x")
    response = _api(user).post(
        f"/api/v1/evaluations/{staff_objection.pk}/decide/", {"decision": "UPHELD", "notes": "x"}, format="json"
    )
    assert response.status_code in (403, 404), response.content  # 404: may not even see the evaluation
    client.force_login(user)
    page = client.post(reverse("objection_decide", args=[staff_objection.pk]), {"decision": "UPHELD", "notes": "x"})
    assert page.status_code in (403, 404)
    objection = Objection.objects.get(evaluation=staff_objection)
    assert objection.decided_at is None and objection.decision == ""


def test_forty_days_late_the_decision_is_still_the_atasans_and_then_final(org, staff_objection):
    with time_machine.travel(dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC), tick=False):  # 40 days after filing
        call_command("workflow_timers")
        decide = open_task(staff_objection.process, EvaluationFlow.decide)
        assert decide.owner == org.lurah_a.user  # never moved to HR
        assert not {t.flow_task.name for t in staff_objection.process.task_set.all()} & {"escalate", "decide_by_hr"}
        objection_decide(evaluation=staff_objection, actor=org.lurah_a.user, decision="UPHELD", notes="Sesuai bukti.")
    staff_objection.refresh_from_db()
    assert staff_objection.objection.decided_by == org.lurah_a.user
    # Final: not even the Atasan changes it afterwards, by any path.
    with pytest.raises(ValidationError, match="bersifat final"):
        services.objection_decide(
            evaluation=staff_objection,
            actor=org.lurah_a.user,
            decision="CHANGED",
            notes="Berubah pikiran.",
            result_rating="MEETS",
            behaviour_rating="MEETS",
        )


def test_the_admin_cannot_edit_an_objection(client, org, staff_objection):
    client.force_login(org.admin)
    url = reverse("admin:appraisal_objection_change", args=[staff_objection.objection.pk])
    page = client.get(url).content.decode()
    assert 'name="decision"' not in page and 'name="decision_notes"' not in page and 'name="reasons"' not in page


def test_the_camats_objection_waits_for_a_designated_official_who_then_decides(client, org, camat_objection):
    decide = open_task(camat_objection.process, EvaluationFlow.decide)
    assert decide.owner is None and decide.status == "NEW"  # no Atasan in the chart: nobody decides yet
    assert policy.needs_designated_decider(camat_objection)
    client.force_login(org.hr_kec)
    page = client.get(reverse("hr_sign_off_list")).content.decode()
    assert "menunggu penunjukan pejabat" in page and org.camat.full_name in page

    walikota = UserFactory(username="walikota", first_name="Wali Kota")
    other_hr = UserFactory(username="hr_lain")
    other_hr.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    url = reverse("objection_designate", args=[camat_objection.pk])
    for wrong in (org.hr_kec, other_hr, org.camat.user, org.sekda.user):  # HR never decides; nor the parties
        response = client.post(url, {"official": wrong.username, "letter": "800/123/2026"})
        assert response.status_code == 200 and "tidak boleh" in response.content.decode()
    response = client.post(url, {"official": "walikota", "letter": " "})
    assert response.status_code == 200 and open_task(camat_objection.process, EvaluationFlow.decide).owner is None
    response = client.post(url, {"official": "walikota", "letter": "800/123/BKPSDM/2026"})
    assert response.status_code == 302
    decide = open_task(camat_objection.process, EvaluationFlow.decide)
    assert decide.owner == walikota
    objection = Objection.objects.get(evaluation=camat_objection)
    assert (objection.designated_official, objection.designation_letter, objection.designated_by) == (
        walikota,
        "800/123/BKPSDM/2026",
        org.hr_kec,
    )
    with pytest.raises(PermissionDenied, match="Pasal 59"):
        objection_decide(evaluation=camat_objection, actor=org.hr_kec, decision="UPHELD", notes="x")
    objection_decide(evaluation=camat_objection, actor=walikota, decision="UPHELD", notes="Penilaian Sekda sesuai.")
    assert Objection.objects.get(evaluation=camat_objection).decided_by == walikota


def test_no_designation_where_the_chart_has_an_atasan(org, staff_objection):
    walikota = UserFactory(username="walikota")
    with pytest.raises(PermissionDenied, match="penunjukan tidak diperlukan"):
        reassign.objection_designate(evaluation=staff_objection, official=walikota, letter="1/2026", by=org.hr_a)
    assert open_task(staff_objection.process, EvaluationFlow.decide).owner == org.lurah_a.user


def test_the_refusal_cites_the_rule(org, staff_objection):
    with pytest.raises(PermissionDenied) as refused:
        objection_decide(evaluation=staff_objection, actor=org.hr_a, decision="UPHELD", notes="x")
    assert str(refused.value.args[0]) == PASAL_59
