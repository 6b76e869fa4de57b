"""Kinerja Alak settings: one module, every deploy-specific value read from the environment."""

import datetime
import os
from collections.abc import Sequence
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


# Every value from the environment goes through one of these, so a typo stops start-up with a message naming
# the variable instead of a bare ValueError (or, worse, a silent default). An empty value counts as unset.


def _env_raw(name: str) -> str | None:
    raw = os.environ.get(name)
    return None if raw is None or raw.strip() == "" else raw


def env_str(name: str, default: str) -> str:
    raw = _env_raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool) -> bool:
    raw = _env_raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}.")


def env_int(name: str, default: int, *, min_value: int | None = None, max_value: int | None = None) -> int:
    raw = _env_raw(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if min_value is not None and value < min_value:
        raise ImproperlyConfigured(f"{name} must be at least {min_value}, got {raw!r}.")
    if max_value is not None and value > max_value:
        raise ImproperlyConfigured(f"{name} must be at most {max_value}, got {raw!r}.")
    return value


def env_choice(name: str, default: str, choices: Sequence[str]) -> str:
    """One of `choices` (matched case-insensitively, returned as spelled in `choices`)."""
    raw = _env_raw(name)
    if raw is None:
        return default
    by_upper = {choice.upper(): choice for choice in choices}
    try:
        return by_upper[raw.strip().upper()]
    except KeyError:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=true for development."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "viewflow",
    "viewflow.workflow",
    "huey.contrib.djhuey",
    "appraisal",
    "accounts",
    "workflows",
    "api",
]

MIDDLEWARE = [
    # First of all: refuse an oversized body by its Content-Length before anything (sessions, CSRF) reads it.
    "config.middleware.RequestSizeLimit",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "config.session_idle.SessionIdleRefresh",
    # The second factor before anything else: verified at sign-in where set up, set up first where required.
    "accounts.middleware.SecondFactorRequired",
    # A password set by someone else is changed before anything else (a mark in the session, no query).
    "accounts.middleware.PasswordChangeRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a sign-in refused by the lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "appraisal.context_processors.current_employee",
                "appraisal.context_processors.unread_notifications",
                "workflows.context_processors.open_task_count",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, min_value=0),
        )
    }
except ValueError as exc:  # the message names the scheme or the fault, never the password
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while the worker writes; WAL keeps the demo responsive.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs (`manage.py run_huey`, one worker per database). Without Redis the queue is a SQLite file, so
# a new user needs nothing; with REDIS_URL the app servers and the worker share the queue through Redis.
HUEY = {
    "name": "kinerja-alak",
    # djhuey would otherwise run tasks inline whenever DEBUG is on; that hides enqueue-after-commit bugs.
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    # Processes, one per core by default: the PDF jobs (pure-Python layout in WeasyPrint) are CPU-bound, and each
    # process keeps its fonts and parsed stylesheets warm (appraisal/documents/render.py).
    "consumer": {
        "workers": env_int("HUEY_WORKERS", os.cpu_count() or 2, min_value=1),
        "worker_type": env_choice("HUEY_WORKER_TYPE", "process", ("process", "thread", "greenlet")),
    },
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "connection": {"url": REDIS_URL}}
else:
    _sqlite_name = str(DATABASES["default"]["NAME"]) if DATABASES["default"]["ENGINE"].endswith("sqlite3") else ""
    # Beside the SQLite database (wherever DATABASE_URL puts it), else in the project folder.
    _huey_dir = Path(_sqlite_name).parent if _sqlite_name and _sqlite_name != ":memory:" else BASE_DIR
    HUEY |= {
        "huey_class": "huey.SqliteHuey",
        "connection": {"filename": env_str("HUEY_FILE", str(_huey_dir / "huey.sqlite3"))},
    }

