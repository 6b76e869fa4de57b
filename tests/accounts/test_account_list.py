"""The HR account list: filters, and a query count that does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from tests.accounts.helpers import newcomers

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_for_three_or_thirty_people(client, org):
    client.force_login(org.hr_a)
    url = reverse("account_list")
    services.accounts_create(employees=newcomers(org, "Satu Dua", "Tiga Empat"), actor=org.hr_a)
    few = queries(client, url)
    more = newcomers(org, *(f"Orang Nomor{i} Baru" for i in range(25)))
    services.accounts_create(employees=more[:10], actor=org.hr_a)
    assert queries(client, url) == few


def test_the_state_filter_finds_who_waits_and_who_has_none(client, org):
    waiting, none = newcomers(org, "Yakobus Tefa", "Rambu Nope")
    services.accounts_create(employees=[waiting], actor=org.hr_a)
    client.force_login(org.hr_a)
    page = client.get(reverse("account_list"), {"state": "waiting"}).content.decode()
    assert "Yakobus Tefa" in page and "Rambu Nope" not in page and "Alfons Sabu" not in page
    page = client.get(reverse("account_list"), {"state": "none"}).content.decode()
    assert "Rambu Nope" in page and "Yakobus Tefa" not in page
    page = client.get(reverse("account_list"), {"state": "active"}).content.decode()
    assert "Alfons Sabu" in page and "Yakobus Tefa" not in page
