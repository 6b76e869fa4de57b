"""The fake SIASN, started per test on a free local port, and a client configured for it."""

from __future__ import annotations

import pytest

from appraisal.siasn.client import SiasnClient, SiasnConfig
from tests.siasn.fake_siasn import CONSUMER_KEY, CONSUMER_SECRET, SSO_CLIENT, SSO_PASSWORD, SSO_USER, FakeSiasn


@pytest.fixture
def fake():
    server = FakeSiasn().start()
    yield server
    server.stop()


def config_for(fake: FakeSiasn, **overrides) -> SiasnConfig:
    values = {
        "api_url": f"{fake.url}/api",
        "token_url": f"{fake.url}/oauth2/token",
        "sso_url": f"{fake.url}/sso/token",
        "consumer_key": CONSUMER_KEY,
        "consumer_secret": CONSUMER_SECRET,
        "client_id": SSO_CLIENT,
        "username": SSO_USER,
        "password": SSO_PASSWORD,
        "timeout": 5,
        "retries": 3,
        "backoff": 0.5,
    } | overrides
    return SiasnConfig(**values)


@pytest.fixture
def siasn_settings(fake, settings):
    """Django settings pointing at the fake, SIASN switched on (for services and jobs)."""
    settings.SIASN_ENABLED = True
    settings.SIASN_API_URL = f"{fake.url}/api"
    settings.SIASN_TOKEN_URL = f"{fake.url}/oauth2/token"
    settings.SIASN_SSO_URL = f"{fake.url}/sso/token"
    settings.SIASN_CONSUMER_KEY, settings.SIASN_CONSUMER_SECRET = CONSUMER_KEY, CONSUMER_SECRET
    settings.SIASN_SSO_CLIENT_ID, settings.SIASN_SSO_USERNAME, settings.SIASN_SSO_PASSWORD = (
        SSO_CLIENT, SSO_USER, SSO_PASSWORD,
    )  # fmt: skip
    settings.SIASN_TIMEOUT, settings.SIASN_RETRIES, settings.SIASN_RETRY_DELAY_MS = 5, 2, 0
    return settings


@pytest.fixture
def client_for(fake):
    """A client for the fake that records its backoff waits instead of sleeping."""
    waits: list[float] = []

    def build(**overrides) -> SiasnClient:
        client = SiasnClient(config_for(fake, **overrides), sleep=waits.append)
        client.waits = waits
        return client

    return build
