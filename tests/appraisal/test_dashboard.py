"""The leaders' dashboard (/dasbor/, issue 11 item 1): who sees which units, and the figures a Camat, a Lurah or
HR read there (progress, late steps, objections, distribution against the Pola Distribusi, coaching, service)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal import rules
from appraisal.evaluation.services import feedback_give
from appraisal.models import (
    ActingAssignment,
    Evaluation,
    EvaluationStatus,
    Feedback,
    PerformancePlan,
    Period,
    PlanStatus,
    PositionKind,
    ServiceType,
    SurveyResponse,
    UnitKind,
    UnitPerformance,
)
from appraisal.rules import Rating
from tests.api import evaluation_api_helpers as helpers
from tests.api.evaluation_api_helpers import WITA, drive
from tests.evaluation_helpers import fill_and_submit
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

chain, media, opened, travel = helpers.chain, helpers.media, helpers.opened, helpers.travel

TODAY = dt.datetime(2026, 10, 20, 9, 0, tzinfo=WITA)


def dashboard(client, user, at=None, **params):
    """GET the user's dashboard, or the one of unit `at`; `params` go in the query string (unit=, tahun=, ...)."""
    client.logout()
    if user is not None:
        client.force_login(user)
    url = reverse("dashboard_unit", args=[at.pk]) if at is not None else reverse("dashboard")
    return client.get(url, params)


def row_names(response) -> list[str]:
    return [row.unit.name for row in response.context["scope"].rows]


# --- Seeded evaluations: a period with given predicates, without running the flow ---------------------------------


def seed_period(org, unit, kind="TW3", year=2026) -> Period:
    start, end = rules.period_bounds(kind, year)
    return Period.objects.create(
        year=year, kind=kind, unit=unit, start_date=start, end_date=end, peer_deadline=end, opened_by=org.hr_kec
    )


def seed_evaluation(period, employee, *, status=EvaluationStatus.FINAL, predicate="") -> Evaluation:
    plan, _new = PerformancePlan.objects.get_or_create(
        employee=employee,
        year=period.year,
        defaults={
            "status": PlanStatus.APPROVED,
            "period_start": dt.date(period.year, 1, 1),
            "period_end": dt.date(period.year, 12, 31),
        },
    )
    position = employee.position
    # A (result, behaviour) pair that gives the predicate (the kuadran, enforced by a database constraint).
    result, behaviour = next(
        ((r, b) for r in Rating.values for b in Rating.values if rules.predicate(r, b) == predicate), ("", "")
    )
    return Evaluation.objects.create(
        employee=employee,
        period=period,
        plan=plan,
        result_rating=result,
        behaviour_rating=behaviour,
        status=status,
        position=position,
        unit=position.unit,
        position_title=position.title,
        unit_name=position.unit.name,
        predicate=predicate,
        is_final=status == EvaluationStatus.FINAL,
    )


def staff_of(unit, n, title="Pengadministrasi"):
    position = PositionFactory(title=f"{title} {unit.code}", unit=unit)
    return [EmployeeFactory(position=position) for _ in range(n)]


# --- Who sees which units -----------------------------------------------------------------------------------------


def test_the_camat_sees_every_kelurahan_of_the_kecamatan(client, org):
    response = dashboard(client, org.camat.user)

    assert response.status_code == 200
    scope = response.context["scope"]
    assert scope.focus.id == org.kec.pk
    assert row_names(response) == ["Kecamatan Alak", "Kelurahan Mantasi", "Kelurahan Naioni"]
    page = response.content.decode()
    assert "Kecamatan Alak (pegawai unit ini)" in page
    assert reverse("dashboard_unit", args=[org.kel_b.pk]) in page  # drill down to a kelurahan
    assert dashboard(client, org.camat.user, org.kel_b).status_code == 200


