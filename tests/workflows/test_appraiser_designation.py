"""Where the chart has no Pejabat Penilai Kinerja (the Sekda, appraised by the kepala daerah outside the system),
only the official HR designated by letter reviews and rates; never an administrator, never HR itself
(PermenPANRB 6/2022: the Pejabat Penilai Kinerja is the superior; issue 10, item 4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appraisal import policy
from appraisal.models import AppraiserDesignation
from appraisal.policy import StepRole
from tests.factories import UserFactory, make_hr
from tests.skp_helpers import draft_plan
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task
from workflows.steps.reassign import appraiser_designate, reassign_task
from workflows.steps.skp import plan_approve, plan_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(org):
    plan = draft_plan(org.sekda, top_text="RPJMD Kota Kupang")
    plan_submit(plan=plan, actor=org.sekda.user)
    return plan


@pytest.fixture
def hr_city(org):
    return make_hr("hr_kota", org.pemkot)


@pytest.fixture
def walikota():
    return UserFactory(username="walikota.kupang")


def test_without_a_designation_nobody_holds_the_review_not_even_an_administrator(org, submitted, hr_city):
    task = open_task(submitted.process, SkpFlow.review)
    assert task.owner is None
    assert not policy.step_holders(StepRole.APPRAISER, submitted).exists()
    for who in (org.admin, hr_city):
        with pytest.raises(ValidationError, match="tidak berwenang"):
            reassign_task(task, to_user=who, by=hr_city, reason="Tidak ada atasan")
        with pytest.raises(PermissionDenied):
            plan_approve(plan=submitted, actor=who)


def test_the_designated_official_gets_the_waiting_review_and_approves(org, submitted, hr_city, walikota):
    moved = appraiser_designate(employee=org.sekda, year=2026, official=walikota, letter="800/12/2026", by=hr_city)
    assert [t.owner for t in moved] == [walikota]
    assert policy.can_view_plan(walikota, submitted)
    assert list(policy.step_holders(StepRole.APPRAISER, submitted)) == [walikota]
    plan_approve(plan=submitted, actor=walikota)
    submitted.refresh_from_db()
    assert submitted.status == "APPROVED"
    designation = AppraiserDesignation.objects.get()
    assert (designation.letter, designation.designated_by) == ("800/12/2026", hr_city)
    assert designation.history.get().history_user == hr_city


@pytest.mark.parametrize(
    ("who", "official", "message"),
    [
        ("hr_city", "hr_city", "kepegawaian tidak menilai"),
        ("hr_city", "other_hr", "kepegawaian tidak menilai"),
        ("hr_city", "sekda", "kepegawaian tidak menilai"),
        ("hr_a", "walikota", "Hanya admin kepegawaian unit pegawai ini"),
    ],
)
def test_hr_cannot_designate_itself_another_hr_the_employee_or_outside_its_scope(
    org, submitted, hr_city, walikota, who, official, message
):
    people = {
        "hr_city": hr_city,
        "other_hr": org.hr_kec,
        "sekda": org.sekda.user,
        "walikota": walikota,
        "hr_a": org.hr_a,
    }
    with pytest.raises(PermissionDenied, match=message):
        appraiser_designate(employee=org.sekda, year=2026, official=people[official], letter="1", by=people[who])
    assert not AppraiserDesignation.objects.exists()
    assert open_task(submitted.process, SkpFlow.review).owner is None


def test_no_designation_where_the_chart_has_an_appraiser(org, walikota):
    with pytest.raises(PermissionDenied, match="penunjukan tidak diperlukan"):
        appraiser_designate(employee=org.staff_a, year=2026, official=walikota, letter="1", by=org.hr_a)


def test_the_letter_is_required(org, submitted, hr_city, walikota):
    with pytest.raises(ValidationError):
        appraiser_designate(employee=org.sekda, year=2026, official=walikota, letter=" ", by=hr_city)
    assert not AppraiserDesignation.objects.exists()


def test_the_designation_page(client, org, submitted, hr_city, walikota):
    from django.urls import reverse

    client.force_login(hr_city)
    url = reverse("appraiser_designate", args=[org.sekda.pk])
    assert (
        "Tunjuk Pejabat Penilai Kinerja" in client.get(reverse("employee_detail", args=[org.sekda.pk])).content.decode()
    )
    bad = client.post(url, {"official": "tidak-ada", "letter": "1"})
    assert bad.status_code == 200 and "Tidak ada akun aktif" in bad.content.decode()
    done = client.post(url, {"official": walikota.username, "letter": "800/12/2026"})
    assert done.status_code == 302
    assert open_task(submitted.process, SkpFlow.review).owner == walikota
    client.force_login(org.hr_a)  # HR of a kelurahan: not the Sekda's
    assert client.get(url).status_code == 403


def test_the_skp_document_names_the_designated_official(org, submitted, hr_city, walikota):
    import io

    from pypdf import PdfReader

    from appraisal.documents.pdf import render_plan_pdf

    walikota.first_name, walikota.last_name = "Yohanes", "Manafe"
    walikota.save()
    appraiser_designate(employee=org.sekda, year=2026, official=walikota, letter="800/12/2026", by=hr_city)
    plan_approve(plan=submitted, actor=walikota)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_plan_pdf(submitted.pk))).pages)
    assert "Yohanes Manafe" in text and "800/12/2026" in text
