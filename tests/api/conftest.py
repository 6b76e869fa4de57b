"""API test helpers: a DRF client signed in as one of the named people of the `org` fixture."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api_as():
    """api_as(user) -> a client with a real session for `user`; api_as(None) -> anonymous."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def error_fields(response) -> set[str]:
    """The fields a 400 names; a nested one by its first part ("indicators.0.target_value" -> "indicators")."""
    return {path.split(".")[0] for path in response.json()["errors"]}


_nip_seq = iter(range(1, 1000))


def valid_nip(*, pppk: bool = False) -> str:
    """A NIP that passes rules.validate_nip; day 31 never collides with tests.factories.make_nip."""
    seq = next(_nip_seq)
    if pppk:
        return f"19851231202301 2{seq:03d}".replace(" ", "")
    return f"19791231200503 1{seq:03d}".replace(" ", "")
