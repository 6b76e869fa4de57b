"""Reads of accounts shared by the pages and the services, with their joins declared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import AccountEvent, ActivationCode, CodeDelivery
from appraisal import policy
from appraisal.models import Employee
from appraisal.org.selectors import employee_list


class AccountState:
    """Where an employee's account stands, as the HR list filters it."""

    NONE = "none"  # no account: no sign-in, no evaluation
    WAITING = "waiting"  # created, the code not used yet
    ACTIVE = "active"
    INACTIVE = "inactive"


def email_of(user: User) -> str:
    """Where a code for `user` may be e-mailed: the employee record's address (HR keeps it), else the account's."""
    employee = getattr(user, "employee", None)
    return (employee.email if employee is not None and employee.email else user.email) or ""


def employees_in_scope(user) -> QuerySet[Employee]:
    """Employees whose accounts `user` manages (policy.can_manage_employee as a queryset): HR's units, and the
    employees not placed yet; every employee for a superuser."""
    qs = employee_list().select_related("user__account_profile")
    if user.is_superuser:
        return qs
    return qs.filter(Q(position__unit_id__in=policy.hr_unit_ids(user)) | Q(position__isnull=True))


def with_account_state(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """Annotate `has_open_code` (an unused, unexpired code waits)."""
    return qs.annotate(has_open_code=Exists(ActivationCode.objects.open().filter(user_id=OuterRef("user_id"))))


def filter_by_state(qs: QuerySet[Employee], state: str) -> QuerySet[Employee]:
    if state == AccountState.NONE:
        return qs.filter(user__isnull=True)
    if state == AccountState.INACTIVE:
        return qs.filter(user__is_active=False)
    waiting = Q(user__account_profile__isnull=False, user__account_profile__activated_at__isnull=True)
    if state == AccountState.WAITING:
        return qs.filter(user__is_active=True).filter(waiting)
    if state == AccountState.ACTIVE:
        return qs.filter(user__is_active=True).exclude(waiting)
    return qs


def account_state(employee: Employee) -> str:
    user = employee.user
    if user is None:
        return AccountState.NONE
    if not user.is_active:
        return AccountState.INACTIVE
    profile = getattr(user, "account_profile", None)
    if profile is not None and profile.activated_at is None:
        return AccountState.WAITING
    return AccountState.ACTIVE


def codes_of(user: User) -> QuerySet[ActivationCode]:
    return ActivationCode.objects.filter(user=user).select_related("issued_by").order_by("-issued_at", "-id")


def events_of(user: User, limit: int = 50) -> list[AccountEvent]:
    return list(AccountEvent.objects.filter(user=user).select_related("actor")[:limit])


@dataclass
class Slip:
    code: ActivationCode
    employee: Employee
    text: str  # the code, grouped


def printable_codes(user, *, batch=None, unit_ids: set[int] | None = None) -> QuerySet[ActivationCode]:
    """Open slip codes of employees in `user`'s scope (of one creation batch, or of some units), by unit and name."""
    qs = ActivationCode.objects.open().filter(delivery=CodeDelivery.SLIP, user__employee__isnull=False)
    if not user.is_superuser:
        qs = qs.filter(
            Q(user__employee__position__unit_id__in=policy.hr_unit_ids(user)) | Q(user__employee__position__isnull=True)
        )
    if batch is not None:
        qs = qs.filter(batch=batch)
    if unit_ids is not None:
        qs = qs.filter(user__employee__position__unit_id__in=unit_ids)
    return qs.select_related("user", "user__employee", "user__employee__position__unit").order_by(
        "user__employee__position__unit__name", "user__employee__name"
    )


def is_locked_out(username: str) -> bool:
    """Sign-in for `username` is locked by django-axes (LOGIN_FAILURE_LIMIT failures within the cool-off)."""
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    failures = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        or 0
    )
    return failures >= settings.AXES_FAILURE_LIMIT


def accounts_of_inactive_employees() -> QuerySet[User]:
    """Active accounts whose employee record is inactive: to be closed (accounts_close_for_inactive_employees)."""
    return User.objects.filter(is_active=True, employee__is_active=False).select_related("employee")


def employees_without_account(nips: list[str], user) -> int:
    """How many active employees among `nips` (the last import) have no account and are in `user`'s scope."""
    return employees_in_scope(user).filter(nip__in=nips, user__isnull=True, is_active=True).count()
