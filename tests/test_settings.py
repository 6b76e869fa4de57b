"""Settings from the environment: a bad value stops start-up with a message naming it; Huey follows REDIS_URL."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent

# Everything config/settings.py reads, so the developer's or CI's environment cannot leak into these tests.
CONFIG_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DB_CONN_MAX_AGE",
    "REDIS_URL",
    "HUEY_FILE",
    "HUEY_IMMEDIATE",
    "HUEY_WORKERS",
    "MEDIA_ROOT",
    "EMAIL_BACKEND",
    "DEFAULT_FROM_EMAIL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "SECURE_COOKIES",
    "BEHIND_PROXY",
    "NUM_PROXIES",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_ADDRESS_FAILURE_LIMIT",
    "LOGIN_COOLOFF_MINUTES",
    "DOCUMENT_PLACE",
    "DOCUMENT_AGENCY",
    "SITE_URL",
    "OBJECTION_DECISION_DAYS",
    "SURVEY_TOKEN_DAYS",
    "LOG_LEVEL",
    "MAX_UPLOAD_MB",
    "HUEY_WORKER_TYPE",
    "SECURE_SSL_REDIRECT",
    "HSTS_SECONDS",
    "HSTS_PRELOAD",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_HOURS",
    "REQUIRE_2FA_FOR_STAFF",
}

SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()\n"
PRINT_SETTINGS = """
import json
from django.conf import settings
from huey.contrib.djhuey import HUEY
pool = getattr(getattr(HUEY.storage, "conn", None), "connection_pool", None)
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_USE_TLS": settings.EMAIL_USE_TLS,
    "DB_CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "OBJECTION_DECISION_DAYS": settings.OBJECTION_DECISION_DAYS,
    "SURVEY_TOKEN_DAYS": settings.SURVEY_TOKEN_DAYS,
    "LOG_LEVEL": settings.LOGGING["root"]["level"],
    "MAX_REQUEST_BYTES": settings.MAX_REQUEST_BYTES,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "SESSION_COOKIE_AGE": settings.SESSION_COOKIE_AGE,
    "huey_class": type(HUEY).__name__,
    "huey_name": HUEY.name,
    "huey_immediate": HUEY.immediate,
    "huey_consumer": settings.HUEY["consumer"],
    "huey_file": getattr(HUEY.storage, "filename", None),
    "redis": {k: pool.connection_kwargs[k] for k in ("host", "port", "db")} if pool else None,
}))
"""


def start(tmp_path: Path, code: str = "", **env: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with only `env` set among the project's variables."""
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    environment |= {"DEBUG": "true", "HUEY_FILE": str(tmp_path / "huey.sqlite3")} | env
    return subprocess.run(
        [sys.executable, "-c", SETUP + code],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def started_settings(tmp_path: Path, **env: str) -> dict:
    result = start(tmp_path, PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMAIL_PORT", "twentyfive", "EMAIL_PORT must be a whole number, got 'twentyfive'."),
        ("EMAIL_PORT", "70000", "EMAIL_PORT must be at most 65535, got '70000'."),
        ("DB_CONN_MAX_AGE", "1m", "DB_CONN_MAX_AGE must be a whole number, got '1m'."),
        ("OBJECTION_DECISION_DAYS", "-3", "OBJECTION_DECISION_DAYS must be at least 1, got '-3'."),
        ("SURVEY_TOKEN_DAYS", "0", "SURVEY_TOKEN_DAYS must be at least 1, got '0'."),
        ("SURVEY_TOKEN_DAYS", "30 hari", "SURVEY_TOKEN_DAYS must be a whole number, got '30 hari'."),
        (
            "ANNUAL_PREDICATE_RULE",
            "LAST",
            "ANNUAL_PREDICATE_RULE was removed: the annual predicate is the Triwulan IV-Akhir predicate "
            "(PermenPANRB 6/2022 Pasal 12); unset it.",
        ),
        ("MAX_UPLOAD_MB", "abc", "MAX_UPLOAD_MB must be a whole number, got 'abc'."),
        ("MAX_UPLOAD_MB", "0", "MAX_UPLOAD_MB must be at least 1, got '0'."),
        ("DEBUG", "maybe", "DEBUG must be true or false, got 'maybe'."),
        ("EMAIL_USE_TLS", "tls", "EMAIL_USE_TLS must be true or false, got 'tls'."),
        ("SECURE_COOKIES", "always", "SECURE_COOKIES must be true or false, got 'always'."),
        ("BEHIND_PROXY", "nginx", "BEHIND_PROXY must be true or false, got 'nginx'."),
        ("HUEY_IMMEDIATE", "sometimes", "HUEY_IMMEDIATE must be true or false, got 'sometimes'."),
        ("HUEY_WORKERS", "0", "HUEY_WORKERS must be at least 1, got '0'."),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'LOUD'."),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must start with redis://, rediss:// or unix://."),
        ("SESSION_HOURS", "0", "SESSION_HOURS must be at least 1, got '0'."),
        ("HSTS_SECONDS", "a year", "HSTS_SECONDS must be a whole number, got 'a year'."),
    ],
)
def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable(tmp_path, name, value, message):
    result = start(tmp_path, **{name: value})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == f"django.core.exceptions.ImproperlyConfigured: {message}"
    # The message stands alone: no bare ValueError behind it.
    assert "ValueError" not in result.stderr


