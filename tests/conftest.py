"""Shared fixtures: a small organisation with named people, built with factories."""

import datetime as dt

import pytest

from tests.factories import OrgFactory


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing: the suite creates hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (row locks, concurrency) run only against PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run by .ci/run with DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _language_reset():
    """A test that renders in English must not leave English on for the next one."""
    from django.utils import translation

    yield
    translation.activate("id")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded evidence and generated documents go to a per-test folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db):
    """Kecamatan with two kelurahan; see tests/factories.py for who is who."""
    return OrgFactory.build_small()


@pytest.fixture
def day():
    return dt.date(2026, 7, 1)
