"""The OpenAPI schema validates without warnings, documents every error answer, and its docs page needs no internet."""

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


@pytest.fixture
def schema(org, api_as):
    return api_as(org.staff_a.user).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


ERROR_REF = "#/components/schemas/Error"


def test_every_error_answer_is_documented_as_the_one_error_shape(schema):
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "code"}
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {"application/json": {"schema": {"$ref": ERROR_REF}}}, (path, method)


@pytest.mark.parametrize(
    ("path", "method", "statuses", "absent"),
    [
        ("/api/v1/units/{id}/", "get", {"401", "403", "404"}, {"400", "413", "415"}),
        ("/api/v1/units/", "get", {"400", "401", "403", "404"}, {"413", "415"}),  # filters; a page past the end
        ("/api/v1/units/", "post", {"400", "401", "403", "413", "415"}, {"404"}),
        ("/api/v1/plans/{id}/pdf/", "get", {"401", "403", "404"}, {"400"}),  # ?format= picks a renderer: 404
        ("/api/v1/plans/{id}/submit/", "post", {"400", "401", "403", "404", "409"}, set()),
        ("/api/v1/auth/token/", "post", {"400", "429"}, {"404"}),
        ("/api/v1/verify/{code}/", "get", {"404", "429"}, {"400", "401", "403"}),  # public: no credentials
    ],
)
def test_each_operation_documents_the_errors_it_can_answer(schema, path, method, statuses, absent):
    documented = set(schema["paths"][path][method]["responses"])

    assert statuses <= documented
    assert not absent & documented


def test_a_pdf_error_is_documented_as_json_not_as_a_pdf(schema):
    responses = schema["paths"]["/api/v1/plans/{id}/pdf/"]["get"]["responses"]

    assert set(responses["200"]["content"]) == {"application/pdf"}
    assert set(responses["404"]["content"]) == {"application/json"}


def test_fields_the_policy_leaves_out_are_not_required(schema):
    required = schema["components"]["schemas"]["EvaluationDetail"]["required"]

    assert "peer_summary" not in required and "peer_progress" not in required
    assert "peers_asked" in required


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
