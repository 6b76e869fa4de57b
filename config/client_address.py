"""The client's address, the one key of every per-client limit: login lockout, page limits, API throttles."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind the project's proxies (BEHIND_PROXY) the address the NUM_PROXIES of them appended.

    Each proxy appends the address it saw to X-Forwarded-For, so the trustworthy entry is the NUM_PROXIES-th
    from the right; everything to its left was sent by the client and may be forged. A header with fewer
    entries than proxies is read as DRF's NUM_PROXIES reads it (its leftmost entry). An entry that is not an
    address is a broken proxy setup: REMOTE_ADDR is used rather than storing text as an address (the lockout
    tables hold it in an IP column).
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not settings.BEHIND_PROXY:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if hops == [""]:
        return remote
    candidate = hops[-min(settings.NUM_PROXIES, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
