"""SKP services: draft, edit, submit, approve, return, revise. Each is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from appraisal import policy, rules
from appraisal.models import (
    BehaviourExpectation,
    CoreValue,
    Employee,
    Indicator,
    PerformancePlan,
    PlannedResult,
    PlanStatus,
    ReviewNote,
    Transfer,
    Unit,
)
from appraisal.org.selectors import appraiser_for, appraiser_of, appraiser_roles, senior_appraiser_of, today
from appraisal.skp.selectors import current_approved_plan

# --- helpers ----------------------------------------------------------------------------------


def _require_editable(plan: PerformancePlan, actor: User) -> None:
    if plan.employee.user_id != actor.pk:
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengubahnya."))
    if not plan.is_editable:
        raise ValidationError(
            _("SKP berstatus %(status)s tidak dapat diubah.") % {"status": plan.get_status_display()},
            code="plan_locked",
        )


def _is_appraiser_of_plan(actor: User, plan: PerformancePlan) -> bool:
    """The plan's Pejabat Penilai Kinerja: recorded on the plan, or today's official above its position (Plt/Plh)."""
    if actor is None or not actor.is_authenticated or plan.employee.user_id == actor.pk:
        return False
    if plan.appraiser is not None and plan.appraiser.user_id == actor.pk:
        return True
    current = appraiser_for(plan)  # the official above the plan's own position (after a mutasi: the old one)
    if current is None:
        return policy.designated_appraiser(plan) == actor  # designated by letter where the chart has none
    return current.user_id == actor.pk


def _locked_plan(plan: PerformancePlan) -> PerformancePlan:
    """Re-read the plan under a row lock so concurrent edits serialise (no-op on SQLite)."""
    return PerformancePlan.objects.select_for_update().select_related("employee").get(pk=plan.pk)


def _take_snapshot(plan: PerformancePlan, *, on: dt.date) -> None:
    employee = plan.employee
    position = employee.position
    appraiser = appraiser_of(employee, on)
    plan.position = position
    plan.unit = position.unit if position else None
    plan.position_title = position.title if position else ""
    plan.unit_name = position.unit.name if position else ""
    plan.grade = employee.grade
    plan.appraiser = appraiser
    # The title borne as appraiser: "Plt. Lurah Naioni" for an acting official (rules.role_title).
    plan.appraiser_position_title = appraiser_roles(employee, on)[0]
    plan.appraiser_unit_name = appraiser.position.unit.name if appraiser and appraiser.position else ""
    plan.appraiser_grade = appraiser.grade if appraiser else ""
    plan.senior_appraiser = senior_appraiser_of(employee, on)


# --- creation ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, employee: Employee, year: int, actor: User | None = None) -> PerformancePlan:
    """Open version 1 of an employee's SKP for `year` (workflows.steps.skp starts its review flow)."""
    if employee.position is None:
        raise ValidationError(_("%(name)s belum memiliki jabatan; SKP belum dapat disusun.") % {"name": employee})
    if PerformancePlan.objects.filter(employee=employee, year=year).exists():
        raise ValidationError(
            _("%(name)s sudah memiliki SKP tahun %(year)s.") % {"name": employee, "year": year}, code="plan_exists"
        )
    plan = PerformancePlan(
        employee=employee,
        year=year,
        version=1,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
    )
    _take_snapshot(plan, on=max(today(), plan.period_start) if today().year == year else plan.period_start)
    plan.full_clean()
    if actor is not None:
        plan._history_user = actor
    plan.save()
    BehaviourExpectation.objects.bulk_create(
        [BehaviourExpectation(plan=plan, core_value=value) for value in CoreValue.values]
    )
    return plan


