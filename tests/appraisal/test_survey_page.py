"""The citizen's survey page: by link or short code, once, nothing personal shown, abuse held off."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from appraisal.models import ServiceType, SurveyResponse
from appraisal.service_desk.forms import SKM_QUESTIONS
from appraisal.service_desk.services import service_request_register

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
RECEIVED = dt.datetime(2026, 8, 17, 10, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # the limit lives in the cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def token(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a)
    with time_machine.travel(RECEIVED, tick=False):
        file = service_request_register(
            actor=org.staff_a.user, service_type=service, citizen_name="Yakobus Nope", citizen_phone="081234567890"
        )
    return file.survey_token


@pytest.fixture(autouse=True)
def next_day():
    with time_machine.travel(RECEIVED + dt.timedelta(days=1), tick=True):
        yield


def answers(*scores, comment=""):
    data = {f"q{n}": str(s) for n, s in enumerate(scores, start=1) if s is not None}
    data["comment"] = comment
    return data


ALL_GOOD = answers(4, 4, 3, 4, 4, 3, 4, 3, 4, comment="Petugas ramah")


def test_the_link_on_the_receipt_opens_the_nine_questions(client, token, org):
    response = client.get(reverse("survey_form", args=[token.token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kelurahan Mantasi" in html and "Surat Keterangan Domisili" in html and org.staff_a.full_name in html
    assert html.count('type="radio"') == 9 * 4
    for question in SKM_QUESTIONS:
        assert str(question.text) in html
    assert "Tidak sesuai" in html and "Sangat sesuai" in html and "Gratis" in html and "Dikelola dengan baik" in html
    assert "csrfmiddlewaretoken" in html


def test_a_citizen_answers_with_the_link(client, token, org):
    response = client.post(reverse("survey_form", args=[token.token]), ALL_GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("survey_thanks")
    assert "Terima kasih" in client.get(response["Location"]).content.decode()
    saved = SurveyResponse.objects.get()
    assert saved.scores == [4, 4, 3, 4, 4, 3, 4, 3, 4] and saved.comment == "Petugas ramah"
    assert (saved.officer, saved.unit) == (org.staff_a, org.kel_a)
    token.refresh_from_db()
    assert token.used_at is not None


def test_a_citizen_answers_with_the_short_code(client, token):
    typed = f"{token.short_code[:4].lower()}-{token.short_code[4:]}"
    response = client.post(reverse("survey_start"), {"kode": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_form", args=[token.short_code])
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], ALL_GOOD)
    assert response["Location"] == reverse("survey_thanks")
    assert SurveyResponse.objects.count() == 1


def test_an_unknown_short_code_is_explained_on_the_start_page(client, token):
    response = client.post(reverse("survey_start"), {"kode": "ZZZZ-ZZZZ"})
    assert response.status_code == 200
    assert "Kode tidak ditemukan" in response.content.decode()
    response = client.post(reverse("survey_start"), {"kode": "AB"})
    assert "Kode terdiri dari 8 huruf/angka" in response.content.decode()


def test_the_token_is_single_use(client, token):
    client.post(reverse("survey_form", args=[token.token]), ALL_GOOD)
    again = client.post(reverse("survey_form", args=[token.short_code]), answers(1, 1, 1, 1, 1, 1, 1, 1, 1))
    assert again.status_code == 200
    assert "Anda sudah mengisi survei ini" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().scores[0] == 4
    assert "Anda sudah mengisi survei ini" in client.get(reverse("survey_form", args=[token.token])).content.decode()


def test_an_expired_token_answers_410(client, token):
    with time_machine.travel(RECEIVED + dt.timedelta(days=31), tick=False):
        page = client.get(reverse("survey_form", args=[token.token]))
        posted = client.post(reverse("survey_form", args=[token.token]), ALL_GOOD)
    assert page.status_code == 410 and posted.status_code == 410
    assert "Masa berlaku survei sudah habis" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_unknown_token_answers_404(client, token):
    response = client.get(reverse("survey_form", args=["bukan-token-yang-ada"]))
    assert response.status_code == 404
    assert "Kode survei tidak ditemukan" in response.content.decode()


def test_a_filled_honeypot_pretends_success_and_stores_nothing(client, token):
    response = client.post(reverse("survey_form", args=[token.token]), {**ALL_GOOD, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == reverse("survey_thanks")
    assert not SurveyResponse.objects.exists()
    token.refresh_from_db()
    assert token.used_at is None


def test_posts_are_rate_limited_per_address(client, token):
    url = reverse("survey_form", args=[token.token])
    for _ in range(10):
        assert client.post(url, answers(4), REMOTE_ADDR="10.0.0.7").status_code == 200  # missing answers
    blocked = client.post(url, ALL_GOOD, REMOTE_ADDR="10.0.0.7")
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.content.decode() and blocked["Retry-After"] == "600"
    assert not SurveyResponse.objects.exists()
    # Another address is not affected.
    assert client.post(url, ALL_GOOD, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_the_limit_lifts_after_its_window(client, token):
    url = reverse("survey_form", args=[token.token])
    with time_machine.travel(RECEIVED + dt.timedelta(days=2), tick=False) as traveller:
        for _ in range(10):
            client.post(url, answers(4))
        assert client.post(url, answers(4)).status_code == 429
        traveller.shift(dt.timedelta(seconds=601))
        assert client.post(url, ALL_GOOD).status_code == 302


def test_behind_the_proxy_the_limit_is_per_citizen_and_ignores_forged_addresses(client, token, settings):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = True, 1
    url = reverse("survey_form", args=[token.token])
    proxy = {"REMOTE_ADDR": "10.9.9.9"}  # every request reaches the app from the proxy
    for n in range(10):
        forged = f"1.2.3.{n}, 203.0.113.5"  # the client's own claim, then what the proxy saw
        assert client.post(url, answers(4), HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 200
    blocked = client.post(url, ALL_GOOD, HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.5", **proxy)
    assert blocked.status_code == 429
    # The rest of the city, behind the same proxy, is not blocked.
    assert client.post(url, ALL_GOOD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302


@override_settings(SURVEY_RATE_LIMIT=(2, 60))
def test_the_limit_is_configurable_and_covers_the_code_form(client, token):
    for _ in range(2):
        assert client.post(reverse("survey_start"), {"kode": "ZZZZZZZZ"}).status_code == 200
    assert client.post(reverse("survey_start"), {"kode": token.short_code}).status_code == 429


def test_the_page_reveals_nothing_personal_and_links_nowhere_else(client, token, org):
    for response in (
        client.get(reverse("survey_form", args=[token.token])),
        client.post(reverse("survey_form", args=[token.token]), answers(4, 4)),
        client.get(reverse("survey_start")),
    ):
        html = response.content.decode()
        assert org.staff_a.nip not in html and org.staff_a.nip_display not in html
        assert "Yakobus" not in html and "081234567890" not in html
        assert token.request.number not in html
        assert org.staff_a.position.title not in html
        foreign = [u for u in re.findall(r"https?://[^\s\"'<>)]+", html) if not u.startswith("http://testserver/")]
        assert foreign == []
        assert 'href="/static/css/survey.css"' in html and "app.css" not in html  # own stylesheet, no nav


def test_missing_answers_keep_the_chosen_ones(client, token):
    response = client.post(
        reverse("survey_form", args=[token.token]), answers(4, 2, None, 3, None, None, None, None, 1, comment="Antre")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mohon jawab semua pertanyaan. Belum dijawab: nomor 3, 5, 6, 7, 8." in html
    assert re.search(r'name="q1" value="4" required checked', html)
    assert re.search(r'name="q2" value="2" required checked', html)
    assert re.search(r'name="q9" value="1" required checked', html)
    assert not re.search(r'name="q3" value="\d" required checked', html)
    assert ">Antre</textarea>" in html
    assert not SurveyResponse.objects.exists()
