"""Build SKP plans quickly in tests: through the services, as users would."""

from decimal import Decimal

from appraisal.models import PerformancePlan
from appraisal.skp.services import IndicatorInput, result_save
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task
from workflows.steps.reassign import reassign_task
from workflows.steps.skp import plan_approve, plan_create, plan_submit


def indicator(text="Jumlah dokumen", value="12", unit="dokumen", aspect="KUANTITAS"):
    return IndicatorInput(aspect=aspect, text=text, target_value=Decimal(value), target_unit=unit)


def draft_plan(employee, year=2026, *, supports=None, text=None, top_text=""):
    plan = plan_create(employee=employee, year=year)
    result_save(
        plan=plan,
        actor=employee.user,
        kind="UTAMA",
        text=text or f"Terlaksananya tugas {employee.name}",
        supports=supports,
        supports_text=top_text,
        indicators=[indicator()],
    )
    return PerformancePlan.objects.get(pk=plan.pk)


def approved_plan(employee, appraiser_user=None, year=2026, *, supports=None, top_text=""):
    plan = draft_plan(employee, year, supports=supports, top_text=top_text)
    plan_submit(plan=plan, actor=employee.user)
    if plan.appraiser is None:
        # Top of the organisation: in tests, approve as HR would after reassigning; see test_skp_flow.
        task = open_task(plan.process, SkpFlow.review)
        reassign_task(task, to_user=appraiser_user, by=appraiser_user, reason="Pimpinan puncak")
    return plan_approve(plan=plan, actor=appraiser_user or plan.appraiser.user)