@transaction.atomic
def plans_split_for_transfer(*, transfer: Transfer, actor: User) -> PerformancePlan:
    """After a mutasi: every SKP of the year that runs past the transfer closes the day before, and a new SKP for
    the new position starts on the transfer date to 31 December (its own review with the new
    Pejabat Penilai Kinerja; workflows.steps.skp starts it). Both stay in the year's result, each rated for its
    own periods."""
    on = transfer.effective_date
    employee = transfer.employee
    plans = PerformancePlan.objects.select_for_update().filter(employee=employee, year=on.year)
    version = 0
    for plan in plans.exclude(status=PlanStatus.SUPERSEDED):
        version = max(version, plan.version)
        if plan.period_start < on <= plan.period_end:
            plan.period_end = on - dt.timedelta(days=1)
            plan._history_user = actor
            plan.save(update_fields=["period_end"])
    version = max([version, *plans.values_list("version", flat=True)])
    new = PerformancePlan(
        employee=employee,
        year=on.year,
        version=version + 1,
        period_start=on,
        period_end=dt.date(on.year, 12, 31),
        revision_reason=_("Mutasi ke %(position)s (SK %(decree)s)")
        % {"position": transfer.to_position_title, "decree": transfer.decree_number},
    )
    _take_snapshot(new, on=on)
    new.full_clean()
    new._history_user = actor
    new.save()
    BehaviourExpectation.objects.bulk_create([BehaviourExpectation(plan=new, core_value=v) for v in CoreValue.values])
    return new


@dataclass
class BulkStartReport:
    created: list[PerformancePlan]
    skipped: list[tuple[Employee, str]]


@transaction.atomic
def plans_create_for_unit(*, unit: Unit, year: int, actor: User) -> BulkStartReport:
    """HR: open a draft SKP for every active employee of `unit` who has none for `year`."""
    report = BulkStartReport(created=[], skipped=[])
    employees = Employee.objects.filter(position__unit=unit, is_active=True).select_related(
        "position", "position__unit"
    )
    existing = set(
        PerformancePlan.objects.filter(employee__in=employees, year=year).values_list("employee_id", flat=True)
    )
    for employee in employees:
        if employee.pk in existing:
            report.skipped.append((employee, _("sudah memiliki SKP tahun %(year)s") % {"year": year}))
            continue
        if employee.user_id is None:
            report.skipped.append((employee, _("belum memiliki akun pengguna")))
            continue
        report.created.append(plan_create(employee=employee, year=year, actor=actor))
    return report


# --- editing (draft or returned only) ---------------------------------------------------------

PLAN_TEXT_FIELDS = ("resource_support", "accountability_scheme", "consequences", "approach")


@transaction.atomic
def plan_update(*, plan: PerformancePlan, actor: User, **fields: Any) -> PerformancePlan:
    """Edit the attachment texts (lampiran) of a draft plan."""
    plan = _locked_plan(plan)
    _require_editable(plan, actor)
    for name, value in fields.items():
        if name not in PLAN_TEXT_FIELDS:
            raise TypeError(f"plan_update cannot change {name}")
        setattr(plan, name, value)
    plan.full_clean()
    plan._history_user = actor
    plan.save()
    return plan


@dataclass(frozen=True)
class IndicatorInput:
    aspect: str
    text: str
    target_value: Decimal
    target_unit: str


@transaction.atomic
def result_save(
    *,
    plan: PerformancePlan,
    actor: User,
    kind: str,
    text: str,
    supports: PlannedResult | None,
    supports_text: str = "",
    indicators: Sequence[IndicatorInput],
    result: PlannedResult | None = None,
) -> PlannedResult:
    """Create or replace one RHK with its indicators. Indicators are replaced as a whole."""
    plan = _locked_plan(plan)
    _require_editable(plan, actor)
    if result is not None and result.plan_id != plan.pk:
        raise PermissionDenied(_("RHK ini bukan bagian dari SKP tersebut."))
    if supports is not None and (
        plan.appraiser_id is None or supports.plan.employee_id != plan.appraiser_id or supports.plan.year != plan.year
    ):
        raise ValidationError(
            {"supports": _("RHK atasan harus berasal dari SKP pejabat penilai kinerja Anda pada tahun yang sama.")}
        )
    if not indicators:
        raise ValidationError({"indicators": _("Isi paling sedikit satu indikator kinerja individu.")})
    result = result or PlannedResult(plan=plan, order=plan.results.count() + 1)
    result.kind = kind
    result.text = text
    result.supports = supports
    result.supports_text = supports_text
    result.full_clean()
    result._history_user = actor
    result.save()
    new_indicators = [
        Indicator(
            result=result, aspect=i.aspect, text=i.text, target_value=i.target_value, target_unit=i.target_unit, order=n
        )
        for n, i in enumerate(indicators, start=1)
    ]
    for indicator in new_indicators:
        indicator.full_clean(exclude=["result"])
    for old in result.indicators.all():
        old._history_user = actor
        old.delete()
    for indicator in new_indicators:
        indicator._history_user = actor
        indicator.save()
    return result


