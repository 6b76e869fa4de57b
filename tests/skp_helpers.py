"""Build SKP plans quickly in tests: through the services, as users would."""

from decimal import Decimal

from appraisal.models import PerformancePlan
from appraisal.skp.services import IndicatorInput, result_save
from workflows.steps.reassign import appraiser_designate
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
        # Top of the organisation: the kepala daerah, outside the chart, designated by letter (recorded by
        # `appraiser_user`, HR or an administrator); the waiting review task goes to that official.
        official = kepala_daerah()
        appraiser_designate(employee=employee, year=year, official=official, letter="800/1/2026", by=appraiser_user)
        return plan_approve(plan=plan, actor=official)
    return plan_approve(plan=plan, actor=appraiser_user or plan.appraiser.user)


def kepala_daerah():
    """The account of the official outside the chart designated to appraise the top of the organisation."""
    from django.contrib.auth.models import User

    return User.objects.get_or_create(username="walikota", defaults={"first_name": "Wali", "last_name": "Kota"})[0]


def draft_under_approved_chain(org):
    """staff_a's draft SKP under the approved chain Sekda › Camat › Lurah › Kasi, ready to submit."""
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    return draft_plan(org.staff_a, supports=kasi.results.get())
