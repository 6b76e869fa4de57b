"""The e-mail of one notification (sent by the job queue: appraisal.notifications.tasks)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appraisal.models import Notification, NotificationKind
from appraisal.notifications.selectors import email_address, email_recipients


def absolute(url: str) -> str:
    """A link for e-mails and documents: the site's public address (SITE_URL) and the page's path."""
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def notification_email_send(notification_id: int) -> bool:
    """Send one notification by e-mail if its recipient still wants that kind and has an address; at most once
    (a retried or repeated job sends nothing more). Raises when the mail server fails, for the job to retry."""
    notification = (
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)
        .select_related("recipient", "recipient__employee")
        .first()
    )
    if notification is None or notification.recipient_id not in email_recipients(
        notification.kind, [notification.recipient_id]
    ):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = [notification.text]
        if notification.url:
            body.append(_("Buka: %(url)s") % {"url": absolute(notification.url)})
        body.append(_("Ubah pilihan e-mail notifikasi: %(url)s") % {"url": absolute(reverse("notifications"))})
        send_mail(
            subject=_("%(kind)s – Kinerja Alak") % {"kind": NotificationKind(notification.kind).label},
            message="\n\n".join([*body, "— Kinerja Alak"]),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email_address(notification.recipient)],
        )
    # Not a change a person makes (no history): the mark that keeps a repeated job from sending twice.
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
