"""HR's evaluation pages: opening a period, following it, organisation predicates and the curve, the peer
peer progress, reassigning, sign-off."""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal import rules
from appraisal.models import Employee, Evaluation, Period, UnitPerformance
from tests.appraisal.evaluation_page_helpers import (
    evaluation_of,
    mantasi_period,
    peers_of,
    rated,
    ready_to_rate,
    waiting_for_sign_off,
)
from tests.evaluation_helpers import open_tw3
from tests.factories import EmployeeFactory, UserFactory
from tests.skp_helpers import approved_plan
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskReassignment
from workflows.steps.common import open_task

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def october_2026():
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        yield


@pytest.fixture
def period(org):
    return mantasi_period(org)


def login(client, person):
    client.force_login(person.user if isinstance(person, Employee) else person)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


OPEN_TW3 = {
    "unit": None,
    "year": "2026",
    "kind": "TW3",
    "start_date": "2026-07-01",
    "end_date": "2026-09-30",
    "peer_deadline": "2026-10-10",
}


# --- opening a period ----------------------------------------------------------------------------


def test_hr_opens_a_period_for_mantasi_and_sees_who_was_skipped_and_why(client, org):
    from tests.evaluation_helpers import approved_chain

    approved_chain(org)
    EmployeeFactory(name="Tanpa Akun", position=org.staff_a_pos, user=None)
    EmployeeFactory(name="Belum Ber-SKP", position=org.staff_a_pos, user=UserFactory(username="baru"))
    login(client, org.hr_a)
    assert reverse("hr_periods") in client.get(reverse("home")).content.decode()  # the nav link

    response = client.post(reverse("hr_periods"), {**OPEN_TW3, "unit": org.kel_a.pk}, follow=True)
    period = Period.objects.get(unit=org.kel_a, year=2026, kind="TW3")
    assert response.redirect_chain[-1][0] == reverse("hr_period_detail", args=[period.pk])
    page = response.content.decode()
    assert "4 evaluasi dibuat, 2 pegawai dilewati" in page
    assert "Tanpa Akun" in page and "belum memiliki akun pengguna" in page
    assert "Belum Ber-SKP" in page and "belum memiliki SKP 2026 yang disetujui" in page
    assert Evaluation.objects.filter(period=period).count() == 4

    # The report stays on the period page, and the list counts the evaluations per status.
    page = client.get(reverse("hr_period_detail", args=[period.pk])).content.decode()
    assert "Tanpa Akun" in page and "belum memiliki akun pengguna" in page
    listing = client.get(reverse("hr_periods")).content.decode()
    assert reverse("hr_period_detail", args=[period.pk]) in listing and "<strong>4</strong>" in listing

    response = client.post(reverse("hr_periods"), {**OPEN_TW3, "unit": org.kel_a.pk})
    assert response.status_code == 200 and "Periode ini sudah dibuka untuk unit tersebut." in response.content.decode()
    assert Period.objects.count() == 1


def test_a_bad_period_form_says_what_is_wrong_and_opens_nothing(client, org):
    response = login(client, org.hr_a).post(
        reverse("hr_periods"), {**OPEN_TW3, "unit": org.kel_a.pk, "start_date": "2025-07-01"}
    )
    assert response.status_code == 200
    assert "Tanggal mulai harus dalam tahun periode." in response.content.decode()
    assert not Period.objects.exists()


def test_hr_of_another_unit_can_neither_open_nor_see_mantasi_periods(client, org, period):
    login(client, org.hr_b)
    assert client.get(reverse("hr_period_detail", args=[period.period.pk])).status_code == 403
    assert "Mantasi" not in client.get(reverse("hr_periods")).content.decode()
    response = client.post(reverse("hr_periods"), {**OPEN_TW3, "kind": "TW4", "unit": org.kel_a.pk})
    assert response.status_code == 200 and "Pilih unit dari daftar unit Anda." in response.content.decode()
    assert not Period.objects.filter(kind="TW4").exists()
    for who in ("staff_a", "kasi_a", "outsider"):
        assert login(client, getattr(org, who)).get(reverse("hr_periods")).status_code == 403
        assert (
            login(client, getattr(org, who)).get(reverse("hr_period_detail", args=[period.period.pk])).status_code
            == 403
        )


# --- following a period --------------------------------------------------------------------------


def test_period_detail_shows_tasks_and_peer_counts_to_hr_but_never_who_answered(client, org, period):
    staff_ev = evaluation_of(period, org.staff_a)
    comments = ready_to_rate(org, staff_ev)
    peers = peers_of(staff_ev)
    page = login(client, org.hr_a).get(reverse("hr_period_detail", args=[period.period.pk])).content.decode()
    row = next(tr for tr in page.split("<tr>") if org.staff_a.full_name in tr)
    for peer in peers:
        assert peer.full_name not in row  # counts only (issue 9, finding 3)
    assert f"{len(peers)} dari {len(peers)} mengisi" in row and "Sudah mengisi" not in page
    for comment in comments:
        assert comment not in page  # who answered, never what they wrote
    rate = open_task(staff_ev.process, EvaluationFlow.rate)
    assert "Nilai kinerja pegawai — <strong>" + org.kasi_a.full_name in page
    assert reverse("task_reassign", args=[rate.pk]) in page

    rating = login(client, org.kasi_a).get(reverse("evaluation_rate", args=[staff_ev.pk])).content.decode()
    for peer in peers:
        assert peer.name not in rating and peer.user.username not in rating


