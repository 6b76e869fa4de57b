"""What was sent to SIASN (BKN) for each final evaluation: one row per evaluation, changed only by
appraisal/siasn/services.py (history shows every attempt)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.history import HistoricalRecords

from .evaluation import Evaluation


class SubmissionState(models.TextChoices):
    PENDING = "PENDING", _("belum dikirim")
    SENT = "SENT", _("terkirim")
    FAILED = "FAILED", _("gagal")


class SiasnSubmission(models.Model):
    """The kinerja history row of one final evaluation in SIASN: periodic (/kinerjaperiodik/save) or, for the final
    period of the year, annual (/skp22/save)."""

    State = SubmissionState

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluasi"), on_delete=models.CASCADE, related_name="siasn_submission"
    )
    state = models.CharField(_("status kirim"), max_length=8, choices=SubmissionState.choices,
                             default=SubmissionState.PENDING)  # fmt: skip
    endpoint = models.CharField(_("layanan"), max_length=40, blank=True)
    siasn_id = models.CharField(_("ID riwayat SIASN"), max_length=64, blank=True)
    document_uploaded = models.BooleanField(_("dokumen terunggah"), default=False)
    sent_at = models.DateTimeField(_("waktu kirim"), null=True, blank=True)
    error = models.CharField(_("alasan gagal"), max_length=500, blank=True)
    attempts = models.PositiveIntegerField(_("jumlah percobaan"), default=0)
    payload_sha256 = models.CharField(max_length=64, blank=True)  # what SIASN holds now: a changed one is resent
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengiriman SIASN")
        verbose_name_plural = _("pengiriman SIASN")

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.get_state_display()}"
