"""The optional second factor (django-otp): an authenticator app (TOTP) and ten printable single-use recovery codes.

Whether a session still owes the step is decided once, at sign-in, and kept as a mark in the session
(accounts.middleware reads it), so ordinary requests ask no query. Every change is in the account's log.
"""

from __future__ import annotations

import re
import time
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from accounts.models import AccountEvent, EventKind
from appraisal import policy

SESSION_KEY = "accounts_second_factor"
VERIFY, SETUP = "verify", "setup"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Aplikasi autentikator"


class CodeRejected(Exception):
    """The code did not match (or the device is throttled after wrong tries)."""


def _log(user: User, kind: str) -> None:
    AccountEvent.objects.create(user=user, kind=kind, actor=user)


def normalize(code: str) -> str:
    """What the person typed, without spaces or hyphens: six digits from the app, or a recovery code."""
    return re.sub(r"[\s-]", "", code or "").lower()


def is_totp(code: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", code))


def required_for(user: User) -> bool:
    """REQUIRE_2FA_FOR_STAFF: HR officers and superusers, who can see and change other people's accounts."""
    return bool(settings.REQUIRE_2FA_FOR_STAFF and (user.is_superuser or policy.is_hr(user)))


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- The session's mark --------------------------------------------------------------------------


def session_state(user: User) -> str | None:
    """VERIFY: a device is set up; SETUP: none yet but one is required; None: nothing owed."""
    if totp_device(user) is not None:
        return VERIFY
    return SETUP if required_for(user) else None


def remember_second_factor(sender, request, user, **kwargs) -> None:
    """On sign-in (django.contrib.auth's user_logged_in): mark what the session owes."""
    if request is None or not hasattr(request, "session"):
        return
    refresh(request, user)


def refresh(request, user: User) -> None:
    state = session_state(user)
    if state is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = state


# --- Set-up -------------------------------------------------------------------------------------


def new_key() -> str:
    """A fresh secret (hex, as TOTPDevice stores it); kept in the session until the first code confirms it."""
    return default_key()


def unsaved_device(user: User, key: str) -> TOTPDevice:
    """For the QR code and the secret shown on the set-up page (config_url), nothing saved."""
    return TOTPDevice(user=user, key=key, name=DEVICE_NAME)


def _fresh_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": _("Kode pemulihan")})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """The first code from the app confirms the secret: the device is saved with ten fresh recovery codes."""
    code = normalize(code)
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not is_totp(code) or not totp.verify(int(code), tolerance=1):
        raise CodeRejected
    TOTPDevice.objects.filter(user=user).delete()  # one app per person: a new set-up replaces the old one
    device = TOTPDevice(user=user, key=key, name=DEVICE_NAME, confirmed=True, last_t=totp.t())
    device.full_clean()
    device.save()
    codes = _fresh_recovery_codes(user)
    _log(user, EventKind.TWO_FACTOR_ADDED)
    _log(user, EventKind.RECOVERY_CODES)
    return device, codes


# --- Verifying -----------------------------------------------------------------------------------


def _matching_device(user: User, code: str):
    """The device the code belongs to: six digits are the app's, anything else a recovery code. Asking only that
    device keeps a recovery code from counting as a wrong try of the app (django-otp throttles each device).
    Its own transaction, committed even when the code is wrong, so the device's count of wrong tries stays."""
    code = normalize(code)
    model = TOTPDevice if is_totp(code) else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not device.verify_token(code):
            raise CodeRejected
    return device


def two_factor_verify(*, request, code: str) -> None:
    """After the password: the app's code or a recovery code (used up) verifies this session."""
    user = request.user
    device = _matching_device(user, code)
    if isinstance(device, StaticDevice):
        _log(user, EventKind.RECOVERY_CODE_USED)
    otp_login(request, device)


def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """Ten new recovery codes (the old ones stop working), after a code proves the person holds the device."""
    _matching_device(user, code)
    with transaction.atomic():
        codes = _fresh_recovery_codes(user)
        _log(user, EventKind.RECOVERY_CODES)
    return codes


def two_factor_disable(*, user: User, code: str) -> None:
    """Remove the app and the recovery codes, after a code. Not where the setting requires a second factor."""
    if required_for(user):
        raise PermissionDenied(_("Verifikasi dua langkah wajib untuk peran Anda dan tidak dapat dimatikan."))
    _matching_device(user, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _log(user, EventKind.TWO_FACTOR_REMOVED)