def test_a_lurah_sees_only_their_kelurahan(client, org):
    response = dashboard(client, org.lurah_a.user)

    assert response.status_code == 200
    assert row_names(response) == ["Kelurahan Mantasi"]
    assert dashboard(client, org.lurah_a.user, org.kel_b).status_code == 403
    assert dashboard(client, org.lurah_a.user, org.kec).status_code == 403
    assert dashboard(client, org.lurah_a.user, unit=org.kel_b.pk).status_code == 403
    assert dashboard(client, org.lurah_a.user, org.kel_a).status_code == 200


def test_a_unit_outside_the_subtree_gets_the_sites_403_page_in_indonesian(client, org):
    response = dashboard(client, org.lurah_a.user, org.kel_b)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page and "Unit ini berada di luar unit yang Anda pimpin." in page
    assert "Kinerja Alak" in page  # the site's own layout, not Django's bare page


def test_a_unit_that_does_not_exist_is_404(client, org):
    assert dashboard(client, org.camat.user, unit=987654).status_code == 404
    assert dashboard(client, org.camat.user, unit="abc").status_code == 404


@pytest.mark.parametrize("person", ["staff_a", "peer_a", "kasi_a", "staff_kec", "outsider"])
def test_staff_peers_and_outsiders_get_403(client, org, person):
    user = getattr(org, person)
    response = dashboard(client, getattr(user, "user", user))

    assert response.status_code == 403
    assert "Dasbor hanya untuk pimpinan unit" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = dashboard(client, None)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_hr_sees_their_scope(client, org):
    kec = dashboard(client, org.hr_kec)
    assert row_names(kec) == ["Kecamatan Alak", "Kelurahan Mantasi", "Kelurahan Naioni"]

    mantasi = dashboard(client, org.hr_a)
    assert row_names(mantasi) == ["Kelurahan Mantasi"]
    assert dashboard(client, org.hr_a, org.kel_b).status_code == 403
    assert dashboard(client, org.hr_b, org.kel_a).status_code == 403


def test_the_sekda_sees_the_kecamatan_whose_camat_reports_to_him(client, org):
    response = dashboard(client, org.sekda.user)

    assert response.status_code == 200
    assert response.context["scope"].focus is None  # two top units side by side
    assert row_names(response) == ["Sekretariat Daerah", "Kecamatan Alak"]
    assert dashboard(client, org.sekda.user, org.kel_a).status_code == 200
    assert dashboard(client, org.camat.user, org.setda).status_code == 403  # never upwards


def test_a_plt_leader_sees_the_unit_only_while_acting(client, org, day):
    org.lurah_b.position = None
    org.lurah_b.save()
    acting = ActingAssignment.objects.create(
        employee=org.staff_b, position=org.lurah_b_pos, kind="PLT", start_date=day - dt.timedelta(days=30)
    )

    with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=WITA), tick=False):
        response = dashboard(client, org.staff_b.user)
        assert response.status_code == 200
        assert row_names(response) == ["Kelurahan Naioni"]
        assert dashboard(client, org.staff_b.user, org.kel_a).status_code == 403

        acting.end_date = day - dt.timedelta(days=1)
        acting.save()
        assert dashboard(client, org.staff_b.user).status_code == 403


def test_home_and_navigation_link_to_the_dashboard_for_leaders_only(client, org):
    client.force_login(org.lurah_a.user)
    home = client.get(reverse("home")).content.decode()
    assert home.count(f'href="{reverse("dashboard")}"') == 2  # the navigation and the home page

    client.force_login(org.staff_a.user)
    assert f'href="{reverse("dashboard")}"' not in client.get(reverse("home")).content.decode()


# --- Distribution against the Pola Distribusi ---------------------------------------------------------------------