# The lockout backend first: it refuses a locked-out username or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"  # WITA
USE_I18N = True
USE_TZ = True
# "30 September 2026", "10.15 WITA" (config/formats/id) and "10:15 WITA" in English. Numbers are localised
# ("85,56"); thousands are grouped where a page asks for it (floatformat:"-2g", appraisal.formatting), not for
# every integer: USE_THOUSAND_SEPARATOR would print years and ids as "2.026".
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "config.storage.AppDirectoriesFinder",  # every app's static files but viewflow's, which no page uses
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "config.storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a request without credentials a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # documents every operation's errors (api.exceptions)
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja Alak API",
    "DESCRIPTION": "Performance appraisal of ASN in Kecamatan Alak, Kota Kupang.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind` field with different choices; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "appraisal.models.org.UnitKind",
        "PositionKindEnum": "appraisal.models.org.PositionKind",
        "ActingKindEnum": "appraisal.models.org.ActingKind",
        "FeedbackKindEnum": "appraisal.models.evaluation.Feedback.Kind",
        "NotificationKindEnum": "appraisal.models.notification.NotificationKind",
        "ApproachEnum": "appraisal.rules.Approach",
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kinerja@alak.kupangkota.go.id")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, min_value=1, max_value=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
# Proxies in front of the app that each append to X-Forwarded-For (nginx alone: 1). config.client_address takes the
# entry they appended, never one the client sent; without BEHIND_PROXY the header is ignored.
NUM_PROXIES = env_int("NUM_PROXIES", 1, min_value=1, max_value=5) if BEHIND_PROXY else 0
# DRF's own reading of the header, for any throttle that does not use config.ratelimit (0: REMOTE_ADDR only).
REST_FRAMEWORK["NUM_PROXIES"] = NUM_PROXIES
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Behind the TLS proxy of the documented production: every request over HTTPS, and browsers told to insist.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_PROXY and not DEBUG)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if SECURE_SSL_REDIRECT else 0, min_value=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
# Shared office computers: a session ends when the browser closes, or after SESSION_HOURS without use
# (config.session_idle moves the expiry forward while the session is used).
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8, min_value=1, max_value=24 * 14) * 3600
# At most one session write per this many seconds of use; the idle limit may come this much sooner.
SESSION_REFRESH_SECONDS = 300

# Password guessing (django-axes, config.lockout): LOGIN_FAILURE_LIMIT wrong passwords for one username, or
# LOGIN_ADDRESS_FAILURE_LIMIT from one address (an office shares one), lock sign-in for LOGIN_COOLOFF_MINUTES.
# Pages, the admin and the API token endpoint alike. Unlocking sooner: README, "Security".
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, min_value=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, min_value=1)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 30, min_value=1)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching its limit locks
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Retrying while locked out does not push the end of the lockout further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "config.lockout.LoginAttempts"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
# Failures and lockouts are still logged (as warnings); this drops the start-up banner from every command.
AXES_VERBOSE = False

# Content Security Policy (django-csp): only this site's own scripts, styles, images and fonts; no inline script
# or style except a tag carrying the per-response nonce (the offline API docs page); no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Place and agency printed on documents ("Kupang, 28 November 2026").
DOCUMENT_PLACE = env_str("DOCUMENT_PLACE", "Kupang")
DOCUMENT_AGENCY = env_str("DOCUMENT_AGENCY", "Pemerintah Kota Kupang")
# Public address printed (with a QR code) on final documents for verification.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# PP 30/2019 Pasal 59 leaves the decision time to the agency: days before a decision is flagged late (reminders).
OBJECTION_DECISION_DAYS = env_int("OBJECTION_DECISION_DAYS", 14, min_value=1)
# No annual-predicate setting: PermenPANRB 6/2022 Pasal 12 makes the predicate of the final period (Triwulan IV-Akhir)
# the annual one, with no choice for the agency. A deployment still setting the old variable is told so at start-up.
if _env_raw("ANNUAL_PREDICATE_RULE") is not None:
    raise ImproperlyConfigured(
        "ANNUAL_PREDICATE_RULE was removed: the annual predicate is the Triwulan IV-Akhir predicate "
        "(PermenPANRB 6/2022 Pasal 12); unset it."
    )
