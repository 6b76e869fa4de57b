"""Accounts tests: the rate-limit counters live in the cache, which outlives a test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()
