"""Notifications: what the bell counts and /notifikasi/ lists, and each person's choice of e-mail per kind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.history import HistoricalRecords


class NotificationKind(models.TextChoices):
    TASK_NEW = "TASK_NEW", _("Tugas baru")
    TASK_DUE_SOON = "TASK_DUE_SOON", _("Batas waktu tugas dua hari lagi")
    TASK_OVERDUE = "TASK_OVERDUE", _("Tugas lewat batas waktu")
    SKP_RETURNED = "SKP_RETURNED", _("SKP dikembalikan")
    SKP_APPROVED = "SKP_APPROVED", _("SKP disetujui")
    EVALUATION_RATED = "EVALUATION_RATED", _("Evaluasi sudah dinilai")
    OBJECTION_FILED = "OBJECTION_FILED", _("Keberatan diajukan")
    OBJECTION_EXPLAINED = "OBJECTION_EXPLAINED", _("Keberatan sudah dijelaskan")
    OBJECTION_DECIDED = "OBJECTION_DECIDED", _("Keberatan diputuskan")
    DOCUMENT_READY = "DOCUMENT_READY", _("Dokumen final siap")
    FEEDBACK_RECEIVED = "FEEDBACK_RECEIVED", _("Umpan balik diterima")
    DIALOGUE_SCHEDULED = "DIALOGUE_SCHEDULED", _("Dialog kinerja dijadwalkan")
    FEEDBACK_NUDGE = "FEEDBACK_NUDGE", _("Pengingat mingguan umpan balik tim")
    PERIOD_OPENED = "PERIOD_OPENED", _("Periode penilaian dibuka")


# Kinds e-mailed unless the person turns them off: work waiting on them, and objections (a legal clock runs).
EMAIL_BY_DEFAULT = frozenset(
    {
        NotificationKind.TASK_NEW,
        NotificationKind.TASK_OVERDUE,
        NotificationKind.OBJECTION_FILED,
        NotificationKind.OBJECTION_EXPLAINED,
        NotificationKind.OBJECTION_DECIDED,
    }
)


class Notification(models.Model):
    """One message to one person, linking to the page where they act. Written by the system, never edited but
    for `read_at`; `key` makes a notification that a job may produce twice (a retried sweep, a restarted
    opening) exist once per recipient."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penerima"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=NotificationKind.choices)
    text = models.TextField(_("pesan"))
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    key = models.CharField(_("kunci"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once")
        ]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """A person's choice to receive one kind by e-mail, or not; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=NotificationKind.choices)
    email = models.BooleanField(_("kirim e-mail"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilihan notifikasi")
        verbose_name_plural = _("pilihan notifikasi")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]
