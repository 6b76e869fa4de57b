"""SKP (Sasaran Kinerja Pegawai): the yearly performance plan, its results, indicators and behaviour."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from appraisal import formatting, rules
from config.history import HistoricalRecords

from .org import Employee, Position, Unit


class CoreValue(models.TextChoices):
    """BerAKHLAK core values of ASN (SE MenPANRB 20/2021)."""

    BERORIENTASI_PELAYANAN = "PELAYANAN", _("Berorientasi Pelayanan")
    AKUNTABEL = "AKUNTABEL", _("Akuntabel")
    KOMPETEN = "KOMPETEN", _("Kompeten")
    HARMONIS = "HARMONIS", _("Harmonis")
    LOYAL = "LOYAL", _("Loyal")
    ADAPTIF = "ADAPTIF", _("Adaptif")
    KOLABORATIF = "KOLABORATIF", _("Kolaboratif")


# Three guidance items per value, shown next to each value in forms and documents (PermenPANRB 6/2022).
CORE_VALUE_GUIDANCE: dict[str, tuple[str, str, str]] = {
    CoreValue.BERORIENTASI_PELAYANAN: (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ),
    CoreValue.AKUNTABEL: (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ),
    CoreValue.KOMPETEN: (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ),
    CoreValue.HARMONIS: (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ),
    CoreValue.LOYAL: (
        "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    ),
    CoreValue.ADAPTIF: (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ),
    CoreValue.KOLABORATIF: (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ),
}


class PlanStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    SUBMITTED = "SUBMITTED", _("Diajukan")
    RETURNED = "RETURNED", _("Dikembalikan")
    APPROVED = "APPROVED", _("Disetujui")
    SUPERSEDED = "SUPERSEDED", _("Digantikan versi baru")


EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PerformancePlan(models.Model):
    """One version of an employee's SKP for a year; a change after approval makes version n+1."""

    Status = PlanStatus

    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))

    # Snapshot at creation: people move, the document must not.
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), null=True, on_delete=models.PROTECT, related_name="+")
    position_title = models.CharField(_("nama jabatan"), max_length=200, blank=True)
    unit_name = models.CharField(_("nama unit kerja"), max_length=200, blank=True)
    grade = models.CharField(_("golongan/pangkat"), max_length=5, blank=True)
    appraiser = models.ForeignKey(
        Employee,
        verbose_name=_("pejabat penilai kinerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraiser_position_title = models.CharField(_("jabatan pejabat penilai kinerja"), max_length=200, blank=True)
    appraiser_unit_name = models.CharField(_("unit pejabat penilai kinerja"), max_length=200, blank=True)
    appraiser_grade = models.CharField(_("golongan pejabat penilai kinerja"), max_length=5, blank=True)
    senior_appraiser = models.ForeignKey(
        Employee,
        verbose_name=_("atasan pejabat penilai kinerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Pendekatan hasil kerja of the JA/JF forms (PermenPANRB 6/2022 Lampiran); blank: read from the IKI aspects
    # (rules.plan_approach). JPT plans are always kuantitatif.
    approach = models.CharField(_("pendekatan hasil kerja"), max_length=12, choices=rules.Approach.choices, blank=True)

    # Lampiran SKP (PermenPANRB 6/2022)
    resource_support = models.TextField(_("dukungan sumber daya"), blank=True)
    accountability_scheme = models.TextField(_("skema pertanggungjawaban"), blank=True)
    consequences = models.TextField(_("konsekuensi"), blank=True)

    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("versi sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    revision_reason = models.TextField(_("alasan perubahan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Employee, verbose_name=_("disetujui oleh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-year", "employee__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year", "version"], name="unique_plan_version"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year} v{self.version} – {self.employee}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES

    @property
    def is_top(self) -> bool:
        """No appraiser in the system: RHK cascade from organisation goals (free text)."""
        return self.appraiser_id is None

    @property
    def is_unit_head(self) -> bool:
        return bool(self.position and self.position.is_unit_head)

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_start.year != self.year:
            raise ValidationError({"period_start": _("Awal periode harus dalam tahun SKP.")})


class ResultKind(models.TextChoices):
    UTAMA = "UTAMA", _("Utama")
    TAMBAHAN = "TAMBAHAN", _("Tambahan")


class PlannedResult(models.Model):
    """RHK: a planned result, supporting (intervening in) one of the appraiser's RHK."""

    Kind = ResultKind

    plan = models.ForeignKey(PerformancePlan, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("jenis"), max_length=8, choices=ResultKind.choices, default=ResultKind.UTAMA)
    text = models.TextField(_("rencana hasil kerja"))
    supports = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supported_by",
    )
    supports_text = models.TextField(
        _("sasaran organisasi yang didukung"),
        blank=True,
        help_text=_("Untuk pimpinan puncak: sasaran strategis/RPJMD yang didukung."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    origin = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The same RHK in the previous plan version.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return Truncator(self.text).words(14, truncate="…")  # never cut mid-word


class IndicatorAspect(models.TextChoices):
    KUANTITAS = "KUANTITAS", _("Kuantitas")
    KUALITAS = "KUALITAS", _("Kualitas")
    WAKTU = "WAKTU", _("Waktu")
    BIAYA = "BIAYA", _("Biaya")


class Indicator(models.Model):
    """IKI: how one RHK is measured, with its target."""

    Aspect = IndicatorAspect

    result = models.ForeignKey(
        PlannedResult, verbose_name=_("RHK"), on_delete=models.CASCADE, related_name="indicators"
    )
    aspect = models.CharField(_("aspek"), max_length=10, choices=IndicatorAspect.choices)
    text = models.TextField(_("indikator kinerja individu"))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_unit = models.CharField(_("satuan"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return Truncator(self.text).words(14, truncate="…")  # never cut mid-word

    @property
    def target_display(self) -> str:
        return f"{formatting.number(self.target_value)} {self.target_unit}".strip()


class BehaviourExpectation(models.Model):
    """Perilaku kerja: one per BerAKHLAK value, with the leader's special expectation."""

    plan = models.ForeignKey(
        PerformancePlan, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="behaviours"
    )
    core_value = models.CharField(_("nilai dasar"), max_length=12, choices=CoreValue.choices)
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ekspektasi perilaku")
        verbose_name_plural = _("ekspektasi perilaku")
        constraints = [models.UniqueConstraint(fields=["plan", "core_value"], name="one_expectation_per_value")]

    def __str__(self) -> str:
        return self.get_core_value_display()

    @property
    def guidance(self) -> tuple[str, str, str]:
        return CORE_VALUE_GUIDANCE[self.core_value]

    @property
    def position(self) -> int:
        return list(CoreValue.values).index(self.core_value)


class ReviewNote(models.Model):
    """The appraiser's note when returning a plan: for the whole plan or for one RHK."""

    plan = models.ForeignKey(PerformancePlan, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="notes")
    result = models.ForeignKey(
        PlannedResult, verbose_name=_("RHK"), null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("catatan pengembalian")
        verbose_name_plural = _("catatan pengembalian")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return Truncator(self.text).words(14, truncate="…")  # never cut mid-word
