"""The organisation: units, positions, employees and acting officials."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appraisal import rules
from config.history import HistoricalRecords


class UnitKind(models.TextChoices):
    PEMDA = "PEMDA", _("Pemerintah Daerah")
    SEKRETARIAT = "SEKRETARIAT", _("Sekretariat")
    DINAS = "DINAS", _("Dinas/Badan")
    KECAMATAN = "KECAMATAN", _("Kecamatan")
    KELURAHAN = "KELURAHAN", _("Kelurahan")
    BAGIAN = "BAGIAN", _("Bagian/Seksi")


class Unit(models.Model):
    """Unit kerja: a node of the organisation tree."""

    name = models.CharField(_("nama"), max_length=200)
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("unit induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    # SIASN (BKN) unit id and the values last taken from SIASN's export, so a re-import tells a SIASN change from
    # a local one (appraisal/siasn/importing.py).
    siasn_id = models.CharField(_("ID unor SIASN"), max_length=64, unique=True, null=True, blank=True)
    siasn_data = models.JSONField(_("data SIASN terakhir"), default=dict, blank=True, editable=False)
    # The prefix of the unit's counter-file numbers (MNT-2026-000123); given at the first file when left empty.
    counter_code = models.CharField(
        _("kode nomor berkas"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z][A-Z0-9]{1,5}$", _("Kode nomor berkas: 2–6 huruf besar atau angka, diawali huruf."))
        ],
        help_text=_("Awalan nomor berkas layanan unit ini, misalnya MNT. Kosongkan agar dibuat otomatis."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None or node.pk in seen:
                raise ValidationError({"parent": _("Unit induk tidak boleh unit ini sendiri atau turunannya.")})
            seen.add(node.pk)
            node = node.parent


class PositionKind(models.TextChoices):
    JPT = "JPT", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Pengawas")
    PELAKSANA = "PELAKSANA", _("Pelaksana")
    FUNGSIONAL = "FUNGSIONAL", _("Fungsional")


class Position(models.Model):
    """Jabatan. The holder of the parent position is the appraiser of this position's holders."""

    title = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="positions")
    parent = models.ForeignKey(
        "self", verbose_name=_("atasan"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_unit_head = models.BooleanField(
        _("kepala unit"),
        default=False,
        help_text=_("Camat, Lurah: hasil kerjanya mengikuti Capaian Kinerja Organisasi."),
    )
    serves_public = models.BooleanField(
        _("melayani masyarakat langsung"),
        default=False,
        help_text=_("Loket, PATEN, unit layanan: dipakai untuk saran penempatan di peta talenta."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(is_unit_head=True), name="one_head_per_unit"),
            models.UniqueConstraint(fields=["unit", "title"], name="unique_position_title_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.title}"

    def clean(self) -> None:
        node, seen = self.parent, set()
        while node is not None:
            if (self.pk is not None and node.pk == self.pk) or node.pk in seen:
                raise ValidationError({"parent": _("Atasan tidak boleh jabatan ini sendiri atau bawahannya.")})
            seen.add(node.pk)
            node = node.parent


class EmploymentType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Grade(models.TextChoices):
    """Golongan/ruang with pangkat (PNS) and golongan I–XVII (PPPK)."""

    I_A = "I/a", _("I/a – Juru Muda")
    I_B = "I/b", _("I/b – Juru Muda Tingkat I")
    I_C = "I/c", _("I/c – Juru")
    I_D = "I/d", _("I/d – Juru Tingkat I")
    II_A = "II/a", _("II/a – Pengatur Muda")
    II_B = "II/b", _("II/b – Pengatur Muda Tingkat I")
    II_C = "II/c", _("II/c – Pengatur")
    II_D = "II/d", _("II/d – Pengatur Tingkat I")
    III_A = "III/a", _("III/a – Penata Muda")
    III_B = "III/b", _("III/b – Penata Muda Tingkat I")
    III_C = "III/c", _("III/c – Penata")
    III_D = "III/d", _("III/d – Penata Tingkat I")
    IV_A = "IV/a", _("IV/a – Pembina")
    IV_B = "IV/b", _("IV/b – Pembina Tingkat I")
    IV_C = "IV/c", _("IV/c – Pembina Utama Muda")
    IV_D = "IV/d", _("IV/d – Pembina Utama Madya")
    IV_E = "IV/e", _("IV/e – Pembina Utama")
    P_I = "I", _("Golongan I (PPPK)")
    P_II = "II", _("Golongan II (PPPK)")
    P_III = "III", _("Golongan III (PPPK)")
    P_IV = "IV", _("Golongan IV (PPPK)")
    P_V = "V", _("Golongan V (PPPK)")
    P_VI = "VI", _("Golongan VI (PPPK)")
    P_VII = "VII", _("Golongan VII (PPPK)")
    P_VIII = "VIII", _("Golongan VIII (PPPK)")
    P_IX = "IX", _("Golongan IX (PPPK)")
    P_X = "X", _("Golongan X (PPPK)")
    P_XI = "XI", _("Golongan XI (PPPK)")
    P_XII = "XII", _("Golongan XII (PPPK)")
    P_XIII = "XIII", _("Golongan XIII (PPPK)")
    P_XIV = "XIV", _("Golongan XIV (PPPK)")
    P_XV = "XV", _("Golongan XV (PPPK)")
    P_XVI = "XVI", _("Golongan XVI (PPPK)")
    P_XVII = "XVII", _("Golongan XVII (PPPK)")

    @classmethod
    def for_type(cls, employment_type: str) -> list[str]:
        pppk = employment_type == EmploymentType.PPPK
        return [g.value for g in cls if ("/" not in g.value) == pppk]


class Employee(models.Model):
    """Pegawai ASN (PNS or PPPK)."""

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    employment_type = models.CharField(_("status kepegawaian"), max_length=4, choices=EmploymentType.choices)
    front_title = models.CharField(_("gelar depan"), max_length=30, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    grade = models.CharField(_("golongan/pangkat"), max_length=5, choices=Grade.choices)
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # SIASN (BKN) person id ("PNS ID"), SIASN unit id, and the values last taken from SIASN's export: a re-import
    # changes only what SIASN changed, and lists what both sides changed as a conflict (appraisal/siasn/importing.py).
    siasn_id = models.CharField(_("ID PNS SIASN"), max_length=64, unique=True, null=True, blank=True)
    siasn_unor_id = models.CharField(_("ID unor SIASN"), max_length=64, blank=True)
    siasn_data = models.JSONField(_("data SIASN terakhir"), default=dict, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="employee_name")]  # the HR employee list's sort

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """Name with academic titles as printed on documents: 'Drs. Yohanes Ndun, M.Si.'."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def is_pppk(self) -> bool:
        return self.employment_type == EmploymentType.PPPK

    @property
    def gender(self) -> str:
        return rules.gender_from_nip(self.nip, pppk=self.is_pppk)

    @property
    def nip_display(self) -> str:
        """NIP grouped as printed: '19860926 201505 1 001'."""
        n = self.nip
        if self.is_pppk:
            return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"

    def clean(self) -> None:
        self.nip = rules.normalize_nip(self.nip)
        errors: dict[str, list] = {}
        try:
            rules.validate_nip(self.nip, pppk=self.is_pppk)
        except ValidationError as exc:
            errors["nip"] = exc.messages
        if self.grade and self.employment_type and self.grade not in Grade.for_type(self.employment_type):
            errors["grade"] = [
                _("Golongan %(g)s tidak berlaku untuk %(t)s.") % {"g": self.grade, "t": self.employment_type}
            ]
        if errors:
            raise ValidationError(errors)


class ActingKind(models.TextChoices):
    PLT = "PLT", _("Pelaksana Tugas (Plt)")
    PLH = "PLH", _("Pelaksana Harian (Plh)")


class ActingAssignment(models.Model):
    """Plt/Plh: an employee acting in a position for a date range; acting wins over the holder."""

    Kind = ActingKind

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="acting_assignments"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="acting_assignments"
    )
    kind = models.CharField(_("jenis"), max_length=3, choices=ActingKind.choices, default=ActingKind.PLT)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True, help_text=_("Kosongkan bila belum ditentukan."))
    decree = models.CharField(_("nomor surat perintah"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan Plt/Plh")
        verbose_name_plural = _("penugasan Plt/Plh")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position} – {self.employee}"

    def covers(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
        if self.employee_id and self.position_id and self.employee.position_id == self.position_id:
            raise ValidationError({"position": _("Pegawai tidak bisa menjadi Plt/Plh jabatannya sendiri.")})
        if self.position_id and self.start_date:
            overlapping = ActingAssignment.objects.filter(position_id=self.position_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            if overlapping.exists():
                raise ValidationError(
                    {"start_date": _("Sudah ada Plt/Plh lain untuk jabatan ini pada rentang tanggal tersebut.")}
                )


class Transfer(models.Model):
    """Mutasi: an employee moves to another position from a date, on a decree (SK). The SKP of the old position
    closes the day before and a new SKP starts for the new position (workflows.steps.org.employee_transfer); each
    period is rated by the Pejabat Penilai Kinerja of the position held in it."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_position = models.ForeignKey(
        Position, verbose_name=_("jabatan lama"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    to_position = models.ForeignKey(
        Position, verbose_name=_("jabatan baru"), on_delete=models.PROTECT, related_name="+"
    )
    from_position_title = models.CharField(_("nama jabatan lama"), max_length=200, blank=True)
    to_position_title = models.CharField(_("nama jabatan baru"), max_length=200)
    effective_date = models.DateField(_("berlaku mulai"))
    decree_number = models.CharField(_("nomor SK mutasi"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mutasi")
        verbose_name_plural = _("mutasi")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.employee} → {self.to_position_title} ({self.effective_date:%d-%m-%Y})"


class AppraiserDesignation(models.Model):
    """Where the chart has no Pejabat Penilai Kinerja above an employee (the Sekda, whose appraiser is the kepala
    daerah outside the system; a unit without a pengawas position), the official designated by letter to review
    the SKP and rate that year. Recorded by HR, who never appraises (policy.appraiser_designation_problem)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="appraiser_designations"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pejabat yang ditunjuk"), on_delete=models.PROTECT, related_name="+"
    )
    letter = models.CharField(_("nomor surat penunjukan"), max_length=120)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    designated_at = models.DateTimeField(_("dicatat"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penunjukan Pejabat Penilai Kinerja")
        verbose_name_plural = _("penunjukan Pejabat Penilai Kinerja")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="one_appraiser_designation")]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}: {self.official}"


class HrScope(models.Model):
    """An HR officer (Admin Kepegawaian) manages the units below `unit`, inclusive."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="hr_scopes"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="hr_scopes")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cakupan admin kepegawaian")
        verbose_name_plural = _("cakupan admin kepegawaian")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_hr_scope")]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"
