"""Password guessing is locked out (django-axes, config.lockout): on the sign-in page, the admin and the token API."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/masuk/"
TOKEN = "/api/v1/auth/token/"
PASSWORD = "rahasia-123"
NOON = dt.datetime(2026, 8, 17, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()  # the token endpoint's throttle counts in the cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def alfons():
    return UserFactory(username="alfons")


def sign_in(client, username: str, password: str, address: str = "10.0.0.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, alfons):
    for _ in range(4):
        assert sign_in(client, "alfons", "salah").status_code == 200  # the form again
    locked = sign_in(client, "alfons", "salah")
    assert locked.status_code == 429
    for _ in range(45):
        assert sign_in(client, "alfons", "salah").status_code == 429

    response = sign_in(client, "alfons", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in page and "30 menit" in page
    assert response["Retry-After"] == "1800"


def test_the_lock_is_per_username_whatever_the_address(client, alfons):
    for n in range(5):
        sign_in(client, "alfons", "salah", address=f"10.0.1.{n}")
    assert sign_in(client, "alfons", PASSWORD, address="10.0.9.9").status_code == 429
    # Another person signs in from the same addresses.
    UserFactory(username="beatrix")
    assert sign_in(client, "beatrix", PASSWORD, address="10.0.1.0").status_code == 302


def test_an_office_sharing_one_address_survives_a_few_typos_but_not_a_guesser(client, alfons):
    for n in range(19):  # nineteen people of one office, one typo each
        assert sign_in(client, f"pegawai{n}", "salah", address="10.0.0.1").status_code == 200
    assert sign_in(client, "alfons", PASSWORD, address="10.0.0.1").status_code == 302
    client.logout()

    assert sign_in(client, "pegawai19", "salah", address="10.0.0.1").status_code == 429  # the twentieth
    assert sign_in(client, "alfons", PASSWORD, address="10.0.0.1").status_code == 429
    assert sign_in(client, "alfons", PASSWORD, address="10.0.0.2").status_code == 302  # elsewhere: fine


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_the_address_limit_follows_the_setting(client, alfons):
    for n in range(3):
        sign_in(client, f"pegawai{n}", "salah")
    assert sign_in(client, "alfons", PASSWORD).status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_address_lock(client, alfons, settings):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = True, 1
    for n in range(20):
        # The proxy (REMOTE_ADDR 10.9.9.9) appends the real client 203.0.113.5 after whatever the client sent.
        sign_in(client, f"pegawai{n}", "salah", address="10.9.9.9", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.5")
    blocked = sign_in(client, "alfons", PASSWORD, address="10.9.9.9", HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.5")
    assert blocked.status_code == 429
    # Another citizen behind the same proxy is someone else.
    other = sign_in(client, "alfons", PASSWORD, address="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_the_lock_ends_after_the_cool_off(client, alfons):
    with time_machine.travel(NOON, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "alfons", "salah")
        traveller.shift(dt.timedelta(minutes=29))
        assert sign_in(client, "alfons", PASSWORD).status_code == 429
        traveller.shift(dt.timedelta(minutes=2))  # trying while locked did not push the end further
        assert sign_in(client, "alfons", PASSWORD).status_code == 302


def test_a_few_wrong_passwords_are_forgotten_after_the_cool_off(client, alfons):
    with time_machine.travel(NOON, tick=False) as traveller:
        for _ in range(4):
            sign_in(client, "alfons", "salah")
        traveller.shift(dt.timedelta(minutes=31))
        assert sign_in(client, "alfons", "salah").status_code == 200
        assert sign_in(client, "alfons", PASSWORD).status_code == 302


def test_the_reset_command_unlocks_a_username_at_once(client, alfons):
    for _ in range(5):
        sign_in(client, "alfons", "salah")
    assert sign_in(client, "alfons", PASSWORD).status_code == 429

    call_command("axes_reset_username", "alfons")

    assert sign_in(client, "alfons", PASSWORD).status_code == 302


def test_the_admin_lists_attempts_for_unlocking(client, alfons):
    for _ in range(5):
        sign_in(client, "alfons", "salah")
    assert admin.site.is_registered(AccessAttempt)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    page = client.get("/admin/axes/accessattempt/")

    assert page.status_code == 200
    assert "alfons" in page.content.decode()


def test_the_admin_sign_in_is_locked_too(client, alfons):
    alfons.is_staff = True
    alfons.save()
    for _ in range(5):
        client.post("/admin/login/", {"username": "alfons", "password": "salah"}, REMOTE_ADDR="10.0.0.7")
    response = client.post("/admin/login/", {"username": "alfons", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_locked_out_user_gets_no_api_token(alfons):
    api = APIClient()
    for _ in range(4):
        wrong = api.post(TOKEN, {"username": "alfons", "password": "salah"}, format="json", REMOTE_ADDR="10.0.0.7")
        assert wrong.status_code == 400
    assert api.post(TOKEN, {"username": "alfons", "password": "x"}, format="json").status_code == 429

    response = api.post(TOKEN, {"username": "alfons", "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.8")

    assert response.status_code == 429
    body = response.json()
    assert "token" not in body
    assert body["code"] == "locked_out" and "30 menit" in body["detail"]
    assert response["Retry-After"] == "1800"


def test_wrong_api_passwords_lock_the_sign_in_page_too(client, alfons):
    api = APIClient()
    for _ in range(5):
        api.post(TOKEN, {"username": "alfons", "password": "salah"}, format="json", REMOTE_ADDR="10.0.0.7")
    assert sign_in(client, "alfons", PASSWORD, address="10.0.0.9").status_code == 429


def test_a_right_password_still_gets_a_token(alfons):
    response = APIClient().post(TOKEN, {"username": "alfons", "password": PASSWORD}, format="json")
    assert response.status_code == 200 and response.json()["token"]
