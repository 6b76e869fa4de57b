"""Issue 16, item 2: an account with an initial password (typed by the administrator) changes it first."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccountProfile

pytestmark = pytest.mark.django_db


def sign_in(client, username, password="rahasia-123"):
    """Through the real sign-in page: django-axes counts it and the user_logged_in hook runs."""
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_initial_password_must_be_changed_before_anything_else(client, org):
    services.password_set_by_administrator(user=org.staff_a.user, actor=org.admin)
    assert sign_in(client, "staff_a").status_code == 302

    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("account_password_change"))
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    assert client.get(reverse("account_password_change")).status_code == 200

    response = client.post(
        reverse("account_password_change"),
        {"old_password": "rahasia-123", "new_password1": "Teluk-Kupang-88", "new_password2": "Teluk-Kupang-88"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not AccountProfile.objects.get(user=org.staff_a.user).must_change_password


def test_a_password_typed_in_the_django_admin_is_an_initial_one(client, org):
    client.force_login(org.admin)
    url = reverse("admin:auth_user_password_change", args=[org.staff_b.user.pk])
    response = client.post(url, {"password1": "Pantai-Lasiana-7", "password2": "Pantai-Lasiana-7"})
    assert response.status_code == 302
    assert AccountProfile.objects.get(user=org.staff_b.user).must_change_password


def test_other_accounts_are_not_sent_to_the_change(client, org):
    assert sign_in(client, "staff_a").status_code == 302
    assert client.get(reverse("home")).status_code == 200
