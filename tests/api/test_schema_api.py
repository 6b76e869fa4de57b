"""The OpenAPI schema validates without warnings and its docs page needs no internet."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

pytestmark = pytest.mark.django_db


def test_spectacular_validates_the_schema_and_fails_on_warnings(tmp_path):
    # Warnings are counted per process; start from zero so only this generation counts.
    GENERATOR_STATS.reset()

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    text = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/employees/{id}/" in text
    assert "/api/v1/units/{id}/chart/" in text


def test_schema_endpoint_serves_openapi(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]


def test_docs_page_loads_only_local_assets(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    hosts = {urlsplit(url).hostname for url in re.findall(r"https?://[^\s\"'<>)]+", html)}
    assert hosts <= {"testserver", "localhost", "127.0.0.1"}, hosts

    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a local static file"
