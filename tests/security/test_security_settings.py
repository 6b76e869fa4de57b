"""The security settings from the environment: proxies, lockout limits; documented defaults, bad values refused."""

import json

import pytest

from tests.test_settings import start

PRINT = """
import json
from django.conf import settings
print(json.dumps({
    "NUM_PROXIES": settings.NUM_PROXIES,
    "DRF_NUM_PROXIES": settings.REST_FRAMEWORK["NUM_PROXIES"],
    "AXES_FAILURE_LIMIT": settings.AXES_FAILURE_LIMIT,
    "LOGIN_ADDRESS_FAILURE_LIMIT": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    "AXES_COOLOFF_SECONDS": settings.AXES_COOLOFF_TIME.total_seconds(),
    "AXES_CLIENT_IP_CALLABLE": settings.AXES_CLIENT_IP_CALLABLE,
    "FIRST_BACKEND": settings.AUTHENTICATION_BACKENDS[0],
    # viewflow appends its own two middleware when it starts; they do not touch sign-in.
    "LAST_MIDDLEWARE": [m for m in settings.MIDDLEWARE if not m.startswith("viewflow.")][-1],
}))
"""


def started(tmp_path, **env) -> dict:
    result = start(tmp_path, PRINT, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_defaults(tmp_path):
    assert started(tmp_path) == {
        "NUM_PROXIES": 0,
        "DRF_NUM_PROXIES": 0,
        "AXES_FAILURE_LIMIT": 5,
        "LOGIN_ADDRESS_FAILURE_LIMIT": 20,
        "AXES_COOLOFF_SECONDS": 1800,
        "AXES_CLIENT_IP_CALLABLE": "config.client_address.client_address",
        "FIRST_BACKEND": "axes.backends.AxesStandaloneBackend",
        "LAST_MIDDLEWARE": "axes.middleware.AxesMiddleware",
    }


def test_the_environment_overrides_them(tmp_path):
    values = started(
        tmp_path,
        BEHIND_PROXY="true",
        NUM_PROXIES="2",
        LOGIN_FAILURE_LIMIT="7",
        LOGIN_ADDRESS_FAILURE_LIMIT="50",
        LOGIN_COOLOFF_MINUTES="15",
    )
    assert values["NUM_PROXIES"] == values["DRF_NUM_PROXIES"] == 2
    assert (values["AXES_FAILURE_LIMIT"], values["LOGIN_ADDRESS_FAILURE_LIMIT"]) == (7, 50)
    assert values["AXES_COOLOFF_SECONDS"] == 900


def test_behind_a_proxy_one_is_assumed(tmp_path):
    assert started(tmp_path, BEHIND_PROXY="true")["NUM_PROXIES"] == 1


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NUM_PROXIES", "0", "NUM_PROXIES must be at least 1, got '0'."),
        ("LOGIN_FAILURE_LIMIT", "lima", "LOGIN_FAILURE_LIMIT must be a whole number, got 'lima'."),
        ("LOGIN_COOLOFF_MINUTES", "0", "LOGIN_COOLOFF_MINUTES must be at least 1, got '0'."),
    ],
)
def test_a_bad_value_stops_start_up_naming_it(tmp_path, name, value, message):
    result = start(tmp_path, BEHIND_PROXY="true", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr
