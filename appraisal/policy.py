"""Who may see and do what. Views, APIs and querysets all ask this module; nothing else decides.

Rights come from the org chart, except HR (group "Admin Kepegawaian" + HrScope units) and superusers.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal import rules
from appraisal.models import (
    ActingAssignment,
    AppraiserDesignation,
    Employee,
    Evaluation,
    HrScope,
    Position,
    Unit,
    UnitPerformance,
)
from appraisal.org.selectors import (
    OrgSnapshot,
    appraiser_for,
    appraiser_of,
    senior_appraiser_of,
    today,
    unit_subtree_ids,
)
from appraisal.org.selectors import employee_for_user as _employee_for_user

HR_GROUP = "Admin Kepegawaian"


def _cache(user) -> dict:
    # Per-request memo on the user object: policy questions repeat within a page.
    if not hasattr(user, "_policy_cache"):
        user._policy_cache = {}
    return user._policy_cache


def employee_for_user(user):
    """The user's employee record, looked up once per request."""
    if not user.is_authenticated:
        return None
    memo = _cache(user)
    if "employee" not in memo:
        memo["employee"] = _employee_for_user(user)
    return memo["employee"]


def is_hr(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    memo = _cache(user)
    if "is_hr" not in memo:
        memo["is_hr"] = user.groups.filter(name=HR_GROUP).exists() and HrScope.objects.filter(user=user).exists()
    return memo["is_hr"]


def is_hr_or_admin(user) -> bool:
    """HR pages and lists: HR officers (of any unit) and superusers."""
    return bool(user.is_authenticated and (user.is_superuser or is_hr(user)))


def hr_unit_ids(user: User | AnonymousUser) -> set[int]:
    """Units an HR officer manages (their scope units and everything below); empty for non-HR."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Unit.objects.values_list("id", flat=True))
    if not is_hr(user):
        return set()
    memo = _cache(user)
    if "hr_units" not in memo:
        memo["hr_units"] = unit_subtree_ids(HrScope.objects.filter(user=user).values_list("unit_id", flat=True))
    return memo["hr_units"]


def visible_unit_ids(user: User | AnonymousUser) -> set[int]:
    """Units whose org chart the user may read.

    An employee sees their own unit; a unit head (Camat, Lurah) sees their unit and all below;
    HR sees their scope; superusers see everything.
    """
    if not user.is_authenticated:
        return set()
    memo = _cache(user)
    if "visible_units" in memo:
        return memo["visible_units"]
    units = set(hr_unit_ids(user))
    employee = employee_for_user(user)
    if employee is not None and employee.position is not None:
        if employee.position.is_unit_head or employee.position.parent_id is None:
            units |= unit_subtree_ids([employee.position.unit_id])
        else:
            units.add(employee.position.unit_id)
        # Acting officials see the units they lead, while they act.
        units |= unit_subtree_ids(_acting_head_unit_ids(employee))
    memo["visible_units"] = units
    return units


def can_view_unit(user, unit: Unit) -> bool:
    return unit.pk in visible_unit_ids(user)


def can_manage_unit(user, unit: Unit | None) -> bool:
    """HR writes (units, positions, employees, acting assignments) only within their units."""
    if unit is None:
        return bool(user.is_authenticated and user.is_superuser)
    return unit.pk in hr_unit_ids(user)


def can_view_position(user, position: Position) -> bool:
    return can_view_unit(user, position.unit)


def can_manage_position(user, position: Position) -> bool:
    return can_manage_unit(user, position.unit)


def can_view_employee(user, employee: Employee) -> bool:
    """Self, anyone who can see the employee's unit, and the employee's appraisers."""
    if not user.is_authenticated:
        return False
    if employee.user_id == user.pk:
        return True
    if employee.position is not None and can_view_unit(user, employee.position.unit):
        return True
    if employee.position is None and (user.is_superuser or is_hr(user)):
        return True
    me = employee_for_user(user)
    if me is None:
        return False
    return me in (appraiser_of(employee), senior_appraiser_of(employee))


def can_manage_employee(user, employee: Employee) -> bool:
    if employee.position is None:
        return is_hr_or_admin(user)
    return can_manage_unit(user, employee.position.unit)


def can_import_employees(user) -> bool:
    return is_hr_or_admin(user)


def can_view_unplaced_employees(user) -> bool:
    """HR and superusers also list employees not yet placed in a position (see can_view_employee)."""
    return is_hr_or_admin(user)


# --- SKP ---------------------------------------------------------------------------------------


def _led_unit_ids(user) -> set[int]:
    """Units a leader heads (as holder, or acting today), with everything below them."""
    memo = _cache(user)
    if "led_units" not in memo:
        employee = employee_for_user(user)
        heads = _units_led_today(employee) if employee is not None else set()
        memo["led_units"] = unit_subtree_ids(heads) if heads else set()
    return memo["led_units"]


def can_view_plan(user, plan) -> bool:
    """An SKP is seen by its employee, their appraiser and senior appraiser, HR of the unit and leaders above."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    employee = employee_for_user(user)
    if employee is not None and employee.pk in (plan.employee_id, plan.appraiser_id, plan.senior_appraiser_id):
        return True
    if plan.unit_id in hr_unit_ids(user) or plan.unit_id in _led_unit_ids(user):
        return True
    return plan.appraiser_id is None and designated_appraiser(plan) == user


def is_subject(user, obj) -> bool:
    """The user is the employee an SKP plan or an evaluation is about."""
    return bool(user.is_authenticated and obj.employee.user_id == user.pk)


def subject_q(user, prefix: str = "") -> Q:
    """The queryset twin of is_subject: rows about the user's own plan or evaluation (`prefix` leads to it), so a
    write path on the deadline rush checks ownership inside the one query that loads what it changes."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{f"{prefix}employee__user_id": user.pk})


def owns_task(user, task) -> bool:
    """The user is the current owner of a workflow task (the engine checks it again on completion)."""
    return bool(task is not None and user.is_authenticated and task.owner_id == user.pk)


def can_edit_plan(user, plan) -> bool:
    return is_subject(user, plan) and plan.is_editable


def can_manage_plans_of_unit(user, unit: Unit) -> bool:
    """HR opens SKPs in bulk and reassigns tasks for their units."""
    return can_manage_unit(user, unit)


def visible_plans(user, queryset):
    """Restrict a PerformancePlan queryset to what `user` may see (same rule as can_view_plan)."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    employee = employee_for_user(user)
    q = Q(unit_id__in=hr_unit_ids(user) | _led_unit_ids(user))
    if employee is not None:
        q |= Q(employee=employee) | Q(appraiser=employee) | Q(senior_appraiser=employee)
    return queryset.filter(q)


# --- Evaluations -------------------------------------------------------------------------------


def _is_appraiser_side(employee, evaluation) -> bool:
    """The snapshot appraiser/senior appraiser, whoever rated, or whoever appraises the employee today."""
    ids = {evaluation.appraiser_id, evaluation.senior_appraiser_id, evaluation.rated_by_id}
    if employee.pk in ids:
        return True
    current = (appraiser_of(evaluation.employee), senior_appraiser_of(evaluation.employee))
    return any(p is not None and p.pk == employee.pk for p in current)


def can_view_evaluation(user, evaluation) -> bool:
    """An evaluation is seen by its employee, appraiser, senior appraiser, HR of the unit and leaders above.

    Peers are not in this list: they see only their own feedback form.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if evaluation.unit_id in hr_unit_ids(user) or evaluation.unit_id in _led_unit_ids(user):
        return True
    employee = employee_for_user(user)
    if employee is not None and (employee.pk == evaluation.employee_id or _is_appraiser_side(employee, evaluation)):
        return True
    return _holds_official_step(user, evaluation)


# Steps whose holder sees the evaluation (viewflow stores steps by this reference); never the peers' feedback
# step: a peer sees only their own form, not the colleague's evaluation, in a list or in a detail.
OFFICIAL_STEPS = tuple(
    f"workflows/evaluation_flow.EvaluationFlow.{node}" for node in ("rate", "explain_appraiser", "decide", "sign_off")
)


def _holds_official_step(user, evaluation) -> bool:
    return (
        type(evaluation)
        .objects.filter(pk=evaluation.pk, process__task__owner=user, process__task__flow_task__in=OFFICIAL_STEPS)
        .exists()
    )


def visible_evaluations(user, queryset):
    """Restrict an Evaluation queryset to what `user` may see (snapshot roles; see can_view_evaluation)."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    q = Q(unit_id__in=hr_unit_ids(user) | _led_unit_ids(user))
    employee = employee_for_user(user)
    if employee is not None:
        q |= Q(employee=employee) | Q(appraiser=employee) | Q(senior_appraiser=employee) | Q(rated_by=employee)
    # Whoever holds (or held) an official step on it: acting officials, an official a task was reassigned to. A
    # subquery of ids (`id IN (SELECT ...)`), not a join: a join repeats an evaluation per task and needs DISTINCT
    # over every column, a sort of the whole table before the first page. Nor a correlated EXISTS: PostgreSQL costs
    # that OR at ~250,000 over a city, above jit_above_cost, and then spent 90 ms compiling a 50 ms query on every
    # first page of the evaluations API (this form: cost ~1,600, 40 ms; issue 13).
    holds_step = queryset.model.objects.filter(
        process__task__owner=user, process__task__flow_task__in=OFFICIAL_STEPS
    ).values("pk")
    q |= Q(pk__in=holds_step)
    return queryset.filter(q)


def viewable_evaluation_ids(user, ids) -> set[int]:
    """Which of the evaluations `ids` the user may open (visible_evaluations, the rule of can_view_evaluation), in
    one query: for pages that link many evaluations at once (the dashboard)."""
    ids = list(ids)
    if not ids:
        return set()
    return set(visible_evaluations(user, Evaluation.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def can_see_peer_progress(user, evaluation) -> bool:
    """How many peers were asked, answered and let the deadline pass, as counts only (selectors.peer_progress):
    HR of the unit and superusers, to follow the period.

    Never who answered, to anyone: who answered beside a summary that moves lets one answer be read by
    difference. Never the evaluated employee or the appraiser side either, even when they also hold the HR role.
    """
    if not user.is_authenticated:
        return False
    employee = employee_for_user(user)
    # The recorded people only (no org-chart walk): HR pages list many evaluations at once.
    recorded = {evaluation.employee_id, evaluation.appraiser_id, evaluation.senior_appraiser_id, evaluation.rated_by_id}
    if employee is not None and employee.pk in recorded:
        return False
    return user.is_superuser or evaluation.unit_id in hr_unit_ids(user)


def can_see_peer_summary(user, evaluation) -> bool:
    """The aggregated, anonymous peer answers: the appraiser side and HR, not the employee. The summary itself
    exists only once the peer step is closed and 3 have answered (services.peer_summary_for)."""
    if not user.is_authenticated:
        return False
    employee = employee_for_user(user)
    if employee is not None and employee.pk == evaluation.employee_id:
        return False  # not even when the employee is also an HR officer of the unit
    if can_see_peer_progress(user, evaluation):
        return True
    return employee is not None and _is_appraiser_side(employee, evaluation)


def can_manage_periods(user, unit: Unit) -> bool:
    """HR opens periods, sets organisation predicates and signs off within their units."""
    return can_manage_unit(user, unit)


def can_send_to_siasn(user, evaluation) -> bool:
    """HR of the period's unit sees the SIASN state of its evaluations, resends them and exports them for manual
    entry, as they sign them off (appraisal/siasn/)."""
    return can_manage_periods(user, evaluation.period.unit)


def can_view_org_result(user, record) -> bool:
    """A unit's Capaian Kinerja Organisasi and its history: HR of the unit, the leader named on it, leaders above."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or record.unit_id in hr_unit_ids(user) or record.unit_id in _led_unit_ids(user):
        return True
    return record.decided_by_id is not None and record.decided_by.user_id == user.pk


def org_results_awaiting(user):
    """UnitPerformance records naming `user` as the deciding leader and not yet confirmed."""
    return UnitPerformance.objects.filter(decided_by__user=user, confirmed_at__isnull=True)


def can_coach(user, employee) -> bool:
    """Continuous feedback and performance dialogues: the employee's current appraiser (acting honoured)."""
    if not user.is_authenticated:
        return False
    appraiser = appraiser_of(employee)
    return appraiser is not None and appraiser.user_id == user.pk


def coachee_ids(user) -> set[int]:
    """Employees `user` may coach (can_coach for many at once): those whose Pejabat Penilai Kinerja the user is today,
    as holder or Plt/Plh. Resolved in memory over the units the user sees (their own unit, and below it for a unit
    head or the Plt/Plh of one): three queries on a page that already asked visible_unit_ids. A Plt/Plh of a
    position outside those units coaches that team from the employee's page (can_coach)."""
    if not user.is_authenticated:
        return set()
    memo = _cache(user)
    if "coachees" not in memo:
        me = employee_for_user(user)
        memo["coachees"] = set()
        units = visible_unit_ids(user) | ({me.position.unit_id} if me is not None and me.position else set())
        if me is not None and me.is_active and units:
            chart = OrgSnapshot(today(), unit_ids=units, ids_only=True)
            memo["coachees"] = {
                e.pk for e in chart.employees.values() if (a := chart.appraiser(e)) is not None and a.pk == me.pk
            }
    return memo["coachees"]


def can_choose_peers(user, evaluation) -> bool:
    """The peers asked for feedback are chosen by the evaluation's appraiser (services.peers_choose): the official
    above the position held in the period (org.selectors.appraiser_for)."""
    if not user.is_authenticated:
        return False
    appraiser = appraiser_for(evaluation)
    return appraiser is not None and appraiser.user_id == user.pk


# --- Service desk ------------------------------------------------------------------------------


def can_handle_requests(user, unit_id: int) -> bool:
    """Counter staff: employees placed in the unit (or acting there); HR of the unit may correct entries."""
    if not user.is_authenticated:
        return False
    # The officer's own unit first: the counter's hot path then needs no HR lookup.
    employee = employee_for_user(user)
    if employee is not None and employee.position is not None and employee.position.unit_id == unit_id:
        return True
    return unit_id in hr_unit_ids(user)


def can_view_service_reports(user, unit: Unit) -> bool:
    """Unit reports (IKM per element, service and officer): leaders of the unit and above, and HR."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or unit.pk in hr_unit_ids(user) or unit.pk in _led_unit_ids(user)


def counter_unit_ids(user) -> set[int]:
    """can_handle_requests as a set, for querysets: the unit the user is placed in, and HR's units."""
    if not user.is_authenticated:
        return set()
    units = set(hr_unit_ids(user))
    employee = employee_for_user(user)
    if employee is not None and employee.position is not None:
        units.add(employee.position.unit_id)
    return units


def service_report_unit_ids(user) -> set[int]:
    """can_view_service_reports as a set: the units whose reports (and files, read-only) the user may see."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return hr_unit_ids(user)  # every unit
    return hr_unit_ids(user) | _led_unit_ids(user)


# --- Dashboards (Pimpinan) ---------------------------------------------------------------------
#
# A leader's dashboard covers the units they lead today, as holder or as Plt/Plh on today's date (an assignment that
# ended or has not started gives nothing), with everything below them, and the units whose heads answer to them in
# the chart although the unit tree puts those units beside the leader's own: the Sekretaris Daerah heads the
# Sekretariat Daerah, while each Camat's position reports to his and the kecamatan sit beside the Sekretariat under
# the Pemerintah Kota. Never a unit above or beside. HR sees its scope, superusers everything.
# A dashboard shows counts, names of people with late steps or without coaching, and links; what each link opens is
# decided again by the page it leads to (can_view_evaluation, can_view_employee). Peers stay anonymous there too: a
# late peer-feedback step is counted, never named, and no peer answer is read.


def _units_led_today(employee) -> set[int]:
    """Units whose head position `employee` holds, or acts in (Plt/Plh) on today's date."""
    heads: set[int] = set()
    if not employee.is_active:
        return heads
    if employee.position is not None and employee.position.is_unit_head:
        heads.add(employee.position.unit_id)
    heads |= set(_acting_head_unit_ids(employee))
    return heads


def _acting_head_unit_ids(employee):
    """Units whose head position `employee` acts in (Plt/Plh) today, as a lazy values list. A Plt or Plh holds the
    position's authority only for the period of the order (SE Kepala BKN 1/SE/I/2021): an assignment that has
    ended, or not yet begun, gives nothing."""
    on = today()
    acting = employee.acting_assignments.filter(position__is_unit_head=True, start_date__lte=on)
    return acting.filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).values_list("position__unit_id", flat=True)


def leader_unit_ids(user) -> set[int]:
    """Units a leader oversees today: those they head (Plt/Plh honoured), below them, and under their seat."""
    if not user.is_authenticated:
        return set()
    memo = _cache(user)
    if "leader_units" not in memo:
        employee = employee_for_user(user)
        heads = _units_led_today(employee) if employee is not None else set()
        units = unit_subtree_ids(heads) if heads else set()
        while units:
            # Units headed by a position whose superior sits in a unit already covered (the Camat under the Sekda).
            below = set(
                Position.objects.filter(is_unit_head=True, parent__unit_id__in=units)
                .exclude(unit_id__in=units)
                .values_list("unit_id", flat=True)
            )
            if not below:
                break
            units |= unit_subtree_ids(below)
        memo["leader_units"] = units
    return memo["leader_units"]


def dashboard_unit_ids(user) -> set[int]:
    """Units whose dashboard (/dasbor/) the user may open: a leader's (leader_unit_ids), HR's scope, all for
    superusers; empty for everyone else (staff, peers, outsiders)."""
    if not user.is_authenticated:
        return set()
    return leader_unit_ids(user) | hr_unit_ids(user)


def can_view_dashboard(user, unit: Unit | None = None) -> bool:
    """Whether the user has a dashboard at all (unit None), or may open the one of `unit`."""
    units = dashboard_unit_ids(user)
    return bool(units) if unit is None else unit.pk in units


def coaching_text_unit_ids(user) -> set[int]:
    """Units whose continuous-feedback texts a dashboard may quote: where the user sees the evaluations by unit
    (HR of the unit and leaders of it and above, as can_view_evaluation); elsewhere a dashboard shows only who gave
    feedback to whom and when."""
    if not user.is_authenticated:
        return set()
    return hr_unit_ids(user) | _led_unit_ids(user)


# --- Talent (PermenPANRB 3/2020 Manajemen Talenta ASN) -----------------------------------------------------------
#
# A performance profile gathers an employee's evaluations across periods: it is seen by the circle that sees those
# evaluations (can_view_evaluation): the employee, the current appraiser and senior appraiser, the leaders above
# (leader_unit_ids) and HR of the unit. Never by peers, even of the same unit: a colleague sees the org chart, not a
# colleague's appraisal. Inside the profile the peers' counts follow can_see_peer_summary: never to the employee.
# The talent map and placement advice are the leader's tool (dashboard_unit_ids: leaders and HR of the units).


def can_view_profile(user, employee: Employee) -> bool:
    """The performance profile (/pegawai/<id>/profil-kinerja/)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or employee.user_id == user.pk:
        return True
    unit_id = employee.position.unit_id if employee.position is not None else None
    if unit_id is not None and (unit_id in hr_unit_ids(user) or unit_id in leader_unit_ids(user)):
        return True
    me = employee_for_user(user)
    if me is None:
        return False
    return any(p is not None and p.pk == me.pk for p in (appraiser_of(employee), senior_appraiser_of(employee)))


def profile_shows_peer_counts(user, employee: Employee) -> bool:
    """Peers' anonymous counts in the profile: as can_see_peer_summary, never to the employee themself."""
    return employee.user_id != user.pk


def talent_unit_ids(user) -> set[int]:
    """Units whose talent map (/talenta/) the user may open: leaders' subtrees and HR's scope (dashboard_unit_ids)."""
    return dashboard_unit_ids(user)


def can_view_talent_map(user) -> bool:
    return bool(talent_unit_ids(user))


def can_record_potential(user, employee: Employee) -> bool:
    """Potential is recorded by HR of the employee's unit from an assessment (PermenPANRB 3/2020 Pasal 11)."""
    return employee.position is not None and employee.position.unit_id in hr_unit_ids(user)


def can_agree_development(user, employee: Employee) -> bool:
    """A development plan is agreed in a dialog kinerja: recorded by the employee's current appraiser."""
    return can_coach(user, employee)


def can_update_development(user, action) -> bool:
    """Progress on an agreed action: the employee and their current appraiser."""
    if not user.is_authenticated:
        return False
    return action.employee.user_id == user.pk or can_coach(user, action.employee)


def can_export_training_needs(user) -> bool:
    """The unit's development needs as next year's training-needs list: HR (of their units)."""
    return is_hr_or_admin(user)


# --- who may hold a step (reassignment) ---------------------------------------------------------
#
# A task moved by HR must land with someone the law would give that step to, never with the subject:
# - reviewing an SKP, rating, and explaining the rating belong to the Pejabat Penilai Kinerja, an official of
#   at least pejabat pengawas level in the employee's own line (PP 30/2019 Pasal 40 ayat (1)–(3), Pasal 48);
# - deciding an objection belongs to the Atasan Pejabat Penilai Kinerja alone (PP 30/2019 Pasal 59), or where the
#   chart has none, to the official HR records as designated by letter (objection_decider);
# - signing off belongs to HR of the evaluation's unit (administration, never a decision on the merits).
# Where the chart has no appraiser (the Sekda, whose appraiser is the Wali Kota outside the system), only the
# official HR designated by letter (designated_appraiser); never an administrator.

APPRAISING_KINDS = rules.APPRAISING_KINDS


class StepRole:
    APPRAISER = "appraiser"
    SENIOR_APPRAISER = "senior_appraiser"
    HR = "hr"


def _positions_above(position: Position | None) -> list[int]:
    """Ids of the positions above `position`, nearest first (not including it)."""
    chain: list[int] = []
    node = position.parent if position is not None else None
    while node is not None and node.pk not in chain:
        chain.append(node.pk)
        node = node.parent
    return chain


def _officials_of(position_ids: list[int], *, exclude: set[int]) -> QuerySet[User]:
    """Active accounts of the holders and acting officials (today) of appraising positions among `position_ids`."""
    on = today()
    appraising = list(
        Position.objects.filter(id__in=position_ids, kind__in=APPRAISING_KINDS).values_list("id", flat=True)
    )
    acting = ActingAssignment.objects.filter(position_id__in=appraising, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    return (
        User.objects.filter(is_active=True, employee__is_active=True)
        .filter(Q(employee__position_id__in=appraising) | Q(employee__acting_assignments__in=acting))
        .exclude(employee__in=exclude)
        .distinct()
    )


def step_holders(role: str, subject) -> QuerySet[User]:
    """Accounts that may hold a step of `role` for `subject` (an SKP plan or an evaluation), never its subject."""
    employee = subject.employee
    if role == StepRole.HR:
        units = [subject.unit_id] if subject.unit_id else []
        node = subject.unit.parent if subject.unit_id else None
        while node is not None:
            units.append(node.pk)
            node = node.parent
        return (
            User.objects.filter(is_active=True, groups__name=HR_GROUP, hr_scopes__unit_id__in=units)
            .exclude(pk=employee.user_id)
            .distinct()
        )
    if role == StepRole.APPRAISER:
        # The position the SKP or evaluation was made for: after a mutasi, the one held in the period.
        holders = _officials_of(_positions_above(subject.position or employee.position), exclude={employee.pk})
    elif role == StepRole.SENIOR_APPRAISER:
        # Exactly one person decides an objection (PP 30/2019 Pasal 59): no other official, no administrator.
        decider = objection_decider(subject)
        return User.objects.filter(pk=decider.pk if decider is not None else None)
    else:
        raise ValueError(f"unknown step role {role!r}")
    if holders.exists():
        return holders
    # Nobody in the chart above: only the official HR designated by letter (appraiser_designate); never an
    # administrator (PermenPANRB 6/2022: the Pejabat Penilai Kinerja is the superior, not whoever runs the system).
    # HR's period page names the gap ("Tanpa Pejabat Penilai Kinerja").
    designated = designated_appraiser(subject)
    return User.objects.filter(pk=designated.pk if designated is not None else None)


def _subject_year(subject) -> int:
    return subject.year if hasattr(subject, "year") else subject.period.year


def designated_appraiser(subject) -> User | None:
    """For an SKP or an evaluation whose position has no Pejabat Penilai Kinerja in the chart: the official HR
    designated by letter for that employee and year (active), else None."""
    if appraiser_for(subject) is not None:
        return None
    designation = (
        AppraiserDesignation.objects.filter(employee_id=subject.employee_id, year=_subject_year(subject))
        .select_related("official")
        .first()
    )
    if designation is None or not designation.official.is_active:
        return None
    return designation.official


def appraiser_designation_problem(by, employee, official) -> str | None:
    """Why `by` may not designate `official` as Pejabat Penilai Kinerja of `employee`, or None. HR of the
    employee's unit records it, only where the chart has no appraiser, and never designates itself, another HR
    officer or the employee: HR administers, it does not appraise."""
    if not can_manage_employee(by, employee):
        return _("Hanya admin kepegawaian unit pegawai ini yang dapat mencatat penunjukan.")
    appraiser = appraiser_of(employee)
    if appraiser is not None:
        return _(
            "Pegawai ini memiliki Pejabat Penilai Kinerja dalam struktur (%(name)s); penunjukan tidak diperlukan."
        ) % {"name": appraiser.full_name}
    if official is None or not official.is_active:
        return _("Pilih akun pejabat yang aktif.")
    if official.pk in (employee.user_id, by.pk) or official.groups.filter(name=HR_GROUP).exists():
        return _(
            "Pejabat yang ditunjuk tidak boleh pegawai itu sendiri atau admin kepegawaian: kepegawaian tidak menilai."
        )
    return None


# --- Objections (PP 30/2019 Pasal 59; PermenPANRB 6/2022) -----------------------------------------

OBJECTION_AUTHORITY = gettext_lazy(
    "Keberatan hanya dapat diputus oleh Atasan Pejabat Penilai Kinerja (PP 30/2019 Pasal 59)."
)


def objection_decider(evaluation) -> User | None:
    """Who decides the evaluation's objection: its Atasan Pejabat Penilai Kinerja, the appraiser's own superior
    official today (Plt/Plh honoured; PP 30/2019 Pasal 59: the decision is theirs and final).

    Where the chart has none (the Camat, appraised by the Sekda, whose superior is the kepala daerah outside the
    system; a vacancy above), the official HR designated by letter for this objection (objection_designate).
    Never HR on its own authority, never an administrator; None while nobody may decide (the task waits)."""
    senior = senior_appraiser_of(evaluation.employee)
    if senior is not None:
        user = senior.user
        return user if user is not None and user.is_active else None
    objection = getattr(evaluation, "objection", None)  # RelatedObjectDoesNotExist is an AttributeError
    if objection is not None and objection.designated_official_id and objection.designated_official.is_active:
        return objection.designated_official
    return None


def may_decide_objection(user, evaluation) -> bool:
    decider = objection_decider(evaluation)
    return bool(user is not None and user.is_authenticated and decider is not None and decider.pk == user.pk)


def needs_designated_decider(evaluation) -> bool:
    """The chart has no Atasan Pejabat Penilai Kinerja for the employee: an official must be designated."""
    return senior_appraiser_of(evaluation.employee) is None


def designation_problem(by, evaluation, official) -> str | None:
    """Why `by` may not designate `official` to decide the evaluation's objection, or None.

    HR administers: it records the designation of the competent official (the kepala daerah or the official the
    letter names) only where the chart has no Atasan, and can never designate itself or another HR officer, the
    employee or the appraiser: HR never decides on the merits."""
    if not can_manage_unit(by, evaluation.unit):
        return _("Hanya admin kepegawaian unit ini yang dapat mencatat penunjukan pejabat.")
    if not needs_designated_decider(evaluation):
        return _("Keberatan ini diputus oleh Atasan Pejabat Penilai Kinerja pegawai; penunjukan tidak diperlukan.")
    if official is None or not official.is_active:
        return _("Pilih akun pejabat yang aktif.")
    excluded = {evaluation.employee.user_id, by.pk}
    appraiser = evaluation.rated_by or evaluation.appraiser
    if appraiser is not None:
        excluded.add(appraiser.user_id)
    if official.pk in excluded or official.groups.filter(name=HR_GROUP).exists():
        return _(
            "Pejabat yang ditunjuk tidak boleh pegawai itu sendiri, pejabat penilai kinerjanya, "
            "atau admin kepegawaian: kepegawaian tidak memutus keberatan."
        )
    return None


def may_hold_step(user, role: str, subject) -> bool:
    return bool(user is not None and user.pk and step_holders(role, subject).filter(pk=user.pk).exists())


def can_reassign(user, subject) -> bool:
    """Only HR of the subject's unit (or an administrator) moves its tasks."""
    return subject.unit is not None and can_manage_unit(user, subject.unit)
