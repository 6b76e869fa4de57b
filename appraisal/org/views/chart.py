"""Read pages of the organisation: a unit's chart, a position, an employee."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from appraisal import policy
from appraisal.models import ActingAssignment, Employee, Position, Unit
from appraisal.org.selectors import (
    PositionNode,
    appraiser_of,
    official_of,
    senior_appraiser_of,
    today,
    unit_ancestors,
    unit_chart,
)
from appraisal.pages.history import history_entries


def _chart_counts(nodes: list[PositionNode]) -> dict[str, int]:
    counts = {"positions": 0, "holders": 0, "acting": 0, "vacant": 0}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        counts["positions"] += 1
        counts["holders"] += len(node.holders)
        counts["acting"] += len(node.acting)
        counts["vacant"] += not node.holders and not node.acting
        stack.extend(node.children)
    return counts


def _with_state(assignments, on) -> list[ActingAssignment]:
    """Mark each assignment berlaku / akan datang / selesai on `on`, for the badge next to it."""
    result = list(assignments)
    for a in result:
        a.state = "current" if a.covers(on) else "future" if a.start_date > on else "past"
    return result


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    # 404, not 403: a unit one may not see should not reveal that it exists.
    if not policy.can_view_unit(request.user, unit):
        raise Http404
    visible = policy.visible_unit_ids(request.user)
    chart = unit_chart(unit)
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit),
        "visible_unit_ids": visible,
        "children": unit.children.filter(id__in=visible).order_by("name"),
        "chart": chart,
        "counts": _chart_counts(chart),
        "can_manage": policy.can_manage_unit(request.user, unit),
        "history": history_entries(unit.history.all()),
    }
    return render(request, "appraisal/unit_detail.html", context)


@login_required
def position_detail(request, pk: int):
    position = get_object_or_404(Position.objects.select_related("unit", "parent", "parent__unit"), pk=pk)
    if not policy.can_view_position(request.user, position):
        raise Http404
    on = today()
    acting = _with_state(position.acting_assignments.select_related("employee").order_by("-start_date"), on)
    context = {
        "position": position,
        "parent_official": official_of(position.parent, on=on) if position.parent else None,
        "holders": position.holders.order_by("-is_active", "name"),
        "current_acting": [a for a in acting if a.state == "current"],
        "acting": acting,
        "children": position.children.select_related("unit").order_by("title"),
        "can_manage": policy.can_manage_position(request.user, position),
        "history": history_entries(position.history.all()),
        "acting_history": history_entries(
            ActingAssignment.history.filter(position_id=position.pk).select_related("employee")
        ),
    }
    return render(request, "appraisal/position_detail.html", context)


@login_required
def employee_detail(request, pk: int):
    employee = get_object_or_404(
        Employee.objects.select_related("position", "position__unit", "position__parent", "user"), pk=pk
    )
    if not policy.can_view_employee(request.user, employee):
        raise Http404
    context = {
        "employee": employee,
        "appraiser": appraiser_of(employee),
        "senior_appraiser": senior_appraiser_of(employee),
        "acting": _with_state(
            employee.acting_assignments.select_related("position", "position__unit").order_by("-start_date"), today()
        ),
        "can_manage": policy.can_manage_employee(request.user, employee),
        "can_coach": policy.can_coach(request.user, employee),
        "can_view_profile": policy.can_view_profile(request.user, employee),
        "transfers": list(employee.transfers.all()),
        "history": history_entries(employee.history.all()),
    }
    return render(request, "appraisal/employee_detail.html", context)