@transaction.atomic
def result_delete(*, result: PlannedResult, actor: User) -> None:
    _locked_plan(result.plan)
    _require_editable(result.plan, actor)
    if result.supported_by.exists():
        raise ValidationError(_("RHK ini sudah didukung oleh RHK bawahan; lepaskan kaitannya terlebih dahulu."))
    result._history_user = actor
    result.delete()


@transaction.atomic
def behaviours_update(*, plan: PerformancePlan, actor: User, expectations: Mapping[str, str]) -> None:
    """The appraiser sets the leader's special expectation per core value (Ekspektasi khusus pimpinan:
    PermenPANRB 6/2022, Lampiran: written by the superior, not by the employee), until the plan is approved."""
    plan = _locked_plan(plan)
    if not _is_appraiser_of_plan(actor, plan):
        raise PermissionDenied(
            _(
                "Ekspektasi khusus pimpinan ditulis oleh pejabat penilai kinerja, bukan oleh pegawai "
                "(PermenPANRB 6/2022)."
            )
        )
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED):
        raise ValidationError(
            _("SKP berstatus %(status)s tidak dapat diubah.") % {"status": plan.get_status_display()},
            code="plan_locked",
        )
    unknown = set(expectations) - set(CoreValue.values)
    if unknown:
        raise ValidationError(_("Nilai dasar tidak dikenal: %(v)s") % {"v": ", ".join(sorted(unknown))})
    for behaviour in plan.behaviours.all():
        new = expectations.get(behaviour.core_value, behaviour.expectation)
        if new != behaviour.expectation:
            behaviour.expectation = new
            behaviour.full_clean()
            behaviour._history_user = actor
            behaviour.save()


# --- the review loop --------------------------------------------------------------------------


def plan_submission_errors(plan: PerformancePlan) -> list[str]:
    """Why the plan cannot be submitted now (empty when it can)."""
    results = list(plan.results.select_related("supports").prefetch_related("indicators"))
    facts = [
        rules.ResultFacts(
            label=Truncator(r.text).words(10, truncate="…"),  # named in the message, never cut mid-word
            kind=r.kind,
            indicator_count=len(r.indicators.all()),
            supports_id=r.supports_id,
            supports_text=r.supports_text,
        )
        for r in results
    ]
    approved_ids = None
    appraiser_name = ""
    if plan.appraiser_id is not None:
        appraiser_name = plan.appraiser.full_name
        approved = current_approved_plan(plan.appraiser, plan.year)
        if approved is not None:
            approved_ids = frozenset(approved.results.values_list("id", flat=True))
    return rules.skp_submission_errors(
        facts,
        is_top=plan.is_top,
        appraiser_name=appraiser_name,
        year=plan.year,
        appraiser_approved_result_ids=approved_ids,
    )


def plan_submit(*, plan: PerformancePlan, actor: User) -> PerformancePlan:
    """The employee submits the draft (workflows.steps.skp then gives the appraiser a review task)."""
    locked = _locked_plan(plan)
    _require_editable(locked, actor)
    # The reviewer is whoever appraises the employee today.
    _take_snapshot(locked, on=today())
    locked.save()
    errors = plan_submission_errors(locked)
    if errors:
        raise ValidationError(errors, code="plan_incomplete")
    locked.status = PlanStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked._history_user = actor
    locked.save()
    return locked


def _review(plan: PerformancePlan, actor: User, decide) -> PerformancePlan:
    locked = _locked_plan(plan)
    if locked.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("SKP ini tidak sedang menunggu persetujuan."), code="plan_not_submitted")
    decide(locked)
    locked._history_user = actor
    locked.save()
    return locked


