"""Pages without an account: activating one with a code, and "lupa kata sandi"; and the password change.

Both public forms are rate limited per client address (config.ratelimit), and the activation also per username,
so a code cannot be guessed: 10 symbols from 32, single use, expiring, and ACTIVATION_RATE_LIMIT tries.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from accounts import services
from accounts.forms import ActivationForm, ForgotPasswordForm
from accounts.sessions import forget_password_change
from config.ratelimit import client_key


def rate(group: str | None = None, request: HttpRequest | None = None) -> tuple[int, int]:
    """(POSTs allowed, window in seconds) per client address and per username; settings.ACTIVATION_RATE_LIMIT."""
    limit, window = settings.ACTIVATION_RATE_LIMIT
    return int(limit), int(window)


def _username_key(group: str, request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().lower() or "-"


def _too_many(request: HttpRequest) -> HttpResponse:
    window = rate()[1]
    response = render(request, "accounts/rate_limited.html", {"minutes": max(window // 60, 1)}, status=429)
    response["Retry-After"] = str(window)
    return response


@never_cache
@csrf_protect
@sensitive_post_parameters("code", "new_password1", "new_password2")
@ratelimit(group="account-activate", key=client_key, rate=rate, method="POST", block=False)
def account_activate(request: HttpRequest) -> HttpResponse:
    """The code from the slip or e-mail and a new password; on success the person is signed in at home."""
    if request.method == "POST":
        per_user = is_ratelimited(
            request, group="account-activate-user", key=_username_key, rate=rate, method="POST", increment=True
        )
        if request.limited or per_user:
            return _too_many(request)
        form = ActivationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.account_activate(
                    username=data["username"], code=data["code"], password=data["new_password1"]
                )
            except services.CodeRefused as exc:
                form.add_error("code", exc.message)
            except ValidationError as exc:
                form.add_error("new_password1", exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                forget_password_change(request)
                messages.success(request, _("Kata sandi Anda tersimpan. Selamat datang di Kinerja Alak."))
                return redirect("home")
    else:
        form = ActivationForm(initial={"username": request.GET.get("u", "")[:150]})
    return render(request, "accounts/activate.html", {"form": form})


@never_cache
@csrf_protect
@ratelimit(group="password-forgot", key=client_key, rate=rate, method="POST", block=False)
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Lupa kata sandi: a code by e-mail where the account has an address; the answer is the same either way."""
    sent = False
    if request.method == "POST":
        if request.limited:
            return _too_many(request)
        form = ForgotPasswordForm(request.POST)
        if form.is_valid():
            services.password_reset_request(identifier=form.cleaned_data["identifier"])
            sent = True
    else:
        form = ForgotPasswordForm()
    return render(request, "accounts/forgot.html", {"form": form, "sent": sent})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice, the validators); clears a due change."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user)
        forget_password_change(self.request)
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        next_url = self.request.POST.get("next") or self.request.GET.get("next")
        safe = url_has_allowed_host_and_scheme(next_url, {self.request.get_host()}, self.request.is_secure())
        if next_url and safe:
            return redirect(next_url)
        return response
