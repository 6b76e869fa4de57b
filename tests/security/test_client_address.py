"""One client address for every per-client limit: forged X-Forwarded-For entries are ignored, the proxy's are used."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from api.evaluation.views import ViewRateThrottle
from api.org.views import TokenThrottle
from api.service_desk.views import SurveyThrottle
from config.client_address import client_address

PROXY = "10.9.9.9"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # page limits and API throttles count in the cache, which outlives a test
    yield
    cache.clear()


def request(forwarded: str | None = None, remote: str = PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (None, PROXY),
        ("203.0.113.5", PROXY),
        ("1.2.3.4, 203.0.113.5", PROXY),
    ],
)
def test_without_a_proxy_the_header_is_ignored(settings, forwarded, expected):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = False, 0
    assert client_address(request(forwarded)) == expected


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "expected"),
    [
        (1, None, PROXY),  # a request that did not pass the proxy
        (1, "", PROXY),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the leftmost entry is the client's own claim
        (1, "1.2.3.4,203.0.113.5", "203.0.113.5"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # CDN then nginx: the second from the right
        (2, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: read as DRF's NUM_PROXIES reads it
        (1, "1.2.3.4, not-an-address", PROXY),  # a broken proxy setup never stores text as an address
    ],
)
def test_behind_proxies_the_entry_they_appended_is_the_client(settings, num_proxies, forwarded, expected):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = True, num_proxies
    assert client_address(request(forwarded)) == expected


@pytest.mark.parametrize("proxied", [False, True])
@pytest.mark.parametrize("throttle_class", [TokenThrottle, SurveyThrottle, ViewRateThrottle])
def test_api_throttles_count_per_the_same_address(settings, throttle_class, proxied):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = proxied, 1 if proxied else 0
    http = request("1.2.3.4, 203.0.113.5")
    assert throttle_class().get_ident(Request(http)) == client_address(http)


@pytest.mark.parametrize(
    "forwarded", [None, "203.0.113.5", "1.2.3.4, 203.0.113.5", "1.2.3.4, 5.6.7.8, 203.0.113.5", "2001:db8::1"]
)
@pytest.mark.parametrize(("proxied", "num_proxies"), [(False, 0), (True, 1), (True, 2)])
def test_drf_num_proxies_agrees_with_client_address(settings, forwarded, proxied, num_proxies):
    """Any plain DRF throttle added later reads the header exactly as client_address does."""
    settings.BEHIND_PROXY, settings.NUM_PROXIES = proxied, num_proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}  # DRF reloads on change
    http = request(forwarded)
    assert BaseThrottle().get_ident(Request(http)) == client_address(http)


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_survey_api_limit(client, settings):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = True, 1
    codes = [
        client.get("/api/v1/survey/TIDAKADA/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5")
        for n in range(11)
    ]
    assert [c.status_code for c in codes] == [404] * 10 + [429]
    # Another phone behind the same proxy has its own count.
    other = client.get("/api/v1/survey/TIDAKADA/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 404


@pytest.mark.django_db
def test_without_a_proxy_a_forged_header_does_not_escape_the_survey_api_limit(client, settings):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = False, 0
    codes = [
        client.get("/api/v1/survey/TIDAKADA/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
        for n in range(11)
    ]
    assert codes[-1].status_code == 429


@pytest.mark.django_db
def test_the_verification_page_limit_is_per_citizen_behind_the_proxy(client, settings):
    settings.BEHIND_PROXY, settings.NUM_PROXIES = True, 1
    url = "/verifikasi/ABCDEFGHJKLM/"
    for n in range(30):
        forged = f"1.1.1.{n}, 203.0.113.5"
        assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged).status_code == 404
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5").status_code == 429
    # The rest of the city, behind the same proxy, is not blocked.
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 404
