"""Performance profile, talent map, potential, placement advice and development plans (issue 14): who sees what,
what the pages show, and that the map's queries do not grow with the staff."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from appraisal import rules
from appraisal.models import (
    DevelopmentAction,
    DevelopmentStatus,
    EvaluationStatus,
    PeerFeedback,
    PerformanceDialogue,
    Period,
    PotentialAssessment,
)
from appraisal.talent import services
from tests.api.evaluation_api_helpers import WITA
from tests.appraisal.test_dashboard import seed_evaluation, seed_period, staff_of

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 10, 20, 9, 0, tzinfo=WITA)
ROLES = ("employee", "peer", "appraiser", "senior", "hr_unit", "hr_other", "outsider", "anonymous")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def people(org):
    return {
        "employee": org.staff_a.user,
        "peer": org.peer_a.user,
        "appraiser": org.kasi_a.user,
        "senior": org.lurah_a.user,
        "hr_unit": org.hr_a,
        "hr_other": org.hr_b,
        "outsider": org.outsider,
        "anonymous": None,
    }


def statuses(client, org, url) -> tuple[int, ...]:
    found = []
    for role in ROLES:
        client.logout()
        if (person := people(org)[role]) is not None:
            client.force_login(person)
        found.append(client.get(url).status_code)
    return tuple(found)


def potential(org, employee, level="TINGGI", on=dt.date(2026, 3, 1)):
    return services.potential_record(
        employee=employee,
        actor=org.admin,
        level=level,
        source="ASSESSMENT_CENTER",
        assessed_on=on,
        document_number="800/BKPSDM/12/2026",
    )


def period_of(org, unit, kind, year):
    return Period.objects.filter(unit=unit, kind=kind, year=year).first() or seed_period(org, unit, kind, year)


def annual(org, employee, predicate, year=2025):
    return seed_evaluation(period_of(org, org.kec, "TW4", year), employee, predicate=predicate)


# --- Who sees the profile and the map (the 8 roles of the permission matrix) ---------------------------------------


def test_the_profile_is_seen_by_the_employee_the_appraisers_and_hr_of_the_unit_never_by_a_peer(client, org):
    url = reverse("employee_profile", args=[org.staff_a.pk])
    assert statuses(client, org, url) == (200, 403, 200, 200, 200, 403, 403, 302)


def test_a_refused_profile_is_the_sites_403_page(client, org):
    client.force_login(org.peer_a.user)
    response = client.get(reverse("employee_profile", args=[org.staff_a.pk]))
    assert response.status_code == 403
    assert "Profil kinerja hanya dapat dilihat" in response.content.decode()


def test_leaders_above_see_the_profile(client, org):
    client.force_login(org.camat.user)
    assert client.get(reverse("employee_profile", args=[org.staff_a.pk])).status_code == 200
    client.force_login(org.lurah_b.user)  # a Lurah beside, not above
    assert client.get(reverse("employee_profile", args=[org.staff_a.pk])).status_code == 403


def test_the_talent_map_is_for_leaders_and_hr_only(client, org):
    # The Lurah (senior appraiser here) leads Mantasi; HR of Naioni has the map of Naioni.
    assert statuses(client, org, reverse("talent_map")) == (403, 403, 403, 200, 200, 200, 403, 302)


def test_the_map_xlsx_and_placement_follow_the_map(client, org):
    org.staff_a_pos.serves_public = True
    org.staff_a_pos.save()
    assert statuses(client, org, reverse("talent_map_export")) == (403, 403, 403, 200, 200, 200, 403, 302)
    # HR of Naioni has a map, but the Mantasi counter is outside it.
    url = reverse("talent_placement", args=[org.staff_a_pos.pk])
    assert statuses(client, org, url) == (403, 403, 403, 200, 200, 403, 403, 302)


# --- The map ----------------------------------------------------------------------------------------------------


def test_the_camat_sees_the_kecamatan_on_nine_boxes_and_opens_a_box(client, org):
    annual(org, org.staff_a, "SANGAT_BAIK")
    potential(org, org.staff_a, "TINGGI")
    annual(org, org.staff_b, "BAIK")
    potential(org, org.staff_b, "RENDAH")
    annual(org, org.peer_a, "BAIK")  # no potential: never guessed

    client.force_login(org.camat.user)
    response = client.get(reverse("talent_map"))
    assert response.status_code == 200
    grid = response.context["grid"]
    counts = {cell.box.number: len(cell.people) for _, cells in grid.rows for cell in cells}
    assert counts[9] == 1 and counts[2] == 1 and sum(counts.values()) == 2  # Baik × rendah is box 2
    assert org.peer_a.pk in {p.employee.pk for p in grid.unassessed}
    page = response.content.decode()
    assert "Kotak 9" in page and "potensi belum dinilai" in page

    box = client.get(reverse("talent_map"), {"kotak": 9})
    assert [p.employee.pk for p in box.context["chosen"]["people"]] == [org.staff_a.pk]
    assert reverse("employee_profile", args=[org.staff_a.pk]) in box.content.decode()


def test_the_map_filters_by_unit_and_position_kind(client, org):
    client.force_login(org.camat.user)
    by_unit = client.get(reverse("talent_map"), {"unit": org.kel_b.pk})
    assert {p.employee.pk for p in by_unit.context["grid"].people} == {org.lurah_b.pk, org.staff_b.pk}
    by_kind = client.get(reverse("talent_map"), {"jenis": "PENGAWAS"})
    assert {p.employee.position.kind for p in by_kind.context["grid"].people} == {"PENGAWAS"}


def test_a_lurah_sees_only_the_kelurahan(client, org):
    client.force_login(org.lurah_a.user)
    response = client.get(reverse("talent_map"))
    assert {p.employee.position.unit_id for p in response.context["grid"].people} == {org.kel_a.pk}


@pytest.mark.parametrize("size", [3, 30])
def test_the_maps_queries_do_not_grow_with_the_staff(client, org, size, django_assert_num_queries):
    for employee in staff_of(org.kel_b, size):
        annual(org, employee, "BAIK")
        potential(org, employee, "MENENGAH")
    client.force_login(org.camat.user)
    client.get(reverse("talent_map"))  # warm the session and the per-request caches' tables
    with django_assert_num_queries(15):
        response = client.get(reverse("talent_map"), {"kotak": 5})
    assert len(response.context["chosen"]["people"]) == size


def test_the_map_export_lists_everyone_with_box_and_source(client, org):
    annual(org, org.staff_a, "SANGAT_BAIK")
    potential(org, org.staff_a, "TINGGI")
    client.force_login(org.camat.user)
    response = client.get(reverse("talent_map_export"))
    sheet = load_workbook(io.BytesIO(response.content))["Peta talenta"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[org.staff_a.full_name][8] == 9
    assert "800/BKPSDM/12/2026" in rows[org.staff_a.full_name][7]
    assert rows[org.staff_b.full_name][6] == "potensi belum dinilai"


# --- Potential --------------------------------------------------------------------------------------------------


def test_potential_needs_its_source(client, org):
    client.force_login(org.hr_a)
    url = reverse("potential_record", args=[org.staff_a.pk])
    response = client.post(url, {"level": "TINGGI", "source": "", "assessed_on": "2026-03-01", "document_number": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Potensi hanya dicatat dari hasil penilaian" in page
    assert "nomor dokumen" in page
    assert not PotentialAssessment.objects.exists()

    ok = {"level": "TINGGI", "source": "UJI_KOMPETENSI", "assessed_on": "2026-03-01", "document_number": "UK/01"}
    assert client.post(url, ok).status_code == 302
    record = PotentialAssessment.objects.get()
    assert record.history.count() == 1 and record.recorded_by == org.hr_a


def test_only_hr_of_the_unit_records_potential(client, org):
    url = reverse("potential_record", args=[org.staff_a.pk])
    assert statuses(client, org, url) == (403, 403, 403, 403, 200, 403, 403, 302)
    with pytest.raises(ValidationError):
        services.potential_record(
            employee=org.staff_a, actor=org.hr_a, level="TINGGI", source="", assessed_on=None, document_number=""
        )


# --- The profile ------------------------------------------------------------------------------------------------


def _rated(org, employee, kind, year, result, behaviour, peers=None):
    period = period_of(org, org.kel_a, kind, year)

    ev = seed_evaluation(period, employee, predicate=rules.predicate(result, behaviour))
    ev.result_rating, ev.behaviour_rating, ev.rated_at = result, behaviour, TODAY
    ev.save()
    for ratings in peers or []:
        PeerFeedback.objects.create(evaluation=ev, ratings=ratings)
    return ev


def _answer(pelayanan, other="MEETS"):
    values = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")
    return {v: (pelayanan if v == "PELAYANAN" else other) for v in values}


def test_the_profile_shows_strengths_with_their_evidence(client, org):
    above = [_answer("ABOVE")] * 3
    _rated(org, org.staff_a, "TW1", 2026, "ABOVE", "MEETS", peers=above)
    _rated(org, org.staff_a, "TW2", 2026, "ABOVE", "MEETS", peers=above)
    _rated(org, org.staff_a, "TW3", 2026, "MEETS", "MEETS", peers=[_answer("ABOVE")] * 2)  # below the threshold

    client.force_login(org.kasi_a.user)
    response = client.get(reverse("employee_profile", args=[org.staff_a.pk]))
    codes = {f.code for f in response.context["profile"].strengths}
    assert codes == {"HASIL_KUAT", "NILAI_PELAYANAN_KUAT"}
    page = response.content.decode()
    assert "Nilai Berorientasi Pelayanan menonjol" in page
    assert "pada 2 dari 2 periode yang cukup tanggapannya" in page  # TW3's two answers are not counted
    assert "3 / 0 / 0" in page  # the appraiser sees the counts
    assert "belum cukup tanggapan" in page


def test_the_employee_sees_strengths_but_not_the_peers_counts(client, org):
    above = [_answer("ABOVE")] * 3
    _rated(org, org.staff_a, "TW1", 2026, "ABOVE", "MEETS", peers=above)
    _rated(org, org.staff_a, "TW2", 2026, "ABOVE", "MEETS", peers=above)
    client.force_login(org.staff_a.user)
    page = client.get(reverse("employee_profile", args=[org.staff_a.pk])).content.decode()
    assert "Nilai Berorientasi Pelayanan menonjol" in page
    assert "3 / 0 / 0" not in page


# --- Development plan -------------------------------------------------------------------------------------------


def _dialogue(org):
    return PerformanceDialogue.objects.create(
        employee=org.staff_a, appraiser=org.kasi_a, held_on=dt.date(2026, 10, 1), topic="Pelayanan", notes="Dibahas"
    )


def test_the_appraiser_records_an_agreed_action_and_both_follow_it(client, org):
    dialogue = _dialogue(org)
    client.force_login(org.kasi_a.user)
    url = reverse("development_agree", args=[org.staff_a.pk])
    data = {
        "need": "LAINNYA",
        "other_need": "Komunikasi dengan warga",
        "dialogue": dialogue.pk,
        "kind": "PELATIHAN",
        "description": "Pelatihan pelayanan prima",
        "target_date": "2027-03-31",
    }
    assert client.post(url, data).status_code == 302
    action = DevelopmentAction.objects.get()
    assert action.agreed_by == org.kasi_a and action.dialogue == dialogue

    client.force_login(org.staff_a.user)
    progress = reverse("development_progress", args=[action.pk])
    client.post(progress, {"status": "BERJALAN", "note": "Terdaftar angkatan I"})
    action.refresh_from_db()
    assert action.status == DevelopmentStatus.IN_PROGRESS and action.history.count() == 2
    # The employee may not cancel on their own.
    client.post(progress, {"status": "BATAL"})
    action.refresh_from_db()
    assert action.status == DevelopmentStatus.IN_PROGRESS

    client.force_login(org.peer_a.user)
    assert client.post(progress, {"status": "SELESAI"}).status_code == 403
    assert statuses(client, org, url) == (403, 403, 200, 403, 403, 403, 403, 302)


def test_an_action_needs_a_held_dialogue_and_a_future_target(client, org):
    with pytest.raises(ValidationError) as error:
        services.development_action_agree(
            employee=org.staff_a,
            actor=org.kasi_a.user,
            dialogue=None,
            need_code="LAINNYA",
            need_label="x",
            kind="PELATIHAN",
            description="y",
            target_date=dt.date(2020, 1, 1),
        )
    assert set(error.value.error_dict) == {"dialogue", "target_date"}


def test_the_plan_appears_in_the_next_evaluation_and_in_hrs_training_needs(client, org):
    dialogue = _dialogue(org)
    services.development_action_agree(
        employee=org.staff_a,
        actor=org.kasi_a.user,
        dialogue=dialogue,
        need_code="LAINNYA",
        need_label="=Komunikasi",
        kind="PELATIHAN",
        description="Pelatihan pelayanan prima",
        target_date=dt.date(2027, 3, 31),
    )
    period = seed_period(org, org.kel_a, kind="TW4", year=2026)
    ev = seed_evaluation(period, org.staff_a, status=EvaluationStatus.RATING)
    client.force_login(org.kasi_a.user)
    assert "Pelatihan pelayanan prima" in client.get(reverse("evaluation_detail", args=[ev.pk])).content.decode()

    client.force_login(org.hr_a)
    response = client.get(reverse("training_needs_export"))
    rows = list(load_workbook(io.BytesIO(response.content))["Kebutuhan pelatihan"].iter_rows(values_only=True))
    assert rows[1][0] == org.staff_a.full_name and rows[1][4] == "'=Komunikasi"  # safe_cell
    client.force_login(org.hr_b)  # another unit's HR: an empty list
    rows = list(
        load_workbook(io.BytesIO(client.get(reverse("training_needs_export")).content))[
            "Kebutuhan pelatihan"
        ].iter_rows(values_only=True)
    )
    assert len(rows) == 1
    client.force_login(org.camat.user)
    assert client.get(reverse("training_needs_export")).status_code == 403


# --- Placement advice -------------------------------------------------------------------------------------------


def test_placement_ranks_on_evidence_that_passes_the_anonymity_rule_only(client, org):
    org.staff_b_pos.serves_public = True
    org.staff_b_pos.save()
    values = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")
    warm = {v: "ABOVE" for v in values}
    for kind in ("TW2", "TW3"):
        _rated(org, org.staff_a, kind, 2026, "MEETS", "MEETS", peers=[warm] * 3)
        _rated(org, org.peer_a, kind, 2026, "MEETS", "MEETS", peers=[warm] * 2)  # under 3: never used

    client.force_login(org.camat.user)
    response = client.get(reverse("talent_placement", args=[org.staff_b_pos.pk]))
    assert response.status_code == 200
    assert [c.employee.pk for c in response.context["ranked"]] == [org.staff_a.pk]
    unranked = {c.employee.pk: c for c in response.context["unranked"]}
    assert unranked[org.peer_a.pk].peer_periods == 0
    assert org.staff_b.pk not in unranked  # the position's own holder is not a candidate
    assert "bukan keputusan" in response.content.decode()


def test_placement_is_only_for_positions_serving_the_public(client, org):
    client.force_login(org.camat.user)
    assert client.get(reverse("talent_placement", args=[org.staff_b_pos.pk])).status_code == 404


def test_hr_marks_a_position_as_serving_the_public_on_the_position_form(client, org):
    client.force_login(org.hr_a)
    data = {
        "title": org.staff_a_pos.title,
        "kind": org.staff_a_pos.kind,
        "unit": org.kel_a.pk,
        "parent": org.kasi_a_pos.pk,
        "serves_public": "on",
    }
    assert client.post(reverse("position_update", args=[org.staff_a_pos.pk]), data).status_code == 302
    org.staff_a_pos.refresh_from_db()
    assert org.staff_a_pos.serves_public
    assert org.staff_a_pos.history.first().serves_public


def test_the_profile_charts_the_officers_ikm_and_reads_an_ikm_strength(client, org):
    for kind, value in (("TW1", "90.10"), ("TW2", "91.00")):
        ev = _rated(org, org.staff_a, kind, 2026, "MEETS", "MEETS")
        ev.public_service = {"available": True, "handled": 12, "completed": 12, "survey_responses": 6, "ikm": value}
        ev.public_service["ikm_quality"] = "A"
        ev.save()
    _rated(org, org.staff_a, "TW3", 2026, "MEETS", "MEETS")  # no answers: a column without a bar

    client.force_login(org.lurah_a.user)
    response = client.get(reverse("employee_profile", args=[org.staff_a.pk]))
    columns = [(c.label, c.value) for c in response.context["ikm_chart"].columns]
    assert columns == [("I/26", Decimal("90.10")), ("II/26", Decimal("91.00")), ("III/26", None)]
    assert "IKM_KUAT" in {f.code for f in response.context["profile"].strengths}
    assert "Dinilai sangat baik oleh masyarakat" in response.content.decode()


def test_the_profiles_queries_do_not_grow_with_its_periods(client, org, django_assert_max_num_queries):
    for kind in ("TW1", "TW2", "TW3", "TW4"):
        _rated(org, org.staff_a, kind, 2025, "ABOVE", "MEETS", peers=[_answer("ABOVE")] * 3)
    client.force_login(org.kasi_a.user)
    client.get(reverse("employee_profile", args=[org.staff_a.pk]))
    with django_assert_max_num_queries(30):
        client.get(reverse("employee_profile", args=[org.staff_a.pk]))