def plan_approve(*, plan: PerformancePlan, actor: User) -> PerformancePlan:
    """The appraiser approves: the plan is locked; a previous version is superseded."""

    def decide(locked: PerformancePlan) -> None:
        locked.status = PlanStatus.APPROVED
        locked.approved_at = timezone.now()
        locked.approved_by = getattr(actor, "employee", None)
        if locked.previous_version_id:
            previous = _locked_plan(locked.previous_version)
            previous.status = PlanStatus.SUPERSEDED
            previous._history_user = actor
            previous.save()

    return _review(plan, actor, decide)


def plan_return_check(*, note: str, result_notes: Mapping[int, str] | None) -> dict[int, str]:
    """The notes a return needs (at least one), cleaned; raises when there is none."""
    cleaned = {k: v.strip() for k, v in (result_notes or {}).items() if v and v.strip()}
    if not note.strip() and not cleaned:
        raise ValidationError(_("Tuliskan paling sedikit satu catatan agar pegawai tahu apa yang harus diperbaiki."))
    return cleaned


def plan_return(
    *, plan: PerformancePlan, actor: User, note: str = "", result_notes: Mapping[int, str] | None = None
) -> PerformancePlan:
    """The appraiser returns the plan with a general note and/or notes per RHK."""
    result_notes = plan_return_check(note=note, result_notes=result_notes)

    def decide(locked: PerformancePlan) -> None:
        valid_ids = set(locked.results.values_list("id", flat=True))
        if set(result_notes) - valid_ids:
            raise ValidationError(_("Catatan merujuk RHK yang tidak ada pada SKP ini."))
        if note.strip():
            ReviewNote.objects.create(plan=locked, text=note.strip(), author=actor)
        for result_id, text in result_notes.items():
            ReviewNote.objects.create(plan=locked, result_id=result_id, text=text, author=actor)
        locked.status = PlanStatus.RETURNED

    return _review(plan, actor, decide)


@transaction.atomic
def plan_revise(*, plan: PerformancePlan, actor: User, reason: str) -> PerformancePlan:
    """After approval, open version n+1 as a copy going through the same review; version n stays readable.

    workflows.steps.skp starts the new version's review flow."""
    plan = _locked_plan(plan)
    if plan.employee.user_id != actor.pk:
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat membuat perubahan."))
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Hanya SKP yang sudah disetujui yang dapat diubah melalui versi baru."))
    if PerformancePlan.objects.filter(previous_version=plan).exists():
        raise ValidationError(_("Versi baru SKP ini sudah dibuat."))
    if PerformancePlan.objects.filter(employee=plan.employee, year=plan.year, version__gt=plan.version).exists():
        raise ValidationError(_("SKP ini sudah ditutup karena mutasi; perubahan dibuat pada SKP jabatan yang baru."))
    if not reason.strip():
        raise ValidationError({"revision_reason": _("Tuliskan alasan perubahan SKP.")})
    new = PerformancePlan(
        employee=plan.employee,
        year=plan.year,
        version=plan.version + 1,
        period_start=plan.period_start,
        period_end=plan.period_end,
        resource_support=plan.resource_support,
        accountability_scheme=plan.accountability_scheme,
        consequences=plan.consequences,
        previous_version=plan,
        revision_reason=reason.strip(),
    )
    _take_snapshot(new, on=today())
    new.full_clean()
    new._history_user = actor
    new.save()
    for result in plan.results.prefetch_related("indicators"):
        copy = PlannedResult.objects.create(
            plan=new,
            kind=result.kind,
            text=result.text,
            supports=result.supports,
            supports_text=result.supports_text,
            order=result.order,
            origin=result,
        )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    result=copy,
                    aspect=i.aspect,
                    text=i.text,
                    target_value=i.target_value,
                    target_unit=i.target_unit,
                    order=i.order,
                )
                for i in result.indicators.all()
            ]
        )
    BehaviourExpectation.objects.bulk_create(
        [
            BehaviourExpectation(plan=new, core_value=b.core_value, expectation=b.expectation)
            for b in plan.behaviours.all()
        ]
    )
    return new
