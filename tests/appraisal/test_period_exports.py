"""Issue 11, item 4: the rekap of a period as XLSX (HR from the period page, leaders from the dashboard), and the
period page's list with filters (unit, state, overdue, name/NIP) and pages of 50."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal import rules
from appraisal.evaluation.services import feedback_give
from appraisal.models import (
    Evaluation,
    EvaluationStatus,
    PerformancePlan,
    Period,
    PlanStatus,
    UnitPerformance,
)
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, ready_to_rate
from tests.factories import EmployeeFactory, PositionFactory
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskDeadline
from workflows.steps.common import open_task

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
NOW = dt.datetime(2026, 10, 20, 9, 0, tzinfo=WITA)
RATINGS = {  # a (result, behaviour) pair giving each predicate (PermenPANRB 6/2022, kuadran)
    "SANGAT_BAIK": ("ABOVE", "ABOVE"),
    "BAIK": ("MEETS", "MEETS"),
    "BUTUH_PERBAIKAN": ("BELOW", "MEETS"),
    "KURANG": ("MEETS", "BELOW"),
    "SANGAT_KURANG": ("BELOW", "BELOW"),
}


@pytest.fixture(autouse=True)
def october_2026():
    with time_machine.travel(NOW, tick=False):
        yield


# --- seeded results: evaluations with given predicates, without running the flow -------------------------------


def seed_period(org, unit, kind="TW3", year=2026) -> Period:
    start, end = rules.period_bounds(kind, year)
    return Period.objects.create(
        year=year, kind=kind, unit=unit, start_date=start, end_date=end, peer_deadline=end, opened_by=org.hr_kec
    )


def seed(period, employee, predicate="", *, appraiser=None, status=EvaluationStatus.FINAL) -> Evaluation:
    plan, _new = PerformancePlan.objects.get_or_create(
        employee=employee,
        year=period.year,
        defaults={
            "status": PlanStatus.APPROVED,
            "period_start": dt.date(period.year, 1, 1),
            "period_end": dt.date(period.year, 12, 31),
        },
    )
    result, behaviour = RATINGS[predicate] if predicate else ("", "")
    position = employee.position
    return Evaluation.objects.create(
        employee=employee,
        period=period,
        plan=plan,
        status=status if predicate else EvaluationStatus.SELF_ASSESSMENT,
        position=position,
        unit=position.unit,
        position_title=position.title,
        unit_name=position.unit.name,
        appraiser=appraiser,
        result_rating=result,
        behaviour_rating=behaviour,
        predicate=predicate,
        is_final=bool(predicate) and status == EvaluationStatus.FINAL,
    )


@pytest.fixture
def alak(org):
    return seed_alak(org)


def seed_alak(org) -> Period:
    """Triwulan III 2026 of Kecamatan Alak. Mantasi (Capaian Kinerja Organisasi Baik): three Baik and one Sangat Baik,
    so Baik is 75% and nobody is Butuh Perbaikan (two breaches). Naioni (Baik): one Baik, one Butuh Perbaikan (fits).
    The kecamatan office: the Camat rated, no organisation predicate."""
    period = seed_period(org, org.kec)
    seed(period, org.lurah_a, "SANGAT_BAIK", appraiser=org.camat)
    seed(period, org.kasi_a, "BAIK", appraiser=org.lurah_a)
    seed(period, org.staff_a, "BAIK", appraiser=org.kasi_a)
    seed(period, org.peer_a, "BAIK", appraiser=org.kasi_a)
    seed(period, org.lurah_b, "BAIK", appraiser=org.camat)
    seed(period, org.staff_b, "BUTUH_PERBAIKAN", appraiser=org.lurah_b, status=EvaluationStatus.SIGN_OFF)
    seed(period, org.camat, "BAIK", appraiser=org.sekda)
    seed(period, org.sekcam)  # still at the self-assessment
    UnitPerformance.objects.create(period=period, unit=org.kel_a, predicate="BAIK")
    UnitPerformance.objects.create(period=period, unit=org.kel_b, predicate="BAIK")
    return period


def get(client, user, url, params=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url, params or {})


def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="rekap-')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(wb, title) -> list[tuple]:
    return [tuple(row) for row in wb[title].iter_rows(values_only=True)]


def by_first(table) -> dict:
    return {row[0]: row for row in table[1:] if row and row[0] is not None}


def export_url(period) -> str:
    return reverse("hr_period_export", args=[period.pk])


# --- the HR rekap ---------------------------------------------------------------------------------------------


def test_hr_downloads_the_rekap_with_the_periods_numbers_and_the_curve_check(client, org, alak):
    wb = workbook(get(client, org.hr_kec, export_url(alak)))
    assert wb.sheetnames == ["Rekap per unit", "Per pegawai", "Kebiasaan umpan balik", "Keterangan"]

    table = rows(wb, "Rekap per unit")
    assert table[0][:8] == (
        "Unit kerja", "Capaian Kinerja Organisasi", "Evaluasi", "Berpredikat", "Sangat Baik", "Sangat Baik (%)", "Baik",
        "Baik (%)",
    )  # fmt: skip
    units = by_first(table)
    mantasi = units["Kelurahan Mantasi"]
    assert mantasi[1:8] == ("Baik", 4, 4, 1, 25.0, 3, 75.0)
    tally = {rules.Predicate.BAIK: 3, rules.Predicate.SANGAT_BAIK: 1}
    expected = rules.curve_violations(rules.OrgPredicate.BAIK, tally)
    assert len(expected) == 2 and mantasi[-1] == "\n".join(expected)
    naioni = units["Kelurahan Naioni"]
    assert naioni[2:4] == (2, 2) and naioni[-1] == "sesuai"
    assert naioni[table[0].index("Butuh Perbaikan (%)")] == 50.0
    office = units["Kecamatan Alak"]
    assert office[1:4] == ("belum ditetapkan", 2, 1) and office[-1].startswith("belum dapat diperiksa")
    total = units["Jumlah"]
    assert total[2:8] == (8, 7, 1, 14.3, 5, 71.4)

    people = by_first(rows(wb, "Per pegawai"))
    assert len(people) == 8
    staff = people[org.staff_a.nip]
    assert staff[1:] == (
        "Alfons Sabu", "Pengadministrasi Umum", "Kelurahan Mantasi", "Final", "Sesuai Ekspektasi",
        "Sesuai Ekspektasi", "Baik", "Ester Foenay", "Ya",
    )  # fmt: skip
    assert people[org.staff_b.nip][4] == "Menunggu pengesahan kepegawaian" and people[org.staff_b.nip][-1] == "Tidak"
    assert people[org.sekcam.nip][5:8] == (None, None, None)
    assert people[org.camat.nip][1] == "Maria Bunga, S.STP" and people[org.camat.nip][8] == "Drs. Yohanes Ndun, M.Si."


def test_the_feedback_habit_counts_each_unit_and_names_who_each_appraiser_left_without(client, org):
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Layanan domisili cepat.")
    with time_machine.travel(NOW - dt.timedelta(days=40), tick=False):
        feedback_give(employee=org.peer_a, actor=org.kasi_a.user, text="Arsip perlu dirapikan.")
    alak = seed_alak(org)  # after the feedback: a final evaluation takes none

    table = rows(workbook(get(client, org.hr_kec, export_url(alak))), "Kebiasaan umpan balik")
    assert table[0] == ("Unit kerja", "Anggota tim", "Menerima umpan balik (30 hari)", "Persentase (%)", None, None)
    split = table.index((None,) * 6)
    units = {row[0]: row[1:4] for row in table[1:split]}
    assert units["Kelurahan Mantasi"] == (4, 1, 25.0)  # the Lurah, the Kasi, staff_a (10 days ago), peer_a (40)
    assert units["Kelurahan Naioni"] == (2, 0, 0.0)
    assert table[split + 1][0] == "Pejabat Penilai Kinerja"
    appraisers = {row[0]: row[1:] for row in table[split + 2 :]}
    assert appraisers["Ester Foenay"] == ("Kasi Pelayanan Umum", 2, 1, 50.0, "Beatrix Kana (Kelurahan Mantasi)")
    assert appraisers["Maria Bunga, S.STP"][1:4] == (4, 0, 0.0)  # the Camat: Sekcam, Kasi Pemerintahan, two Lurah
    assert "Yosef Manafe (Kelurahan Mantasi)" in appraisers["Maria Bunga, S.STP"][4]


def test_a_formula_looking_name_stays_a_text(client, org):
    period = seed_period(org, org.kel_a)
    position = PositionFactory(title="+Staf @khusus", unit=org.kel_a, parent=org.kasi_a_pos)
    tricky = EmployeeFactory(name='=HYPERLINK("http://contoh.invalid","klik")', position=position)
    seed(period, tricky, "BAIK", appraiser=org.kasi_a)
    wb = workbook(get(client, org.hr_a, export_url(period)))
    (row,) = rows(wb, "Per pegawai")[1:]
    assert row[1] == '\'=HYPERLINK("http://contoh.invalid","klik")' and row[2] == "'+Staf @khusus"
    cell = wb["Per pegawai"]["B2"]
    assert cell.data_type == "s"  # a text, not a formula
    # Without feedback, the name also heads the Kasi's list in the feedback habit: still a text.
    appraisers = by_first(rows(wb, "Kebiasaan umpan balik"))
    assert appraisers["Ester Foenay"][-1].startswith("'=HYPERLINK(")


@pytest.mark.parametrize("who", ["hr_b", "staff_a", "peer_a", "kasi_a", "lurah_a", "outsider"])
def test_only_hr_of_the_periods_unit_downloads_its_rekap(client, org, who):
    period = seed_period(org, org.kel_a)
    seed(period, org.staff_a, "BAIK", appraiser=org.kasi_a)
    person = getattr(org, who)
    response = get(client, getattr(person, "user", person), export_url(period))
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()
    assert get(client, None, export_url(period)).status_code == 302  # to the login page
    assert get(client, org.hr_a, reverse("hr_period_export", args=[period.pk + 99])).status_code == 404


def test_the_rekap_holds_no_peer_answer_and_no_one_who_answered(client, org):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        report = mantasi_period(org)  # Triwulan III through the flow, opened by hr_a
        comments = ready_to_rate(org, evaluation_of(report, org.staff_a))  # three colleagues answered
    wb = workbook(get(client, org.hr_a, export_url(report.period)))
    cells = [str(c) for ws in wb.worksheets for line in ws.iter_rows(values_only=True) for c in line if c]
    text = "\n".join(cells)
    for comment in comments:
        assert comment not in text
    assert "mengisi" not in text and "rekan" not in text.replace("Umpan balik rekan kerja", "")


# --- the leaders' rekap -----------------------------------------------------------------------------------------


def leader_export(client, user, unit=None, **params):
    url = reverse("dashboard_unit_export", args=[unit.pk]) if unit else reverse("dashboard_export")
    return get(client, user, url, {"tahun": "2026", "periode": "TW3", **params})


def test_a_lurahs_rekap_holds_only_their_kelurahan(client, org, alak):
    wb = workbook(leader_export(client, org.lurah_a.user))
    assert set(by_first(rows(wb, "Rekap per unit"))) == {"Kelurahan Mantasi", "Jumlah"}
    people = by_first(rows(wb, "Per pegawai"))
    assert set(people) == {org.lurah_a.nip, org.kasi_a.nip, org.staff_a.nip, org.peer_a.nip}
    habit = [row[0] for row in rows(wb, "Kebiasaan umpan balik")]
    assert "Kelurahan Naioni" not in habit and "Kelurahan Mantasi" in habit
    assert leader_export(client, org.lurah_a.user, org.kel_b).status_code == 403
    assert leader_export(client, org.lurah_a.user, org.kec).status_code == 403


def test_the_camat_exports_the_kecamatan_and_the_sekda_only_the_evaluations_he_may_open(client, org, alak):
    camat = workbook(leader_export(client, org.camat.user))
    assert set(by_first(rows(camat, "Rekap per unit"))) == {
        "Kecamatan Alak", "Kelurahan Mantasi", "Kelurahan Naioni", "Jumlah",
    }  # fmt: skip
    assert len(by_first(rows(camat, "Per pegawai"))) == 8

    # The Sekda's dashboard covers the kecamatan (the Camat reports to him) as counts; of the evaluations he opens
    # only the Camat's, whose appraiser he is (policy.visible_evaluations).
    sekda = workbook(leader_export(client, org.sekda.user, org.kec))
    assert by_first(rows(sekda, "Rekap per unit"))["Kelurahan Mantasi"][2] == 4
    assert set(by_first(rows(sekda, "Per pegawai"))) == {org.camat.nip}


def test_leaders_rekap_sane_fallbacks_for_bad_input(client, org, alak):
    assert leader_export(client, org.camat.user, tahun="dua ribu").status_code == 200  # this year
    assert leader_export(client, org.camat.user, periode="TW9").status_code == 200  # the dashboard's default
    assert workbook(leader_export(client, org.camat.user, periode="tahunan"))  # the year: the final period's
    response = get(client, org.camat.user, reverse("dashboard_unit_export", args=[org.kec.pk + 999]))
    assert response.status_code == 404
    assert get(client, org.staff_a.user, reverse("dashboard_export")).status_code == 403


# --- the period page: filters and pages ---------------------------------------------------------------------------


def page(client, user, period, **params):
    return get(client, user, reverse("hr_period_detail", args=[period.pk]), params)


def listed(response) -> list[str]:
    return [row.evaluation.employee.name for row in response.context["rows"]]


def test_the_period_list_filters_by_unit_state_name_and_nip(client, org, alak):
    everyone = page(client, org.hr_kec, alak)
    assert len(listed(everyone)) == 8
    content = everyone.content.decode()
    assert reverse("hr_period_export", args=[alak.pk]) in content and "Unduh rekap (XLSX)" in content
    assert "Menunggu pengesahan kepegawaian</a>: <strong>1</strong>" in content  # counts of the whole period

    assert sorted(listed(page(client, org.hr_kec, alak, unit=org.kel_a.pk))) == [
        "Alfons Sabu", "Beatrix Kana", "Ester Foenay", "Yosef Manafe",
    ]  # fmt: skip
    assert len(listed(page(client, org.hr_kec, alak, unit=org.kec.pk))) == 8  # the kecamatan and below
    assert listed(page(client, org.hr_kec, alak, status="SIGNOFF")) == ["Yuliana Kase"]
    assert listed(page(client, org.hr_kec, alak, status="SELF")) == ["Petrus Tallo"]
    assert listed(page(client, org.hr_kec, alak, q="sabu")) == ["Alfons Sabu"]
    assert listed(page(client, org.hr_kec, alak, q=org.peer_a.nip[:8] + " " + org.peer_a.nip[8:14])) == ["Beatrix Kana"]
    both = page(client, org.hr_kec, alak, unit=org.kel_b.pk, status="FINAL")
    assert listed(both) == ["Markus Benu"] and "1 evaluasi cocok dengan filter." in both.content.decode()
    # The distribution under the list still counts the whole period.
    assert {u.name: u.rated for u in both.context["units"]}["Kelurahan Mantasi"] == 4


def test_the_overdue_filter_lists_evaluations_with_an_open_step_past_its_due_date(client, org):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        report = mantasi_period(org)  # every employee's self-assessment is open
    TaskDeadline.objects.update(due=dt.date(2026, 12, 31))
    late = open_task(evaluation_of(report, org.staff_a).process, EvaluationFlow.self_assess)
    TaskDeadline.objects.filter(task=late).update(due=dt.date(2026, 10, 19))  # yesterday
    on_time = open_task(evaluation_of(report, org.peer_a).process, EvaluationFlow.self_assess)
    TaskDeadline.objects.filter(task=on_time).update(due=dt.date(2026, 10, 20))  # today: not late yet

    response = page(client, org.hr_a, report.period, overdue="1")
    assert listed(response) == ["Alfons Sabu"]
    assert "terlambat" in response.content.decode()
    assert response.context["overdue_total"] == 1
    assert len(listed(page(client, org.hr_a, report.period))) == len(report.created)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"unit": "999999"}, "Unit kerja itu tidak termasuk periode ini; filter unit tidak dipakai."),
        ({"unit": "naioni"}, "Unit kerja itu tidak termasuk periode ini; filter unit tidak dipakai."),
        ({"status": "DONE"}, "Status itu tidak dikenal; filter status tidak dipakai."),
        ({"overdue": "kadang"}, "Pilihan batas waktu tidak dikenal; filter ini tidak dipakai."),
        ({"page": "abc"}, "Halaman abc tidak ada; ditampilkan halaman 1 dari 1."),
        ({"page": "7"}, "Halaman 7 tidak ada; ditampilkan halaman 1 dari 1."),
        ({"page": "-1"}, "Halaman -1 tidak ada; ditampilkan halaman 1 dari 1."),
    ],
)
def test_bad_filter_values_get_a_message_and_the_other_filters_still_apply(client, org, params, message):
    period = seed_period(org, org.kel_a)
    seed(period, org.staff_a, "BAIK", appraiser=org.kasi_a)
    seed(period, org.peer_a, "BAIK", appraiser=org.kasi_a)
    response = page(client, org.hr_a, period, q="sabu", **params)
    assert response.status_code == 200
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert message in response.content.decode() or message in texts
    assert listed(response) == ["Alfons Sabu"]


def test_a_unit_outside_the_period_is_refused_as_a_filter(client, org):
    period = seed_period(org, org.kel_a)
    seed(period, org.staff_a, "BAIK", appraiser=org.kasi_a)
    response = page(client, org.hr_a, period, unit=org.kel_b.pk)
    assert response.status_code == 200 and listed(response) == ["Alfons Sabu"]
    assert "tidak termasuk periode ini" in response.content.decode()


def naioni_period(org, n: int, kind="TW4", name="Pegawai Naioni") -> Period:
    """A period of Kelurahan Naioni (HR: hr_b) with `n` more staff, all rated Baik."""
    period = seed_period(org, org.kel_b, kind=kind)
    position = PositionFactory(title=f"Staf {name}", unit=org.kel_b, parent=org.lurah_b_pos)
    for i in range(n):
        seed(period, EmployeeFactory(name=f"{name} {i:03d}", position=position), "BAIK", appraiser=org.lurah_b)
    return period


def test_the_list_shows_50_a_page_and_page_links_keep_the_filters(client, org):
    period = naioni_period(org, 53)
    first = page(client, org.hr_b, period, status="FINAL")
    assert len(listed(first)) == 50 and first.context["page_obj"].paginator.num_pages == 2
    content = first.content.decode()
    assert "?status=FINAL&amp;page=2" in content and "Halaman 1 dari 2" in content
    second = page(client, org.hr_b, period, status="FINAL", page="2")
    assert listed(second) == ["Pegawai Naioni 050", "Pegawai Naioni 051", "Pegawai Naioni 052"]
    assert "?status=FINAL&amp;page=1" in second.content.decode()
    beyond = page(client, org.hr_b, period, page="99")
    assert listed(beyond) == listed(second)  # the last page, with a message
    assert "Halaman 99 tidak ada; ditampilkan halaman 2 dari 2." in [str(m) for m in get_messages(beyond.wsgi_request)]
    # The summaries count the whole period, not the page.
    assert first.context["total"] == 53 and {u.name: u.rated for u in first.context["units"]}["Kelurahan Naioni"] == 53


@pytest.mark.parametrize(
    "params",
    [{}, {"status": "FINAL"}, {"unit": "UNIT"}, {"q": "pegawai"}, {"page": "2"}],
    ids=["all", "state", "unit", "search", "page"],
)
def test_the_period_page_query_count_does_not_grow_with_the_period(client, org, params):
    small, big = naioni_period(org, 3), naioni_period(org, 60, kind="TW3", name="Pegawai Besar")
    params = {k: (org.kel_b.pk if v == "UNIT" else v) for k, v in params.items()}
    client.force_login(org.hr_b)
    client.get(reverse("hr_period_detail", args=[small.pk]), params)  # warm up
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("hr_period_detail", args=[small.pk]), params).status_code == 200
    with CaptureQueriesContext(connection) as other:
        response = client.get(reverse("hr_period_detail", args=[big.pk]), params)
    assert response.status_code == 200 and response.context["rows"]
    assert len(other.captured_queries) == len(one.captured_queries)


def test_the_export_query_count_does_not_grow_with_the_period(client, org):
    small, big = naioni_period(org, 3), naioni_period(org, 40, kind="TW3", name="Pegawai Besar")
    client.force_login(org.hr_b)
    client.get(export_url(small))
    with CaptureQueriesContext(connection) as one:
        assert client.get(export_url(small)).status_code == 200
    with CaptureQueriesContext(connection) as other:
        assert client.get(export_url(big)).status_code == 200
    assert len(other.captured_queries) == len(one.captured_queries)
