"""Idle sign-out: a signed-in session ends SESSION_COOKIE_AGE after its last use, not after signing in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

REFRESHED_AT = "_idle_refreshed_at"


class SessionIdleRefresh:
    """Move a signed-in session's expiry forward while it is used, at most once per SESSION_REFRESH_SECONDS.

    Saving a session sets its expiry to now + SESSION_COOKIE_AGE. SESSION_SAVE_EVERY_REQUEST would save on every
    request (autosave and progress polling send many); this saves once per few minutes, so a session ends after
    SESSION_COOKIE_AGE idle, up to SESSION_REFRESH_SECONDS sooner, never later. Signing in stamps the session as
    it is saved anyway; a session without the stamp (from before this middleware, or the test client's
    force_login) is stamped only when it is next saved for another reason and keeps its expiry until then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # is_empty() first: it does not load a session, so visitors without one (and API tokens) cost nothing.
        if session is None or session.is_empty() or SESSION_KEY not in session:
            return response
        now = int(timezone.now().timestamp())
        refreshed_at = session.get(REFRESHED_AT)
        if refreshed_at is None and not session.modified:
            return response
        if refreshed_at is None or now - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now  # marks the session modified: SessionMiddleware saves it with a new expiry
        return response
