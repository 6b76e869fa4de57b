"""Issue 16, item 6: an optional second factor (TOTP, django-otp), required of HR and superusers by a setting."""

import datetime as dt
from binascii import unhexlify

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AccountEvent, EventKind
from accounts.views.two_factor import KEY_SESSION

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def code_for(key: str) -> str:
    return f"{totp(unhexlify(key)):06d}"


def sign_in(client, username, password="rahasia-123"):
    """Through the real sign-in page: django-axes counts it and the user_logged_in hooks run."""
    return client.post(reverse("login"), {"username": username, "password": password})


def set_up(user) -> tuple[TOTPDevice, list[str]]:
    """A device confirmed at START (its code of START is then used up)."""
    key = two_factor.new_key()
    with time_machine.travel(START, tick=False):
        return two_factor.two_factor_enable(user=user, key=key, code=code_for(key))


def kinds(user) -> list[str]:
    return list(AccountEvent.objects.filter(user=user).order_by("at", "id").values_list("kind", flat=True))


def test_set_up_confirms_with_the_code_the_app_shows_and_refuses_a_wrong_one(client, org):
    user = org.staff_a.user
    with time_machine.travel(START, tick=False):
        client.force_login(user)
        page = client.get(reverse("two_factor_setup"))
        assert page.status_code == 200
        assert "Aktifkan verifikasi dua langkah" in page.text and "data:image/svg+xml;base64," in page.text
        key = client.session[KEY_SESSION]
        right = code_for(key)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"

        refused = client.post(reverse("two_factor_setup"), {"code": wrong})
        assert refused.status_code == 200 and "Kode salah" in refused.text
        assert not TOTPDevice.objects.filter(user=user).exists()

        confirmed = client.post(reverse("two_factor_setup"), {"code": right})
        assert confirmed.status_code == 302 and confirmed["Location"] == reverse("two_factor_codes")
        assert TOTPDevice.objects.get(user=user).confirmed

        codes_page = client.get(reverse("two_factor_codes"))
        codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(codes) == 10 and all(code in codes_page.text for code in codes)
        assert "css/two_factor.css" in codes_page.text and "Kode pemulihan" in codes_page.text
        assert client.get(reverse("two_factor_codes")).status_code == 302  # shown once
    assert kinds(user) == [EventKind.TWO_FACTOR_ADDED, EventKind.RECOVERY_CODES]


def test_signing_in_with_a_device_asks_for_the_code_before_home(client, org):
    device, _codes = set_up(org.staff_a.user)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert sign_in(client, "staff_a").status_code == 302
        home = client.get(reverse("home"))
        assert home.status_code == 302 and home["Location"].startswith(reverse("two_factor_verify"))
        api = client.get("/api/v1/me/")
        assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
        page = client.get(home["Location"])
        assert page.status_code == 200 and "Verifikasi dua langkah" in page.text

        answer = client.post(reverse("two_factor_verify"), {"code": code_for(device.key), "next": "/"})
        assert answer.status_code == 302 and answer["Location"] == "/"
        assert client.get(reverse("home")).status_code == 200


def test_the_django_admin_asks_a_superuser_with_a_device_for_the_code(client, org):
    set_up(org.admin)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client.force_login(org.admin)
        admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302 and admin["Location"].startswith(reverse("two_factor_verify"))


def test_a_recovery_code_works_once(client, org):
    user = org.staff_a.user
    _device, codes = set_up(user)
    sign_in(client, "staff_a")
    answer = client.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert answer.status_code == 302 and client.get(reverse("home")).status_code == 200
    assert EventKind.RECOVERY_CODE_USED in kinds(user)

    client.post(reverse("logout"))
    sign_in(client, "staff_a")
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200 and "Kode salah atau sudah dipakai" in again.text
    assert client.get(reverse("home")).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_with_the_setting_hr_without_a_device_is_sent_to_set_up_and_staff_are_not(client, org, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    sign_in(client, "hr_a")
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(reverse("two_factor_setup"))
    assert "Peran Anda mewajibkan verifikasi dua langkah" in page.text

    client.post(reverse("logout"))
    sign_in(client, "staff_a")
    assert client.get(reverse("home")).status_code == 200


def test_without_the_setting_hr_may_go_without_a_device(client, org):
    sign_in(client, "hr_a")
    assert client.get(reverse("home")).status_code == 200


def test_the_verification_form_is_rate_limited(client, org, settings):
    settings.TWO_FACTOR_RATE_LIMIT = (3, 300)
    set_up(org.staff_a.user)
    sign_in(client, "staff_a")
    answers = [client.post(reverse("two_factor_verify"), {"code": "000000"}).status_code for _i in range(4)]
    assert answers == [200, 200, 200, 429]


def test_recovery_codes_are_renewed_and_the_device_removed_with_a_code(client, org):
    user = org.staff_a.user
    device, old = set_up(user)
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        sign_in(client, "staff_a")
        client.post(reverse("two_factor_verify"), {"code": code_for(device.key)})
        manage = client.get(reverse("two_factor_setup"))
        assert manage.status_code == 200 and "Tersisa 10 kode pemulihan" in manage.text
    with time_machine.travel(START + dt.timedelta(minutes=2), tick=False):
        renewed = client.post(reverse("two_factor_recovery"), {"code": code_for(device.key)})
    assert renewed["Location"] == reverse("two_factor_codes")
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)

    with time_machine.travel(START + dt.timedelta(minutes=3), tick=False):
        assert client.post(reverse("two_factor_disable"), {"code": "wrong-code"}).status_code == 302
    assert TOTPDevice.objects.filter(user=user).exists()
    # django-otp slows down after a wrong code: the next try comes a minute later.
    with time_machine.travel(START + dt.timedelta(minutes=4), tick=False):
        client.post(reverse("two_factor_disable"), {"code": sorted(new)[0]})
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert client.get(reverse("home")).status_code == 200
    assert kinds(user)[-2:] == [EventKind.RECOVERY_CODES, EventKind.TWO_FACTOR_REMOVED]
