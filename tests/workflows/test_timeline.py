"""The process timeline of SKP and evaluation pages (workflows/timeline.py): done, current, ahead; one query."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.appraisal.evaluation_page_helpers import (
    answer_peers,
    evaluation_of,
    mantasi_period,
    peers_of,
    rated,
    waiting_for_sign_off,
)
from tests.evaluation_helpers import fill_and_submit
from tests.skp_helpers import draft_under_approved_chain
from workflows.steps.evaluation import evaluation_sign_off, objection_explain, objection_file
from workflows.steps.skp import plan_approve, plan_return, plan_submit
from workflows.timeline import AHEAD, CURRENT, DONE, evaluation_timeline, plan_timeline

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def october_2026():
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, 0, tzinfo=WITA), tick=False):
        yield


def states(steps) -> list[tuple[str, str]]:
    return [(s.title, s.state) for s in steps]


def test_a_new_evaluation_waits_for_the_employee_with_its_due_date(org):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    steps = evaluation_timeline(ev)
    first = steps[0]
    assert first.state == CURRENT and first.who == org.staff_a.full_name
    assert first.due == dt.date(2026, 10, 7) and not first.overdue  # a week after 30 September
    assert all(s.state == AHEAD for s in steps[1:])
    assert [s.title for s in steps][-1].startswith("Final")


def test_an_overdue_step_is_flagged(org):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    with time_machine.travel(dt.datetime(2026, 10, 9, 9, 0, tzinfo=WITA), tick=False):
        assert evaluation_timeline(ev)[0].overdue


def test_peer_feedback_is_counts_only_and_rating_is_current(org):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    fill_and_submit(ev)
    peers = peers_of(ev)
    steps = evaluation_timeline(ev)
    assert steps[0].state == DONE and steps[0].who == org.staff_a.full_name and steps[0].when
    peer = steps[1]
    assert peer.state == CURRENT and peer.note == f"0 dari {len(peers)} rekan mengisi" and peer.who == "rekan kerja"
    answer_peers(ev)
    steps = evaluation_timeline(ev)
    assert steps[1].state == DONE and steps[1].when is None and steps[1].who == ""  # no time, no name
    for p in peers:
        assert all(p.full_name not in s.who for s in steps)
    rate = steps[2]
    assert rate.state == CURRENT and rate.who == org.kasi_a.full_name and rate.due


def test_an_objection_adds_explanations_and_the_atasans_decision(org):
    ev = rated(org, evaluation_of(mantasi_period(org), org.staff_a))
    objection_file(evaluation=ev, actor=org.staff_a.user, reasons="Bukti belum dihitung.")
    ev.refresh_from_db()
    objection_explain(evaluation=ev, actor=org.staff_a.user, text="Lihat bukti 3.")
    steps = evaluation_timeline(ev)
    titles = states(steps)
    assert ("Tanggapan pegawai", DONE) in titles
    assert titles.count(("Penjelasan atas keberatan", DONE)) == 1
    assert ("Penjelasan atas keberatan", CURRENT) in titles
    assert ("Keputusan keberatan", AHEAD) in titles and ("Pengesahan", AHEAD) in titles


def test_a_signed_off_evaluation_is_all_done(org):
    ev = waiting_for_sign_off(org, evaluation_of(mantasi_period(org), org.staff_a))
    steps = evaluation_timeline(ev)
    assert ("Keberatan (bila diajukan)", AHEAD) not in states(steps)  # accepted: no objection branch
    assert steps[-2].state == CURRENT and steps[-2].who == "hr_a"
    evaluation_sign_off(evaluation=ev, actor=org.hr_a)
    ev.refresh_from_db()
    assert all(s.state == DONE for s in evaluation_timeline(ev))


def test_the_evaluated_employee_sees_no_peer_counts(org):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    fill_and_submit(ev)
    answer_peers(ev)
    step = evaluation_timeline(ev, peer_counts=False)[1]
    assert step.title == "Pengumpulan umpan balik" and step.note == "" and step.who == ""
    client = Client()
    client.force_login(org.staff_a.user)
    page = client.get(reverse("evaluation_detail", args=[ev.pk])).content.decode()
    assert "Pengumpulan umpan balik" in page and "rekan mengisi" not in page


def test_the_timeline_is_one_query_however_many_peers(org, django_assert_num_queries):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    fill_and_submit(ev)
    answer_peers(ev)
    with django_assert_num_queries(1):
        evaluation_timeline(ev)


def test_an_skp_shows_its_review_rounds(org, django_assert_num_queries):
    plan = draft_under_approved_chain(org)
    assert states(plan_timeline(plan)) == [
        ("Susun SKP", CURRENT),
        ("Tinjau SKP", AHEAD),
        ("SKP disetujui dan dikunci", AHEAD),
    ]
    plan_submit(plan=plan, actor=org.staff_a.user)
    plan_return(plan=plan, actor=org.kasi_a.user, note="Perbaiki target.", result_notes={})
    plan.refresh_from_db()
    plan_submit(plan=plan, actor=org.staff_a.user)
    plan.refresh_from_db()
    with django_assert_num_queries(1):
        steps = plan_timeline(plan)
    assert states(steps) == [
        ("Susun SKP", DONE),
        ("Tinjau SKP", DONE),
        ("Susun SKP", DONE),
        ("Tinjau SKP", CURRENT),
        ("SKP disetujui dan dikunci", AHEAD),
    ]
    assert steps[1].note == "dikembalikan dengan catatan" and steps[3].who == org.kasi_a.full_name
    plan_approve(plan=plan, actor=org.kasi_a.user)
    plan.refresh_from_db()
    assert all(s.state == DONE for s in plan_timeline(plan)) and plan_timeline(plan)[3].note == "disetujui"


def test_evaluation_and_skp_pages_show_the_timeline(org):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    client = Client()
    client.force_login(org.staff_a.user)
    page = client.get(reverse("evaluation_detail", args=[ev.pk])).content.decode()
    assert "Alur proses" in page and 'aria-current="step"' in page and "Penilaian oleh Pejabat Penilai Kinerja" in page
    page = client.get(reverse("skp_detail", args=[ev.plan_id])).content.decode()
    assert "Alur proses" in page and "SKP disetujui dan dikunci" in page
