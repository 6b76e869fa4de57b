"""The leaders' rekap as XLSX (/dasbor/rekap.xlsx, /dasbor/unit/<id>/rekap.xlsx), for the units and the period the
dashboard shows (?tahun=, ?periode= as on the dashboard): predicates per unit with the Pola Distribusi check, the
result of each employee the leader may see, and the feedback habit (appraisal/evaluation/rekap.py).

The same units as the dashboard (policy.dashboard_unit_ids: a leader's subtree, HR's scope; 403 outside, 404 for a
unit that does not exist); the per-employee sheet only holds what policy.visible_evaluations lets the user see.
A year that makes no sense falls back to this year, an unknown period to the dashboard's default.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.dashboard import selectors
from appraisal.dashboard.views import NO_DASHBOARD, _focus_id
from appraisal.evaluation import rekap
from appraisal.evaluation.views.exports import generated_by, xlsx_response
from appraisal.models import Evaluation, PeriodKind, UnitPerformance
from appraisal.org.selectors import today


def _year(request: HttpRequest) -> int | None:
    raw = (request.GET.get("tahun") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def _period_label(selection: selectors.Selection) -> str:
    if selection.kind is None:
        return _("Setahun penuh %(year)s (predikat tahunan dari periode akhir)") % {"year": selection.year}
    return f"{PeriodKind(selection.kind).label} {selection.year}"


@login_required
def dashboard_export(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    allowed = policy.dashboard_unit_ids(user)
    if not allowed:
        raise PermissionDenied(NO_DASHBOARD)
    scope = selectors.dashboard_scope(allowed, _focus_id(request, pk, allowed))
    selection = selectors.period_selection(
        scope.unit_ids, year=_year(request), kind=request.GET.get("periode"), on=today()
    )
    units = list(scope.unit_ids)
    # The period's evaluations, or for the year the final period's, whose predicate is the annual one.
    chosen = {"unit_id__in": units, "period__year": selection.year, "period__kind__in": selection.distribution_kinds}
    evaluations = Evaluation.objects.filter(**chosen)
    me = policy.employee_for_user(user)
    now = timezone.now()
    data = rekap.Rekap(
        period_label=_period_label(selection),
        scope_label=(
            _("%(unit)s dan unit di bawahnya") % {"unit": scope.focus.name}
            if scope.focus is not None
            else _("Semua unit dalam cakupan Anda")
        ),
        units=rekap.unit_tallies(evaluations, rekap.org_records(UnitPerformance.objects.filter(**chosen)).values()),
        employees=rekap.employee_lines(policy.visible_evaluations(user, evaluations)),
        habit=rekap.feedback_habit(units, now=now, exclude=me.pk if me is not None else None),
        generated_at=now,
        generated_by=generated_by(user),
    )
    where = slugify(scope.focus.name) if scope.focus is not None else "dasbor"
    return xlsx_response(data, f"rekap-{where}-{selection.year}-{selection.value.lower()}.xlsx")
