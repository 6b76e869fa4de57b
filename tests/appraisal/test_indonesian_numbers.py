"""Issue 12, item 6: numbers and dates the Indonesian way on pages, in the official PDF and in XLSX cells
("85,56", "1.234", "30 September 2026 10.15 WITA"), and the English way in English."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from appraisal import formatting
from appraisal.documents.pdf import render_evaluation_pdf
from appraisal.models import Evaluation, Indicator, ServiceType, SurveyResponse
from tests.appraisal.evaluation_pages_setup import build, login
from tests.appraisal.test_evaluation_pdf import final_evaluation, pdf_text  # noqa: F401 — the fixture is used

WITA = ZoneInfo("Asia/Makassar")
FIGURES = {"available": True, "start": "2026-07-01", "end": "2026-09-30", "handled": 1234, "ikm": "85.56"}


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "expected"),
    [
        ("id", Decimal("85.56"), 2, "85,56"),
        ("id", 1234, 2, "1.234"),
        ("id", 100.0, 2, "100"),  # never "100.0"
        ("id", Decimal("1234567.50"), 2, "1.234.567,5"),
        ("id", Decimal("12.345"), 2, "12,35"),  # rounded half up
        ("id", Decimal("-0.5"), 2, "-0,5"),
        ("id", 0, 2, "0"),
        ("id", None, 2, "—"),
        ("en", Decimal("85.56"), 2, "85.56"),
        ("en", 1234, 2, "1,234"),
        ("en", Decimal("1234567.50"), 2, "1,234,567.5"),
    ],
)
def test_number(lang, value, decimals, expected):
    with translation.override(lang):
        assert formatting.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("id", "85.56", "85,56"),
        ("id", "88.40", "88,40"),  # an IKM keeps the two decimals it was stored with
        ("id", "1.0", "1,0"),
        ("id", 1234, "1.234"),
        ("id", "B", "B"),  # a quality letter stays a letter
        ("id", None, "—"),
        ("en", "85.56", "85.56"),
        ("en", 1234, "1,234"),
    ],
)
def test_figure_stored_as_text(lang, value, expected):
    with translation.override(lang):
        assert formatting.figure(value) == expected


@pytest.mark.parametrize(
    ("lang", "expected_date", "expected_datetime", "expected_time"),
    [
        ("id", "30 September 2026", "30 September 2026 10.15 WITA", "10.15"),
        ("en", "30 September 2026", "30 September 2026, 10:15 WITA", "10:15"),
    ],
)
def test_dates_and_times_in_wita(lang, expected_date, expected_datetime, expected_time):
    moment = dt.datetime(2026, 9, 30, 2, 15, tzinfo=dt.UTC)  # 10.15 in Kupang
    with translation.override(lang):
        assert formatting.date_text(dt.date(2026, 9, 30)) == expected_date
        assert formatting.date_text(moment) == expected_date
        assert formatting.datetime_text(moment) == expected_datetime
        assert formatting.time_text(moment) == expected_time
        assert formatting.percent(Decimal("12.50")) == ("12,5%" if lang == "id" else "12.5%")


@pytest.mark.django_db
def test_the_evaluation_page_writes_decimal_commas_and_thousand_dots(client, org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=WITA), tick=False):
        setup = build(org)
    # Once rated, the page shows the figures the rating rested on (stored as text: "85.56").
    Evaluation.objects.filter(pk=setup.ev.pk).update(
        public_service=FIGURES, rated_at=dt.datetime(2026, 10, 1, tzinfo=WITA)
    )
    login(client, org.staff_a)
    url = reverse("evaluation_detail", args=[setup.ev.pk])

    page = client.get(url).content.decode()
    assert "85,56" in page and "1.234" in page
    assert "85.56" not in page

    client.cookies["django_language"] = "en"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "85.56" in english and "1,234" in english


@pytest.mark.django_db
def test_the_official_pdf_writes_decimal_commas_and_thousand_dots(final_evaluation):  # noqa: F811
    Evaluation.objects.filter(pk=final_evaluation.pk).update(public_service=FIGURES)
    final_evaluation.realizations.update(value=Decimal("1234.5"))

    text = pdf_text(render_evaluation_pdf(final_evaluation))

    assert "Berkas layanan ditangani 1.234" in text
    assert "Indeks Kepuasan Masyarakat (IKM) petugas 85,56" in text
    assert "1.234,5" in text  # the realisation
    assert "85.56" not in text and "1234.5" not in text


def test_skp_targets_read_with_a_decimal_comma():
    target = Indicator(target_value=Decimal("1500000.50"), target_unit="rupiah")
    with translation.override("id"):
        assert target.target_display == "1.500.000,5 rupiah"
    with translation.override("en"):
        assert target.target_display == "1,500,000.5 rupiah"


@pytest.mark.django_db
def test_xlsx_numbers_are_number_cells_with_a_grouping_format(client, org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a)
    for scores in ([4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 2, 2]):
        SurveyResponse.objects.create(
            service_type=service, unit=org.kel_a, officer=org.staff_a, scores=scores, submitted_on=dt.date(2026, 8, 10)
        )
    client.force_login(org.hr_a)
    response = client.get(
        reverse("service_report_xlsx"), {"unit": org.kel_a.pk, "start": "2026-07-01", "end": "2026-09-30"}
    )

    summary = {row[0].value: row[1] for row in load_workbook(io.BytesIO(response.content))["Ringkasan"].iter_rows()}
    ikm = summary["Nilai IKM konversi"]
    assert isinstance(ikm.value, float) and ikm.number_format == "#,##0.00"  # a number, shown "79,55" in id Excel
    assert summary["Jumlah responden"].value == 3 and summary["Jumlah responden"].number_format == "#,##0"
    assert summary["Periode survei"].value == "1 Juli 2026 s.d. 30 September 2026"