def test_the_distribution_chart_counts_and_marks_the_breaches_of_the_pattern(client, org):
    period = seed_period(org, org.kec)
    people = [org.staff_a, org.peer_a, org.kasi_a, *staff_of(org.kel_a, 2)]
    predicates = ["BAIK", "BAIK", "BAIK", "BAIK", "SANGAT_BAIK"]  # Baik 80% and nobody below Baik
    for person, predicate in zip(people, predicates, strict=True):
        seed_evaluation(period, person, predicate=predicate)
    seed_evaluation(period, org.staff_b, predicate="BUTUH_PERBAIKAN")
    UnitPerformance.objects.create(period=period, unit=org.kel_a, predicate="BAIK")

    response = dashboard(client, org.camat.user, tahun=2026, periode="TW3")

    mantasi = next(d for d in response.context["distributions"] if d.unit.id == org.kel_a.pk)
    assert mantasi.counts == {rules.Predicate.BAIK: 4, rules.Predicate.SANGAT_BAIK: 1}
    bars = {bar.predicate: bar for bar in mantasi.chart.bars}
    assert (bars["BAIK"].count, bars["BAIK"].percent) == (4, Decimal("80.0"))
    assert (bars["SANGAT_BAIK"].count, bars["SANGAT_BAIK"].percent) == (1, Decimal("20.0"))
    assert bars["BAIK"].breach and not bars["SANGAT_BAIK"].breach
    assert bars["BAIK"].limit_label == "Baik paling banyak 70%"
    expected = rules.curve_violations(rules.OrgPredicate.BAIK, mantasi.counts)
    assert len(expected) == 2 and mantasi.violations == expected
    assert [met for _limit, met in mantasi.pattern] == [False, False]

    naioni = next(d for d in response.context["distributions"] if d.unit.id == org.kel_b.pk)
    assert naioni.counts == {rules.Predicate.BUTUH_PERBAIKAN: 1} and naioni.org is None and naioni.violations == []

    page = response.content.decode()
    assert "Melanggar Pola Distribusi" in page
    for violation in expected:
        assert violation in page
    assert 'class="pred-baik breach"' in page  # the breaching bar is marked in the chart
    assert "<svg" in page and 'style="' not in page.split("<main", 1)[1]  # no inline style (CSP)


def test_progress_counts_evaluations_by_state_per_unit(client, org):
    period = seed_period(org, org.kec)
    seed_evaluation(period, org.staff_a, status=EvaluationStatus.RATING)
    seed_evaluation(period, org.peer_a, status=EvaluationStatus.FINAL, predicate="BAIK")
    seed_evaluation(period, org.staff_b, status=EvaluationStatus.SELF_ASSESSMENT)

    response = dashboard(client, org.camat.user, tahun=2026, periode="TW3")

    rows = {row.unit.id: row for row in response.context["scope"].rows}
    assert rows[org.kel_a.pk].states == {"RATING": 1, "FINAL": 1}
    assert rows[org.kel_b.pk].states == {"SELF": 1}
    assert rows[org.kec.pk].evaluations == 0
    assert response.context["totals"]["evaluations"] == 3 and response.context["totals"]["final"] == 1


def test_the_year_view_takes_the_annual_predicate_of_the_final_period(client, org):
    seed_evaluation(seed_period(org, org.kec, "TW3"), org.staff_a, predicate="KURANG")
    seed_evaluation(seed_period(org, org.kec, "TW4"), org.staff_a, predicate="SANGAT_BAIK")

    response = dashboard(client, org.camat.user, org.kel_a, tahun=2026, periode="tahunan")

    assert response.context["selection"].is_year
    (mantasi,) = response.context["distributions"]
    assert mantasi.counts == {rules.Predicate.SANGAT_BAIK: 1}
    assert response.context["scope"].rows[0].evaluations == 2  # progress counts every period of the year


# --- Coaching habit -----------------------------------------------------------------------------------------------


def test_the_feedback_habit_lists_who_had_no_feedback_in_30_days(client, org):
    with time_machine.travel(TODAY - dt.timedelta(days=10), tick=False):
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Layanan domisili cepat, terima kasih.")
    with time_machine.travel(TODAY - dt.timedelta(days=40), tick=False):
        feedback_give(employee=org.peer_a, actor=org.kasi_a.user, text="Arsip perlu dirapikan.")

    with time_machine.travel(TODAY, tick=False):
        response = dashboard(client, org.lurah_a.user)

    listed = {p.name: p for p in response.context["uncoached"]}
    assert "Alfons Sabu" not in listed  # staff_a: feedback 10 days ago
    assert listed["Beatrix Kana"].last_feedback == (TODAY - dt.timedelta(days=40)).date()  # peer_a: 40 days ago
    assert listed["Ester Foenay"].last_feedback is None  # kasi_a: never
    assert "Yosef Manafe" not in listed  # the leader looking is not their own team
    (row,) = response.context["scope"].rows
    assert (row.members, row.coached, row.coached_pct) == (3, 1, Decimal("33.3"))
    page = response.content.decode()
    assert "Layanan domisili cepat, terima kasih." in page  # the Lurah sees the texts of his unit


