"""Laporan hasil SKM: figures against a hand count, the XLSX, who may read which unit, bounded queries."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from appraisal.models import ServiceType, SurveyResponse
from appraisal.service_desk import reports
from appraisal.service_desk.services import service_request_move, service_request_register

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
Q3 = {"start": "2026-07-01", "end": "2026-09-30"}

# Three answers whose NRR per element a person can check by hand (see test_unit_index_matches_a_hand_count).
THREE = [
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
    [3, 3, 3, 3, 3, 3, 3, 3, 3],
    [2, 3, 4, 1, 2, 3, 4, 2, 2],
]


@pytest.fixture
def domisili(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b, org.kec)
    return service


def answer(service, unit, officer, scores, when, comment=""):
    return SurveyResponse.objects.create(
        service_type=service, unit=unit, officer=officer, scores=scores, comment=comment, submitted_on=when.date()
    )


def register(org, service, when, officer=None):
    officer = officer or org.staff_a
    with time_machine.travel(when, tick=False):
        return service_request_register(
            actor=officer.user, service_type=service, citizen_name="Warga Rahasia", citizen_phone="081234567890"
        )


def move(officer, file, action, when):
    with time_machine.travel(when, tick=False):
        service_request_move(request=file, actor=officer.user, action=action)


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("service_report"), params)


# --- Figures -----------------------------------------------------------------------------------


def test_unit_index_matches_a_hand_count(org, domisili):
    for scores in THREE:
        answer(domisili, org.kel_b, org.staff_b, scores, dt.datetime(2026, 8, 10, 9, tzinfo=WITA))

    report = reports.service_report(org.kel_b, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))

    # NRR per element: (4+3+2)/3, (4+3+3)/3, (4+3+4)/3, (4+3+1)/3, (4+3+2)/3, (4+3+3)/3, (4+3+4)/3, (4+3+2)/3, ...
    expected = ["3.00", "3.33", "3.67", "2.67", "3.00", "3.33", "3.67", "3.00", "3.00"]
    assert [e.nrr for e in report.elements] == [Decimal(x) for x in expected]
    assert report.elements[0].weighted == Decimal("0.333")  # 3.00 × 0.111
    assert report.elements[3].name == "Biaya/Tarif"
    # Σ NRR = 86/3; × 0.111 = 3.182; × 25 = 79.55 → B (76.61–88.30)
    assert report.raw_index == Decimal("3.182")
    assert (report.index.respondents, report.index.value, report.index.letter) == (3, Decimal("79.55"), "B")
    assert report.index.label == "Baik"


def test_an_officer_needs_five_answers_for_an_index_the_unit_does_not(org, domisili):
    when = dt.datetime(2026, 8, 10, 9, tzinfo=WITA)
    for _ in range(4):
        answer(domisili, org.kel_a, org.staff_a, [3] * 9, when)
    for _ in range(5):
        answer(domisili, org.kel_a, org.peer_a, [4] * 9, when)

    report = reports.service_report(org.kel_a, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))

    officers = {o.name: o.index for o in report.officers}
    assert officers[org.staff_a.full_name].respondents == 4 and officers[org.staff_a.full_name].value is None
    assert (officers[org.peer_a.full_name].value, officers[org.peer_a.full_name].letter) == (Decimal("99.90"), "A")
    # The unit: NRR (4×3 + 5×4)/9 = 3.5556 per element → 3.5556 × 0.999 × 25 = 88.80 → A
    assert (report.index.respondents, report.index.value, report.index.letter) == (9, Decimal("88.80"), "A")


def test_desk_figures_per_service_and_officer_match_a_hand_count(org, domisili):
    # Same day (on time); Fri → Tue (2 working days: late); returned once, then done the same day.
    a = register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    b = register(org, domisili, dt.datetime(2026, 8, 14, 9, tzinfo=WITA))
    c = register(org, domisili, dt.datetime(2026, 8, 19, 9, tzinfo=WITA))
    register(org, domisili, dt.datetime(2026, 10, 1, 9, tzinfo=WITA))  # outside the period
    register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA), officer=org.staff_b)  # another unit
    move(org.staff_a, a, "complete", dt.datetime(2026, 8, 12, 14, tzinfo=WITA))
    move(org.staff_a, b, "complete", dt.datetime(2026, 8, 18, 10, tzinfo=WITA))
    move(org.staff_a, c, "return", dt.datetime(2026, 8, 19, 10, tzinfo=WITA))
    move(org.staff_a, c, "resubmit", dt.datetime(2026, 8, 19, 11, tzinfo=WITA))
    move(org.staff_a, c, "complete", dt.datetime(2026, 8, 19, 12, tzinfo=WITA))

    report = reports.service_report(org.kel_a, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))

    [service] = report.services
    assert (service.name, service.desk.handled, service.desk.completed) == ("Surat Keterangan Domisili", 3, 3)
    assert service.desk.within_standard_pct == Decimal("66.7") and service.desk.median_days == Decimal("1.0")
    [officer] = report.officers
    assert officer.name == org.staff_a.full_name
    assert officer.desk.returned_pct == Decimal("33.3") and officer.index.respondents == 0


def test_quarter_trend_of_the_year(org, domisili):
    answer(domisili, org.kel_b, org.staff_b, [4] * 9, dt.datetime(2026, 2, 3, 9, tzinfo=WITA))
    for scores in THREE:
        answer(domisili, org.kel_b, org.staff_b, scores, dt.datetime(2026, 8, 10, 9, tzinfo=WITA))
    # Half past midnight on 1 April in WITA is still 31 March in UTC: it belongs to Triwulan II.
    answer(domisili, org.kel_b, org.staff_b, [4] * 9, dt.datetime(2026, 4, 1, 0, 30, tzinfo=WITA))
    answer(domisili, org.kel_b, org.staff_b, [1] * 9, dt.datetime(2025, 12, 31, 9, tzinfo=WITA))  # last year

    trend = reports.service_report(org.kel_b, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30)).trend

    assert [q.label for q in trend] == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    assert [q.index.respondents for q in trend] == [1, 1, 3, 0]
    assert [(q.index.value, q.index.letter) for q in trend] == [
        (Decimal("99.90"), "A"),
        (Decimal("99.90"), "A"),
        (Decimal("79.55"), "B"),
        (None, None),
    ]
    assert (trend[2].start, trend[2].end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def test_quarter_bounds():
    assert reports.quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert reports.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert reports.quarter_of(dt.date(2026, 9, 30)) == 3


# --- The page ----------------------------------------------------------------------------------


def test_report_page_shows_the_index_the_officers_and_the_comments_but_no_citizen(client, org, domisili):
    register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    for i, scores in enumerate(THREE):
        answer(domisili, org.kel_a, org.staff_a, scores, dt.datetime(2026, 8, 10, 9, tzinfo=WITA), f"Saran {i}")

    response = page(client, org.lurah_a.user, unit=org.kel_a.pk, **Q3)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kelurahan Mantasi" in html and "79,55" in html and "Baik" in html  # Indonesian decimal comma
    assert "Persyaratan" in html and "Penanganan Pengaduan, Saran dan Masukan" in html
    assert "belum cukup tanggapan" in html  # 3 answers for the officer
    assert "Saran 0" in html and "Saran 2" in html
    assert "Warga Rahasia" not in html and "081234567890" not in html


def test_report_defaults_to_own_unit_and_current_quarter(client, org, domisili):
    answer(domisili, org.kel_a, org.staff_a, [4] * 9, dt.datetime(2026, 5, 4, 9, tzinfo=WITA))
    with time_machine.travel(dt.datetime(2026, 5, 20, 9, tzinfo=WITA), tick=False):
        response = page(client, org.lurah_a.user)
    report = response.context["report"]
    assert report.unit == org.kel_a
    assert (report.start, report.end) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert report.index.respondents == 1
    html = response.content.decode()
    assert 'value="2026-04-01"' in html and 'value="2026-06-30"' in html  # the defaults are shown


def test_a_period_running_backwards_is_refused_in_indonesian(client, org):
    response = page(client, org.lurah_a.user, unit=org.kel_a.pk, start="2026-09-30", end="2026-07-01")
    assert response.status_code == 200 and response.context["report"] is None
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    response = page(client, org.lurah_a.user, unit=org.kel_a.pk, start="kemarin")
    assert response.status_code == 200 and response.context["report"] is None
    assert response.context["form"].errors["start"]
    client.force_login(org.lurah_a.user)
    assert client.get(reverse("service_report_xlsx"), {"start": "2027-01-01", "end": "2026-01-01"}).status_code == 400


def test_camat_sees_the_kecamatan_and_every_kelurahan(client, org, domisili):
    answer(domisili, org.kel_a, org.staff_a, [4] * 9, dt.datetime(2026, 8, 10, 9, tzinfo=WITA))
    answer(domisili, org.kel_b, org.staff_b, [2] * 9, dt.datetime(2026, 8, 10, 9, tzinfo=WITA))

    response = page(client, org.camat.user, **Q3)

    report = response.context["report"]
    assert report.unit == org.kec
    rows = {row.name: (row.index.respondents, row.index.letter) for row in report.units}
    assert rows == {"Kecamatan Alak": (0, None), "Kelurahan Mantasi": (1, "A"), "Kelurahan Naioni": (1, "D")}
    units = dict(response.context["form"].fields["unit"].choices)
    assert set(units.values()) == {"Kecamatan Alak", "Kelurahan Mantasi", "Kelurahan Naioni"}
    for unit in (org.kel_a, org.kel_b):
        assert page(client, org.camat.user, unit=unit.pk, **Q3).status_code == 200


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("lurah_a", "kel_a", 200),
        ("hr_a", "kel_a", 200),
        ("hr_kec", "kel_b", 200),
        ("admin", "kel_b", 200),
        ("hr_a", "kel_b", 404),  # HR of Mantasi only Mantasi
        ("staff_b", "kel_a", 404),  # an employee of another kelurahan: not even told it exists
        ("lurah_b", "kel_a", 404),
        ("staff_a", "kel_a", 403),  # sees the unit, not its report
        ("staff_a", None, 403),
        ("outsider", None, 403),
    ],
)
def test_who_may_read_which_report(client, org, who, unit, expected):
    person = getattr(org, who)
    user = getattr(person, "user", person)
    params = {"unit": getattr(org, unit).pk} if unit else {}
    assert page(client, user, **params, **Q3).status_code == expected
    client.force_login(user)
    assert client.get(reverse("service_report_xlsx"), {**params, **Q3}).status_code == expected


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("service_report"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_report_page_query_count_does_not_grow_with_answers(client, org, domisili, django_assert_num_queries):
    def fill(n):
        for i in range(n):
            officer = (org.staff_a, org.peer_a)[i % 2]
            answer(domisili, org.kel_a, officer, [1 + i % 4] * 9, dt.datetime(2026, 8, 10, 9, tzinfo=WITA), "ok")
            register(org, domisili, dt.datetime(2026, 8, 11, 9, tzinfo=WITA), officer=officer)

    fill(10)
    first = org.kel_a.service_requests.order_by("id").first()
    move(first.officer, first, "complete", dt.datetime(2026, 8, 12, 9, tzinfo=WITA))  # a completed file: its timing
    client.force_login(org.lurah_a.user)
    url = reverse("service_report")
    params = {"unit": org.kel_a.pk, **Q3}
    client.get(url, params)  # warm the session
    # 19 before issue 11, + the bell's unread count; issue 13: - the holiday calendar (timing stored on the files),
    # + the comments (the scores are summed in SQL, so the comments are read on their own), + 3: answers and files
    # grouped per unit over the tree and per (service, officer) for the unit's own, instead of one grouping of both
    with django_assert_num_queries(23) as small:
        assert client.get(url, params).context["report"].index.respondents == 10
    fill(190)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url, params).context["report"].index.respondents == 200


def test_nav_link_for_leaders_and_hr_only(client, org):
    client.force_login(org.lurah_a.user)
    assert "Laporan layanan" in client.get(reverse("home")).content.decode()
    client.force_login(org.staff_a.user)
    assert "Laporan layanan" not in client.get(reverse("home")).content.decode()


# --- XLSX --------------------------------------------------------------------------------------


def test_xlsx_has_the_report_sheets_and_no_citizen(client, org, domisili):
    register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    for scores in THREE:
        answer(domisili, org.kel_a, org.staff_a, scores, dt.datetime(2026, 8, 10, 9, tzinfo=WITA))
    answer(domisili, org.kel_a, org.staff_a, [4] * 9, dt.datetime(2026, 8, 11, 9, tzinfo=WITA), "=HYPERLINK(1)\x07")

    client.force_login(org.hr_a)
    response = client.get(reverse("service_report_xlsx"), {"unit": org.kel_a.pk, **Q3})

    assert response.status_code == 200
    assert response["Content-Type"] == reports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="laporan-skm-kel-mantasi-20260701-20260930.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Per unsur", "Per layanan", "Per petugas", "Tren", "Saran"]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Jumlah responden"] == 4 and summary["Unit pelayanan"] == "Kelurahan Mantasi"
    elements = list(book["Per unsur"].iter_rows(min_row=2, values_only=True))
    assert len(elements) == 9 and elements[0][1] == "Persyaratan"
    officer = list(book["Per petugas"].iter_rows(min_row=2, values_only=True))
    assert officer[0][0] == org.staff_a.full_name and officer[0][-2] == "belum cukup tanggapan"
    assert [row[2] for row in book["Tren"].iter_rows(min_row=2, values_only=True)] == [0, 0, 4, 0]
    # A citizen's comment stays text: never a formula (apostrophe, exports.safe_cell), control characters dropped.
    saran = book["Saran"]["B2"]
    assert saran.value == "'=HYPERLINK(1)" and saran.data_type == "s"
    cells = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert "Warga Rahasia" not in cells and "081234567890" not in cells
