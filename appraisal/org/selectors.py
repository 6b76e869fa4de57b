"""Reads shared by pages, the API and services, with their joins declared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from appraisal import rules
from appraisal.models import ActingAssignment, Employee, HrScope, Position, Unit


def today() -> dt.date:
    return timezone.localdate()


# --- Units -----------------------------------------------------------------------------------


def unit_subtree_ids(unit_ids: Iterable[int]) -> set[int]:
    """The given units and every unit below them, in one query whatever the depth of the tree.

    The whole tree's (id, parent) pairs are read once (a city has a few hundred units, a few KB) and walked in
    memory, so the lists and dashboards that call this keep the same query count from a kecamatan to a city.
    """
    roots = set(unit_ids)
    if not roots:
        return roots
    return _descendants(roots, Unit.objects.filter(parent__isnull=False).values_list("id", "parent_id"))


def subtree_among(root_id: int, units: Iterable[Unit]) -> set[int]:
    """`root_id` and the units below it, among `units` already loaded (no query): for pages that hold the list."""
    return _descendants({root_id}, ((unit.pk, unit.parent_id) for unit in units))


def _descendants(roots: set[int], pairs: Iterable[tuple[int, int | None]]) -> set[int]:
    """`roots` and every unit below them, from (id, parent id) pairs."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in pairs:
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(roots), list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
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


N = TypeVar("N")


def _first_official_above(
    node: N | None,
    *,
    key: Callable[[N], int],
    parent: Callable[[N], N | None],
    official: Callable[[N], Employee | None],
    exclude: set[int],
) -> tuple[Employee | None, N | None]:
    """Walk up from `node` (inclusive) to the first filled position whose official is not excluded.

    The one walk behind every appraiser resolution, whether positions come from queries or from an OrgSnapshot."""
    seen: set[int] = set()
    while node is not None and key(node) not in seen:
        seen.add(key(node))
        found = official(node)
        if found is not None and found.pk not in exclude:
            return found, node
        node = parent(node)
    return None, None


def _walk_db(position: Position | None, *, on: dt.date, exclude: set[int]) -> tuple[Employee | None, Position | None]:
    return _first_official_above(
        position,
        key=lambda p: p.pk,
        parent=lambda p: p.parent,
        official=lambda p: official_of(p, on=on) if rules.appraises(p.kind) else None,
        exclude=exclude,
    )