def test_the_sekda_sees_who_gave_feedback_but_not_the_text_below_the_kecamatan(client, org):
    feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Catatan pembinaan pribadi.")

    sekda = dashboard(client, org.sekda.user, org.kel_a).content.decode()
    camat = dashboard(client, org.camat.user, org.kel_a).content.decode()

    assert "Ester Foenay" in sekda and "Catatan pembinaan pribadi." not in sekda
    assert "Catatan pembinaan pribadi." in camat
    assert Feedback.objects.count() == 1


# --- Late steps and objections, through the flow ------------------------------------------------------------------


def test_late_steps_and_open_objections_name_the_holder_and_the_delay(client, org, opened):
    drive(org, opened.evaluation, "DECIDE")  # staff_a objected; the Lurah (Atasan) must decide
    peer_ev = Evaluation.objects.get(period=opened.period, employee=org.peer_a)
    fill_and_submit(peer_ev)  # peer_a's colleagues are asked for feedback, due by the peer deadline

    with time_machine.travel(TODAY, tick=False):
        response = dashboard(client, org.camat.user, tahun=2026, periode="TW3")

    late = {(item.employee, item.step): item for item in response.context["late"]}
    self_step = "Isi realisasi dan penilaian mandiri"
    lurah_self = late[("Yosef Manafe", self_step)]
    assert (lurah_self.holder, lurah_self.due, lurah_self.days_late) == ("Yosef Manafe", dt.date(2026, 10, 7), 13)
    decide = late[("Alfons Sabu", "Putuskan keberatan")]
    assert decide.holder == "Yosef Manafe" and decide.days_late == (TODAY.date() - decide.due).days > 0
    assert not any(step == "Beri umpan balik rekan kerja" for _name, step in late)  # peers are never named

    rows = {row.unit.id: row for row in response.context["scope"].rows}
    assert rows[org.kel_a.pk].overdue_peer > 0  # counted only
    assert rows[org.kel_a.pk].objections == 1 and rows[org.kel_a.pk].objections_late == 1
    (objection,) = response.context["objections"]
    assert objection.employee == "Alfons Sabu" and objection.late
    assert objection.steps == (("Putuskan keberatan", "Yosef Manafe", decide.due, True),)

    page = response.content.decode()
    section = page.split('id="terlambat"', 1)[1].split('id="sebaran"', 1)[0]
    assert "Beri umpan balik rekan kerja" not in section
    for colleague in helpers.COLLEAGUES:
        assert colleague not in section


def test_evaluations_are_linked_only_where_the_leader_may_open_them(client, org, opened):
    url = reverse("evaluation_detail", args=[opened.evaluation.pk])

    camat = dashboard(client, org.camat.user, org.kel_a, tahun=2026, periode="TW3")
    sekda = dashboard(client, org.sekda.user, org.kel_a, tahun=2026, periode="TW3")

    assert opened.evaluation in camat.context["evaluations"] and url in camat.content.decode()
    assert opened.evaluation in sekda.context["evaluations"] and url not in sekda.content.decode()
    assert client.get(url).status_code == 404  # the Sekda, still signed in, may not open it either


# --- Public service -----------------------------------------------------------------------------------------------


