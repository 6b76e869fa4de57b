"""Token authentication over a real socket: the whole stack (WSGI, middleware, DRF) answers."""

import http.client
import json
from urllib.parse import urlsplit

import pytest

from tests.factories import OrgFactory


def request(live_server, method: str, path: str, body: dict | None = None, headers: dict | None = None):
    url = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        payload = json.dumps(body) if body is not None else None
        conn.request(method, path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


@pytest.fixture
def org_live(transactional_db):
    return OrgFactory.build_small()


def test_a_token_from_username_and_password_opens_the_api(live_server, org_live):
    status, body = request(
        live_server, "POST", "/api/v1/auth/token/", {"username": "staff_a", "password": "rahasia-123"}
    )
    assert status == 200
    token = body["token"]

    status, me = request(live_server, "GET", "/api/v1/me/", headers={"Authorization": f"Token {token}"})
    assert status == 200
    assert me["user"]["username"] == "staff_a"
    assert me["employee"]["position"]["unit"]["name"] == "Kelurahan Mantasi"

    status, page = request(live_server, "GET", "/api/v1/employees/", headers={"Authorization": f"Token {token}"})
    assert status == 200
    assert page["count"] == 4


def test_a_wrong_password_gets_no_token(live_server, org_live):
    status, body = request(live_server, "POST", "/api/v1/auth/token/", {"username": "staff_a", "password": "salah"})

    assert status == 400
    assert "token" not in body
    assert body["code"] == "invalid" and body["errors"]["non_field_errors"]


def test_a_bogus_token_is_refused(live_server, org_live):
    status, body = request(live_server, "GET", "/api/v1/me/", headers={"Authorization": "Token bukan-token"})

    assert status == 401
    assert body["code"] == "authentication_failed"
    assert "user" not in body
