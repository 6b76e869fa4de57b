from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Akun pengguna")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import remember_password_change
        from accounts.two_factor import remember_second_factor

        # Django's documented hook for "on sign-in": the session learns once whether a new password is due,
        # so the middleware asks no query on each request.
        user_logged_in.connect(remember_password_change, dispatch_uid="accounts.remember_password_change")
        user_logged_in.connect(remember_second_factor, dispatch_uid="accounts.remember_second_factor")
