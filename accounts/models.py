"""Accounts of employees: activation and reset codes, the account's state beside Django's User, and its log.

The code itself is never stored: it is derived from the row's random salt and SECRET_KEY (accounts.codes), so a
copy of the database alone does not reveal any code, and HR can print a slip again while the code is open.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.history import HistoricalRecords


class LeaveReason(models.TextChoices):
    """Why an account was closed (the employee left, or is no longer active)."""

    RETIRED = "PENSIUN", _("Pensiun")
    TRANSFER_OUT = "MUTASI_KELUAR", _("Mutasi keluar (pindah ke instansi lain)")
    DISMISSED = "BERHENTI", _("Berhenti / diberhentikan")
    DECEASED = "MENINGGAL", _("Meninggal dunia")
    EMPLOYEE_INACTIVE = "NONAKTIF", _("Data pegawai dinonaktifkan")
    OTHER = "LAINNYA", _("Lainnya")


class AccountProfile(models.Model):
    """What Kinerja Alak knows about an account beyond Django's User: activation, a due password change, closing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="account_profile"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activated_at = models.DateTimeField(_("diaktifkan"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Kata sandi awal yang diberikan orang lain: pengguna harus menggantinya sebelum memakai aplikasi."),
    )
    deactivated_on = models.DateField(_("dinonaktifkan sejak"), null=True, blank=True)
    deactivation_reason = models.CharField(
        _("alasan penonaktifan"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    deactivation_note = models.CharField(_("keterangan"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profil akun")
        verbose_name_plural = _("profil akun")

    def __str__(self) -> str:
        return str(self.user)


class CodePurpose(models.TextChoices):
    ACTIVATION = "AKTIVASI", _("Aktivasi akun")
    RESET = "RESET", _("Atur ulang kata sandi")


class CodeDelivery(models.TextChoices):
    EMAIL = "EMAIL", _("E-mail")
    SLIP = "SLIP", _("Slip cetak")


class ActivationCodeQuerySet(models.QuerySet):
    def open(self):
        """Codes that can still be used: not used, not revoked, not expired."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class ActivationCode(models.Model):
    """A one-time code to set the account's password (first activation, or a reset): single use, expiring."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="activation_codes"
    )
    purpose = models.CharField(_("keperluan"), max_length=10, choices=CodePurpose.choices)
    delivery = models.CharField(_("disampaikan melalui"), max_length=10, choices=CodeDelivery.choices)
    salt = models.CharField(max_length=64, editable=False)
    batch = models.UUIDField(_("kelompok cetak"), null=True, blank=True, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong: diminta sendiri oleh pengguna (lupa kata sandi)."),
    )
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)
    # The salt stays out of history: history is read more widely than the live table.
    history = HistoricalRecords(excluded_fields=["salt"])

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.user}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class EventKind(models.TextChoices):
    CREATED = "DIBUAT", _("Akun dibuat")
    CODE_ISSUED = "KODE", _("Kode aktivasi diterbitkan")
    SLIP_PRINTED = "CETAK", _("Slip kode dibuka untuk dicetak")
    RESET_REQUESTED = "LUPA", _("Lupa kata sandi: kode dikirim lewat e-mail")
    ACTIVATED = "AKTIF", _("Akun diaktifkan dengan kode")
    PASSWORD_RESET = "RESET", _("Kata sandi diatur ulang dengan kode")
    PASSWORD_CHANGED = "GANTI", _("Kata sandi diganti")
    UNLOCKED = "BUKA", _("Kunci masuk dibuka")
    DEACTIVATED = "NONAKTIF", _("Akun dinonaktifkan")
    REACTIVATED = "AKTIF_LAGI", _("Akun diaktifkan kembali")
    HR_SCOPE_ADDED = "HR_TAMBAH", _("Cakupan admin kepegawaian ditambahkan")
    HR_SCOPE_REMOVED = "HR_HAPUS", _("Cakupan admin kepegawaian dicabut")
    SUPERUSER_GRANTED = "SU_TAMBAH", _("Dijadikan administrator teknis")
    SUPERUSER_REVOKED = "SU_HAPUS", _("Hak administrator teknis dicabut")
    TWO_FACTOR_ADDED = "2FA_TAMBAH", _("Verifikasi dua langkah diaktifkan")
    RECOVERY_CODES = "2FA_KODE", _("Kode pemulihan dibuat")
    RECOVERY_CODE_USED = "2FA_PULIH", _("Masuk dengan kode pemulihan")
    TWO_FACTOR_REMOVED = "2FA_HAPUS", _("Verifikasi dua langkah dimatikan")


class AccountEvent(models.Model):
    """The account's log, as HR reads it: what happened, when, by whom (empty: the person, or the system)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="account_events"
    )
    kind = models.CharField(_("peristiwa"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("peristiwa akun")
        verbose_name_plural = _("peristiwa akun")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="account_event_user_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.user}"
