"""A password set by someone else must be changed before anything else (accounts.middleware reads the mark)."""

from __future__ import annotations

from accounts.models import AccountProfile

SESSION_KEY = "accounts_must_change_password"
# NIPs of the last successful staff import: its people without an account get one in one step.
IMPORTED_NIPS_KEY = "accounts_imported_nips"


def remember_password_change(sender, request, user, **kwargs) -> None:
    """On sign-in (django.contrib.auth's user_logged_in): mark the session when the password is an initial one."""
    if request is None or not hasattr(request, "session"):
        return
    if AccountProfile.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def forget_password_change(request) -> None:
    request.session.pop(SESSION_KEY, None)
