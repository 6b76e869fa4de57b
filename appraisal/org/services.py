"""Changes to the organisation: units, positions, employees, acting officials, HR scopes."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction

from appraisal.models import ActingAssignment, Employee, Position, Unit
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
    return _apply(employee or Employee(), actor=actor, fields=fields)


@transaction.atomic
def acting_assignment_save(
    *, assignment: ActingAssignment | None = None, actor: User | None = None, **fields: Any
) -> ActingAssignment:
    return _apply(assignment or ActingAssignment(), actor=actor, fields=fields)


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
