"""Oversized bodies are refused by Content-Length before anything reads them (config.middleware.RequestSizeLimit)."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls.resolvers import URLResolver

SURVEY_API = "/api/v1/survey/TIDAKADA/"
LOGIN = "/masuk/"
EVIDENCE_UPLOAD = "/evaluasi/1/realisasi/1/bukti/"
ONE_GIB = str(2**30)


class UnreadableBody:
    """A wsgi.input that fails the test if anyone reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the survey throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def no_view(monkeypatch):
    """URL resolution (and so any view) must not happen."""

    def resolve(self, path):
        raise AssertionError(f"{path} was resolved: a view would have run")

    monkeypatch.setattr(URLResolver, "resolve", resolve)


def post(client, url, content_length, content_type="application/json"):
    return client.generic(
        "POST",
        url,
        data=b"",
        content_type=content_type,
        CONTENT_LENGTH=content_length,
        **{"wsgi.input": UnreadableBody()},
    )


def test_the_limit_is_the_upload_limit_plus_a_margin():
    assert settings.MAX_UPLOAD_MB == 5
    assert settings.MAX_REQUEST_BYTES == 6 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_a_huge_body_on_the_public_survey_api_is_a_413_in_the_api_shape(client, no_view):
    response = post(client, SURVEY_API, ONE_GIB)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Berkas terlalu besar. Batas unggahan 5 MB.", "code": "too_large"}


@pytest.mark.parametrize("url", [LOGIN, EVIDENCE_UPLOAD])
def test_a_huge_body_on_a_page_is_a_413_in_indonesian(client, no_view, url):
    response = post(client, url, ONE_GIB, content_type="multipart/form-data; boundary=xyz")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Berkas terlalu besar. Batas unggahan 5 MB." in response.content.decode()


def test_the_page_answer_follows_the_language_cookie(client, no_view):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post(client, LOGIN, ONE_GIB)
    assert response.status_code == 413
    assert "Berkas terlalu besar" not in response.content.decode()


def test_just_over_the_limit_is_refused_and_the_limit_follows_the_setting(client, settings, no_view):
    settings.MAX_UPLOAD_MB = 1
    settings.MAX_REQUEST_BYTES = 2 * 1024 * 1024
    response = post(client, SURVEY_API, str(2 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["detail"] == "Berkas terlalu besar. Batas unggahan 1 MB."


@pytest.mark.parametrize("bad", ["abc", "-1", "1e9", "12 34"])
@pytest.mark.parametrize("url", [SURVEY_API, LOGIN])
def test_a_bad_content_length_is_a_400(client, no_view, url, bad):
    response = post(client, url, bad)
    assert response.status_code == 400
    if url == SURVEY_API:
        assert response.json()["code"] == "bad_content_length"


@pytest.mark.django_db
def test_a_small_request_still_reaches_the_views(client):
    survey = client.post(SURVEY_API, {"scores": [4] * 9}, content_type="application/json")
    assert survey.status_code == 404  # the view ran: the token is unknown
    assert survey.json().get("code") != "too_large"
    login = client.post(LOGIN, {"username": "nobody", "password": "wrong"})
    assert login.status_code == 200  # the form again, with its error
    assert login.context["form"].errors


@pytest.mark.django_db
def test_a_body_at_the_limit_is_not_refused_by_its_length(client):
    body = b"{}" + b" " * (settings.MAX_REQUEST_BYTES - 2)
    response = client.generic("POST", SURVEY_API, data=body, content_type="application/json")
    # The middleware let it through: the view read it, and refused that much JSON itself (it is no file upload,
    # so DATA_UPLOAD_MAX_MEMORY_SIZE applies), with its own message rather than the upload limit's.
    assert response.json() == {"detail": "Isi permintaan terlalu besar.", "code": "too_large"}
