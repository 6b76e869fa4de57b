"""/panduan/: public, every figure read from the rules, and every task page links into it ("Apa artinya?")."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from appraisal import rules
from appraisal.pages import guide
from tests.skp_helpers import draft_plan

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Every page where a person does a step of a flow, and the section that explains it.
TASK_TEMPLATES = {
    "skp/edit.html": "skp",
    "skp/review.html": "skp",
    "skp/detail.html": "skp",
    "evaluation/detail.html": "realisasi",
    "evaluation/peer_form.html": "umpan-balik-rekan",
    "evaluation/review_peers.html": "umpan-balik-rekan",
    "evaluation/rate.html": "kuadran",
    "evaluation/acknowledge.html": "tanggapan",
    "evaluation/explain.html": "keberatan",
    "evaluation/decide.html": "keberatan",
    "evaluation/hr_objection_designate.html": "keberatan",
    "evaluation/hr_sign_off.html": "pengesahan",
    "evaluation/hr_sign_off_confirm.html": "pengesahan",
    "evaluation/org_results_confirm.html": "kurva",
    "survey/form.html": "survei",
}


@pytest.fixture
def page(db):
    def get() -> str:
        response = Client().get("/panduan/")
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_the_guide_answers_without_signing_in_in_the_sites_layout(page):
    html = page()
    assert 'class="topbar"' in html and "Panduan penilaian kinerja" in html
    for anchor in guide.SECTIONS:
        assert f'id="{anchor}"' in html, anchor


def test_the_predicate_matrix_is_the_rule_itself(page):
    html = page()
    table = html.split('class="quadrant"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)
    labels = {str(r.label): r for r in rules.Rating}
    behaviours = [rules.Rating.BELOW, rules.Rating.MEETS, rules.Rating.ABOVE]
    assert [labels[label] for label, _ in rows] == [rules.Rating.ABOVE, rules.Rating.MEETS, rules.Rating.BELOW]
    for label, cells in rows:
        shown = re.findall(r"<td[^>]*>([^<]+)</td>", cells)
        assert shown == [str(rules.predicate(labels[label], b).label) for b in behaviours]
    assert "Kurang/Misconduct" in table and "Sangat Kurang" in table


def test_a_changed_rule_changes_the_matrix(page, monkeypatch):
    monkeypatch.setattr(rules, "predicate", lambda result, behaviour: rules.Predicate.SANGAT_BAIK)
    table = page().split('class="quadrant"', 1)[1].split("</table>", 1)[0]
    assert table.count(">Sangat Baik</td>") == 9


def test_the_curve_is_drawn_from_the_curve_pattern(page, monkeypatch):
    html = page()
    assert "Sangat Baik paling banyak 70%" in html  # Istimewa (SE MenPANRB 3/2023)
    assert "Butuh Perbaikan paling sedikit 60%" in html
    assert "tidak boleh ada Sangat Baik" in html  # Sangat Kurang
    pattern = dict(rules.CURVE_PATTERN)
    pattern[rules.OrgPredicate.ISTIMEWA] = [((rules.Predicate.SANGAT_BAIK,), "max", Decimal("0.55"), "Sangat Baik")]
    monkeypatch.setattr(rules, "CURVE_PATTERN", pattern)
    assert "Sangat Baik paling banyak 55%" in page()


def test_the_objection_window_and_peer_threshold_are_the_rules_constants(page, monkeypatch):
    html = page()
    assert "paling lambat 14 hari kalender" in html and "hari ke-15" in html
    assert "paling sedikit 3 rekan" in html
    assert "Atasan Pejabat Penilai Kinerja" in html and "PP 30/2019 Pasal 59" in html and "final" in html
    monkeypatch.setattr(rules, "OBJECTION_WINDOW_DAYS", 21)
    monkeypatch.setattr(rules, "MIN_PEER_RESPONSES", 4)
    html = page()
    assert "paling lambat 21 hari kalender" in html and "hari ke-22" in html
    assert "paling sedikit 4 rekan" in html


def test_the_ikm_bands_are_those_the_rule_applies():
    for letter, low in guide.IKM_BANDS:
        assert rules.ikm_quality(Decimal(low)) == letter
        if letter != "D":  # the lowest band has nothing under it (25 is the minimum)
            assert rules.ikm_quality(Decimal(low) - Decimal("0.01")) != letter


def test_the_year_timeline_lists_the_periods_in_order(page):
    html = page()
    timeline = html.split('class="year-timeline"', 1)[1].split("</ol>", 1)[0]
    order = ["Perencanaan SKP", "Triwulan I, Triwulan II, Triwulan III", "Triwulan IV-Akhir", "keberatan", "Pengesahan"]
    positions = [timeline.find(text) for text in order]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize(("template", "anchor"), TASK_TEMPLATES.items())
def test_every_task_page_links_to_its_section(template, anchor):
    source = (TEMPLATES / template).read_text()
    assert f'{{% include "guide/_help_link.html" with anchor="{anchor}" %}}' in source
    assert anchor in guide.SECTIONS


def test_a_rendered_task_page_carries_the_link(org):
    plan = draft_plan(org.staff_a)
    client = Client()
    client.force_login(org.staff_a.user)
    html = client.get(f"/skp/{plan.pk}/ubah/").content.decode()
    assert 'href="/panduan/#skp"' in html and "Apa artinya?" in html
