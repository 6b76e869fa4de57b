"""Reads shared by pages, the API and services, with their joins declared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal.models import ActingAssignment, Employee, Position, Unit


def today() -> dt.date:
    return timezone.localdate()


# --- Units -----------------------------------------------------------------------------------


def unit_subtree_ids(unit_ids: Iterable[int]) -> set[int]:
    """The given units and every unit below them; one query per tree level."""
    found: set[int] = set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the root down to the unit's parent."""
    chain: list[Unit] = []
    node = unit.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


@dataclass
class PositionNode:
    position: Position
    holders: list[Employee]
    acting: list[ActingAssignment]
    children: list[PositionNode]


def unit_chart(unit: Unit, *, on: dt.date | None = None) -> list[PositionNode]:
    """The position tree of one unit with holders and acting officials, in three queries."""
    on = on or today()
    positions = list(
        Position.objects.filter(unit=unit)
        .prefetch_related(
            Prefetch("holders", queryset=Employee.objects.filter(is_active=True).order_by("name")),
            Prefetch(
                "acting_assignments",
                queryset=ActingAssignment.objects.filter(start_date__lte=on)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
                .select_related("employee"),
            ),
        )
        .order_by("-is_unit_head", "kind", "title")
    )
    by_id = {p.id: PositionNode(p, list(p.holders.all()), list(p.acting_assignments.all()), []) for p in positions}
    roots: list[PositionNode] = []
    for node in by_id.values():
        parent = by_id.get(node.position.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


# --- Employees -------------------------------------------------------------------------------


def employee_list(*, unit_ids: Iterable[int] | None = None) -> QuerySet[Employee]:
    qs = Employee.objects.select_related("position", "position__unit", "user").order_by("name")
    if unit_ids is not None:
        qs = qs.filter(position__unit_id__in=list(unit_ids))
    return qs


def employee_for_user(user) -> Employee | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return Employee.objects.select_related("position", "position__unit").get(user=user)
    except Employee.DoesNotExist:
        return None


# --- Appraiser resolution --------------------------------------------------------------------


def official_of(position: Position, *, on: dt.date) -> Employee | None:
    """Who holds `position` on `on`: the acting official (Plt/Plh) if any, else the active holder."""
    acting = (
        ActingAssignment.objects.filter(position=position, start_date__lte=on, employee__is_active=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("employee", "employee__position", "employee__position__unit")
        .order_by("-start_date")
        .first()
    )
    if acting is not None:
        return acting.employee
    return (
        Employee.objects.filter(position=position, is_active=True)
        .select_related("position", "position__unit")
        .order_by("id")
        .first()
    )


def _first_official_above(
    position: Position | None, *, on: dt.date, exclude: set[int]
) -> tuple[Employee | None, Position | None]:
    """Walk up from `position` (inclusive) to the first filled position whose official is not excluded."""
    node, seen = position, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        official = official_of(node, on=on)
        if official is not None and official.pk not in exclude:
            return official, node
        node = node.parent
    return None, None


def appraiser_of(employee: Employee, on: dt.date | None = None) -> Employee | None:
    """Pejabat Penilai Kinerja: the official of the nearest filled position above the employee's."""
    appraiser, _ = _appraiser_with_position(employee, on=on or today())
    return appraiser


def _appraiser_with_position(employee: Employee, *, on: dt.date) -> tuple[Employee | None, Position | None]:
    if employee.position is None:
        return None, None
    return _first_official_above(employee.position.parent, on=on, exclude={employee.pk})


def senior_appraiser_of(employee: Employee, on: dt.date | None = None) -> Employee | None:
    """Atasan Pejabat Penilai: the official of the nearest filled position above the appraiser's."""
    on = on or today()
    appraiser, found_at = _appraiser_with_position(employee, on=on)
    if appraiser is None or found_at is None:
        return None
    senior, _ = _first_official_above(found_at.parent, on=on, exclude={employee.pk, appraiser.pk})
    return senior


def subordinates_of(employee: Employee, on: dt.date | None = None) -> list[Employee]:
    """Employees whose appraiser is `employee` on `on` (as holder or acting official)."""
    on = on or today()
    position_ids = set()
    if employee.position_id:
        position_ids.add(employee.position_id)
    position_ids |= set(
        ActingAssignment.objects.filter(employee=employee, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("position_id", flat=True)
    )
    # Candidates: holders of child positions, and of positions below vacant children.
    candidates = (
        Employee.objects.filter(
            is_active=True,
            position__unit_id__in=unit_subtree_ids(
                Position.objects.filter(id__in=position_ids).values_list("unit_id", flat=True)
            ),
        )
        .exclude(pk=employee.pk)
        .select_related("position", "position__parent", "position__unit")
    )
    return [c for c in candidates if (a := appraiser_of(c, on)) is not None and a.pk == employee.pk]


# --- Public service figures -----------------------------------------------------------------


# Keys of public_service_summary() with their labels, in display order (pages, API and documents share them).
PUBLIC_SERVICE_LABELS = {
    "handled": _("Berkas layanan ditangani"),
    "completed": _("Berkas selesai"),
    "within_standard_pct": _("Selesai sesuai standar pelayanan (%)"),
    "median_working_days": _("Median waktu penyelesaian (hari kerja)"),
    "returned_pct": _("Dikembalikan untuk perbaikan (%)"),
    "survey_responses": _("Jumlah tanggapan survei"),
    "ikm": _("Indeks Kepuasan Masyarakat (IKM) petugas"),
    "ikm_quality": _("Mutu pelayanan"),
}


def public_service_summary(employee: Employee, *, start: dt.date, end: dt.date) -> dict:
    """Figures of the citizens' files an employee handled in a period, for the evaluation.

    The one place the evaluation reads public-service data. Files handled = received in the period;
    completed within standard = of the files completed in the period; returned = received files that went
    back at least once for correction; the officer's own IKM only with at least 5 survey responses.
    """
    from statistics import median

    from django.db.models import Count, Q

    from appraisal import rules
    from appraisal.models import PublicHoliday, ServiceRequest, SurveyResponse

    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    received = ServiceRequest.objects.filter(officer=employee, received_at__gte=since, received_at__lt=until)
    counts = received.aggregate(handled=Count("id"), returned=Count("id", filter=Q(correction_rounds__gt=0)))
    completed = list(
        ServiceRequest.objects.filter(
            officer=employee, status=ServiceRequest.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
        ).values_list("received_at", "completed_at", "service_type__standard_value", "service_type__standard_unit")
    )
    scores = list(
        SurveyResponse.objects.filter(officer=employee, submitted_at__gte=since, submitted_at__lt=until).values_list(
            "scores", flat=True
        )
    )
    if not counts["handled"] and not completed and not scores:
        return {"available": False, "start": start.isoformat(), "end": end.isoformat()}
    holidays = frozenset(
        PublicHoliday.objects.filter(date__gte=start - dt.timedelta(days=60)).values_list("date", flat=True)
    )
    days, on_time = [], 0
    for rec, done, value, unit in completed:
        rec, done = timezone.localtime(rec, tz), timezone.localtime(done, tz)
        days.append(rules.working_days_taken(rec.date(), done.date(), holidays))
        on_time += rules.within_standard(rec, done, standard_value=value, standard_unit=unit, holidays=holidays)
    index = rules.individual_ikm(scores)
    pct = lambda part, whole: f"{Decimal(part * 100) / whole:.1f}" if whole else None  # noqa: E731
    return {
        "available": True,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "handled": counts["handled"],
        "completed": len(completed),
        "within_standard_pct": pct(on_time, len(completed)),
        "median_working_days": f"{Decimal(median(days)):.1f}" if days else None,
        "returned_pct": pct(counts["returned"], counts["handled"]),
        "survey_responses": len(scores),
        "ikm": str(index[0]) if index else None,
        "ikm_quality": index[1] if index else None,
        "ikm_minimum": rules.MIN_SURVEY_RESPONSES_INDIVIDUAL,
    }


def hr_officer_for(unit: Unit):
    """The HR officer responsible for `unit`: the one whose scope is nearest above it (or None)."""
    from django.contrib.auth.models import User

    from appraisal.models import HrScope

    node: Unit | None = unit
    while node is not None:
        scope = (
            HrScope.objects.filter(unit=node, user__is_active=True, user__groups__name="Admin Kepegawaian")
            .select_related("user")
            .order_by("id")
            .first()
        )
        if scope is not None:
            return scope.user
        node = node.parent
    return User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()


def counter_files_today(officer, *, now: dt.datetime):
    """The officer's files received today or still open, newest first; one query."""
    from appraisal.models import ServiceRequest

    open_statuses = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.RETURNED)
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        ServiceRequest.objects.filter(officer=officer)
        .filter(Q(received_at__gte=start_of_day) | Q(status__in=open_statuses))
        .select_related("service_type")
        .order_by("-received_at")
    )
