"""The leaders' dashboard (/dasbor/, /dasbor/unit/<id>/): how the units under a Camat, Lurah (Plt/Plh included),
the Sekretaris Daerah or an HR officer are doing, live for the chosen period and for the year.

policy.dashboard_unit_ids decides which units; selectors read within them; every link is checked again by the page
it opens, and an evaluation is linked only where policy.can_view_evaluation allows. Someone without a dashboard,
or asking for a unit outside theirs, gets 403; a unit that does not exist, 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal import policy
from appraisal.dashboard import charts, selectors
from appraisal.models import EvaluationStatus, PeriodKind, Unit
from appraisal.org.selectors import today
from appraisal.service_desk.reports import ROMAN

NO_DASHBOARD = gettext_lazy(
    "Dasbor hanya untuk pimpinan unit (Camat, Lurah, Plt/Plh, Sekretaris Daerah) dan Admin Kepegawaian."
)
OUTSIDE = gettext_lazy("Unit ini berada di luar unit yang Anda pimpin.")


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name) or None
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def _focus_id(request: HttpRequest, pk: int | None, allowed: set[int]) -> int | None:
    """The unit asked for (path or ?unit=), checked against the user's units: 403 outside them, 404 if unknown."""
    focus_id = pk if pk is not None else _int_param(request, "unit")
    if focus_id is not None and focus_id not in allowed:
        if not Unit.objects.filter(pk=focus_id).exists():
            raise Http404
        raise PermissionDenied(OUTSIDE)
    return focus_id


def _period_choices(selection: selectors.Selection) -> list[tuple[str, str]]:
    choices = [(kind, str(PeriodKind(kind).label)) for kind in selection.kinds]
    return [*choices, (selectors.YEAR, _("Setahun penuh %(year)s") % {"year": selection.year})]


@login_required
def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    allowed = policy.dashboard_unit_ids(user)
    if not allowed:
        raise PermissionDenied(NO_DASHBOARD)
    scope = selectors.dashboard_scope(allowed, _focus_id(request, pk, allowed))
    on, now = today(), timezone.now()
    year = _int_param(request, "tahun")
    if year is not None and not 2000 <= year <= 2100:
        raise Http404
    selection = selectors.period_selection(scope.unit_ids, year=year, kind=request.GET.get("periode"), on=on)

    selectors.fill_progress(scope, selection)
    late = selectors.late_steps(scope, selection, on=on)
    objections = selectors.open_objections(scope, selection, on=on)
    distributions = selectors.distributions(scope, selection)
    me = policy.employee_for_user(user)
    uncoached = selectors.coaching(scope, since=selectors.feedback_since(now), exclude=me.pk if me else None)
    recent = selectors.recent_feedback(scope)
    report, evaluations, trend = None, [], None
    if scope.focus is not None:  # the unit's report: each unit's own counter, its officers, its quarters
        report = selectors.service_report(scope.focus.id, selection)
        trend = charts.trend_chart([(ROMAN[q.quarter], q.index.value, q.index.letter) for q in report.trend])
        evaluations = selectors.unit_evaluations(scope.focus.id, selection)
        service_rows = [(u.name, u.id, u.desk, u.index) for u in report.units] or [
            (report.unit.name, report.unit.pk, report.desk, report.index)
        ]
    else:  # the top units side by side, each with everything below it
        selectors.fill_service(scope, selection)
        service_rows = [(row.unit.name, row.unit.id, row.service.desk, row.service.index) for row in scope.rows]

    linked = {item.evaluation_id for item in [*late, *objections]} | {e.pk for e in evaluations}
    own_label = _("%(unit)s (pegawai unit ini)")
    labels = [
        own_label % {"unit": row.unit.name} if row.own and len(scope.rows) > 1 else row.unit.name for row in scope.rows
    ]
    context = {
        "scope": scope,
        "rows": list(zip(labels, scope.rows, strict=True)),
        "selection": selection,
        "period_choices": _period_choices(selection),
        "period_label": dict(_period_choices(selection))[selection.value],
        "states": [(state, charts.STATE_CLASS[state], label) for state, label in _state_labels()],
        "progress": charts.progress_chart([(label, row.states) for label, row in zip(labels, scope.rows, strict=True)]),
        "totals": _totals(scope.rows),
        "late": late,
        "objections": objections,
        "distributions": distributions,
        "report": report,
        "service_rows": service_rows,
        "trend": trend,
        "evaluations": evaluations,
        "uncoached": uncoached,
        "recent": recent,
        "window_days": selectors.FEEDBACK_WINDOW_DAYS,
        "list_limit": selectors.LIST_LIMIT,
        "employee_limit": selectors.EMPLOYEE_LIMIT,
        "linked": policy.viewable_evaluation_ids(user, linked),
        "employee_units": policy.visible_unit_ids(user),
        "text_units": policy.coaching_text_unit_ids(user),
        "dashboard_units": allowed,
        "today": on,
    }
    return render(request, "dashboard/dashboard.html", context)


def _state_labels() -> list[tuple[str, str]]:
    return [(state, str(EvaluationStatus(state).label)) for state in charts.STATES]


def _totals(rows: list[selectors.Row]) -> dict:
    members = sum(r.members for r in rows)
    coached = sum(r.coached for r in rows)
    return {
        "states": [sum(r.state_counts[i] for r in rows) for i in range(len(charts.STATES))],
        "evaluations": sum(r.evaluations for r in rows),
        "final": sum(r.final for r in rows),
        "overdue": sum(r.overdue for r in rows),
        "overdue_peer": sum(r.overdue_peer for r in rows),
        "objections": sum(r.objections for r in rows),
        "objections_late": sum(r.objections_late for r in rows),
        "members": members,
        "coached": coached,
        "coached_pct": charts.share(coached, members),
    }
