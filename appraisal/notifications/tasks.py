"""Jobs of the notifications (Huey): one e-mail per notification, enqueued after the transaction that created it
commits (appraisal.notifications.services). Imported by workflows.tasks, so every consumer registers it."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from appraisal.notifications.mail import notification_email_send


@db_task(retries=3, retry_delay=600)
def send_notification_email(notification_id: int) -> bool:
    """One e-mail; a mail server error is retried three times, ten minutes apart."""
    return notification_email_send(notification_id)
