"""SKP planning over the API, as the real people do it: draft, review loop, approval, PDF, new version."""

import pytest

from appraisal.models import PerformancePlan, PlanStatus
from tests.api.conftest import error_fields, ids
from tests.skp_helpers import draft_plan
from tests.workflows.test_skp_flow import chain  # noqa: F401 - the approved SKP cascade down to kasi_a
from workflows.steps.skp import plan_submit

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"


def url(plan_id, action=""):
    return f"{PLANS}{plan_id}/{action + '/' if action else ''}"


def rhk(supports, *, text="Terlayaninya surat keterangan warga", value="120", unit="surat"):
    return {
        "kind": "UTAMA",
        "text": text,
        "supports": supports,
        "indicators": [
            {"aspect": "KUANTITAS", "text": "Jumlah surat keterangan", "target_value": value, "target_unit": unit},
            {"aspect": "WAKTU", "text": "Surat selesai di hari yang sama", "target_value": "1", "target_unit": "hari"},
        ],
    }


@pytest.fixture
def submitted(org, chain):  # noqa: F811
    """staff_a's SKP, linked to her Kasi's approved RHK and waiting for the Kasi's review."""
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    return plan


# --- the whole loop --------------------------------------------------------------------------


def test_draft_return_with_rhk_note_resubmit_approve_pdf_and_new_version(org, chain, api_as):  # noqa: F811
    staff = api_as(org.staff_a.user)
    kasi = api_as(org.kasi_a.user)
    kasi_rhk = chain.results.get()

    created = staff.post(PLANS, {"year": 2026}, format="json")
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert (plan["status"], plan["version"], plan["year"]) == ("DRAFT", 1, 2026)
    assert plan["appraiser"]["id"] == org.kasi_a.id
    assert plan["position_title"] == "Pengadministrasi Umum"
    assert plan["unit_name"] == "Kelurahan Mantasi"
    assert plan["can_edit"] is True
    assert [b["core_value"] for b in plan["behaviours"]][:2] == ["PELAYANAN", "AKUNTABEL"]
    assert plan["links"]["page"] == f"/skp/{plan['id']}/"
    assert plan["links"]["pdf"].endswith(url(plan["id"], "pdf"))
    pid = plan["id"]

    added = staff.post(url(pid, "results"), rhk(kasi_rhk.id), format="json")
    assert added.status_code == 201, added.json()
    rid = added.json()["id"]
    assert added.json()["supports"] == {"id": kasi_rhk.id, "text": kasi_rhk.text}
    assert [i["target_display"] for i in added.json()["indicators"]] == ["120 surat", "1 hari"]

    lampiran = staff.patch(url(pid), {"resource_support": "Printer dan ATK"}, format="json")
    assert lampiran.status_code == 200
    assert lampiran.json()["resource_support"] == "Printer dan ATK"
    # Ekspektasi khusus pimpinan: the appraiser writes it (PermenPANRB 6/2022, Lampiran), not the employee.
    refused = staff.put(url(pid, "behaviours"), {"PELAYANAN": "Senyum dan sapa warga"}, format="json")
    assert refused.status_code == 403 and "pejabat penilai kinerja" in refused.json()["detail"]
    behaviours = kasi.put(url(pid, "behaviours"), {"PELAYANAN": "Senyum dan sapa warga"}, format="json")
    assert behaviours.status_code == 200
    assert behaviours.json()[0] == {
        **behaviours.json()[0],
        "core_value": "PELAYANAN",
        "expectation": "Senyum dan sapa warga",
    }

    assert staff.post(url(pid, "submit")).json()["status"] == "SUBMITTED"
    # Submitted: the employee can no longer change it, and is told why.
    locked = staff.patch(url(pid), {"consequences": "x"}, format="json")
    assert locked.status_code == 409
    assert locked.json()["code"] == "plan_locked"
    assert "Diajukan" in locked.json()["detail"]

    returned = kasi.post(
        url(pid, "return"),
        {"note": "Lengkapi lampiran", "result_notes": {str(rid): "Target terlalu rendah untuk setahun"}},
        format="json",
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["status"] == "RETURNED"

    seen = staff.get(url(pid)).json()
    [result] = seen["results"]
    assert [n["text"] for n in result["notes"]] == ["Target terlalu rendah untuk setahun"]
    assert result["notes"][0]["author"] == "kasi_a"
    assert [(n["result"], n["text"]) for n in seen["notes"]] == [
        (None, "Lengkapi lampiran"),
        (rid, "Target terlalu rendah untuk setahun"),
    ]
    assert seen["can_edit"] is True

    edited = staff.put(url(pid, f"results/{rid}"), rhk(kasi_rhk.id, value="240"), format="json")
    assert edited.status_code == 200
    assert edited.json()["indicators"][0]["target_value"] == "240.00"
    assert staff.post(url(pid, "submit")).status_code == 200

    approved = kasi.post(url(pid, "approve"))
    assert approved.status_code == 200
    assert approved.json()["status"] == "APPROVED"
    assert approved.json()["approved_by"]["id"] == org.kasi_a.id
    assert approved.json()["can_edit"] is False

    pdf = staff.get(url(pid, "pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"SKP-2026-{org.staff_a.nip}-v1.pdf" in pdf["Content-Disposition"]

    revised = staff.post(url(pid, "revise"), {"reason": "Penambahan tugas pelayanan"}, format="json")
    assert revised.status_code == 201, revised.json()
    v2 = revised.json()
    assert (v2["version"], v2["status"], v2["previous_version"]) == (2, "DRAFT", pid)
    assert v2["revision_reason"] == "Penambahan tugas pelayanan"
    assert [r["indicators"][0]["target_value"] for r in v2["results"]] == ["240.00"]
    v1 = staff.get(url(pid)).json()
    assert (v1["status"], v1["next_version"]) == ("APPROVED", v2["id"])

    assert staff.post(url(v2["id"], "submit")).status_code == 200
    assert kasi.post(url(v2["id"], "approve")).status_code == 200
    assert staff.get(url(pid)).json()["status"] == "SUPERSEDED"
    assert staff.get(url(pid, "pdf")).status_code == 200  # the old version stays readable


def test_submission_with_a_missing_link_names_the_appraiser(org, api_as):
    kasi_draft = draft_plan(org.kasi_a)  # the Kasi's own SKP is not approved yet
    plan = draft_plan(org.staff_a, supports=kasi_draft.results.get())

    response = api_as(org.staff_a.user).post(url(plan.pk, "submit"))

    assert response.status_code == 400
    [message] = response.json()["errors"]["non_field_errors"]
    assert org.kasi_a.full_name in message
    assert "belum disetujui" in message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_submission_lists_everything_missing(org, api_as):
    plan = PerformancePlan.objects.get(pk=api_as(org.staff_a.user).post(PLANS, {"year": 2026}).json()["id"])

    response = api_as(org.staff_a.user).post(url(plan.pk, "submit"))

    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]
    assert all(isinstance(m, str) and m for m in response.json()["errors"]["non_field_errors"])
    assert api_as(org.staff_a.user).get(url(plan.pk)).json()["status"] == "DRAFT"


def test_a_second_approval_is_a_conflict(org, submitted, api_as):
    kasi = api_as(org.kasi_a.user)

    assert kasi.post(url(submitted.pk, "approve")).status_code == 200
    second = kasi.post(url(submitted.pk, "approve"))

    assert second.status_code == 409
    assert second.json()["code"] == "task_not_open"
    assert second.json()["detail"]
    assert submitted.history.filter(status=PlanStatus.APPROVED).count() == 1


def test_returning_needs_a_note_and_only_rhk_of_this_plan(org, submitted, chain, api_as):  # noqa: F811
    kasi = api_as(org.kasi_a.user)

    empty = kasi.post(url(submitted.pk, "return"), {"note": "  "}, format="json")
    foreign = kasi.post(
        url(submitted.pk, "return"), {"result_notes": {str(chain.results.get().pk): "x"}}, format="json"
    )
    not_an_id = kasi.post(url(submitted.pk, "return"), {"result_notes": {"rhk-1": "x"}}, format="json")

    assert empty.status_code == 400
    assert "catatan" in empty.json()["errors"]["non_field_errors"][0]
    assert foreign.status_code == 400
    assert not_an_id.status_code == 400
    assert "result_notes" in error_fields(not_an_id)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
    assert not submitted.notes.exists()


# --- who may see and do what ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["peer_a", "outsider", "hr_b", "lurah_b", "staff_b"])
def test_people_outside_the_plan_get_404_everywhere(org, submitted, api_as, who):
    person = getattr(org, who)
    client = api_as(getattr(person, "user", person))
    rid = submitted.results.get().pk

    assert submitted.pk not in ids(client.get(PLANS))
    assert client.get(url(submitted.pk)).status_code == 404
    assert client.get(url(submitted.pk, "pdf")).status_code == 404
    for action in ("submit", "approve", "return", "revise", "results"):
        assert client.post(url(submitted.pk, action), {"note": "x", "reason": "x"}, format="json").status_code == 404
    assert client.patch(url(submitted.pk), {"consequences": "x"}, format="json").status_code == 404
    assert client.put(url(submitted.pk, "behaviours"), {}, format="json").status_code == 404
    assert client.delete(url(submitted.pk, f"results/{rid}")).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("who", ["hr_a", "hr_kec", "lurah_a", "camat", "admin"])
def test_hr_of_the_unit_and_leaders_above_see_the_plan_but_cannot_act(org, submitted, api_as, who):
    person = getattr(org, who)
    client = api_as(getattr(person, "user", person))

    assert submitted.pk in ids(client.get(PLANS))
    detail = client.get(url(submitted.pk))
    assert detail.status_code == 200
    assert detail.json()["employee"]["id"] == org.staff_a.id
    assert detail.json()["can_edit"] is False
    assert client.get(url(submitted.pk, "pdf")).status_code == 200

    approve = client.post(url(submitted.pk, "approve"))
    assert approve.status_code == 403
    assert approve.json()["detail"] == "Tugas ini bukan milik Anda."
    assert client.post(url(submitted.pk, "return"), {"note": "x"}, format="json").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_only_the_owner_edits_a_draft(org, chain, api_as):  # noqa: F811
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    kasi = api_as(org.kasi_a.user)
    rid = plan.results.get().pk

    assert kasi.get(url(plan.pk)).status_code == 200  # the appraiser follows the draft
    patch = kasi.patch(url(plan.pk), {"consequences": "x"}, format="json")
    assert patch.status_code == 403
    assert "pemilik" in patch.json()["detail"]
    assert kasi.post(url(plan.pk, "results"), rhk(chain.results.get().pk), format="json").status_code == 403
    assert kasi.delete(url(plan.pk, f"results/{rid}")).status_code == 403
    assert kasi.post(url(plan.pk, "submit")).status_code == 403
    assert plan.results.count() == 1


def test_creating_a_second_plan_for_the_year_is_refused(org, api_as):
    staff = api_as(org.staff_a.user)

    assert staff.post(PLANS, {"year": 2026}).status_code == 201
    again = staff.post(PLANS, {"year": 2026})

    assert again.status_code == 400
    assert "sudah memiliki SKP tahun 2026" in again.json()["errors"]["non_field_errors"][0]
    assert PerformancePlan.objects.filter(employee=org.staff_a).count() == 1


def test_an_account_without_employee_cannot_create_a_plan(org, api_as):
    response = api_as(org.outsider).post(PLANS, {"year": 2026})

    assert response.status_code == 403
    assert "pegawai" in response.json()["detail"]


def test_anonymous_gets_nothing(org, submitted, api_as):
    assert api_as(None).get(PLANS).status_code == 401
    assert api_as(None).get(url(submitted.pk)).status_code == 401


# --- RHK and behaviour input ------------------------------------------------------------------


def test_rhk_input_errors_are_structured_and_write_nothing(org, chain, api_as):  # noqa: F811
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    staff = api_as(org.staff_a.user)
    own_rhk = plan.results.get().pk

    no_indicators = staff.post(url(plan.pk, "results"), {**rhk(None), "indicators": []}, format="json")
    bad_aspect = rhk(None)
    bad_aspect["indicators"][0]["aspect"] = "RASA"
    wrong_link = staff.post(url(plan.pk, "results"), rhk(own_rhk), format="json")  # not the appraiser's RHK
    bad_number = rhk(None, value="banyak")

    assert no_indicators.status_code == 400
    assert "indikator" in no_indicators.json()["errors"]["indicators"][0]
    assert staff.post(url(plan.pk, "results"), bad_aspect, format="json").status_code == 400
    assert wrong_link.status_code == 400
    assert "pejabat penilai kinerja" in wrong_link.json()["errors"]["supports"][0]
    assert "indicators" in error_fields(staff.post(url(plan.pk, "results"), bad_number, format="json"))
    assert plan.results.count() == 1


def test_deleting_an_rhk_and_unknown_rhk_ids(org, chain, submitted, api_as):  # noqa: F811
    plan = draft_plan(org.peer_a, supports=chain.results.get())
    peer = api_as(org.peer_a.user)
    other = submitted.results.get().pk  # staff_a's RHK: not part of peer_a's plan

    assert peer.delete(url(plan.pk, f"results/{other}")).status_code == 404
    assert peer.put(url(plan.pk, f"results/{other}"), rhk(None), format="json").status_code == 404
    assert peer.delete(url(plan.pk, f"results/{plan.results.get().pk}")).status_code == 204
    assert not plan.results.exists()


def test_behaviours_refuse_unknown_values(org, api_as):
    plan = draft_plan(org.staff_a)

    response = api_as(org.kasi_a.user).put(url(plan.pk, "behaviours"), {"JUJUR": "x", "LOYAL": "y"}, format="json")

    assert response.status_code == 400
    assert "JUJUR" in response.json()["errors"]["non_field_errors"][0]
    assert set(plan.behaviours.values_list("expectation", flat=True)) == {""}


# --- lists ------------------------------------------------------------------------------------


def test_list_filters_by_year_status_employee_and_unit(org, chain, submitted, api_as):  # noqa: F811
    client = api_as(org.hr_kec)  # HR of the kecamatan: everything below it
    draft_plan(org.staff_a, year=2027)

    assert ids(client.get(PLANS, {"year": 2027})) == set(
        PerformancePlan.objects.filter(year=2027).values_list("id", flat=True)
    )
    assert ids(client.get(PLANS, {"status": "SUBMITTED"})) == {submitted.pk}
    assert ids(client.get(PLANS, {"employee": org.kasi_a.pk})) == {chain.pk}
    assert ids(client.get(PLANS, {"unit": org.kel_a.pk, "year": 2026})) == set(
        PerformancePlan.objects.filter(unit=org.kel_a, year=2026).values_list("id", flat=True)
    )
    assert client.get(PLANS, {"status": "LAIN"}).status_code == 400
    row = client.get(PLANS, {"status": "SUBMITTED"}).json()["results"][0]
    assert row["employee"]["full_name"] == org.staff_a.full_name
    assert row["links"]["api"].endswith(url(submitted.pk))


def test_an_employee_lists_own_plans_and_those_they_appraise(org, chain, submitted, api_as):  # noqa: F811
    assert ids(api_as(org.staff_a.user).get(PLANS)) == {submitted.pk}
    assert ids(api_as(org.kasi_a.user).get(PLANS)) == {chain.pk, submitted.pk}


def test_list_query_count_does_not_grow_with_the_plans(org, chain, api_as, django_assert_num_queries):  # noqa: F811
    client = api_as(org.hr_kec)  # HR: the policy's own questions are part of the count

    # session, user, 6 policy questions (HR scope, unit tree, employee once), count, page: none per plan.
    with django_assert_num_queries(9) as few:
        assert client.get(PLANS).json()["count"] == 3  # camat, lurah_a, kasi_a; the Sekda is outside
    for person in (org.staff_a, org.peer_a, org.sekcam, org.kasi_kec, org.staff_b, org.lurah_b):
        draft_plan(person)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(PLANS).json()["count"] == 9


# --- HR: open plans for a whole unit ----------------------------------------------------------


def test_hr_opens_plans_for_the_unit_and_sees_who_was_skipped(org, api_as):
    draft_plan(org.staff_a, year=2027)
    client = api_as(org.hr_a)

    response = client.post(f"{PLANS}bulk-start/", {"unit": org.kel_a.pk, "year": 2027}, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    opened = PerformancePlan.objects.filter(pk__in=body["created"])
    assert {p.employee for p in opened} == {org.lurah_a, org.kasi_a, org.peer_a}
    assert [(s["employee"]["id"], s["reason"]) for s in body["skipped"]] == [
        (org.staff_a.pk, "sudah memiliki SKP tahun 2027")
    ]
    again = client.post(f"{PLANS}bulk-start/", {"unit": org.kel_a.pk, "year": 2027}, format="json").json()
    assert again["created"] == []
    assert len(again["skipped"]) == 4


@pytest.mark.parametrize("who", ["hr_b", "staff_a", "lurah_a"])
def test_bulk_start_outside_scope_is_forbidden(org, api_as, who):
    person = getattr(org, who)
    response = api_as(getattr(person, "user", person)).post(
        f"{PLANS}bulk-start/", {"unit": org.kel_a.pk, "year": 2027}, format="json"
    )

    assert response.status_code == 403
    assert not PerformancePlan.objects.filter(year=2027).exists()


def test_bulk_start_needs_a_unit_and_a_year(org, api_as):
    response = api_as(org.hr_a).post(f"{PLANS}bulk-start/", {"unit": 999999}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"unit", "year"}


def test_pdf_answers_a_client_that_asks_for_pdf_and_explains_a_404_in_json(org, submitted, api_as):
    staff = api_as(org.staff_a.user)

    ok = staff.get(url(submitted.pk, "pdf"), HTTP_ACCEPT="application/pdf")
    missing = staff.get(url(999999, "pdf"), HTTP_ACCEPT="application/pdf")

    assert ok.status_code == 200
    assert ok.content.startswith(b"%PDF")
    assert missing.status_code == 404
    assert b"detail" in missing.content


def test_a_plan_that_never_ran_through_the_flow_is_a_conflict_not_a_500(org, api_as):
    """The demo writes last year's SKPs final in bulk, without a viewflow process (found by schemathesis)."""
    plan = draft_plan(org.staff_a)
    plan.process.delete()
    plan = PerformancePlan.objects.get(pk=plan.pk)
    assert not hasattr(plan, "process")

    for action in ("approve", "return"):
        response = api_as(org.kasi_a.user).post(url(plan.pk, action), {"note": "Perbaiki."}, format="json")
        assert response.status_code in (403, 409), (action, response.status_code)
    assert PerformancePlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
