"""Real-HTTP helpers for the concurrency tests: POST with a token, and two clicks at the same moment."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request


def post(url: str, token: str, payload: dict | None = None) -> tuple[int, dict]:
    """POST JSON with token auth; returns (status, parsed body) for successes and HTTP errors alike."""
    request = urllib.request.Request(  # noqa: S310 - the live test server, http://localhost
        url,
        data=json.dumps(payload or {}).encode(),
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, {"raw": body[:500].decode(errors="replace")}


def race(url: str, token: str, payload: dict | None = None, clicks: int = 2) -> list[tuple[int, dict]]:
    """The same POST from `clicks` threads released together by a barrier; every answer is returned."""
    barrier = threading.Barrier(clicks)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def click():
        barrier.wait()
        answer = post(url, token, payload)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers
