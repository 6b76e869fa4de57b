"""Periodic evaluation: periods, evaluations, realisation with evidence, peer and public feedback, objections."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from appraisal import rules
from appraisal.rules import OrgPredicate, Predicate, Rating
from config.history import HistoricalRecords

from .keys import random_key
from .org import Employee, Position, Unit
from .skp import CoreValue, Indicator, PerformancePlan


class PeriodKind(models.TextChoices):
    TW1 = "TW1", _("Triwulan I")
    TW2 = "TW2", _("Triwulan II")
    TW3 = "TW3", _("Triwulan III")
    TW4 = "TW4", _("Triwulan IV-Akhir")
    M01 = "M01", _("Bulan Januari")
    M02 = "M02", _("Bulan Februari")
    M03 = "M03", _("Bulan Maret")
    M04 = "M04", _("Bulan April")
    M05 = "M05", _("Bulan Mei")
    M06 = "M06", _("Bulan Juni")
    M07 = "M07", _("Bulan Juli")
    M08 = "M08", _("Bulan Agustus")
    M09 = "M09", _("Bulan September")
    M10 = "M10", _("Bulan Oktober")
    M11 = "M11", _("Bulan November")
    M12 = "M12", _("Bulan Desember-Akhir")


class PeriodOpening(models.TextChoices):
    QUEUED = "QUEUED", _("Menunggu antrean")
    RUNNING = "RUNNING", _("Sedang dibuat")
    DONE = "DONE", _("Selesai")
    FAILED = "FAILED", _("Gagal, akan diulang")


class Period(models.Model):
    """Periode penilaian opened by HR for a unit (and everything below it)."""

    Kind = PeriodKind
    Opening = PeriodOpening

    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis periode"), max_length=8, choices=PeriodKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="periods")
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    peer_deadline = models.DateField(
        _("batas umpan balik rekan kerja"), help_text=_("Umpan balik yang belum diisi dibatalkan setelah tanggal ini.")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuka oleh"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("dibuka"), auto_now_add=True)
    # The evaluations are created by a job (workflows.opening); its progress is shown on the period page.
    opening_status = models.CharField(
        _("pembuatan evaluasi"), max_length=8, choices=PeriodOpening.choices, default=PeriodOpening.DONE
    )
    opening_total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    opening_done = models.PositiveIntegerField(_("sudah diproses"), default=0)
    opening_error = models.CharField(_("kesalahan pembuatan"), max_length=500, blank=True)
    opening_updated_at = models.DateTimeField(_("kemajuan terakhir"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["opening_done", "opening_updated_at"])

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["-year", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "unit"], name="unique_period_per_unit"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="period_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} – {self.unit}"

    @property
    def is_final(self) -> bool:
        """Triwulan IV-Akhir (or Desember-Akhir): also the annual evaluation (PermenPANRB 6/2022 Pasal 12)."""
        return rules.is_final_period(self.kind)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
        if self.start_date and self.year and self.start_date.year != self.year:
            raise ValidationError({"start_date": _("Tanggal mulai harus dalam tahun periode.")})
        if self.kind and self.year and self.start_date and self.end_date:
            problem = rules.period_date_problem(self.kind, self.year, self.start_date, self.end_date)
            if problem:
                raise ValidationError({"start_date": problem})
        if self.peer_deadline and self.start_date and self.peer_deadline < self.start_date:
            raise ValidationError({"peer_deadline": _("Batas umpan balik tidak boleh sebelum periode dimulai.")})


class UnitPerformance(models.Model):
    """Capaian Kinerja Organisasi of a unit for a period: decides unit heads' result rating.

    SE MenPANRB 3/2023: set by the leader above the unit with a penetapan; HR records it with the penetapan's number
    and date, the deciding leader is named (the official heading the unit above, Plt/Plh honoured), and where that
    leader has an account they confirm it. History keeps every change and who made it."""

    period = models.ForeignKey(Period, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="unit_results")
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+")
    predicate = models.CharField(_("Capaian Kinerja Organisasi"), max_length=16, choices=OrgPredicate.choices)
    decree_number = models.CharField(_("nomor penetapan"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        Employee,
        verbose_name=_("pimpinan yang menetapkan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by_name = models.CharField(_("nama pimpinan yang menetapkan"), max_length=250, blank=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pimpinan"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Capaian Kinerja Organisasi")
        verbose_name_plural = _("Capaian Kinerja Organisasi")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="one_org_predicate_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_predicate_display()}"


def _kuadran() -> models.Q:
    """Blank, or one of the nine (result, behaviour, predicate) rows of the kuadran (rules.predicate)."""
    allowed = models.Q(predicate="")
    for result in Rating.values:
        for behaviour in Rating.values:
            allowed |= models.Q(
                result_rating=result, behaviour_rating=behaviour, predicate=rules.predicate(result, behaviour)
            )
    return allowed


class EvaluationStatus(models.TextChoices):
    SELF_ASSESSMENT = "SELF", _("Penilaian mandiri")
    FEEDBACK = "FEEDBACK", _("Menunggu umpan balik")
    RATING = "RATING", _("Menunggu penilaian atasan")
    ACKNOWLEDGEMENT = "ACK", _("Menunggu tanggapan pegawai")
    OBJECTION = "OBJECTION", _("Keberatan diproses")
    SIGN_OFF = "SIGNOFF", _("Menunggu pengesahan kepegawaian")
    FINAL = "FINAL", _("Final")


def new_verification_code() -> str:
    """12 unambiguous characters, e.g. 'K7QW-MX3P-9ZRT' without dashes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Evaluation(models.Model):
    """Evaluasi kinerja of one employee for one period, against an approved SKP version."""

    Status = EvaluationStatus

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.ForeignKey(Period, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="evaluations")
    plan = models.ForeignKey(
        PerformancePlan, verbose_name=_("SKP"), on_delete=models.PROTECT, related_name="evaluations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.SELF_ASSESSMENT
    )

    # Snapshot at opening.
    position = models.ForeignKey(Position, null=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    position_title = models.CharField(_("jabatan"), max_length=200, blank=True)
    unit_name = models.CharField(_("unit kerja"), max_length=200, blank=True)
    grade = models.CharField(_("golongan/pangkat"), max_length=5, blank=True)
    appraiser = models.ForeignKey(
        Employee,
        verbose_name=_("pejabat penilai kinerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraiser_position_title = models.CharField(max_length=200, blank=True)
    senior_appraiser = models.ForeignKey(
        Employee,
        verbose_name=_("atasan pejabat penilai kinerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    senior_appraiser_position_title = models.CharField(max_length=200, blank=True)

    self_assessment = models.TextField(_("penilaian mandiri"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    public_service = models.JSONField(_("ringkasan layanan publik"), default=dict, blank=True)

    result_rating = models.CharField(_("rating hasil kerja"), max_length=5, choices=Rating.choices, blank=True)
    behaviour_rating = models.CharField(_("rating perilaku kerja"), max_length=5, choices=Rating.choices, blank=True)
    result_rating_override_reason = models.TextField(
        _("alasan rating hasil kerja berbeda dari Capaian Kinerja Organisasi"), blank=True
    )
    predicate = models.CharField(_("predikat kinerja"), max_length=16, choices=Predicate.choices, blank=True)
    org_predicate = models.CharField(
        _("Capaian Kinerja Organisasi"), max_length=16, choices=OrgPredicate.choices, blank=True
    )
    appraiser_feedback = models.TextField(_("umpan balik pejabat penilai kinerja"), blank=True)
    # Dokumen Evaluasi Kinerja Pegawai, section 5 (PermenPANRB 6/2022 Lampiran): written by the appraiser.
    recommendation = models.TextField(_("catatan/rekomendasi"), blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    rated_by = models.ForeignKey(
        Employee, verbose_name=_("dinilai oleh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("diterima pegawai"), null=True, blank=True)
    auto_accepted = models.BooleanField(_("diterima otomatis"), default=False)

    signed_off_at = models.DateTimeField(_("disahkan"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disahkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_final = models.BooleanField(_("final"), default=False)
    verification_code = models.CharField(_("kode verifikasi"), max_length=12, unique=True, null=True, blank=True)
    # The name as printed on the final document (people change names and titles; the document does not).
    employee_name = models.CharField(_("nama pada dokumen"), max_length=250, blank=True)
    document = models.FileField(_("dokumen"), upload_to="evaluasi/%Y/", blank=True)
    document_sha256 = models.CharField(_("SHA-256 dokumen"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["-period__year", "-period__start_date", "employee__name"]
        # The HR period page (issue 13): its sort (unit, then name) and its state filter and counts, per period.
        indexes = [
            models.Index(fields=["period", "unit_name", "id"], name="evaluation_period_unit_name"),
            models.Index(fields=["period", "status"], name="evaluation_period_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["employee", "period"], name="one_evaluation_per_period"),
            # Every stored predicate is the kuadran's for the stored ratings (PermenPANRB 6/2022), whatever path
            # wrote it; a unit head's result rating follows the Capaian Kinerja Organisasi before it gets here.
            models.CheckConstraint(condition=_kuadran(), name="predicate_follows_kuadran"),
        ]

    def __str__(self) -> str:
        return f"{self.period.get_kind_display()} {self.period.year} – {self.employee}"

    @property
    def peer_step_closed(self) -> bool:
        """No peer can still answer: the aggregated answers no longer change (anonymity, see policy)."""
        return self.status not in (EvaluationStatus.SELF_ASSESSMENT, EvaluationStatus.FEEDBACK)


class Realization(models.Model):
    """Realisasi of one indicator in an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="realizations")
    indicator = models.ForeignKey(Indicator, verbose_name=_("IKI"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("keterangan realisasi"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="one_realization_per_iki")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class Evidence(models.Model):
    """Bukti dukung: an uploaded file or a link, attached to one realisation."""

    realization = models.ForeignKey(Realization, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to="bukti/%Y/%m/", blank=True)
    url = models.URLField(_("tautan"), blank=True)
    description = models.CharField(_("keterangan"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="evidence_file_xor_url",
            )
        ]

    def __str__(self) -> str:
        return self.description or self.url or self.file.name


class PeerRequest(models.Model):
    """A colleague asked for behaviour feedback: HR may see who was asked and who answered, never what."""

    class State(models.TextChoices):
        ASKED = "ASKED", _("Diminta")
        ANSWERED = "ANSWERED", _("Sudah mengisi")
        EXPIRED = "EXPIRED", _("Lewat batas waktu")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="peer_requests")
    peer = models.ForeignKey(Employee, verbose_name=_("rekan kerja"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.ASKED)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("permintaan umpan balik rekan")
        verbose_name_plural = _("permintaan umpan balik rekan")
        constraints = [models.UniqueConstraint(fields=["evaluation", "peer"], name="one_request_per_peer")]


class PeerFeedback(models.Model):
    """One peer's anonymous answer. Deliberately no link to the peer, no per-user history, no time and no
    sequential key: nothing in the row or in the table's order pairs it with the task its author finished
    (services.peer_feedback_submit rewrites an evaluation's answers in random order on every answer)."""

    class Level(models.TextChoices):
        ABOVE = "ABOVE", _("Di atas ekspektasi")
        MEETS = "MEETS", _("Sesuai ekspektasi")
        BELOW = "BELOW", _("Di bawah ekspektasi")

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="peer_feedback")
    ratings = models.JSONField(_("penilaian per nilai dasar"))  # {CoreValue: Level}
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        verbose_name = _("umpan balik rekan kerja")
        verbose_name_plural = _("umpan balik rekan kerja")

    def clean(self) -> None:
        if set(self.ratings or {}) != set(CoreValue.values) or any(
            v not in self.Level.values for v in (self.ratings or {}).values()
        ):
            raise ValidationError({"ratings": _("Isi penilaian untuk ketujuh nilai dasar BerAKHLAK.")})


class Feedback(models.Model):
    """Umpan balik berkelanjutan: the appraiser's feedback to an employee, any time during the year."""

    class Kind(models.TextChoices):
        APRESIASI = "APRESIASI", _("Apresiasi")
        MASUKAN = "MASUKAN", _("Masukan")

    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="feedback")
    author = models.ForeignKey(Employee, verbose_name=_("dari"), on_delete=models.PROTECT, related_name="+")
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="continuous_feedback"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.MASUKAN)
    # The RHK it is about, when given on an evaluation: printed in column (7) of that row (PermenPANRB 6/2022 Lampiran).
    result = models.ForeignKey(
        "appraisal.PlannedResult",
        verbose_name=_("RHK"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    text = models.TextField(_("umpan balik"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("umpan balik berkelanjutan")
        verbose_name_plural = _("umpan balik berkelanjutan")
        ordering = ["-created_at"]


class PerformanceDialogue(models.Model):
    """Dialog kinerja: a meeting between appraiser and employee, scheduled ahead (scheduled_for, topic) and
    recorded once held (held_on, notes), or recorded directly."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="dialogues"
    )
    appraiser = models.ForeignKey(
        Employee, verbose_name=_("pejabat penilai kinerja"), on_delete=models.PROTECT, related_name="+"
    )
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="dialogues"
    )
    scheduled_for = models.DateField(_("dijadwalkan"), null=True, blank=True)
    held_on = models.DateField(_("tanggal"), null=True, blank=True)
    topic = models.CharField(_("topik"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dialog kinerja")
        verbose_name_plural = _("dialog kinerja")
        # Scheduled (not yet held) first, then the latest held; the same order on SQLite and PostgreSQL.
        ordering = [models.F("held_on").desc(nulls_first=True), "-scheduled_for", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_on__isnull=False) | models.Q(scheduled_for__isnull=False),
                name="dialogue_held_or_scheduled",
            )
        ]

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def clean(self) -> None:
        if self.held_on is None and self.scheduled_for is None:
            raise ValidationError({"scheduled_for": _("Isi tanggal dialog kinerja.")})
        if self.held_on is not None and not self.notes.strip():
            raise ValidationError({"notes": _("Isi catatan dialog.")})


class Objection(models.Model):
    """Keberatan (PP 30/2019 Pasal 59): filed within 14 days, decided by the senior appraiser; final."""

    class Decision(models.TextChoices):
        UPHELD = "UPHELD", _("Penilaian dikuatkan")
        CHANGED = "CHANGED", _("Penilaian diubah")

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="objection")
    reasons = models.TextField(_("alasan keberatan"))
    filed_at = models.DateTimeField(_("diajukan"))
    # The ratings objected to, kept because a decision that changes them overwrites the evaluation's.
    original_result_rating = models.CharField(
        _("rating hasil kerja semula"), max_length=5, choices=Rating.choices, blank=True, default=""
    )
    original_behaviour_rating = models.CharField(
        _("rating perilaku semula"), max_length=5, choices=Rating.choices, blank=True, default=""
    )
    original_predicate = models.CharField(
        _("predikat semula"), max_length=16, choices=Predicate.choices, blank=True, default=""
    )
    appraiser_explanation = models.TextField(_("penjelasan pejabat penilai kinerja"), blank=True)
    employee_explanation = models.TextField(_("penjelasan pegawai"), blank=True)
    decision = models.CharField(_("keputusan"), max_length=8, choices=Decision.choices, blank=True)
    new_result_rating = models.CharField(_("rating hasil kerja baru"), max_length=5, choices=Rating.choices, blank=True)
    new_behaviour_rating = models.CharField(
        _("rating perilaku kerja baru"), max_length=5, choices=Rating.choices, blank=True
    )
    decision_notes = models.TextField(_("pertimbangan keputusan"), blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Only objections filed before issue 10: a late decision then moved to HR, which PP 30/2019 Pasal 59 does not
    # allow. Kept so old documents still say what happened; nothing sets it any more.
    escalated = models.BooleanField(_("dialihkan ke kepegawaian karena terlambat"), default=False)
    # Where the chart has no Atasan Pejabat Penilai Kinerja (the Camat, appraised by the Sekda, whose own superior
    # is the kepala daerah outside the system; a vacancy), HR records the official who decides, with the letter.
    designated_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pejabat yang ditunjuk memutus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    designation_letter = models.CharField(_("nomor surat penunjukan"), max_length=100, blank=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    designated_at = models.DateTimeField(_("ditunjuk"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
