"""Every API error is JSON in one shape: {"detail": str, "code": str, "errors"?: {field: [str]}} (api.exceptions)."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.exceptions import not_found, server_error
from appraisal.models import Unit
from tests.skp_helpers import draft_plan
from tests.workflows.test_skp_flow import chain  # noqa: F401 - the approved SKP cascade down to kasi_a
from workflows.steps.skp import plan_submit

ONE_GIB = str(2**30)
RESULT = {
    "kind": "UTAMA",
    "text": "Terlayaninya surat keterangan warga",
    "supports": None,
    "indicators": [{"aspect": "KUANTITAS", "text": "Jumlah surat", "target_value": "banyak", "target_unit": "surat"}],
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the throttles count in the cache
    yield
    cache.clear()


def assert_error(response, status: int, code: str) -> dict:
    """The status, a JSON content type, and the shape: detail and code always, errors only with a 400."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].split(";")[0] == "application/json"
    body = response.json()
    assert set(body) <= {"detail", "code", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["code"] == code
    if "errors" in body:
        assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)
    return body


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


# --- 400 -----------------------------------------------------------------------------------------


def test_a_field_error_is_a_400_with_messages_per_field(org, api_as):
    response = api_as(org.hr_kec).post("/api/v1/units/", {"kind": "KELURAHAN"}, format="json")

    body = assert_error(response, 400, "invalid")
    assert body["detail"] == "Data tidak lengkap atau tidak sah."
    assert {"name", "code"} <= set(body["errors"])


def test_a_refusal_of_the_whole_object_is_the_detail_of_the_400(org, api_as):
    response = api_as(org.staff_a.user).post("/api/v1/plans/", {"year": 2026}, format="json")
    assert response.status_code == 201
    again = api_as(org.staff_a.user).post("/api/v1/plans/", {"year": 2026}, format="json")

    body = assert_error(again, 400, "invalid")
    assert list(body["errors"]) == ["non_field_errors"]
    assert body["detail"] == " ".join(body["errors"]["non_field_errors"])
    assert "sudah memiliki SKP tahun 2026" in body["detail"]


def test_nested_field_errors_are_dotted_paths(org, api_as):
    staff = api_as(org.staff_a.user)
    plan = staff.post("/api/v1/plans/", {"year": 2026}, format="json").json()

    response = staff.post(f"/api/v1/plans/{plan['id']}/results/", RESULT, format="json")

    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["indicators.0.target_value"], body


def test_unreadable_json_is_a_400_parse_error(org, api_as):
    response = api_as(org.hr_kec).post("/api/v1/units/", data="{nope", content_type="application/json")

    body = assert_error(response, 400, "parse_error")
    assert "errors" not in body


def test_an_invalid_query_parameter_is_a_400(org, api_as):
    response = api_as(org.staff_a.user).get(f"/api/v1/units/{org.kel_a.pk}/chart/", {"on": "kemarin"})

    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["on"]


# --- 401 and 403 ---------------------------------------------------------------------------------


def test_no_credentials_is_a_401_with_www_authenticate(org):
    response = APIClient().get("/api/v1/me/")

    body = assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    assert "Authorization: Token" in body["detail"]


