"""Who may manage accounts and roles: built on appraisal.policy (the one place that knows scopes)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.models import Employee, Unit


def can_manage_account(actor, user: User, employee: Employee | None) -> bool:
    """HR of the employee's unit (policy.can_manage_employee) or a superuser; an account of no employee (an
    official outside the chart, a technical account) only a superuser."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return employee is not None and policy.can_manage_employee(actor, employee)


def can_list_accounts(actor) -> bool:
    return policy.is_hr_or_admin(actor)


def can_change_hr_scope(actor, unit: Unit) -> bool:
    """HR scopes of `unit` are set by HR whose own scope holds it, or a superuser (policy.can_manage_unit)."""
    return policy.can_manage_unit(actor, unit)


def hr_scope_problem(actor, user: User, unit: Unit) -> str | None:
    """Why `actor` may not make `user` HR of `unit`, or None."""
    if not can_change_hr_scope(actor, unit):
        return _("Anda hanya dapat menetapkan admin kepegawaian untuk unit dalam cakupan Anda.")
    if user.pk == actor.pk:
        return _("Cakupan Anda sendiri ditetapkan oleh admin kepegawaian di atas Anda atau administrator teknis.")
    if not user.is_active:
        return _("Akun ini nonaktif.")
    return None


def can_manage_superusers(actor) -> bool:
    """Superusers (the technical administrator) alone; HR never needs the Django admin."""
    return bool(actor.is_authenticated and actor.is_superuser)
