"""Shared fixtures: a small organisation with named people, built with factories."""

import datetime as dt

import pytest

from tests.factories import OrgFactory


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing: the suite creates hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run inline when enqueued (after commit), in memory: no queue file, no consumer.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


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
def client():
    """pytest-django's client, confirming irreversible actions (tests.evaluation_helpers.ConfirmingClient)."""
    from tests.evaluation_helpers import ConfirmingClient

    return ConfirmingClient()


@pytest.fixture
def org(db):
    """Kecamatan with two kelurahan; see tests/factories.py for who is who."""
    return OrgFactory.build_small()


@pytest.fixture
def day():
    return dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _on_commit_as_in_production(monkeypatch):
    """Each test runs inside a transaction that never commits, so on-commit work (jobs: opening a period, final
    documents) would never run. Run it as production would (run_on_commit_as_in_production)."""
    run_on_commit_as_in_production(monkeypatch)


def run_on_commit_as_in_production(monkeypatch) -> None:
    """On-commit work runs at once outside the code's own transactions, and when the code's outermost transaction
    ends without error (a rolled-back one discards it, as Django does); the test's own atomic blocks (flagged
    `_from_testcase`, as Django's TestCase flags them) do not count as the code's."""
    from django.db import DEFAULT_DB_ALIAS, connections, transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    def only_test_blocks(connection) -> bool:
        return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)

    original_on_commit = BaseDatabaseWrapper.on_commit

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and only_test_blocks(self):
            func()
            return None
        return original_on_commit(self, func, robust)

    original_exit = transaction.Atomic.__exit__

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = connections[self.using or DEFAULT_DB_ALIAS]
        if exc_type is None and connection.in_atomic_block and only_test_blocks(connection):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            for _sids, func, _robust in hooks:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The Kecamatan Alak demo (seed_demo) built once for a test module, inside a transaction rolled back after
    the module; each test runs in its own savepoint on top of it (pytest-django's `db`), so a test's changes end
    with the test. Yields what seed_demo printed. Its documents live in one media folder for the module: a module
    using this fixture overrides `_media_in_tmp` with a fixture that keeps it."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer._from_testcase = True  # the module's block, like the test's: on-commit work runs as in production
        outer.__enter__()
        try:
            out = io.StringIO()
            with pytest.MonkeyPatch.context() as patch:  # the tests' own patch (function scope) is not on yet
                run_on_commit_as_in_production(patch)
                call_command("seed_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
