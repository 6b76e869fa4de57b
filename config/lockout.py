"""Sign-in lockout (django-axes): a higher limit for an address than for a username, and the locked-out page."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginAttempts(AxesDatabaseHandler):
    """Axes' database handler, with LOGIN_ADDRESS_FAILURE_LIMIT for an address and AXES_FAILURE_LIMIT for a username.

    A kantor kelurahan reaches the internet through one address: a few typos among its staff must not lock
    everyone there out, while one address guessing at many usernames still is.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        parameters = [str(p) for p in get_lockout_parameters(request, credentials)]
        attempts = self.get_user_attempts(request, credentials)  # one queryset per parameter, in the same order
        counts = {
            parameter: queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for parameter, queryset in zip(parameters, attempts, strict=True)
        }
        # Axes compares one number with AXES_FAILURE_LIMIT: the address's count is put on that scale, so it
        # reaches the limit exactly when the address has failed LOGIN_ADDRESS_FAILURE_LIMIT times.
        by_address = counts.get("ip_address", 0) * settings.AXES_FAILURE_LIMIT // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(counts.get("username", 0), by_address)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """429 with a page saying when to try again and that HR can unlock sooner."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
