"""Reads of SKP data shared by pages, the API, PDFs and services."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from appraisal.models import Employee, Indicator, PerformancePlan, PlannedResult, PlanStatus


def current_approved_plan(employee: Employee, year: int) -> PerformancePlan | None:
    """The approved SKP version in force for the year (the highest approved version)."""
    return (
        PerformancePlan.objects.filter(employee=employee, year=year, status=PlanStatus.APPROVED)
        .order_by("-version")
        .first()
    )


def latest_plan(employee: Employee, year: int) -> PerformancePlan | None:
    return PerformancePlan.objects.filter(employee=employee, year=year).order_by("-version").first()


def plan_with_details(pk: int) -> PerformancePlan:
    """One plan with everything the detail page, the review page and the PDF show."""
    return (
        PerformancePlan.objects.select_related(
            "employee",
            "employee__user",
            "position",
            "unit",
            "appraiser",
            "senior_appraiser",
            "approved_by",
            "previous_version",
        )
        .prefetch_related(
            Prefetch(
                "results",
                queryset=PlannedResult.objects.select_related("supports", "supports__plan").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
                ),
            ),
            "behaviours",
            "notes__result",
            "notes__author",
        )
        .get(pk=pk)
    )


def plans_of(employee: Employee) -> QuerySet[PerformancePlan]:
    return PerformancePlan.objects.filter(employee=employee).order_by("-year", "-version")


def appraiser_results_for(plan: PerformancePlan) -> QuerySet[PlannedResult]:
    """The RHK a plan's results may support: the appraiser's approved plan of the year, else their latest draft."""
    if plan.appraiser_id is None:
        return PlannedResult.objects.none()
    source = current_approved_plan(plan.appraiser, plan.year) or (
        PerformancePlan.objects.filter(employee_id=plan.appraiser_id, year=plan.year).order_by("-version").first()
    )
    if source is None:
        return PlannedResult.objects.none()
    return source.results.order_by("kind", "order", "id")
