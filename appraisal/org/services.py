"""Changes to the organisation: units, positions, employees, acting officials, HR scopes."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from appraisal import policy, rules
from appraisal.models import (
    ActingAssignment,
    AppraiserDesignation,
    Employee,
    PerformancePlan,
    Position,
    Transfer,
    Unit,
)
from appraisal.org.selectors import today
from appraisal.rules import normalize_nip

M = TypeVar("M", bound=models.Model)


def _apply(instance: M, *, actor: User | None, fields: dict[str, Any]) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    if actor is not None:
        instance._history_user = actor  # simple_history: who made this change outside a request
    instance.save()
    return instance


@transaction.atomic
def unit_save(*, unit: Unit | None = None, actor: User | None = None, **fields: Any) -> Unit:
    return _apply(unit or Unit(), actor=actor, fields=fields)


@transaction.atomic
def position_save(*, position: Position | None = None, actor: User | None = None, **fields: Any) -> Position:
    return _apply(position or Position(), actor=actor, fields=fields)


@transaction.atomic
def employee_save(*, employee: Employee | None = None, actor: User | None = None, **fields: Any) -> Employee:
    if "nip" in fields:
        fields["nip"] = normalize_nip(fields["nip"])
    if employee is not None and employee.pk and "position" in fields:
        stored = Employee.objects.filter(pk=employee.pk).values_list("position_id", flat=True).first()
        new = fields["position"].pk if fields["position"] is not None else None
        has_plan = PerformancePlan.objects.filter(employee_id=employee.pk, year=today().year).exists()
        if stored is not None and new != stored and has_plan:
            # The SKP follows the position: moving someone with an SKP this year is a mutasi (employee_transfer).
            raise ValidationError(
                {
                    "position": _(
                        "Pegawai ini sudah memiliki SKP tahun berjalan: pindahkan jabatannya melalui Mutasi, agar SKP "
                        "lama ditutup dan SKP jabatan baru dimulai."
                    )
                }
            )
    return _apply(employee or Employee(), actor=actor, fields=fields)


@transaction.atomic
def acting_assignment_save(
    *, assignment: ActingAssignment | None = None, actor: User | None = None, **fields: Any
) -> ActingAssignment:
    return _apply(assignment or ActingAssignment(), actor=actor, fields=fields)


@transaction.atomic
def employee_transfer(
    *, employee: Employee, position: Position, effective_date: dt.date, decree_number: str, actor: User
) -> Transfer:
    """Mutasi: record the move and place the employee in the new position (both in history). The SKP side (the old
    SKP closes, a new one starts) is workflows.steps.skp.employee_transfer, which calls this first."""
    employee = Employee.objects.select_for_update(of=("self",)).select_related("position").get(pk=employee.pk)
    if not (policy.can_manage_employee(actor, employee) and policy.can_manage_position(actor, position)):
        raise PermissionDenied(_("Mutasi hanya dapat dicatat oleh kepegawaian yang membawahkan kedua jabatan."))
    errors: dict[str, str] = {}
    last = Transfer.objects.filter(employee=employee).order_by("-effective_date").first()
    earliest = dt.date(today().year, 1, 1)
    if last is not None and last.effective_date >= earliest:
        earliest = last.effective_date + dt.timedelta(days=1)
    if not employee.is_active:
        errors["position"] = _("Pegawai tidak aktif tidak dapat dimutasi.")
    elif employee.position_id is None:
        errors["position"] = _("Pegawai belum memiliki jabatan: tetapkan jabatannya di halaman ubah pegawai.")
    elif employee.position_id == position.pk:
        errors["position"] = _("Pegawai sudah menduduki jabatan ini.")
    elif rules.appraises(position.kind):
        holder = Employee.objects.filter(position=position, is_active=True).exclude(pk=employee.pk).first()
        if holder is not None:
            errors["position"] = _(
                "Jabatan %(position)s masih diduduki %(name)s; mutasikan pejabat tersebut lebih dahulu."
            ) % {"position": position.title, "name": holder.full_name}
    if effective_date > today():
        errors["effective_date"] = _("Mutasi dicatat setelah berlaku: tanggal tidak boleh di masa depan.")
    elif effective_date < earliest:
        errors["effective_date"] = _(
            "Tanggal berlaku paling awal %(date)s (tahun berjalan, setelah mutasi terakhir)."
        ) % {"date": earliest.strftime("%d-%m-%Y")}
    if not decree_number.strip():
        errors["decree_number"] = _("Tuliskan nomor SK mutasi.")
    if errors:
        raise ValidationError(errors)
    transfer = Transfer(
        employee=employee,
        from_position=employee.position,
        from_position_title=employee.position.title,
        to_position=position,
        to_position_title=position.title,
        effective_date=effective_date,
        decree_number=decree_number.strip(),
        recorded_by=actor,
    )
    _apply(transfer, actor=actor, fields={})
    _apply(employee, actor=actor, fields={"position": position})
    return transfer


@transaction.atomic
def appraiser_designate(*, employee: Employee, year: int, official: User, letter: str, actor: User):
    """HR records the official designated by letter as Pejabat Penilai Kinerja of `employee` for `year`, where
    the chart has none (policy.appraiser_designation_problem). workflows.steps.reassign.appraiser_designate also
    hands the waiting SKP review and rating tasks to that official."""
    problem = policy.appraiser_designation_problem(actor, employee, official)
    if problem:
        raise PermissionDenied(problem)
    if not letter.strip():
        raise ValidationError({"letter": _("Tuliskan nomor surat penunjukan.")})
    designation = AppraiserDesignation.objects.select_for_update().filter(employee=employee, year=year).first()
    return _apply(
        designation or AppraiserDesignation(employee=employee, year=year),
        actor=actor,
        fields={"official": official, "letter": letter.strip(), "designated_by": actor},
    )


SYSTEM_USERNAME = "sistem"


def system_user() -> User:
    """The account that timers and background jobs act as in history (inactive: nobody signs in with it)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "Sistem", "last_name": "Kinerja Alak"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
