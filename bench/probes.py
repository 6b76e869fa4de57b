"""Measuring helpers for bench/scale.py: wall time, SQL statements, peak resident memory, page timings."""

from __future__ import annotations

import os
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    """Resident set size of this process now (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except OSError:
        return 0


def peak_rss_bytes() -> int:
    """Peak resident set size of this process image (VmHWM; unlike ru_maxrss it does not carry over the
    parent's peak across fork and exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class Probe:
    seconds: float = 0.0
    queries: int = 0
    peak_mb: float = 0.0  # peak resident-set growth over the start, sampled every 5 ms


class _RssSampler(threading.Thread):
    def __init__(self, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.start_rss = rss_bytes()
        self.peak = self.start_rss
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def stop(self) -> float:
        self._halt.set()
        self.join()
        self.peak = max(self.peak, rss_bytes())
        return (self.peak - self.start_rss) / 2**20


@contextmanager
def probe():
    """Wall seconds, SQL statements sent (execute_wrapper: every execute/executemany, on this connection and on
    every connection opened meanwhile, such as the opening job's writer threads) and peak RSS growth."""
    import threading

    from django.db import connection
    from django.db.backends.signals import connection_created

    result = Probe()
    count = [0]
    lock = threading.Lock()

    def counter(execute, sql, params, many, context):
        with lock:
            count[0] += 1
        return execute(sql, params, many, context)

    def wrap_new(sender, connection, **kwargs):
        connection.execute_wrappers.append(counter)

    connection_created.connect(wrap_new)
    sampler = _RssSampler()
    sampler.start()
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(counter):
            yield result
    finally:
        result.seconds = time.perf_counter() - started
        connection_created.disconnect(wrap_new)
        result.peak_mb = sampler.stop()
        result.queries = count[0]


@dataclass
class Page:
    name: str
    url: str
    status: int
    queries: int
    median_ms: float
    note: str = ""


def measure_page(name: str, url: str, user, runs: int = 3) -> Page:
    """Median time of `runs` GETs after one warm-up, with the SQL statements of the last one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        return Page(name, url, response.status_code, 0, 0.0, f"HTTP {response.status_code}")
    timings, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(ctx.captured_queries))
    note = "" if len(set(queries)) == 1 else f"query count varies: {sorted(set(queries))}"
    return Page(name, url, response.status_code, max(queries), statistics.median(timings), note)
