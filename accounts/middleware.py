"""First sign-in with an initial password: every page sends to the password change until it is done."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.sessions import SESSION_KEY
from api.exceptions import error_response, is_api_request

# Names of the pages that stay open meanwhile: the change itself, signing out, the language switch.
ALLOWED = ("account_password_change", "logout", "set_language", "account_activate")


class PasswordChangeRequired:
    """Reads a mark the sign-in put in the session (accounts.sessions): no query on ordinary requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_KEY) or not request.user.is_authenticated:
            return self.get_response(request)
        path = request.path_info
        if path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"))):
            return self.get_response(request)
        if path in {reverse(name) for name in ALLOWED}:
            return self.get_response(request)
        if is_api_request(request):
            return error_response(403, _("Ganti kata sandi awal Anda lebih dahulu."), "password_change_required")
        return redirect(f"{reverse('account_password_change')}?{urlencode({'next': request.get_full_path()})}")
