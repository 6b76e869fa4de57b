"""Per-client rate limits: django-ratelimit on pages, DRF throttles in the API, both keyed by client_address.

Counts live in the default cache, so with REDIS_URL every app server shares them. django-ratelimit is not in
INSTALLED_APPS on purpose: its only use there is a system check that calls the local-memory cache of a
single-process setup an error.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.throttling import AnonRateThrottle

from config.client_address import client_address


def client_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key for pages."""
    return client_address(request) or "unknown"


class ClientAddressMixin:
    """DRF throttles count per client_address, exactly as pages and the login lockout do."""

    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"


class AnonClientThrottle(ClientAddressMixin, AnonRateThrottle):
    """AnonRateThrottle per client_address; subclasses set `scope` and `rate`."""
