"""Verifikasi dua langkah: setting up the authenticator app, the code after the password, recovery codes, removal.

Every code form is rate limited per client address and per account (settings.TWO_FACTOR_RATE_LIMIT), on top of
django-otp's own slowdown after wrong codes, so six digits cannot be guessed.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited

from accounts import two_factor
from accounts.forms import SecondFactorCodeForm, SecondFactorSetupForm
from appraisal.documents.render import qr_data_uri
from config.ratelimit import client_key

KEY_SESSION = "accounts_second_factor_key"  # the secret being set up, until the first code confirms it
CODES_SESSION = "accounts_second_factor_codes"  # new recovery codes, shown once


def rate(group: str | None = None, request: HttpRequest | None = None) -> tuple[int, int]:
    limit, window = settings.TWO_FACTOR_RATE_LIMIT
    return int(limit), int(window)


def _account_key(group: str, request: HttpRequest) -> str:
    return str(request.user.pk)


def _limited(request: HttpRequest) -> bool:
    """One count for every code form: per address and per account."""
    by_address = is_ratelimited(request, group="two-factor", key=client_key, rate=rate, method="POST", increment=True)
    by_account = is_ratelimited(
        request, group="two-factor-user", key=_account_key, rate=rate, method="POST", increment=True
    )
    return by_address or by_account


def _too_many(request: HttpRequest) -> HttpResponse:
    window = rate()[1]
    response = render(request, "accounts/two_factor_limited.html", {"minutes": max(window // 60, 1)}, status=429)
    response["Retry-After"] = str(window)
    return response


def _next_or_home(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("home")


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    request.session[CODES_SESSION] = codes
    return redirect("two_factor_codes")


@never_cache
@login_required
@sensitive_post_parameters("code")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Without a device: the QR code and the secret, and the first code to confirm. With one: what can be done."""
    device = two_factor.totp_device(request.user)
    if device is not None:
        if not request.user.is_verified():
            return redirect("two_factor_verify")
        context = {
            "device": device,
            "codes_left": two_factor.recovery_codes_left(request.user),
            "required": two_factor.required_for(request.user),
            "form": SecondFactorCodeForm(),
        }
        return render(request, "accounts/two_factor_manage.html", context)
    key = request.session.get(KEY_SESSION) or two_factor.new_key()
    request.session[KEY_SESSION] = key
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST":
        if _limited(request):
            return _too_many(request)
        if form.is_valid():
            try:
                device, codes = two_factor.two_factor_enable(user=request.user, key=key, code=form.cleaned_data["code"])
            except two_factor.CodeRejected:
                form.add_error("code", _("Kode salah. Periksa jam ponsel Anda dan ketik kode yang sedang tampil."))
            else:
                otp_login(request, device)
                two_factor.refresh(request, request.user)
                request.session.pop(KEY_SESSION, None)
                messages.success(request, _("Verifikasi dua langkah aktif. Cetak atau salin kode pemulihan Anda."))
                return _show_codes(request, codes)
    unsaved = two_factor.unsaved_device(request.user, key)
    secret = b32encode(unhexlify(key)).decode("ascii")
    context = {
        "form": form,
        "qr": qr_data_uri(unsaved.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": two_factor.required_for(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
def two_factor_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, once: the session forgets them as the page is shown."""
    codes = request.session.pop(CODES_SESSION, None)
    if not codes:
        messages.info(request, _("Kode pemulihan hanya ditampilkan sekali. Buat kode baru bila yang lama hilang."))
        return redirect("two_factor_setup")
    return render(request, "accounts/two_factor_codes.html", {"codes": codes})


@never_cache
@login_required
@sensitive_post_parameters("code")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, or a recovery code."""
    if request.user.is_verified() or two_factor.totp_device(request.user) is None:
        return _next_or_home(request)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if _limited(request):
            return _too_many(request)
        if form.is_valid():
            try:
                two_factor.two_factor_verify(request=request, code=form.cleaned_data["code"])
            except two_factor.CodeRejected:
                form.add_error("code", _("Kode salah atau sudah dipakai. Tunggu kode berikutnya lalu coba lagi."))
            else:
                return _next_or_home(request)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@never_cache
@login_required
@require_POST
@sensitive_post_parameters("code")
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes; the old ones stop working."""
    if _limited(request):
        return _too_many(request)
    form = SecondFactorCodeForm(request.POST)
    try:
        if not form.is_valid():
            raise two_factor.CodeRejected
        codes = two_factor.recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])
    except two_factor.CodeRejected:
        messages.error(request, _("Kode salah. Kode pemulihan tidak diubah."))
        return redirect("two_factor_setup")
    return _show_codes(request, codes)


@never_cache
@login_required
@require_POST
@sensitive_post_parameters("code")
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Remove the app and the recovery codes, with a code."""
    if _limited(request):
        return _too_many(request)
    form = SecondFactorCodeForm(request.POST)
    try:
        if not form.is_valid():
            raise two_factor.CodeRejected
        two_factor.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
    except two_factor.CodeRejected:
        messages.error(request, _("Kode salah. Verifikasi dua langkah tetap aktif."))
        return redirect("two_factor_setup")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("two_factor_setup")
    two_factor.refresh(request, request.user)
    messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("two_factor_setup")
