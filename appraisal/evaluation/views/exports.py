"""HR's rekap of a period as XLSX (/kepegawaian/periode/<id>/rekap.xlsx): predicates per unit with the Pola
Distribusi check, the result of each employee, and the feedback habit (appraisal/evaluation/rekap.py).

Only HR of the period's unit (policy.can_manage_periods), as the period page; the per-employee sheet is further limited
by policy.visible_evaluations. No peer answer and no name of a peer enters the file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.evaluation import rekap
from appraisal.exports import XLSX_CONTENT_TYPE
from appraisal.models import Period, UnitPerformance
from appraisal.org.selectors import unit_subtree_ids


def xlsx_response(data: rekap.Rekap, filename: str) -> HttpResponse:
    response = HttpResponse(rekap.render_xlsx(data), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def generated_by(user) -> str:
    employee = policy.employee_for_user(user)
    return employee.full_name if employee is not None else user.get_username()


@login_required
def hr_period_export(request: HttpRequest, period_id: int) -> HttpResponse:
    user = request.user
    period = get_object_or_404(Period.objects.select_related("unit"), pk=period_id)
    if not policy.can_manage_periods(user, period.unit):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mengunduh rekap periode."))
    evaluations = period.evaluations.all()
    me = policy.employee_for_user(user)
    now = timezone.now()
    data = rekap.Rekap(
        period_label=f"{period.get_kind_display()} {period.year}",
        scope_label=_("%(unit)s dan unit di bawahnya") % {"unit": period.unit.name},
        units=rekap.unit_tallies(
            evaluations, rekap.org_records(UnitPerformance.objects.filter(period=period)).values()
        ),
        employees=rekap.employee_lines(policy.visible_evaluations(user, evaluations)),
        habit=rekap.feedback_habit(
            unit_subtree_ids([period.unit_id]), now=now, exclude=me.pk if me is not None else None
        ),
        generated_at=now,
        generated_by=generated_by(user),
    )
    filename = f"rekap-{slugify(period.unit.code or period.unit.name)}-{period.year}-{period.kind.lower()}.xlsx"
    return xlsx_response(data, filename)