# Days a receipt's survey link (and short code) stays valid.
SURVEY_TOKEN_DAYS = env_int("SURVEY_TOKEN_DAYS", 30, min_value=1)

# SIASN (BKN): results sent to SIASN's kinerja history (appraisal/siasn/). Off by default: most offices start without
# credentials and use the XLSX/CSV and ZIP exports of the period page. URLs follow the public clients (README).
SIASN_ENABLED = env_bool("SIASN_ENABLED", False)
SIASN_API_URL = env_str("SIASN_API_URL", "https://apimws.bkn.go.id:8243/apisiasn/1.0")
SIASN_TOKEN_URL = env_str("SIASN_TOKEN_URL", "https://apimws.bkn.go.id/oauth2/token")
SIASN_SSO_URL = env_str(
    "SIASN_SSO_URL", "https://sso-siasn.bkn.go.id/auth/realms/public-siasn/protocol/openid-connect/token"
)
SIASN_CONSUMER_KEY = env_str("SIASN_CONSUMER_KEY", "")
SIASN_CONSUMER_SECRET = env_str("SIASN_CONSUMER_SECRET", "")
SIASN_SSO_CLIENT_ID = env_str("SIASN_SSO_CLIENT_ID", "")
SIASN_SSO_USERNAME = env_str("SIASN_SSO_USERNAME", "")
SIASN_SSO_PASSWORD = env_str("SIASN_SSO_PASSWORD", "")
SIASN_TIMEOUT = env_int("SIASN_TIMEOUT", 30, min_value=1, max_value=300)
SIASN_RETRIES = env_int("SIASN_RETRIES", 3, min_value=0, max_value=10)
SIASN_RETRY_DELAY_MS = env_int("SIASN_RETRY_DELAY_MS", 2000, min_value=0)
if SIASN_ENABLED:
    _siasn_missing = [
        name
        for name in ("SIASN_CONSUMER_KEY", "SIASN_CONSUMER_SECRET", "SIASN_SSO_CLIENT_ID", "SIASN_SSO_USERNAME",
                     "SIASN_SSO_PASSWORD")
        if not globals()[name]
    ]  # fmt: skip
    if _siasn_missing:
        raise ImproperlyConfigured(f"SIASN_ENABLED=true needs {', '.join(_siasn_missing)}.")
# Per client address: survey POSTs (count, window in seconds) and document-verification lookups per 10 minutes.
# Not deploy-specific, so not read from the environment; tests override them.
SURVEY_RATE_LIMIT = (10, 600)
VERIFY_RATE_LIMIT = 30
# Accounts (accounts/): days an activation code from HR (slip or e-mail) stays valid, hours a "lupa kata sandi" code
# sent by e-mail stays valid, and POSTs per client address and per username on the activation and reset forms.
ACTIVATION_CODE_DAYS = env_int("ACTIVATION_CODE_DAYS", 14, min_value=1, max_value=90)
RESET_CODE_HOURS = env_int("RESET_CODE_HOURS", 24, min_value=1, max_value=24 * 7)
ACTIVATION_RATE_LIMIT = (10, 600)
# Second factor (TOTP, accounts/two_factor.py): HR officers and superusers must set one up before anything else.
# Whoever set one up verifies it at every sign-in either way. Code tries (count, window in seconds) per address and
# per account on the verification and set-up forms.
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", False)
TWO_FACTOR_RATE_LIMIT = (5, 300)
OTP_TOTP_ISSUER = "Kinerja Alak"

# Uploads: evidence files may be at most 5 MB (appraisal.rules.EVIDENCE_MAX_BYTES). A request whose Content-Length
# exceeds the upload limit plus 1 MiB for the multipart envelope and form fields is refused with 413 before its
# body is read (config.middleware.RequestSizeLimit); a reverse proxy should enforce the same limit.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 5, min_value=1)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
# Form fields and JSON bodies (not files): Django's default of 2.5 MiB, stated here so it is not missed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# An accepted upload is at most MAX_UPLOAD_BYTES: keep it in memory rather than a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint logs every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
