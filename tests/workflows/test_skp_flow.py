import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from appraisal.models import PlanStatus
from appraisal.skp.services import result_save
from tests.skp_helpers import approved_plan, draft_plan, indicator
from workflows.skp_flow import SkpFlow
from workflows.steps.common import TaskNotOpen, open_task
from workflows.steps.skp import plan_approve, plan_return, plan_revise, plan_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(org):
    """Approved SKPs down to the Kasi of Mantasi, so staff_a can link to her RHK."""
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang: tata kelola pemerintahan")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    return kasi


def test_draft_return_resubmit_approve(org, chain):
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    draft = open_task(plan.process, SkpFlow.draft)
    assert draft.owner == org.staff_a.user

    plan_submit(plan=plan, actor=org.staff_a.user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    review = open_task(plan.process, SkpFlow.review)
    assert review.owner == org.kasi_a.user
    assert review.data["due"]

    result = plan.results.get()
    plan_return(
        plan=plan, actor=org.kasi_a.user, note="Perjelas target", result_notes={result.pk: "Target terlalu rendah"}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    assert [n.text for n in plan.notes.order_by("id")] == ["Perjelas target", "Target terlalu rendah"]
    assert open_task(plan.process, SkpFlow.draft).owner == org.staff_a.user

    result_save(
        plan=plan,
        actor=org.staff_a.user,
        result=result,
        kind="UTAMA",
        text=result.text,
        supports=result.supports,
        indicators=[indicator(value="24")],
    )
    plan_submit(plan=plan, actor=org.staff_a.user)
    plan_approve(plan=plan, actor=org.kasi_a.user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == org.kasi_a
    assert plan.process.status == "DONE"
    assert not Task.objects.filter(process=plan.process, status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()


def test_submission_names_the_missing_link_when_appraiser_plan_not_approved(org):
    kasi_plan = draft_plan(org.kasi_a)  # not approved
    plan = draft_plan(org.staff_a, supports=kasi_plan.results.get())
    with pytest.raises(ValidationError) as exc:
        plan_submit(plan=plan, actor=org.staff_a.user)
    assert "belum disetujui" in exc.value.messages[0]
    assert org.kasi_a.full_name in exc.value.messages[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert open_task(plan.process, SkpFlow.draft) is not None  # nothing half-done


def test_only_the_owner_can_complete_a_task(org, chain):
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    with pytest.raises(PermissionDenied):
        plan_submit(plan=plan, actor=org.peer_a.user)
    plan_submit(plan=plan, actor=org.staff_a.user)
    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=org.lurah_a.user)


def test_second_approval_is_refused_as_not_open(org, chain):
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    plan_approve(plan=plan, actor=org.kasi_a.user)
    with pytest.raises(TaskNotOpen):
        plan_approve(plan=plan, actor=org.kasi_a.user)


def test_approved_plan_is_read_only_and_revision_opens_next_version(org, chain):
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    plan_approve(plan=plan, actor=org.kasi_a.user)
    with pytest.raises(ValidationError):
        result_save(plan=plan, actor=org.staff_a.user, kind="UTAMA", text="x", supports=None, indicators=[indicator()])

    v2 = plan_revise(plan=plan, actor=org.staff_a.user, reason="Penambahan tugas")
    assert v2.version == 2 and v2.status == PlanStatus.DRAFT
    assert v2.results.get().origin == plan.results.get()
    plan_submit(plan=v2, actor=org.staff_a.user)
    plan_approve(plan=v2, actor=org.kasi_a.user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert plan.results.count() == 1  # version 1 stays readable


def test_return_without_any_note_is_refused(org, chain):
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    with pytest.raises(ValidationError):
        plan_return(plan=plan, actor=org.kasi_a.user, note="  ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
