"""A session ends after SESSION_HOURS (8) without use, however long it has been used (config.session_idle)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MORNING = dt.datetime(2026, 8, 17, 7, 30, tzinfo=dt.UTC)


@pytest.fixture
def alfons():
    return UserFactory(username="alfons")


def sign_in(client, user) -> None:
    response = client.post("/masuk/", {"username": user.username, "password": "rahasia-123"})
    assert response.status_code == 302


def signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_defaults_are_eight_idle_hours_ending_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_session_used_every_hour_outlives_eight_hours(client, alfons):
    with time_machine.travel(MORNING, tick=False) as traveller:
        sign_in(client, alfons)
        for _ in range(12):
            traveller.shift(dt.timedelta(hours=1))
            assert signed_in(client)


def test_a_session_idle_for_eight_hours_and_a_minute_is_signed_out(client, alfons):
    with time_machine.travel(MORNING, tick=False) as traveller:
        sign_in(client, alfons)
        traveller.shift(dt.timedelta(hours=3))
        assert signed_in(client)
        traveller.shift(dt.timedelta(hours=8, minutes=1))
        assert not signed_in(client)
        assert client.get("/").url.startswith("/masuk/")


def test_seven_idle_hours_do_not_sign_out(client, alfons):
    with time_machine.travel(MORNING, tick=False) as traveller:
        sign_in(client, alfons)
        traveller.shift(dt.timedelta(hours=7, minutes=54))
        assert signed_in(client)


def test_the_expiry_is_written_at_most_once_per_few_minutes(client, alfons):
    with time_machine.travel(MORNING, tick=False) as traveller:
        sign_in(client, alfons)
        signed_in(client)
        written = expiry(client)
        traveller.shift(dt.timedelta(minutes=1))
        signed_in(client)
        assert expiry(client) == written  # no write for a request a minute later
        traveller.shift(dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS))
        signed_in(client)
        assert expiry(client) == MORNING + dt.timedelta(minutes=1, seconds=settings.SESSION_REFRESH_SECONDS, hours=8)


def test_a_session_from_before_the_idle_limit_keeps_its_expiry_and_costs_no_write(client, alfons):
    with time_machine.travel(MORNING, tick=False) as traveller:
        client.force_login(alfons)  # saved without passing the middleware, as sessions from before it were
        written = expiry(client)
        for _ in range(7):
            traveller.shift(dt.timedelta(hours=1))
            assert signed_in(client)
        assert expiry(client) == written
        traveller.shift(dt.timedelta(hours=1, minutes=1))
        assert not signed_in(client)


def test_visitors_and_api_tokens_get_no_session(client, alfons):
    client.get("/masuk/")
    client.get("/survei/")
    token = Token.objects.create(user=alfons)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200
    assert not Session.objects.exists()
