"""Issue 12, item 5: history people can read — Indonesian labels, values formatted, JSON in words, whole words."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from appraisal.models import Evaluation, Evidence, Indicator, PerformancePlan, Realization, ServiceRequest
from appraisal.pages.history import display_value, field_label, short_text, summarise_json
from tests.appraisal.evaluation_pages_setup import WITA, answer_all, build, login, rate, submit

MOMENT = dt.datetime(2026, 9, 30, 2, 15, tzinfo=dt.UTC)  # 10.15 in Kupang


def f(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    ("model", "name", "value", "expected"),
    [
        (Evaluation, "result_rating", "MEETS", "Sesuai Ekspektasi"),  # a rating by its choice's label
        (Evaluation, "predicate", "SANGAT_BAIK", "Sangat Baik"),
        (Evaluation, "auto_accepted", True, "Ya"),
        (Evaluation, "auto_accepted", False, "Tidak"),
        (
            Evaluation,
            "self_assessed_at",
            dt.datetime(2026, 9, 30, 2, 15, tzinfo=dt.UTC),
            "30 September 2026 10.15 WITA",
        ),
        (PerformancePlan, "period_end", dt.date(2026, 12, 31), "31 Desember 2026"),
        (PerformancePlan, "year", 2026, "2026"),  # a year is never "2.026"
        (Realization, "value", Decimal("85.56"), "85,56"),
        (Realization, "value", Decimal("100.00"), "100"),  # not "100.00"
        (Indicator, "target_value", Decimal("1500000.00"), "1.500.000"),
        (ServiceRequest, "correction_rounds", 1234, "1.234"),
        (Evidence, "size", 1536, "1,5\xa0KB"),
        (Evaluation, "self_assessment", "", "—"),
        (Evaluation, "self_assessment", None, "—"),
        (Evaluation, "public_service", {"available": False, "start": "2026-07-01"}, "belum ada data"),
        (
            Evaluation,
            "public_service",
            {"available": True, "start": "2026-07-01", "handled": 1234, "ikm": "88.40", "ikm_quality": "A"},
            "mulai 1 Juli 2026; berkas ditangani 1.234; IKM 88,40; mutu pelayanan A",
        ),
    ],
)
def test_display_value(model, name, value, expected):
    with translation.override("id"):
        assert display_value(f(model, name), value) == expected


def test_display_value_in_english_uses_english_numbers_and_times():
    with translation.override("en"):
        assert display_value(f(Realization, "value"), Decimal("1234.5")) == "1,234.5"
        moment = dt.datetime(2026, 9, 30, 2, 15, tzinfo=dt.UTC)
        assert display_value(f(Evaluation, "self_assessed_at"), moment) == "30 September 2026, 10:15 WITA"


@pytest.mark.parametrize(
    ("model", "name", "expected"),
    [
        (Evaluation, "self_assessed_at", "penilaian mandiri diajukan"),  # the model gives none: the table does
        (Evaluation, "status", "status"),
        (Evidence, "size", "ukuran berkas"),
        (Evaluation, "result_rating", "rating hasil kerja"),  # the model's verbose_name
        (Realization, "value", "realisasi"),
    ],
)
def test_field_label(model, name, expected):
    with translation.override("id"):
        assert field_label(f(model, name)) == expected


def test_every_history_field_has_an_indonesian_label():
    from simple_history.models import registered_models

    english = {"self assessed at", "updated at", "uploaded at", "uploaded by", "content type", "size", "origin"}
    with translation.override("id"):
        labels = {field_label(fd) for m in registered_models.values() for fd in m._meta.concrete_fields}
    assert not labels & english


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Fransiskus Xaverius Ndun", 2, "Fransiskus Xaverius…"),  # whole words, never "Fransiskus Xav"
        ("pendek", 5, "pendek"),
        ("satu dua tiga", 3, "satu dua tiga"),
    ],
)
def test_short_text_cuts_after_a_whole_word(text, words, expected):
    assert short_text(text, words) == expected


def test_a_list_is_summarised_in_words():
    with translation.override("id"):
        assert summarise_json([4, 3, Decimal("2.5")]) == "4, 3, 2,5"


@pytest.mark.django_db
def test_the_evaluation_history_page_reads_as_indonesian(client, org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=WITA), tick=False):
        setup = build(org)
    ev = setup.ev
    with time_machine.travel(dt.datetime(2026, 9, 30, 10, 15, tzinfo=WITA), tick=False):
        submit(ev)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=False):
        answer_all(ev, setup.peers)
        rate(ev, org, result="MEETS", behaviour="ABOVE")
    login(client, org.kasi_a)

    page = client.get(reverse("evaluation_history", args=[ev.pk])).content.decode()

    assert "Penilaian mandiri diajukan" in page and "Self assessed at" not in page
    assert "30 September 2026 10.15 WITA" in page  # when the self-assessment was submitted, in WITA
    assert "Rating hasil kerja" in page and "Sesuai Ekspektasi" in page and "Di Atas Ekspektasi" in page
    assert "MEETS" not in page and "ABOVE" not in page
    assert "{&#x27;" not in page and "{'" not in page  # no raw Python dict
    assert "Diperbarui" not in page  # a timestamp the save sets is no change a person reads
