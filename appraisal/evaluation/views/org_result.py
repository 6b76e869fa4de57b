"""The Capaian Kinerja Organisasi of a unit for a period: the deciding leader's confirmation and its history.

HR records it (views/hr.py, the period page) as the leader above the unit set it by penetapan (SE MenPANRB
3/2023); the leader named on the record confirms it here; HR of the unit, the leader and leaders above read its
history. appraisal/policy.py decides who may see and who may confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appraisal import policy
from appraisal.evaluation import services
from appraisal.models import UnitPerformance
from appraisal.pages.confirm import confirm_page, is_confirmed
from appraisal.pages.history import history_entries


def _record(request, pk: int) -> UnitPerformance:
    record = get_object_or_404(UnitPerformance.objects.select_related("unit", "period", "decided_by"), pk=pk)
    if not policy.can_view_org_result(request.user, record):
        raise Http404
    return record


@login_required
def org_results_to_confirm(request):
    """The records that name the signed-in leader and wait for their confirmation."""
    records = policy.org_results_awaiting(request.user).select_related("unit", "period").order_by("-period__start_date")
    return render(request, "evaluation/org_results_confirm.html", {"records": records})


@login_required
@require_POST
def org_result_confirm(request, pk: int):
    record = _record(request, pk)
    if not is_confirmed(request):
        return confirm_page(request, "org_result_confirm", back=reverse("org_results_to_confirm"))
    try:
        services.unit_performance_confirm(record=record, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Capaian Kinerja Organisasi %(unit)s dikonfirmasi.") % {"unit": record.unit.name},
        )
    return redirect("org_results_to_confirm")


@login_required
def org_result_history(request, pk: int):
    record = _record(request, pk)
    entries = history_entries(UnitPerformance.history.filter(id=record.pk))
    return render(request, "evaluation/org_result_history.html", {"record": record, "entries": entries})