def role_title_of(official: Employee | None, position: Position | None, *, on: dt.date) -> str:
    """The title `official` bears as the official of `position` on `on` (rules.role_title): "Plt. Lurah Naioni"
    when acting in it, the position's title when holding it; "" when nobody."""
    if official is None or position is None:
        return ""
    if official.position_id == position.pk:
        return position.title
    kind = (
        ActingAssignment.objects.filter(employee=official, position=position, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-start_date")
        .values_list("kind", flat=True)
        .first()
    )
    return rules.role_title(position.title, kind)


def appraiser_roles(employee: Employee, on: dt.date | None = None) -> tuple[str, str]:
    """The titles the employee's Pejabat Penilai Kinerja and Atasan bear in those roles (Plt/Plh named)."""
    on = on or today()
    appraiser, found_at = _appraiser_with_position(employee, on=on)
    if appraiser is None or found_at is None:
        return "", ""
    senior, senior_at = _walk_db(found_at.parent, on=on, exclude={employee.pk, appraiser.pk})
    return role_title_of(appraiser, found_at, on=on), role_title_of(senior, senior_at, on=on)


def appraiser_of(employee: Employee, on: dt.date | None = None) -> Employee | None:
    """Pejabat Penilai Kinerja: the official of the nearest filled position above the employee's of at least pejabat
    pengawas level (pelaksana and fungsional parents are passed; PermenPANRB 6/2022), Plt/Plh first."""
    appraiser, _ = _appraiser_with_position(employee, on=on or today())
    return appraiser


def appraiser_for(subject, on: dt.date | None = None) -> Employee | None:
    """Pejabat Penilai Kinerja of an SKP or an evaluation: today's official (Plt/Plh first) above the position the
    SKP was made for. After a mutasi that is the position held in the period, so the former superior still rates
    the months before the move (rules.plan_for_period), whatever the employee's position is now."""
    position = subject.position or subject.employee.position
    if position is None:
        return None
    appraiser, _ = _walk_db(position.parent, on=on or today(), exclude={subject.employee_id})
    return appraiser


def _appraiser_with_position(employee: Employee, *, on: dt.date) -> tuple[Employee | None, Position | None]:
    if employee.position is None:
        return None, None
    return _walk_db(employee.position.parent, on=on, exclude={employee.pk})


def leader_above(unit: Unit, on: dt.date | None = None) -> Employee | None:
    """The official heading the unit above `unit` (Plt/Plh first); None for the top unit, whose leader (the
    kepala daerah) is outside the system."""
    if unit.parent_id is None:
        return None
    head = Position.objects.filter(unit_id=unit.parent_id, is_unit_head=True).order_by("id").first()
    return official_of(head, on=on or today()) if head is not None else None


def _officials_from(node: N | None, *, key: Callable[[N], int], parent: Callable[[N], N | None], officials) -> set[int]:
    """Ids of every official (holders and Plt/Plh) of `node` and of each position above it: the other walk,
    shared like _first_official_above by the queries and the OrgSnapshot."""
    ids: set[int] = set()
    seen: set[int] = set()
    while node is not None and key(node) not in seen:
        seen.add(key(node))
        ids |= officials(node)
        node = parent(node)
    return ids


def appraiser_and_superiors(employee: Employee, on: dt.date | None = None) -> set[int]:
    """Ids of the employee's appraiser and of every official above the appraiser (Plt/Plh and holders)."""
    on = on or today()
    appraiser, found_at = _appraiser_with_position(employee, on=on)
    if appraiser is None or found_at is None:
        return set()

    def officials(position: Position) -> set[int]:
        acting = ActingAssignment.objects.filter(position=position, start_date__lte=on, employee__is_active=True)
        acting = acting.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        holders = Employee.objects.filter(position=position, is_active=True)
        return set(holders.values_list("id", flat=True)) | set(acting.values_list("employee_id", flat=True))

    above = _officials_from(found_at.parent, key=lambda p: p.pk, parent=lambda p: p.parent, officials=officials)
    return {appraiser.pk} | above


def senior_appraiser_of(employee: Employee, on: dt.date | None = None) -> Employee | None:
    """Atasan Pejabat Penilai Kinerja: the official of the nearest filled position above the appraiser's."""
    on = on or today()
    appraiser, found_at = _appraiser_with_position(employee, on=on)
    if appraiser is None or found_at is None:
        return None
    senior, _ = _walk_db(found_at.parent, on=on, exclude={employee.pk, appraiser.pk})
    return senior


class OrgSnapshot:
    """The whole org chart on one date, in memory: appraisers for thousands of employees in a constant
    number of queries (opening a period). Same rules as appraiser_of / senior_appraiser_of: Plt/Plh first,
    else the active holder with the lowest id; vacancies are skipped."""

    def __init__(self, on: dt.date, *, unit_ids: Iterable[int] | None = None, ids_only: bool = False):
        """`unit_ids` limits the snapshot to those units (a subtree): walks stop at its top, which is enough to
        tell whom an official of the subtree appraises (policy.coachee_ids). `ids_only`: the employees carry their
        id and position id only (no names, positions or units loaded), for callers that compare ids; a third of
        the cost for a kecamatan of 2,200 people."""
        self.on = on
        self.parent_of: dict[int, int | None] = {}
        self.appraising: set[int] = set()
        positions = Position.objects.all()
        employees = Employee.objects.filter(is_active=True)
        acting = ActingAssignment.objects.filter(start_date__lte=on, employee__is_active=True).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )
        if unit_ids is not None:
            unit_ids = list(unit_ids)
            positions = positions.filter(unit_id__in=unit_ids)
            acting = acting.filter(position__unit_id__in=unit_ids)
            # Plt/Plh of the subtree's positions may hold a position elsewhere.
            employees = employees.filter(Q(position__unit_id__in=unit_ids) | Q(pk__in=acting.values("employee_id")))
        self.title: dict[int, str] = {}
        for position_id, parent_id, kind, title in positions.values_list("id", "parent_id", "kind", "title"):
            self.parent_of[position_id] = parent_id
            self.title[position_id] = title
            if rules.appraises(kind):
                self.appraising.add(position_id)
        if ids_only:
            employees = employees.only("id", "position").order_by("id")
        else:
            employees = employees.select_related("position", "position__unit").order_by("id")
        self.employees: dict[int, Employee] = {}
        self.holder: dict[int, Employee] = {}
        self.holders: dict[int, list[Employee]] = {}
        for e in employees:
            self.employees[e.pk] = e
            if e.position_id is not None:
                self.holder.setdefault(e.position_id, e)
                self.holders.setdefault(e.position_id, []).append(e)
        self.acting: dict[int, Employee] = {}
        self.acting_kind: dict[int, str] = {}
        for position_id, employee_id, acting_kind in acting.order_by("position_id", "-start_date", "id").values_list(
            "position_id", "employee_id", "kind"
        ):
            if position_id not in self.acting and employee_id in self.employees:
                self.acting[position_id] = self.employees[employee_id]
                self.acting_kind[position_id] = acting_kind

    def official(self, position_id: int) -> Employee | None:
        return self.acting.get(position_id) or self.holder.get(position_id)

    def _appraising_official(self, position_id: int) -> Employee | None:
        return self.official(position_id) if position_id in self.appraising else None

    def _walk(self, position_id: int | None, exclude: set[int]) -> tuple[Employee | None, int | None]:
        return _first_official_above(
            position_id, key=lambda p: p, parent=self.parent_of.get, official=self._appraising_official, exclude=exclude
        )

    def superiors(self, employee: Employee) -> set[int]:
        """Ids of the appraiser and of every official above the appraiser (as appraiser_and_superiors)."""
        if employee.position_id is None:
            return set()
        appraiser, found_at = self._walk(self.parent_of.get(employee.position_id), {employee.pk})
        if appraiser is None or found_at is None:
            return set()
        return {appraiser.pk} | _officials_from(
            self.parent_of.get(found_at), key=lambda p: p, parent=self.parent_of.get, officials=self._officials
        )

    def _officials(self, position_id: int) -> set[int]:
        acting = self.acting.get(position_id)
        return {e.pk for e in self.holders.get(position_id, ())} | ({acting.pk} if acting is not None else set())

    def appraiser(self, employee: Employee) -> Employee | None:
        """Pejabat Penilai Kinerja of `employee` on the snapshot's date (as appraiser_of)."""
        if employee.position_id is None:
            return None
        appraiser, _ = self._walk(self.parent_of.get(employee.position_id), {employee.pk})
        return appraiser

    def appraisers(self, employee: Employee) -> tuple[Employee | None, Employee | None]:
        """(Pejabat Penilai Kinerja, Atasan Pejabat Penilai Kinerja) of `employee` on the snapshot's date."""
        return self.appraisers_of_position(employee.position_id, employee)

    def appraisers_of_position(
        self, position_id: int | None, employee: Employee
    ) -> tuple[Employee | None, Employee | None]:
        """The same for `employee` as holder of `position_id` (after a mutasi: the position held in a period)."""
        (appraiser, _), (senior, _) = self.appraiser_roles_of_position(position_id, employee)
        return appraiser, senior

    def role_title(self, official: Employee | None, position_id: int | None) -> str:
        """As role_title_of: "Plt. Lurah Naioni" for the acting official of a position, else its title."""
        if official is None or position_id is None:
            return ""
        acting = self.acting.get(position_id)
        kind = self.acting_kind.get(position_id) if acting is not None and acting.pk == official.pk else None
        return rules.role_title(self.title.get(position_id, ""), kind)

    def appraiser_roles_of_position(
        self, position_id: int | None, employee: Employee
    ) -> tuple[tuple[Employee | None, str], tuple[Employee | None, str]]:
        """((appraiser, the title borne as appraiser), (senior appraiser, title)) for `employee` in `position_id`."""
        if position_id is None:
            return (None, ""), (None, "")
        appraiser, found_at = self._walk(self.parent_of.get(position_id), {employee.pk})
        if appraiser is None or found_at is None:
            return (None, ""), (None, "")
        senior, senior_at = self._walk(self.parent_of.get(found_at), {employee.pk, appraiser.pk})
        return (appraiser, self.role_title(appraiser, found_at)), (senior, self.role_title(senior, senior_at))


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


def hr_officer_for(unit: Unit):
    """The HR officer responsible for `unit`: the one whose scope is nearest above it (or None)."""
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
