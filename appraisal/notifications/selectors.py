"""Reads of notifications shared by the bell, /notifikasi/, the API and the e-mail job."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from appraisal.models import EMAIL_BY_DEFAULT, Notification, NotificationKind, NotificationPreference


def unread_count(user) -> int:
    """The bell's number: one COUNT on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_of(user, pk: int) -> Notification | None:
    """One of the user's notifications; None for another's as for one that does not exist."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


def email_choices(user) -> dict[str, bool]:
    """Every kind → whether the user gets it by e-mail (their choice, else the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, kind in EMAIL_BY_DEFAULT) for kind in NotificationKind.values}


def email_recipients(kind: str, user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who want `kind` by e-mail and have an address (their account's or their employee
    record's); two queries at most, whatever the number of users."""
    ids = set(user_ids)
    if not ids:
        return set()
    default = kind in EMAIL_BY_DEFAULT
    chosen = NotificationPreference.objects.filter(kind=kind, email=not default, user_id__in=ids)
    exceptions = set(chosen.values_list("user_id", flat=True))
    wanted = ids - exceptions if default else exceptions
    if not wanted:
        return set()
    has_address = ~Q(email="") | (Q(employee__isnull=False) & ~Q(employee__email=""))
    return set(User.objects.filter(pk__in=wanted, is_active=True).filter(has_address).values_list("pk", flat=True))


def email_address(user) -> str:
    employee = getattr(user, "employee", None)
    return user.email or (employee.email if employee is not None else "")