def test_an_unknown_token_is_a_401(org):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token bukan-token")

    assert_error(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_a_valid_token_is_still_accepted(org):
    response = token_client(org.staff_a.user).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["user"]["username"] == "staff_a"


def test_a_write_outside_hr_scope_is_a_403_with_its_own_code(org, api_as):
    response = api_as(org.hr_a).patch(f"/api/v1/units/{org.kel_a.pk}/", {"parent": org.kel_b.pk}, format="json")

    body = assert_error(response, 403, "out_of_scope")
    assert "di luar cakupan" in body["detail"]


def test_a_forbidden_action_is_a_403(org, api_as):
    response = api_as(org.staff_a.user).post("/api/v1/plans/bulk-start/", {"unit": org.kel_a.pk, "year": 2026})

    assert_error(response, 403, "permission_denied")


# --- 404 -----------------------------------------------------------------------------------------


def test_an_unknown_id_is_a_404_in_indonesian(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/employees/999999/")

    body = assert_error(response, 404, "not_found")
    assert body["detail"] == "Data tidak ditemukan."


def test_a_non_numeric_id_is_a_404(org, api_as):
    assert_error(api_as(org.staff_a.user).get("/api/v1/units/abc/"), 404, "not_found")
    assert_error(api_as(org.staff_a.user).get("/api/v1/plans/abc/"), 404, "not_found")


def test_a_page_past_the_end_is_a_404_in_indonesian(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/units/", {"page": 99})

    body = assert_error(response, 404, "not_found")
    assert body["detail"] == "Halaman 99 tidak ada."


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/units/1/no-such-action/", "/api/v1/"])
def test_an_unknown_api_url_is_a_json_404_also_with_debug_on(org, api_as, settings, path):
    settings.DEBUG = True  # Django's handler404 is not used then: the catch-all route answers

    assert_error(api_as(org.staff_a.user).get(path), 404, "not_found")
    assert_error(APIClient().post(path, {}, format="json"), 404, "not_found")


def test_an_unknown_api_url_without_the_slash_is_redirected_to_it(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/units")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/units/"


def test_an_unknown_path_under_api_outside_v1_is_a_json_404(db):
    assert_error(Client().get("/api/v2/units/"), 404, "not_found")


def test_an_unknown_page_is_still_an_html_404(db):
    response = Client().get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_404_for_a_pdf_is_json_even_when_a_pdf_was_asked_for(org, api_as):
    response = api_as(org.staff_a.user).get("/api/v1/plans/999999/pdf/", HTTP_ACCEPT="application/pdf")

    assert_error(response, 404, "not_found")


# --- 405, 409, 413, 415, 429 ---------------------------------------------------------------------


def test_a_method_the_url_does_not_have_is_a_405(org, api_as):
    response = api_as(org.staff_a.user).delete("/api/v1/me/")

    body = assert_error(response, 405, "method_not_allowed")
    assert "DELETE" in body["detail"]


def test_a_second_approval_is_a_409_with_its_code(org, chain, api_as):  # noqa: F811
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)
    kasi = api_as(org.kasi_a.user)
    assert kasi.post(f"/api/v1/plans/{plan.pk}/approve/").status_code == 200

    body = assert_error(kasi.post(f"/api/v1/plans/{plan.pk}/approve/"), 409, "task_not_open")
    assert "errors" not in body


def test_changing_a_submitted_plan_is_a_409_plan_locked(org, chain, api_as):  # noqa: F811
    plan = draft_plan(org.staff_a, supports=chain.results.get())
    plan_submit(plan=plan, actor=org.staff_a.user)

    response = api_as(org.staff_a.user).patch(f"/api/v1/plans/{plan.pk}/", {"consequences": "x"}, format="json")

    assert_error(response, 409, "plan_locked")


def test_a_body_over_the_limit_is_a_413(org, api_as):
    response = api_as(org.staff_a.user).generic(
        "POST", "/api/v1/plans/", b"", content_type="application/json", CONTENT_LENGTH=ONE_GIB
    )

    body = assert_error(response, 413, "too_large")
    assert body["detail"] == "Berkas terlalu besar. Batas unggahan 5 MB."


def test_a_json_body_over_the_form_data_limit_is_a_413_too(org, api_as, settings):
    body = b'{"year": 2026, "x": "' + b"a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'

    response = api_as(org.staff_a.user).generic("POST", "/api/v1/plans/", body, content_type="application/json")

    body = assert_error(response, 413, "too_large")
    assert body["detail"] == "Isi permintaan terlalu besar."


def test_too_many_form_fields_is_a_400(org, api_as, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = "&".join(f"f{i}=x" for i in range(10))

    response = api_as(org.staff_a.user).generic(
        "POST", "/api/v1/plans/", fields, content_type="application/x-www-form-urlencoded"
    )

    assert_error(response, 400, "parse_error")


def test_an_unsupported_content_type_is_a_415(org, api_as):
    response = api_as(org.staff_a.user).generic("POST", "/api/v1/plans/", b"year=2026", content_type="text/plain")

    assert_error(response, 415, "unsupported_media_type")


def test_too_many_requests_is_a_429_with_retry_after(db):
    client = APIClient()
    for _ in range(10):
        client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")

    response = client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")

    body = assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert "Terlalu banyak permintaan" in body["detail"]


# --- 500 -----------------------------------------------------------------------------------------


def test_a_crash_is_a_json_500_without_a_traceback(org, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Unit.objects, "filter", boom)
    client = Client(raise_request_exception=False)
    client.force_login(org.staff_a.user)

    response = client.get("/api/v1/units/")

    body = assert_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert body["detail"] == "Terjadi galat di server."


def test_the_404_and_500_handlers_keep_the_html_pages_outside_the_api(rf):
    page = rf.get("/evaluasi/")

    assert not_found(page, None)["Content-Type"].startswith("text/html")
    assert server_error(page)["Content-Type"].startswith("text/html")
    assert server_error(rf.get("/api/v1/units/"))["Content-Type"] == "application/json"


# --- the language follows the request ------------------------------------------------------------


def test_the_detail_follows_the_language_and_the_code_does_not(org, api_as, settings):
    client = api_as(org.staff_a.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = assert_error(client.get("/api/v1/units/999999/"), 404, "not_found")
    assert body["detail"] == "Not found."