def test_public_service_per_unit_and_officer_reuses_the_service_report(client, org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b, org.kec)
    for i in range(5):
        SurveyResponse.objects.create(
            service_type=service,
            unit=org.kel_a,
            officer=org.staff_a,
            scores=[4] * 9,
            submitted_on=dt.date(2026, 8, i + 1),
        )
    SurveyResponse.objects.create(
        service_type=service, unit=org.kel_a, officer=org.peer_a, scores=[3] * 9, submitted_on=dt.date(2026, 8, 9)
    )
    seed_period(org, org.kec)

    response = dashboard(client, org.lurah_a.user, tahun=2026, periode="TW3")

    report = response.context["report"]
    officers = {o.name: o for o in report.officers}
    assert officers["Alfons Sabu"].index.letter == "A" and officers["Alfons Sabu"].index.respondents == 5
    assert officers["Beatrix Kana"].index.value is None  # one answer: below the minimum of 5 for an individual
    assert [q.index.respondents for q in report.trend] == [0, 0, 6, 0]
    page = response.content.decode()
    assert "belum cukup tanggapan" in page and "Tren IKM per triwulan 2026" in page

    overview = dashboard(client, org.sekda.user, tahun=2026, periode="TW3")
    rows = {row.unit.id: row for row in overview.context["scope"].rows}
    assert rows[org.kec.pk].service.index.respondents == 6  # the kecamatan with its kelurahan
    # Summed in SQL, the index is the rule's own over the six answers.
    expected = rules.ikm([[4] * 9] * 5 + [[3] * 9])
    assert (rows[org.kec.pk].service.index.value, rows[org.kec.pk].service.index.letter) == expected


# --- Queries do not grow with the organisation --------------------------------------------------------------------


def grow(org, kelurahan: int, staff: int) -> None:
    """More kelurahan under the kecamatan, each with a Lurah and staff, evaluations, feedback and survey answers."""
    period = Period.objects.filter(year=2026, kind="TW3").first() or seed_period(org, org.kec)
    service = ServiceType.objects.get_or_create(code="domisili", defaults={"name": "Domisili", "standard_value": 1})[0]
    for n in range(kelurahan):
        unit = UnitFactory(name=f"Kelurahan Tambahan {n}", kind=UnitKind.KELURAHAN, parent=org.kec)
        head = PositionFactory(
            title=f"Lurah {n}", kind=PositionKind.PENGAWAS, unit=unit, is_unit_head=True, parent=org.camat_pos
        )
        lurah = EmployeeFactory(position=head, user=UserFactory())
        team = [EmployeeFactory(position=PositionFactory(unit=unit, parent=head)) for _ in range(staff)]
        UnitPerformance.objects.create(period=period, unit=unit, predicate="BAIK")
        for i, person in enumerate([lurah, *team]):
            seed_evaluation(period, person, predicate=("BAIK", "SANGAT_BAIK", "BUTUH_PERBAIKAN")[i % 3])
            Feedback.objects.create(employee=person, author=lurah, text="Terus tingkatkan.")
            SurveyResponse.objects.create(
                service_type=service, unit=unit, officer=person, scores=[3] * 9, submitted_on=dt.date(2026, 8, 3)
            )


def queries_of(client, user) -> int:
    client.force_login(user)
    params = {"tahun": 2026, "periode": "TW3"}
    client.get(reverse("dashboard"), params)  # warm up (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard"), params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("leader", ["camat", "sekda"])  # one unit in focus; the top units side by side
def test_the_query_count_does_not_grow_with_units_and_employees(client, org, leader):
    user = getattr(org, leader).user
    grow(org, kelurahan=1, staff=2)
    small = queries_of(client, user)

    grow(org, kelurahan=6, staff=8)
    big = queries_of(client, user)

    # 40 before issue 11 (39 measured): + the bell's unread count, + 3 for whom the viewer coaches (the give-feedback
    # action on their rows: policy.coachee_ids, an in-memory org chart of the viewer's units); + 4 since issue 13
    # (the service figures summed in SQL from the stored working days: per unit over the tree, per officer, the
    # survey totals and the holiday-free medians, instead of one Python pass over every file).
    assert big == small <= 47
    response = client.get(reverse("dashboard_unit", args=[org.kec.pk]))
    assert len(response.context["scope"].rows) == 10  # the kecamatan's own staff and nine kelurahan