def test_curve_violations_appear_once_the_unit_has_an_organisation_predicate(client, org, period):
    rated(org, evaluation_of(period, org.staff_a), result="MEETS", behaviour="MEETS")  # Baik: 100%
    url = reverse("hr_period_detail", args=[period.period.pk])
    login(client, org.hr_a)
    assert "Tidak sesuai kurva distribusi" not in client.get(url).content.decode()

    decree = {"org-decree_number": "800/1/2026", "org-decree_date": "2026-10-01"}
    response = client.post(url, {"action": "org", "org-unit": org.kel_a.pk, "org-predicate": "BAIK", **decree})
    assert response["Location"] == url
    assert UnitPerformance.objects.get(period=period.period, unit=org.kel_a).predicate == "BAIK"
    page = client.get(url).content.decode()
    expected = rules.curve_violations(rules.OrgPredicate.BAIK, {rules.Predicate.BAIK: 1})
    assert len(expected) == 2
    assert "Tidak sesuai kurva distribusi" in page
    for message in expected:
        assert html.escape(message) in page


def test_hr_cannot_set_a_unit_heads_result_rating_from_the_period_page(client, org, period):
    """SE MenPANRB 3/2023: a unit head's result rating follows the Capaian Kinerja Organisasi; no override."""
    lurah_ev = evaluation_of(period, org.lurah_a)
    url = reverse("hr_period_detail", args=[period.period.pk])
    login(client, org.hr_a)
    page = client.get(url).content.decode()
    assert 'value="override"' not in page and "mengikuti Capaian Kinerja Organisasi" in page
    data = {"action": "override", "evaluation": lurah_ev.pk, "result_rating": "ABOVE", "reason": "Banjir."}
    client.post(url, data)
    lurah_ev.refresh_from_db()
    assert (lurah_ev.result_rating, lurah_ev.result_rating_override_reason) == ("", "")


def test_hr_reassigns_an_evaluation_task_from_the_period_page(client, org, period):
    staff_ev = evaluation_of(period, org.staff_a)
    ready_to_rate(org, staff_ev)
    task = open_task(staff_ev.process, EvaluationFlow.rate)
    url = reverse("task_reassign", args=[task.pk])
    assert login(client, org.hr_b).get(url).status_code == 404
    assert login(client, org.kasi_a).get(url).status_code == 403

    login(client, org.hr_a)
    page = client.get(url).content.decode()
    assert org.staff_a.full_name in page and reverse("hr_period_detail", args=[period.period.pk]) in page
    response = client.post(url, {"to_user": org.lurah_a.user.pk, "reason": "Kasi cuti"})
    assert response["Location"] == reverse("hr_period_detail", args=[period.period.pk])
    assert open_task(staff_ev.process, EvaluationFlow.rate).owner == org.lurah_a.user
    assert TaskReassignment.objects.get(task=task).reason == "Kasi cuti"
    assert login(client, org.lurah_a).get(reverse("evaluation_rate", args=[staff_ev.pk])).status_code == 200


@pytest.mark.parametrize("hr_is_an_employee", [False, True])
def test_period_page_query_count_does_not_grow_with_evaluations(
    client, org, django_assert_num_queries, hr_is_an_employee
):
    # Triwulan III opened while only the Lurah had an approved SKP (one evaluation); Triwulan IV: four.
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    small = open_tw3(org).period  # Triwulan III: the Lurah only
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    approved_plan(org.staff_a, supports=kasi.results.get())
    approved_plan(org.peer_a, supports=kasi.results.get())
    from tests.evaluation_helpers import period_open

    big = period_open(
        unit=org.kel_a,
        year=2026,
        kind="TW4",
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 12, 31),
        peer_deadline=dt.date(2026, 12, 20),
        actor=org.hr_a,
    ).period
    assert small.evaluations.count() == 1 and big.evaluations.count() == 4
    ev = big.evaluations.get(employee=org.staff_a)
    ready_to_rate(org, ev, peers=[])  # one evaluation further on, with a rating task
    UnitPerformance.objects.create(period=big, unit=org.kel_a, predicate="BAIK")
    UnitPerformance.objects.create(period=small, unit=org.kel_a, predicate="BAIK")

    if hr_is_an_employee:  # an HR officer who is also staff: the policy must not walk the org chart per row
        org.staff_b.user = org.hr_a
        org.staff_b.save()
    login(client, org.hr_a)
    client.get(reverse("hr_period_detail", args=[small.pk]))  # warm up caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("hr_period_detail", args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(reverse("hr_period_detail", args=[big.pk])).status_code == 200
    # Includes the policy's lookup of HR's own employee record and the skipped list's plan choice after mutasi, and
    # the bell's unread count (issue 11: 20 before). Issue 11 item 4 (filters and pages of 50): +5 for the units of
    # the filter, the paginator's count, the evaluations per state and with an overdue step (the whole period), and
    # the distribution as one aggregate instead of every evaluation read; -1: the skipped list reads only the
    # employees without an evaluation instead of every evaluated employee's id. Issue 15: +2, the listed
    # evaluations' SIASN submissions and the period's sent/failed counts (one aggregate).
    assert len(one.captured_queries) == 27


