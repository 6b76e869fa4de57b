"""Manajemen Talenta ASN (PermenPANRB 3/2020): an employee's potential from an assessment, and the development
actions agreed from a development need."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.history import HistoricalRecords

from .evaluation import PerformanceDialogue
from .org import Employee


class PotentialLevel(models.TextChoices):
    TINGGI = "TINGGI", _("Tinggi")
    MENENGAH = "MENENGAH", _("Menengah")
    RENDAH = "RENDAH", _("Rendah")


class AssessmentSource(models.TextChoices):
    """Where a potential comes from: an assessment, never a guess (PermenPANRB 3/2020 Pasal 11: potensi dari uji
    kompetensi / penilaian kompetensi)."""

    UJI_KOMPETENSI = "UJI_KOMPETENSI", _("Uji kompetensi")
    ASSESSMENT_CENTER = "ASSESSMENT_CENTER", _("Assessment center")


class PotentialAssessment(models.Model):
    """Potensi of an employee as recorded by HR from one assessment; the latest by date is the current one."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="potential_assessments"
    )
    level = models.CharField(_("potensi"), max_length=8, choices=PotentialLevel.choices)
    source = models.CharField(_("sumber penilaian"), max_length=20, choices=AssessmentSource.choices)
    assessed_on = models.DateField(_("tanggal penilaian"))
    document_number = models.CharField(_("nomor dokumen hasil penilaian"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("potensi pegawai")
        verbose_name_plural = _("potensi pegawai")
        ordering = ["employee_id", "-assessed_on", "-id"]

    def clean(self) -> None:
        errors = {}
        if not self.source:
            errors["source"] = _("Sebutkan sumber penilaian potensi (uji kompetensi atau assessment center).")
        if not (self.document_number or "").strip():
            errors["document_number"] = _("Isi nomor dokumen hasil penilaian potensi.")
        if errors:
            raise ValidationError(errors)


class DevelopmentKind(models.TextChoices):
    TRAINING = "PELATIHAN", _("Pelatihan")
    COACHING = "COACHING", _("Coaching/mentoring")
    ASSIGNMENT = "PENUGASAN", _("Penugasan")


class DevelopmentStatus(models.TextChoices):
    PLANNED = "RENCANA", _("Direncanakan")
    IN_PROGRESS = "BERJALAN", _("Berjalan")
    DONE = "SELESAI", _("Selesai")
    CANCELLED = "BATAL", _("Dibatalkan")


class DevelopmentAction(models.Model):
    """One action of a development plan, agreed by the appraiser and the employee in a dialog kinerja."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="development_actions"
    )
    need_code = models.CharField(_("kebutuhan pengembangan"), max_length=40)
    need_label = models.CharField(_("uraian kebutuhan"), max_length=250)
    kind = models.CharField(_("jenis tindakan"), max_length=10, choices=DevelopmentKind.choices)
    description = models.CharField(_("tindakan"), max_length=250)
    target_date = models.DateField(_("target selesai"))
    dialogue = models.ForeignKey(
        PerformanceDialogue,
        verbose_name=_("dialog kinerja"),
        on_delete=models.PROTECT,
        related_name="development_actions",
    )
    agreed_by = models.ForeignKey(
        Employee, verbose_name=_("disepakati dengan"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DevelopmentStatus.choices, default=DevelopmentStatus.PLANNED
    )
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindakan pengembangan")
        verbose_name_plural = _("rencana pengembangan")
        ordering = ["target_date", "id"]

    @property
    def is_open(self) -> bool:
        return self.status in (DevelopmentStatus.PLANNED, DevelopmentStatus.IN_PROGRESS)