def test_a_bad_database_url_names_the_variable_but_not_the_password(tmp_path):
    result = start(tmp_path, DATABASE_URL="postgress://kinerja:s3cret@db:5432/kinerja")
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: DATABASE_URL is not a valid database URL")
    assert "s3cret" not in result.stderr


def test_unset_variables_keep_their_defaults(tmp_path):
    assert started_settings(tmp_path) == {
        "DEBUG": True,
        "EMAIL_PORT": 25,
        "EMAIL_USE_TLS": False,
        "DB_CONN_MAX_AGE": 0,  # SQLite: connections are never kept
        "OBJECTION_DECISION_DAYS": 14,
        "SURVEY_TOKEN_DAYS": 30,
        "LOG_LEVEL": "INFO",
        "MAX_REQUEST_BYTES": 6 * 1024 * 1024,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_AGE": 8 * 3600,
        "huey_class": "SqliteHuey",
        "huey_name": "kinerja-alak",
        "huey_immediate": False,
        "huey_consumer": {"workers": os.cpu_count() or 2, "worker_type": "process"},  # one consumer per core
        "huey_file": str(tmp_path / "huey.sqlite3"),
        "redis": None,
    }


def test_good_values_start_and_are_used(tmp_path):
    values = started_settings(
        tmp_path,
        DEBUG="false",
        SECRET_KEY="a-real-secret-for-this-test",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="yes",
        DATABASE_URL="postgres://kinerja:pw@db:5432/kinerja",
        DB_CONN_MAX_AGE="120",
        OBJECTION_DECISION_DAYS="10",
        SURVEY_TOKEN_DAYS="7",
        LOG_LEVEL="warning",
        HUEY_WORKERS="4",
        HUEY_IMMEDIATE="true",
        MAX_UPLOAD_MB="10",
    )
    assert values["DEBUG"] is False
    assert values["EMAIL_PORT"] == 587 and values["EMAIL_USE_TLS"] is True
    assert values["DB_CONN_MAX_AGE"] == 120
    assert values["OBJECTION_DECISION_DAYS"] == 10
    assert values["SURVEY_TOKEN_DAYS"] == 7
    assert values["LOG_LEVEL"] == "WARNING"
    assert values["huey_consumer"] == {"workers": 4, "worker_type": "process"}
    assert values["huey_immediate"] is True
    assert values["MAX_REQUEST_BYTES"] == 11 * 1024 * 1024


def test_redis_url_selects_redis_huey(tmp_path):
    values = started_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6379/5")
    assert values["huey_class"] == "RedisHuey"
    assert values["huey_name"] == "kinerja-alak"
    assert (values["redis"]["host"], values["redis"]["port"], values["redis"]["db"]) == ("127.0.0.1", 6379, 5)
    assert not (tmp_path / "huey.sqlite3").exists()


def test_without_redis_url_the_queue_is_a_sqlite_file(tmp_path):
    values = started_settings(tmp_path)
    assert values["huey_class"] == "SqliteHuey"
    assert (tmp_path / "huey.sqlite3").exists()


def test_the_queue_file_sits_beside_the_sqlite_database(tmp_path):
    (tmp_path / "data").mkdir()
    values = started_settings(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'data' / 'db.sqlite3'}", HUEY_FILE="")
    assert values["huey_file"] == str(tmp_path / "data" / "huey.sqlite3")


def test_every_setting_the_code_reads_has_a_default_in_settings():
    # Code reads settings.X directly (no getattr with a second default): every X must exist.
    pattern = re.compile(r"""\bsettings\.([A-Z][A-Z0-9_]*)\b""")
    read = {
        name
        for folder in ("appraisal", "workflows", "api", "config")
        for path in (BASE_DIR / folder).rglob("*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert read  # the scan found the call sites
    assert sorted(name for name in read if not hasattr(settings, name)) == []


def test_sessions_end_with_the_browser_or_after_eight_hours(tmp_path):
    values = started_settings(tmp_path)
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600


def test_behind_the_production_proxy_https_is_enforced_with_hsts(tmp_path):
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "kinerja.example.org"}
    values = started_settings(tmp_path, **production, BEHIND_PROXY="true")
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] == 31_536_000
    values = started_settings(tmp_path)  # development: plain HTTP on 127.0.0.1
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0


def test_the_documented_production_environment_passes_check_deploy(tmp_path):
    import secrets

    production = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "kinerja.example.org",
        "BEHIND_PROXY": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS} | production
    # tests/browser/conftest.py sets this for Playwright in the same process; production never has it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment["HUEY_FILE"] = str(tmp_path / "huey.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