# --- sign-off --------------------------------------------------------------------------------------


def test_hr_signs_off_and_the_evaluation_becomes_final(client, org, period):
    staff_ev = waiting_for_sign_off(org, evaluation_of(period, org.staff_a))
    login(client, org.hr_a)
    listing = client.get(reverse("hr_sign_off_list")).content.decode()
    url = reverse("evaluation_sign_off", args=[staff_ev.pk])
    assert url in listing and org.staff_a.full_name in listing

    page = client.get(url).content.decode()
    assert "Baik" in page and "Sahkan" in page
    response = client.post(url)
    assert response["Location"] == url
    staff_ev.refresh_from_db()
    assert staff_ev.is_final and staff_ev.status == "FINAL"
    assert len(staff_ev.verification_code) == 12 and staff_ev.signed_off_by == org.hr_a
    page = client.get(url).content.decode()
    assert reverse("evaluation_document", args=[staff_ev.pk]) in page and staff_ev.verification_code in page
    assert url not in client.get(reverse("hr_sign_off_list")).content.decode()


@pytest.mark.parametrize(("who", "status"), [("hr_b", 404), ("kasi_a", 403), ("staff_a", 403), ("outsider", 404)])
def test_only_the_owner_of_the_sign_off_task_signs(client, org, period, who, status):
    staff_ev = waiting_for_sign_off(org, evaluation_of(period, org.staff_a))
    url = reverse("evaluation_sign_off", args=[staff_ev.pk])
    assert login(client, getattr(org, who)).post(url).status_code == status
    staff_ev.refresh_from_db()
    assert not staff_ev.is_final
    if who != "outsider":
        assert login(client, getattr(org, who)).get(reverse("hr_sign_off_list")).status_code == (
            200 if who == "hr_b" else 403
        )


def test_sign_off_list_puts_overdue_tasks_first_and_lists_open_objections(client, org, period):
    late = waiting_for_sign_off(org, evaluation_of(period, org.staff_a))
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, 0, tzinfo=WITA), tick=False):
        recent = waiting_for_sign_off(org, evaluation_of(period, org.peer_a))
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, 0, tzinfo=WITA), tick=False):
        page = login(client, org.hr_a).get(reverse("hr_sign_off_list")).content.decode()
    assert "terlambat" in page
    assert page.index(late.employee.full_name) < page.index(recent.employee.full_name)
    assert "Tidak ada keberatan yang menunggu keputusan." in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # PermenPANRB 6/2022 Pasal 12: a period's dates lie inside its quarter or month.
        ({"kind": "TW4"}, "Tanggal periode harus di dalam 01-10-2026 – 31-12-2026"),
        ({"kind": "M07", "end_date": "2026-07-31"}, None),
        ({"kind": "M08"}, "Tanggal periode harus di dalam 01-08-2026 – 31-08-2026"),
    ],
)
def test_period_dates_must_fit_the_kind(client, org, fields, message):
    response = login(client, org.hr_a).post(reverse("hr_periods"), {**OPEN_TW3, "unit": org.kel_a.pk, **fields})
    if message is None:
        assert response.status_code == 302 and Period.objects.get().kind == "M07"
    else:
        assert response.status_code == 200 and message in response.content.decode()
        assert not Period.objects.exists()


def test_one_unit_tree_keeps_one_cycle_a_year(client, org):
    """Quarterly and monthly periods of the same months would evaluate the same people twice."""
    login(client, org.hr_kec)
    assert client.post(reverse("hr_periods"), {**OPEN_TW3, "unit": org.kel_a.pk}).status_code == 302
    monthly = {**OPEN_TW3, "unit": org.kec.pk, "kind": "M07", "end_date": "2026-07-31"}
    response = client.post(reverse("hr_periods"), monthly)
    assert response.status_code == 200
    assert "satu unit memakai satu siklus setahun" in response.content.decode()
    assert Period.objects.count() == 1
    # Another kelurahan, outside that tree, may choose monthly periods.
    assert client.post(reverse("hr_periods"), {**monthly, "unit": org.kel_b.pk}).status_code == 302
