"""The public as a feedback source: the service-desk log and the one-time satisfaction survey (SKM)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.history import HistoricalRecords

from .keys import random_key
from .org import Employee, Unit


class PublicHoliday(models.Model):
    """Hari libur nasional / cuti bersama: excluded from working-day counts."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class StandardUnit(models.TextChoices):
    WORKING_DAYS = "DAYS", _("hari kerja")
    HOURS = "HOURS", _("jam")


class ServiceType(models.Model):
    """Jenis layanan with its service standard (standar pelayanan)."""

    name = models.CharField(_("nama layanan"), max_length=150)
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    units = models.ManyToManyField(Unit, verbose_name=_("unit penyelenggara"), related_name="service_types")
    standard_value = models.PositiveSmallIntegerField(_("standar waktu"), validators=[MinValueValidator(1)])
    standard_unit = models.CharField(
        _("satuan standar"), max_length=5, choices=StandardUnit.choices, default=StandardUnit.WORKING_DAYS
    )
    requirements = models.TextField(_("persyaratan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def standard_display(self) -> str:
        return f"{self.standard_value} {self.get_standard_unit_display()}"


class RequestStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("Diproses")
    RETURNED = "RETURNED", _("Dikembalikan untuk perbaikan")
    COMPLETED = "COMPLETED", _("Selesai")
    REJECTED = "REJECTED", _("Ditolak")


def new_request_number() -> str:
    """A random number: what files got before CounterSequence, and the default for fixtures made outside the
    services (the services always give the sequence's number)."""
    return secrets.token_hex(4).upper()


class CounterSequence(models.Model):
    """The last counter-file number given by a unit in a year; its row is locked while the next is taken."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("urutan nomor berkas")
        verbose_name_plural = _("urutan nomor berkas")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_counter_sequence_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class ServiceRequest(models.Model):
    """Berkas layanan: one citizen's file handled by an officer at the counter."""

    Status = RequestStatus

    # UNIT-YEAR-SEQUENCE from CounterSequence (services.service_request_register); files registered before keep
    # their 8 random hex digits. Never a key to anything private: the survey link is SurveyToken's random token.
    number = models.CharField(_("nomor berkas"), max_length=24, unique=True, default=new_request_number)
    service_type = models.ForeignKey(ServiceType, verbose_name=_("jenis layanan"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="service_requests")
    officer = models.ForeignKey(
        Employee, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="service_requests"
    )
    received_at = models.DateTimeField(_("diterima"))
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    correction_rounds = models.PositiveSmallIntegerField(_("jumlah perbaikan"), default=0)
    # Stored when the file is completed (rules.file_timing), so reports add them up in SQL.
    working_days = models.PositiveSmallIntegerField(_("lama penyelesaian (hari kerja)"), null=True, blank=True)
    within_standard = models.BooleanField(_("sesuai standar pelayanan"), null=True, blank=True)
    # Private: shown only to the counter staff of the unit, never on the survey or in reports.
    citizen_name = models.CharField(_("nama pemohon"), max_length=120, blank=True)
    citizen_phone = models.CharField(_("nomor HP pemohon"), max_length=20, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    # The citizen's contact never enters history: it is erased when the survey link is used or expires
    # (services.citizen_contact_forget), and a copy in history would outlive that.
    history = HistoricalRecords(excluded_fields=["citizen_name", "citizen_phone"])

    class Meta:
        verbose_name = _("berkas layanan")
        verbose_name_plural = _("berkas layanan")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["officer", "received_at"]),
            models.Index(fields=["unit", "received_at"]),
            models.Index(fields=["unit", "completed_at"], name="appraisal_sr_unit_done_idx"),
            models.Index(fields=["officer", "completed_at"], name="appraisal_sr_officer_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.service_type}"

    def clean(self) -> None:
        if self.completed_at and self.received_at and self.completed_at < self.received_at:
            raise ValidationError({"completed_at": _("Waktu selesai tidak boleh sebelum waktu diterima.")})


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


def new_short_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class SurveyToken(models.Model):
    """The one-time link (and short code) printed on the citizen's receipt."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="survey_token")
    token = models.CharField(max_length=40, unique=True, default=new_survey_token)
    short_code = models.CharField(max_length=8, unique=True, default=new_short_code)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token survei")
        verbose_name_plural = _("token survei")

    def __str__(self) -> str:
        return self.short_code


class SurveyResponse(models.Model):
    """One citizen's SKM answer (PermenPANRB 14/2017): nine scores 1–4. No link to the citizen or the file:
    a random key and a date only, so neither order nor time pairs it with the token that was used."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses")
    officer = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="survey_responses")
    submitted_on = models.DateField(_("tanggal"))
    scores = models.JSONField(_("nilai unsur"))  # nine ints 1–4, in the order of rules.IKM_ELEMENTS
    comment = models.TextField(_("saran dan masukan"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")
        indexes = [
            models.Index(fields=["officer", "submitted_on"], name="appraisal_s_officer_on_idx"),
            models.Index(fields=["unit", "submitted_on"], name="appraisal_s_unit_on_idx"),
        ]

    def clean(self) -> None:
        scores = self.scores or []
        if len(scores) != 9 or any(not isinstance(s, int) or not 1 <= s <= 4 for s in scores):
            raise ValidationError({"scores": _("Jawab kesembilan pertanyaan dengan nilai 1 sampai 4.")})
