"""What a sign-in still owes before any other page: the second factor (verified, or set up where required), then
the change of an initial password. Both read marks the sign-in put in the session: no query on ordinary requests."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import two_factor
from accounts.sessions import SESSION_KEY
from api.exceptions import error_response, is_api_request

# Names of the pages that stay open meanwhile: the change itself, signing out, the language switch, and the
# second factor (SecondFactorRequired runs first).
ALLOWED = (
    "account_password_change",
    "logout",
    "set_language",
    "account_activate",
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_codes",
)
# While the second factor is owed: its own pages, signing out and the language switch.
SECOND_FACTOR_ALLOWED = {
    two_factor.VERIFY: ("two_factor_verify", "logout", "set_language"),
    two_factor.SETUP: ("two_factor_setup", "two_factor_codes", "logout", "set_language"),
}


def _is_file(path: str) -> bool:
    return path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/")))


class SecondFactorRequired:
    """A session whose account has a device is verified first (the Django admin too); with REQUIRE_2FA_FOR_STAFF,
    HR and superusers without one set it up first. Token requests to the API carry no session: untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        owed = session.get(two_factor.SESSION_KEY) if session is not None else None
        if owed not in SECOND_FACTOR_ALLOWED or not request.user.is_authenticated or request.user.is_verified():
            return self.get_response(request)
        path = request.path_info
        if _is_file(path) or path in {reverse(name) for name in SECOND_FACTOR_ALLOWED[owed]}:
            return self.get_response(request)
        if is_api_request(request):
            return error_response(403, _("Selesaikan verifikasi dua langkah lebih dahulu."), "second_factor_required")
        target = "two_factor_verify" if owed == two_factor.VERIFY else "two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class PasswordChangeRequired:
    """Reads a mark the sign-in put in the session (accounts.sessions): no query on ordinary requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_KEY) or not request.user.is_authenticated:
            return self.get_response(request)
        path = request.path_info
        if _is_file(path):
            return self.get_response(request)
        if path in {reverse(name) for name in ALLOWED}:
            return self.get_response(request)
        if is_api_request(request):
            return error_response(403, _("Ganti kata sandi awal Anda lebih dahulu."), "password_change_required")
        return redirect(f"{reverse('account_password_change')}?{urlencode({'next': request.get_full_path()})}")
