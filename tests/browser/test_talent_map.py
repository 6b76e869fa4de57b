"""Issue 14 in a real browser: the Camat opens the talent map of the kecamatan, opens a box, opens a person's
performance profile with strengths and their evidence, and asks for placement candidates for a counter position."""

import datetime as dt

import pytest

from appraisal import rules
from appraisal.models import (
    AssessmentSource,
    PeerFeedback,
    Period,
    PositionKind,
    PotentialAssessment,
)
from tests.appraisal.test_dashboard import seed_evaluation, seed_period
from tests.browser.conftest import login, open_page
from tests.factories import OrgFactory, PositionFactory

pytestmark = pytest.mark.browser

VALUES = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")


def rated(org, employee, kind, year, result, behaviour, peers=0):
    period = Period.objects.filter(unit=org.kec, kind=kind, year=year).first() or seed_period(org, org.kec, kind, year)
    ev = seed_evaluation(period, employee, predicate=rules.predicate(result, behaviour))
    ev.result_rating, ev.behaviour_rating = result, behaviour
    ev.rated_at = dt.datetime(year, 12, 31, 12, tzinfo=dt.UTC)
    ev.save()
    warm = {v: ("ABOVE" if v in ("PELAYANAN", "HARMONIS") else "MEETS") for v in VALUES}
    PeerFeedback.objects.bulk_create([PeerFeedback(evaluation=ev, ratings=warm) for _ in range(peers)])
    return ev


def test_the_camat_reads_the_talent_map_a_profile_and_placement_advice(browser, live_server, transactional_db):
    org = OrgFactory.build_small()
    year = dt.date.today().year - 1
    for kind in ("TW1", "TW2", "TW3", "TW4"):
        rated(org, org.staff_a, kind, year, "ABOVE", "ABOVE", peers=3)
        rated(org, org.staff_b, kind, year, "MEETS", "MEETS")
    PotentialAssessment.objects.create(
        employee=org.staff_a,
        level="TINGGI",
        source=AssessmentSource.ASSESSMENT_CENTER,
        assessed_on=dt.date(year, 11, 1),
        document_number="800/BKPSDM/AC/07",
        recorded_by=org.hr_kec,
    )
    counter = PositionFactory(
        title="Pengadministrasi Pelayanan PATEN",
        kind=PositionKind.PELAKSANA,
        unit=org.kec,
        parent=org.kasi_kec_pos,
        serves_public=True,
    )

    camat = open_page(browser, live_server.url)
    login(camat, "camat")
    camat.get_by_role("link", name="Peta talenta").first.click()
    camat.wait_for_url("**/talenta/")
    assert camat.get_by_text("Kinerja di atas ekspektasi dan potensial tinggi").first.is_visible()
    assert camat.get_by_text("potensi belum dinilai").first.is_visible()

    # Sangat Baik last year (kinerja di atas ekspektasi) and potensi tinggi: box 9. Open it.
    with camat.expect_navigation():
        camat.locator("a[href*='kotak=9']").first.click()
    box = camat.locator("section[aria-labelledby=kotak]")
    assert box.get_by_text(org.staff_a.full_name).is_visible()

    # The person's profile: strengths with their evidence in words.
    with camat.expect_navigation():
        box.get_by_role("link", name=org.staff_a.full_name).click()
    assert camat.get_by_role("heading", name=f"Profil kinerja {org.staff_a.full_name}").is_visible()
    strengths = camat.locator("section[aria-labelledby=kekuatan]")
    assert strengths.get_by_text("Hasil kerja di atas ekspektasi", exact=True).is_visible()
    assert strengths.get_by_text("Nilai Berorientasi Pelayanan menonjol", exact=True).is_visible()
    evidence = strengths.get_by_text("menilai Berorientasi Pelayanan di atas ekspektasi pada 4 dari 4 periode")
    assert evidence.is_visible()
    assert camat.get_by_text("Assessment center").first.is_visible()

    # Placement candidates for the counter position, as advice.
    camat.goto("/talenta/")
    with camat.expect_navigation():
        camat.get_by_role("link", name=counter.title).click()
    assert camat.get_by_text("bukan keputusan").first.is_visible()
    first = camat.locator("tr.candidate").first
    assert org.staff_a.full_name in first.inner_text()
    assert "100%" in first.inner_text()  # peers' Berorientasi Pelayanan above expectation, shown as evidence
