"""The e-mail that carries a one-time code, and its job (Huey), enqueued by the services after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from accounts import rules
from accounts.codes import code_of
from accounts.models import ActivationCode, CodeDelivery, CodePurpose
from accounts.selectors import email_of
from appraisal import formatting


def activation_url(username: str = "") -> str:
    """The activation page on the public site; the username is filled in when given (the code never is)."""
    url = f"{settings.SITE_URL.rstrip('/')}{reverse('account_activate')}"
    return f"{url}?u={username}" if username else url


def code_email_send(code_id: int) -> bool:
    """Send an open e-mail code once (a repeated job sends nothing more); raises on a mail server error."""
    with transaction.atomic():
        code = (
            ActivationCode.objects.select_for_update(of=("self",))
            .filter(pk=code_id, delivery=CodeDelivery.EMAIL, emailed_at__isnull=True)
            .open()
            .select_related("user", "user__employee")
            .first()
        )
        if code is None or not (address := email_of(code.user)):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            until = formatting.datetime_text(code.expires_at)
            intro = (
                _("Akun Kinerja Alak Anda sudah dibuat.")
                if code.purpose == CodePurpose.ACTIVATION
                else _("Ada permintaan untuk mengatur ulang kata sandi akun Kinerja Alak Anda.")
            )
            body = [
                intro,
                _("Nama pengguna: %(username)s") % {"username": code.user.username},
                _("Kode sekali pakai: %(code)s (berlaku sampai %(until)s WITA)")
                % {"code": rules.code_display(code_of(code)), "until": until},
                _("Buka %(url)s, masukkan kode itu, lalu buat kata sandi Anda sendiri.")
                % {"url": activation_url(code.user.username)},
                _("Bila Anda tidak memintanya, abaikan e-mail ini; kata sandi Anda tidak berubah."),
                "— Kinerja Alak",
            ]
            send_mail(
                subject=_("Kode akun Kinerja Alak"),
                message="\n\n".join(body),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
            )
        # A delivery mark, not a change a person makes: kept out of history like Notification.emailed_at.
        ActivationCode.objects.filter(pk=code.pk).update(emailed_at=timezone.now())
    return True


@db_task(retries=3, retry_delay=600)
def send_code_email(code_id: int) -> bool:
    """One code by e-mail; a mail server error is retried three times, ten minutes apart."""
    return code_email_send(code_id)
