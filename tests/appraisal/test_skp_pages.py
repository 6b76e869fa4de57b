"""SKP planning through the pages: draft, submit, return with notes, fix, approve; who may open what; HR tools."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from appraisal.models import Employee, PerformancePlan, PlanStatus
from appraisal.skp.services import behaviours_update
from tests.skp_helpers import approved_plan, draft_plan
from workflows.models import TaskReassignment
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task
from workflows.steps.skp import plan_submit

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def march_2026():
    """Plans are drafted for "this year": pin it to 2026, the year the helpers use."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA), tick=True):
        yield


@pytest.fixture
def chain(org):
    """Approved SKPs down to the Kasi of Mantasi, so staff_a can link to her RHK (as in test_skp_flow)."""
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang: tata kelola pemerintahan")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    return approved_plan(org.kasi_a, supports=lurah.results.get())


@pytest.fixture
def submitted(org, chain):
    """staff_a's SKP waiting for kasi_a's review."""
    plan = draft_plan(org.staff_a, supports=chain.results.get(), text="Tersusunnya arsip surat masuk")
    plan_submit(plan=plan, actor=org.staff_a.user)
    return PerformancePlan.objects.get(pk=plan.pk)


def login(client, person):
    client.force_login(person.user if isinstance(person, Employee) else person)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def rhk_post(supports_id, rows, *, text="Terlayaninya surat keterangan domisili", initial=0):
    """The add/edit RHK form as the browser sends it: `rows` are (aspect, text, target, unit[, delete])."""
    data = {
        "form": "rhk",
        "rhk-kind": "UTAMA",
        "rhk-text": text,
        "rhk-supports": str(supports_id),
        "iki-TOTAL_FORMS": str(len(rows)),
        "iki-INITIAL_FORMS": str(initial),
        "iki-MIN_NUM_FORMS": "0",
        "iki-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        aspect, iki, target, unit, *delete = row
        data.update(
            {
                f"iki-{n}-aspect": aspect,
                f"iki-{n}-text": iki,
                f"iki-{n}-target_value": target,
                f"iki-{n}-target_unit": unit,
            }
        )
        if delete:
            data[f"iki-{n}-DELETE"] = "on"
    return data


# --- the whole journey -------------------------------------------------------------------------


def test_draft_return_fix_and_approve_through_the_pages(client, org, chain):
    kasi_rhk = chain.results.get()
    staff, kasi = org.staff_a.user, org.kasi_a.user

    # The employee opens her SKP for this year and sees her Kasi's RHK to link to.
    login(client, staff)
    assert "Susun SKP 2026" in client.get(reverse("skp_mine")).content.decode()
    response = client.post(reverse("skp_mine"), {"year": "2026"})
    plan = PerformancePlan.objects.get(employee=org.staff_a, year=2026)
    assert response["Location"] == reverse("skp_edit", args=[plan.pk])
    page = client.get(reverse("skp_edit", args=[plan.pk])).content.decode()
    assert f"[Utama] {kasi_rhk.text}" in page

    # A bad target in a third row added in the browser: nothing saved, every typed value comes back.
    rows = [
        ("KUANTITAS", "Jumlah surat domisili terlayani", "120", "surat"),
        ("WAKTU", "Waktu penyelesaian", "1", "hari"),
        ("KUALITAS", "Persentase surat tanpa revisi ketiga", "sembilan puluh", ""),
    ]
    response = client.post(reverse("skp_edit", args=[plan.pk]), rhk_post(kasi_rhk.pk, rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Persentase surat tanpa revisi ketiga" in page
    assert 'value="sembilan puluh"' in page
    assert "Isi target dengan angka" in page
    assert "Bagian ini wajib diisi." in page
    assert plan.results.count() == 0

    # Removing the third row saves the RHK with two indicators.
    rows[2] = (*rows[2], "delete")
    response = client.post(reverse("skp_edit", args=[plan.pk]), rhk_post(kasi_rhk.pk, rows))
    assert response.status_code == 302
    result = plan.results.get()
    assert result.supports == kasi_rhk
    assert [i.text for i in result.indicators.all()] == ["Jumlah surat domisili terlayani", "Waktu penyelesaian"]

    # The leader's special expectations are not the employee's to write (PermenPANRB 6/2022, Lampiran).
    client.post(reverse("skp_edit", args=[plan.pk]), {"form": "perilaku", "perilaku-PELAYANAN": "Ramah kepada warga"})
    assert plan.behaviours.get(core_value="PELAYANAN").expectation == ""

    response = client.post(reverse("skp_submit", args=[plan.pk]))
    assert response["Location"] == reverse("skp_detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    # The Kasi finds the task in her inbox and sees both RHK side by side.
    login(client, kasi)
    inbox = client.get(reverse("inbox")).content.decode()
    assert "Tinjau SKP" in inbox and org.staff_a.full_name in inbox
    assert reverse("skp_review", args=[plan.pk]) in inbox
    review = client.get(reverse("skp_review", args=[plan.pk])).content.decode()
    assert result.text in review and kasi_rhk.text in review

    response = client.post(
        reverse("skp_review", args=[plan.pk]),
        {"action": "return", "note": "", f"note_{result.pk}": "Target waktu terlalu longgar"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED

    # The employee reads the note next to the RHK, fixes the target and submits again.
    login(client, staff)
    assert "Target waktu terlalu longgar" in client.get(reverse("skp_edit", args=[plan.pk])).content.decode()
    fixed = [rows[0], ("WAKTU", "Waktu penyelesaian", "0,5", "hari")]
    response = client.post(
        reverse("skp_result_edit", args=[plan.pk, result.pk]), rhk_post(kasi_rhk.pk, fixed, text=result.text, initial=2)
    )
    assert response.status_code == 302
    assert str(result.indicators.get(aspect="WAKTU").target_value) == "0.50"
    client.post(reverse("skp_submit", args=[plan.pk]))

    login(client, kasi)
    response = client.post(reverse("skp_review", args=[plan.pk]), {"action": "approve"})
    assert response["Location"] == reverse("skp_detail", args=[plan.pk])
    assert "Disetujui" in client.get(reverse("skp_detail", args=[plan.pk])).content.decode()

    # A second click on "Setujui" (another tab) is told the task is done, not a server error.
    response = client.post(reverse("skp_review", args=[plan.pk]), {"action": "approve"})
    assert response.status_code == 302
    assert response["Location"] == reverse("skp_detail", args=[plan.pk])
    assert any("sudah diselesaikan" in m for m in texts(response))

    response = client.get(reverse("skp_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="SKP-2026-{org.staff_a.nip}-v1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    history = client.get(reverse("skp_history", args=[plan.pk])).content.decode()
    assert "Target waktu terlalu longgar" in history  # the note, as an object of the history
    assert "Ester Foenay" in history and "Alfons Sabu" in history  # actors by employee name
    assert "Diajukan" in history and "Disetujui" in history  # status change old → new
    assert "Waktu penyelesaian" in history  # indicators, including the replaced ones


def test_submission_shows_which_link_is_missing(client, org):
    plan = draft_plan(org.staff_b)  # no RHK of Lurah Naioni to support
    login(client, org.staff_b)
    response = client.post(reverse("skp_submit", args=[plan.pk]), follow=True)
    page = response.content.decode()
    assert "belum dikaitkan dengan RHK atasan" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_return_without_any_note_is_refused_on_the_page(client, org, submitted):
    login(client, org.kasi_a)
    response = client.post(reverse("skp_review", args=[submitted.pk]), {"action": "return", "note": " "})
    assert response.status_code == 200
    assert "Tuliskan paling sedikit satu catatan" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_submitted_plan_cannot_be_edited_and_the_owner_is_told_why(client, org, submitted):
    login(client, org.staff_a)
    response = client.get(reverse("skp_edit", args=[submitted.pk]))
    assert response["Location"] == reverse("skp_detail", args=[submitted.pk])
    assert any("tidak dapat diubah" in m for m in texts(response))


def test_approved_plan_is_revised_with_a_reason_into_version_2(client, org, submitted):
    login(client, org.kasi_a).post(reverse("skp_review", args=[submitted.pk]), {"action": "approve"})
    login(client, org.staff_a)
    assert "Buat versi baru" in client.get(reverse("skp_detail", args=[submitted.pk])).content.decode()
    response = client.post(reverse("skp_revise", args=[submitted.pk]), {"reason": ""})
    assert any("alasan" in m for m in texts(response))
    response = client.post(reverse("skp_revise", args=[submitted.pk]), {"reason": "Tambahan tugas posyandu"})
    v2 = PerformancePlan.objects.get(employee=org.staff_a, year=2026, version=2)
    assert response["Location"] == reverse("skp_edit", args=[v2.pk])
    page = client.get(reverse("skp_detail", args=[v2.pk])).content.decode()
    assert reverse("skp_detail", args=[submitted.pk]) in page  # link back to version 1


# --- who may open what -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["skp_detail", "skp_edit", "skp_review", "skp_pdf", "skp_history"])
@pytest.mark.parametrize("who", ["peer_a", "outsider", "hr_b", "staff_b"])
def test_people_outside_the_plan_get_404(client, org, submitted, name, who):
    login(client, getattr(org, who))
    assert client.get(reverse(name, args=[submitted.pk])).status_code == 404


@pytest.mark.parametrize("who", ["staff_a", "kasi_a", "lurah_a", "camat", "hr_a", "hr_kec", "admin"])
def test_employee_appraisers_leaders_and_hr_of_the_unit_see_the_plan(client, org, submitted, who):
    response = login(client, getattr(org, who)).get(reverse("skp_detail", args=[submitted.pk]))
    assert response.status_code == 200
    assert "Tersusunnya arsip surat masuk" in response.content.decode()


@pytest.mark.parametrize("who", ["staff_a", "lurah_a", "hr_a"])
def test_only_the_task_owner_may_open_the_review_page(client, org, submitted, who):
    login(client, getattr(org, who))
    assert client.get(reverse("skp_review", args=[submitted.pk])).status_code == 403
    assert client.post(reverse("skp_review", args=[submitted.pk]), {"action": "approve"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_only_the_reviewer_sees_the_review_button(client, org, submitted):
    review_url = reverse("skp_review", args=[submitted.pk])
    assert review_url in login(client, org.kasi_a).get(reverse("skp_detail", args=[submitted.pk])).content.decode()
    assert review_url not in login(client, org.lurah_a).get(reverse("skp_detail", args=[submitted.pk])).content.decode()


def test_anonymous_visitor_is_sent_to_login(client, org, submitted):
    response = client.get(reverse("skp_detail", args=[submitted.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- HR: bulk start and reassignment -----------------------------------------------------------


def test_hr_opens_plans_for_mantasi_and_existing_ones_are_skipped(client, org):
    draft_plan(org.staff_a)
    login(client, org.hr_a)
    response = client.post(reverse("skp_bulk_start"), {"unit": org.kel_a.pk, "year": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 SKP dibuat" in page
    assert org.staff_a.full_name in page and "sudah memiliki SKP tahun 2026" in page
    opened = set(PerformancePlan.objects.filter(year=2026, unit=org.kel_a).values_list("employee__name", flat=True))
    assert opened == {org.lurah_a.name, org.kasi_a.name, org.staff_a.name, org.peer_a.name}


def test_hr_cannot_open_plans_outside_their_units(client, org):
    login(client, org.hr_b)
    response = client.post(reverse("skp_bulk_start"), {"unit": org.kel_a.pk, "year": "2026"})
    assert response.status_code == 200
    assert not PerformancePlan.objects.exists()
    assert login(client, org.staff_a).get(reverse("skp_bulk_start")).status_code == 403


def test_hr_reassigns_the_review_with_a_reason_and_the_new_owner_sees_it(client, org, submitted):
    task = open_task(submitted.process, SkpFlow.review)
    login(client, org.hr_a)
    detail = client.get(reverse("skp_detail", args=[submitted.pk])).content.decode()
    url = reverse("task_reassign", args=[task.pk])
    assert url in detail and org.kasi_a.full_name in detail

    response = client.post(url, {"to_user": org.lurah_a.user.pk, "reason": "  "})
    assert response.status_code == 200
    assert "Tuliskan alasan pengalihan tugas." in response.content.decode()
    assert open_task(submitted.process, SkpFlow.review).owner == org.kasi_a.user

    response = client.post(url, {"to_user": org.lurah_a.user.pk, "reason": "Kasi cuti melahirkan"})
    assert response["Location"] == reverse("skp_detail", args=[submitted.pk])
    assert open_task(submitted.process, SkpFlow.review).owner == org.lurah_a.user
    assert TaskReassignment.objects.get(task=task).reason == "Kasi cuti melahirkan"

    login(client, org.lurah_a)
    assert reverse("skp_review", args=[submitted.pk]) in client.get(reverse("inbox")).content.decode()
    client.post(reverse("skp_review", args=[submitted.pk]), {"action": "approve"})
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED and submitted.approved_by == org.lurah_a


@pytest.mark.parametrize(("who", "status"), [("hr_b", 404), ("kasi_a", 403), ("staff_a", 403)])
def test_only_hr_of_the_unit_may_reassign(client, org, submitted, who, status):
    task = open_task(submitted.process, SkpFlow.review)
    response = login(client, getattr(org, who)).post(
        reverse("task_reassign", args=[task.pk]), {"to_user": org.lurah_a.user.pk, "reason": "x"}
    )
    assert response.status_code == status
    assert open_task(submitted.process, SkpFlow.review).owner == org.kasi_a.user


def test_reassigning_a_finished_task_says_so(client, org, submitted):
    task = open_task(submitted.process, SkpFlow.review)
    login(client, org.kasi_a).post(reverse("skp_review", args=[submitted.pk]), {"action": "approve"})
    response = login(client, org.hr_a).get(reverse("task_reassign", args=[task.pk]))
    assert response["Location"] == reverse("skp_detail", args=[submitted.pk])
    assert any("sudah diselesaikan" in m for m in texts(response))


# --- cascade -----------------------------------------------------------------------------------


def test_cascade_shows_staff_rhk_under_the_rhk_they_support(client, org, chain):
    draft_plan(org.staff_a, supports=chain.results.get(), text="Tersusunnya arsip surat masuk")
    login(client, org.lurah_a)
    assert (
        reverse("skp_cascade", args=[org.kel_a.pk, 2026])
        in client.get(reverse("unit_detail", args=[org.kel_a.pk])).content.decode()
    )
    page = client.get(reverse("skp_cascade", args=[org.kel_a.pk, 2026])).content.decode()
    lurah_rhk = f"Terlaksananya tugas {org.lurah_a.name}"
    kasi_rhk = f"Terlaksananya tugas {org.kasi_a.name}"
    assert page.index(lurah_rhk) < page.index(kasi_rhk) < page.index("Tersusunnya arsip surat masuk")
    # Nested: the staff RHK sits inside the Kasi's list item, which sits inside the Lurah's.
    kasi_item = page[page.index(kasi_rhk) :]
    assert kasi_item.index("Tersusunnya arsip surat masuk") < kasi_item.index("</li>")
    assert login(client, org.lurah_b).get(reverse("skp_cascade", args=[org.kel_a.pk, 2026])).status_code == 404


def test_a_locked_process_asks_to_try_again_instead_of_failing(client, org, submitted, monkeypatch):
    from viewflow.workflow.exceptions import FlowLockFailed

    from workflows.steps import skp as services

    def locked(**kwargs):
        raise FlowLockFailed("locked")

    monkeypatch.setattr(services, "plan_approve", locked)
    response = login(client, org.kasi_a).post(reverse("skp_review", args=[submitted.pk]), {"action": "approve"})
    assert response["Location"] == reverse("skp_detail", args=[submitted.pk])
    assert any("coba lagi" in m for m in texts(response))


def test_the_appraiser_writes_the_leaders_expectations_on_the_review_page(client, org, submitted):
    """Ekspektasi khusus pimpinan is the superior's (PermenPANRB 6/2022, Lampiran); the employee reads it."""
    plan = submitted
    with pytest.raises(PermissionDenied):
        behaviours_update(plan=plan, actor=org.staff_a.user, expectations={"PELAYANAN": "Saya sendiri"})
    client.force_login(org.kasi_a.user)
    url = reverse("skp_review", args=[plan.pk])
    assert 'name="perilaku-PELAYANAN"' in client.get(url).content.decode()
    response = client.post(url, {"action": "perilaku", "perilaku-PELAYANAN": "Sapa warga dengan ramah"})
    assert response.status_code == 302
    assert plan.behaviours.get(core_value="PELAYANAN").expectation == "Sapa warga dengan ramah"
    client.force_login(org.staff_a.user)
    assert "Sapa warga dengan ramah" in client.get(reverse("skp_detail", args=[plan.pk])).content.decode()
