"""Shapes of the evaluation API: read serializers render what the pages show, write serializers check shape only.

Domain validation (who may act, the 14-day window, the evidence file rules, the predicate) lives in
appraisal.evaluation.services; its refusals become structured answers in api.exceptions.

Anonymity (appraisal/policy.py): nothing here renders a peer. The aggregated peer summary (once the peer step
is closed) and HR's peer progress (counts only) are added by EvaluationDetailSerializer only when
appraisal.policy allows it, and the open-task summary names no owner of a peer feedback task.
"""

from __future__ import annotations

import os
from typing import Any

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.org.serializers import EmployeeBriefSerializer
from appraisal import policy
from appraisal.evaluation.selectors import peer_progress
from appraisal.evaluation.services import org_predicate_for, peer_summary_for
from appraisal.models import (
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Evidence,
    Feedback,
    Objection,
    PeerFeedback,
    PeerRequest,
    PerformanceDialogue,
    Period,
    PeriodKind,
    Realization,
    SubmissionState,
    Unit,
    UnitPerformance,
)
from appraisal.models.skp import CORE_VALUE_GUIDANCE
from appraisal.rules import OrgPredicate, Predicate, Rating
from workflows.evaluation_flow import EvaluationFlow
from workflows.selectors import EVALUATION_TASK_PAGES, inbox_item
from workflows.steps import evaluation as steps

# --- Enums with their own schema components ----------------------------------------------------
# Several models call a field `kind` or `status` with other choices; naming each enum avoids
# drf-spectacular's name collisions (and its warnings, which fail the schema test).


def enum_field(
    choices: type[TextChoices] | list[tuple[str, str]], component_name: str, description: str = ""
) -> type[serializers.ChoiceField]:
    """A ChoiceField over `choices` whose schema is the component `component_name`; "" reads as null."""
    pairs = list(choices.choices) if isinstance(choices, type) else list(choices)

    @extend_schema_field(
        {"type": "string", "enum": [value for value, _label in pairs], "description": description},
        component_name=component_name,
    )
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=pairs, **kwargs)

        def to_representation(self, value):
            return None if value in ("", None) else super().to_representation(value)

    EnumField.__name__ = EnumField.__qualname__ = component_name.removesuffix("Enum") + "Field"
    return EnumField


PeriodKindField = enum_field(
    PeriodKind,
    "PeriodKindEnum",
    "TW1–TW3 dan TW4 (Triwulan IV-Akhir, juga evaluasi tahunan), atau M01–M12 (bulanan; M12 = Desember-Akhir).",
)
EvaluationStatusField = enum_field(EvaluationStatus, "EvaluationStatusEnum", "Tahap evaluasi.")
RatingField = enum_field(Rating, "RatingEnum", "Di atas (ABOVE), sesuai (MEETS) atau di bawah (BELOW) ekspektasi.")
PredicateField = enum_field(Predicate, "PredicateEnum", "Predikat kinerja pegawai (kuadran PermenPANRB 6/2022).")
OrgPredicateField = enum_field(OrgPredicate, "OrgPredicateEnum", "Capaian Kinerja Organisasi.")
DecisionField = enum_field(Objection.Decision, "ObjectionDecisionEnum", "UPHELD (dikuatkan) atau CHANGED (diubah).")


class CoreValueField(serializers.ChoiceField):
    """Shares the CoreValueEnum component the SKP behaviours already produce (same choices)."""

    def __init__(self, **kwargs):
        super().__init__(choices=CoreValue.choices, **kwargs)


PeerStateField = enum_field(PeerRequest.State, "PeerRequestStateEnum", "ASKED, ANSWERED atau EXPIRED (lewat batas).")

# The inbox kinds (workflows.selectors.inbox_item), in flow order.
TASK_TYPES = ["skp_draft", "skp_review", *dict.fromkeys(kind for kind, _url in EVALUATION_TASK_PAGES.values()), "other"]
TaskTypeField = enum_field([(t, t) for t in TASK_TYPES], "TaskTypeEnum", "Jenis tugas: menentukan halaman dan aksinya.")


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def _user_name(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


# --- Periods -----------------------------------------------------------------------------------


class OrgPredicateSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    predicate = OrgPredicateField(read_only=True)
    predicate_display = serializers.CharField(source="get_predicate_display", read_only=True)

    class Meta:
        model = UnitPerformance
        fields = [
            "unit", "unit_name", "predicate", "predicate_display", "decree_number", "decree_date",
            "decided_by_name", "confirmed_at",
        ]  # fmt: skip


class PeriodBriefSerializer(serializers.ModelSerializer):
    kind = PeriodKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Period
        fields = ["id", "year", "kind", "kind_display", "start_date", "end_date", "peer_deadline"]


class PeriodSerializer(PeriodBriefSerializer):
    """A period with its unit and the organisation predicates set so far (prefetched by the view)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    org_predicates = OrgPredicateSerializer(source="unit_results", many=True, read_only=True)

    class Meta(PeriodBriefSerializer.Meta):
        fields = [
            *PeriodBriefSerializer.Meta.fields,
            "unit",
            "unit_name",
            "opened_at",
            "org_predicates",
            "opening_status",
            "opening_done",
            "opening_total",
        ]


class PeriodWriteSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label=_("unit kerja"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("tahun"))
    kind = PeriodKindField(label=_("jenis periode"))
    start_date = serializers.DateField(label=_("mulai"))
    end_date = serializers.DateField(label=_("selesai"))
    peer_deadline = serializers.DateField(label=_("batas umpan balik rekan kerja"))


class PeriodSkippedSerializer(serializers.Serializer):
    employee = serializers.IntegerField(help_text="Id pegawai.")
    name = serializers.CharField()
    reason = serializers.CharField()


class PeriodOpenResultSerializer(serializers.Serializer):
    period = PeriodSerializer()
    created = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Id evaluasi yang sudah dibuat saat jawaban dikirim (pembuatan berjalan sebagai job; "
        "ikuti `period.opening_status`).",
    )
    skipped = PeriodSkippedSerializer(many=True, help_text="Pegawai yang tidak mendapat evaluasi, dengan alasannya.")


class OrgPredicateWriteSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label=_("unit kerja"))
    predicate = OrgPredicateField(label=_("Capaian Kinerja Organisasi"))
    decree_number = serializers.CharField(max_length=100, label=_("nomor penetapan"))
    decree_date = serializers.DateField(label=_("tanggal penetapan"))


# --- Evaluations: lists ----------------------------------------------------------------------


class EvaluationLinksSerializer(serializers.Serializer):
    api = serializers.URLField()
    page = serializers.CharField(help_text="Halaman evaluasi ini di aplikasi web.")
    document = serializers.URLField(allow_null=True, help_text="Dokumen final (PDF); null sebelum disahkan.")


def evaluation_links(evaluation: Evaluation, request) -> dict[str, str | None]:
    return {
        "api": _absolute(request, reverse("api:evaluation-detail", args=[evaluation.pk])),
        "page": reverse("evaluation_detail", args=[evaluation.pk]),
        "document": _absolute(request, reverse("api:evaluation-document", args=[evaluation.pk]))
        if evaluation.is_final
        else None,
    }


class EvaluationSerializer(serializers.ModelSerializer):
    """An evaluation in lists: who, which period, where it stands, the predicate once rated."""

    status = EvaluationStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    employee = EmployeeBriefSerializer(read_only=True)
    period = PeriodBriefSerializer(read_only=True)
    appraiser = EmployeeBriefSerializer(read_only=True, allow_null=True)
    predicate = PredicateField(read_only=True, allow_null=True)
    predicate_display = serializers.CharField(source="get_predicate_display", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id", "status", "status_display", "employee", "period", "unit", "unit_name", "position_title",
            "appraiser", "predicate", "predicate_display", "is_final", "links",
        ]  # fmt: skip

    @extend_schema_field(EvaluationLinksSerializer)
    def get_links(self, evaluation: Evaluation) -> dict[str, str | None]:
        return evaluation_links(evaluation, self.context.get("request"))


# --- Evaluations: the detail -----------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    """Metadata of one piece of evidence; the file itself comes from `download`."""

    kind = serializers.SerializerMethodField(help_text="`file` (berkas unggahan) atau `url` (tautan).")
    filename = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField(help_text="Alamat unduhan berkas (null untuk tautan).")

    class Meta:
        model = Evidence
        fields = ["id", "kind", "description", "url", "filename", "content_type", "size", "uploaded_at", "download"]

    @extend_schema_field({"type": "string", "enum": ["file", "url"]})
    def get_kind(self, evidence: Evidence) -> str:
        return "file" if evidence.file else "url"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_filename(self, evidence: Evidence) -> str | None:
        return os.path.basename(evidence.file.name) if evidence.file else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, evidence: Evidence) -> str | None:
        if not evidence.file:
            return None
        evaluation_id = self.context.get("evaluation_id") or evidence.realization.evaluation_id
        url = reverse("api:evaluation-evidence-download", args=[evaluation_id, evidence.pk])
        return _absolute(self.context.get("request"), url)


class RealizationSerializer(serializers.ModelSerializer):
    """One indicator of the approved SKP with its realisation and evidence."""

    result = serializers.SerializerMethodField(help_text="RHK induk indikator.")
    indicator = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Realization
        fields = ["id", "result", "indicator", "value", "note", "updated_at", "evidence"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "kind": {"type": "string"}, "text": {"type": "string"}},
        }
    )
    def get_result(self, realization: Realization) -> dict[str, Any]:
        result = realization.indicator.result
        return {"id": result.pk, "kind": result.kind, "text": result.text}

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "aspect": {"type": "string"},
                "aspect_display": {"type": "string"},
                "text": {"type": "string"},
                "target_value": {"type": "string", "format": "decimal"},
                "target_unit": {"type": "string"},
                "target_display": {"type": "string"},
            },
        }
    )
    def get_indicator(self, realization: Realization) -> dict[str, Any]:
        indicator = realization.indicator
        return {
            "id": indicator.pk,
            "aspect": indicator.aspect,
            "aspect_display": str(indicator.get_aspect_display()),
            "text": indicator.text,
            "target_value": str(indicator.target_value),
            "target_unit": indicator.target_unit,
            "target_display": indicator.target_display,
        }

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, realization: Realization) -> list[dict[str, Any]]:
        context = {**self.context, "evaluation_id": realization.evaluation_id}
        return EvidenceSerializer(realization.evidence.all(), many=True, context=context).data


class ObjectionSerializer(serializers.ModelSerializer):
    decision = DecisionField(read_only=True, allow_null=True)
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    new_result_rating = RatingField(read_only=True, allow_null=True)
    new_behaviour_rating = RatingField(read_only=True, allow_null=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = [
            "reasons", "filed_at", "appraiser_explanation", "employee_explanation", "decision", "decision_display",
            "new_result_rating", "new_behaviour_rating", "decision_notes", "decided_at", "decided_by", "escalated",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, objection: Objection) -> str | None:
        return _user_name(objection.decided_by)


class FeedbackSerializer(serializers.ModelSerializer):
    author = EmployeeBriefSerializer(read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "kind", "text", "author", "created_at"]


class DialogueSerializer(serializers.ModelSerializer):
    appraiser = EmployeeBriefSerializer(read_only=True)

    class Meta:
        model = PerformanceDialogue
        fields = ["id", "scheduled_for", "held_on", "topic", "notes", "follow_up", "appraiser"]


class OpenTaskSerializer(serializers.Serializer):
    """An open step of the evaluation. Peer feedback steps are only counted (peer_feedback_open), never listed."""

    id = serializers.IntegerField()
    type = TaskTypeField()
    title = serializers.CharField()
    owner = serializers.CharField(allow_null=True, help_text="Nama pemegang tugas.")
    mine = serializers.BooleanField(help_text="Tugas ini milik pengguna.")
    due = serializers.DateField(allow_null=True)


class PeerValueSummarySerializer(serializers.Serializer):
    core_value = CoreValueField()
    core_value_display = serializers.CharField()
    ABOVE = serializers.IntegerField()
    MEETS = serializers.IntegerField()
    BELOW = serializers.IntegerField()


class PeerSummarySerializer(serializers.Serializer):
    """Anonymous aggregate of the peers' answers; below 3 answers nothing but the notice."""

    sufficient = serializers.BooleanField(help_text="Sudah cukup tanggapan (minimal 3) untuk ditampilkan.")
    message = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField(allow_null=True)
    values = PeerValueSummarySerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField(), help_text="Urut abjad, bukan urut waktu.")


class PeerProgressSerializer(serializers.Serializer):
    """The peer step as counts (HR of the unit): never who answered."""

    asked = serializers.IntegerField(help_text="Rekan kerja yang diminta.")
    answered = serializers.IntegerField(help_text="Sudah mengisi.")
    expired = serializers.IntegerField(help_text="Lewat batas waktu tanpa mengisi.")
    waiting = serializers.IntegerField(help_text="Belum mengisi.")


def peer_summary_payload(evaluation: Evaluation) -> dict[str, Any]:
    summary = peer_summary_for(evaluation)
    if summary is None:
        return {
            "sufficient": False,
            "message": str(
                _("Belum cukup tanggapan")
                if evaluation.peer_step_closed
                else _("Ringkasan tampil setelah tahap umpan balik rekan kerja ditutup")
            ),
            "count": None,
            "values": [],
            "comments": [],
        }
    labels = dict(CoreValue.choices)
    return {
        "sufficient": True,
        "message": "",
        "count": summary["count"],
        "values": [
            {"core_value": value, "core_value_display": str(labels[value]), **counts}
            for value, counts in summary["values"].items()
        ],
        "comments": summary["comments"],
    }


class EvaluationDetailSerializer(EvaluationSerializer):
    """Everything the evaluation page shows. `peer_summary` and `peer_progress` appear only when the policy allows."""

    senior_appraiser = EmployeeBriefSerializer(read_only=True, allow_null=True)
    rated_by = EmployeeBriefSerializer(read_only=True, allow_null=True)
    result_rating = RatingField(read_only=True, allow_null=True)
    result_rating_display = serializers.CharField(source="get_result_rating_display", read_only=True)
    behaviour_rating = RatingField(read_only=True, allow_null=True)
    behaviour_rating_display = serializers.CharField(source="get_behaviour_rating_display", read_only=True)
    org_predicate = serializers.SerializerMethodField(
        help_text="Capaian Kinerja Organisasi unit: yang dipakai saat penilaian, atau yang berlaku sekarang."
    )
    public_service = serializers.JSONField(read_only=True, help_text="Ringkasan layanan publik periode ini.")
    signed_off_by = serializers.SerializerMethodField()
    realizations = RealizationSerializer(many=True, read_only=True)
    objection = serializers.SerializerMethodField()
    continuous_feedback = serializers.SerializerMethodField()
    dialogues = serializers.SerializerMethodField()
    open_tasks = serializers.SerializerMethodField()
    peer_feedback_open = serializers.SerializerMethodField(help_text="Jumlah umpan balik rekan yang masih ditunggu.")
    peers_asked = serializers.SerializerMethodField(help_text="Jumlah rekan kerja yang diminta umpan balik.")
    peer_summary = serializers.SerializerMethodField(
        help_text="Hanya untuk pejabat penilai kinerja, atasannya dan kepegawaian; "
        "tidak ada untuk pegawai yang dinilai."
    )
    peer_progress = serializers.SerializerMethodField(help_text="Hanya untuk kepegawaian unit; jumlah saja.")
    # Left out of the answer for whom the policy hides them (to_representation): not required in the schema.
    optional_fields = ("peer_summary", "peer_progress")

    class Meta(EvaluationSerializer.Meta):
        fields = [
            *EvaluationSerializer.Meta.fields,
            "plan", "position", "grade", "appraiser_position_title", "senior_appraiser",
            "senior_appraiser_position_title", "self_assessment", "self_assessed_at", "realizations",
            "public_service", "peers_asked", "peer_feedback_open", "peer_summary", "peer_progress",
            "result_rating", "result_rating_display", "behaviour_rating", "behaviour_rating_display",
            "result_rating_override_reason", "org_predicate", "appraiser_feedback", "recommendation", "rated_at",
            "rated_by",
            "acknowledged_at", "auto_accepted", "objection", "signed_off_at", "signed_off_by",
            "verification_code", "document_sha256", "continuous_feedback", "dialogues", "open_tasks",
        ]  # fmt: skip

    def _user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def to_representation(self, evaluation: Evaluation) -> dict[str, Any]:
        data = super().to_representation(evaluation)
        user = self._user()
        # Omitted, not emptied: a client must not be able to tell a hidden summary from an empty one.
        if user is None or not policy.can_see_peer_summary(user, evaluation):
            data.pop("peer_summary", None)
        if user is None or not policy.can_see_peer_progress(user, evaluation):
            data.pop("peer_progress", None)
        return data

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"value": {"$ref": "#/components/schemas/OrgPredicateEnum"}, "display": {"type": "string"}},
        }
    )
    def get_org_predicate(self, evaluation: Evaluation) -> dict[str, str] | None:
        value = evaluation.org_predicate or org_predicate_for(evaluation)
        return {"value": value, "display": str(OrgPredicate(value).label)} if value else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_off_by(self, evaluation: Evaluation) -> str | None:
        return _user_name(evaluation.signed_off_by)

    @extend_schema_field(ObjectionSerializer(allow_null=True))
    def get_objection(self, evaluation: Evaluation) -> dict[str, Any] | None:
        objection = getattr(evaluation, "objection", None)
        return ObjectionSerializer(objection).data if objection is not None else None

    @extend_schema_field(FeedbackSerializer(many=True))
    def get_continuous_feedback(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        feedback = evaluation.continuous_feedback.select_related("author").order_by("-created_at", "-id")
        return FeedbackSerializer(feedback, many=True).data

    @extend_schema_field(DialogueSerializer(many=True))
    def get_dialogues(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        dialogues = evaluation.dialogues.select_related("appraiser").order_by("-held_on", "-id")
        return DialogueSerializer(dialogues, many=True).data

    def _open_tasks(self, evaluation: Evaluation) -> list:
        if "open_tasks" not in self.context:
            self.context["open_tasks"] = steps.open_tasks(evaluation)
        return self.context["open_tasks"]

    @extend_schema_field(OpenTaskSerializer(many=True))
    def get_open_tasks(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        user = self._user()
        rows = []
        for task in self._open_tasks(evaluation):
            if task.flow_task == EvaluationFlow.peer_feedback:
                continue  # its owner is a peer: counted in peer_feedback_open, never named
            item = inbox_item(task)
            rows.append(
                {
                    "id": task.pk,
                    "type": item.kind,
                    "title": item.title,
                    "owner": _user_name(task.owner),
                    "mine": user is not None and policy.owns_task(user, task),
                    "due": item.due,
                }
            )
        return OpenTaskSerializer(rows, many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_peer_feedback_open(self, evaluation: Evaluation) -> int:
        return sum(1 for task in self._open_tasks(evaluation) if task.flow_task == EvaluationFlow.peer_feedback)

    @extend_schema_field(serializers.IntegerField())
    def get_peers_asked(self, evaluation: Evaluation) -> int:
        return evaluation.peer_requests.count()

    @extend_schema_field(PeerSummarySerializer)
    def get_peer_summary(self, evaluation: Evaluation) -> dict[str, Any] | None:
        user = self._user()
        if user is None or not policy.can_see_peer_summary(user, evaluation):
            return None
        return peer_summary_payload(evaluation)

    @extend_schema_field(PeerProgressSerializer)
    def get_peer_progress(self, evaluation: Evaluation) -> dict[str, Any] | None:
        user = self._user()
        if user is None or not policy.can_see_peer_progress(user, evaluation):
            return None
        progress = peer_progress(evaluation)
        return PeerProgressSerializer({**vars(progress), "waiting": progress.waiting}).data


# --- Evaluations: writes ---------------------------------------------------------------------


class RealizationWriteSerializer(serializers.Serializer):
    """PATCH: omitted fields keep their value."""

    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, required=False, label=_("realisasi")
    )
    note = serializers.CharField(allow_blank=True, required=False, label=_("keterangan realisasi"))


class EvidenceUploadSerializer(serializers.Serializer):
    """multipart/form-data: a file (PDF/JPG/PNG/DOCX/XLSX, at most 5 MB) with an optional description."""

    file = serializers.FileField(label=_("berkas"))
    description = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")


class EvidenceLinkSerializer(serializers.Serializer):
    """application/json: a link with an optional description."""

    url = serializers.URLField(label=_("tautan"))
    description = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")


class EvidenceWriteSerializer(serializers.Serializer):
    """Either a file or a link; the service refuses both or neither with a clear message."""

    file = serializers.FileField(required=False, allow_null=True, label=_("berkas"))
    url = serializers.URLField(required=False, allow_blank=True, default="", label=_("tautan"))
    description = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(label=_("teks"))


class FeedbackWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Feedback.Kind.choices,
        default=Feedback.Kind.MASUKAN,
        label=_("jenis"),
        help_text="Apresiasi atau masukan.",
    )
    text = serializers.CharField(label=_("teks"))
    result = serializers.IntegerField(
        required=False, allow_null=True, default=None, label=_("RHK"), help_text="Id RHK dari SKP yang dievaluasi."
    )


class PeersSerializer(serializers.Serializer):
    peers = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.select_related("user"),
        many=True,
        label=_("rekan kerja"),
        help_text="Id pegawai rekan kerja yang diminta umpan balik (menggantikan daftar sebelumnya).",
    )


class RateSerializer(serializers.Serializer):
    result_rating = RatingField(
        required=False,
        allow_null=True,
        label=_("rating hasil kerja"),
        help_text="Untuk kepala unit diabaikan: mengikuti Capaian Kinerja Organisasi.",
    )
    behaviour_rating = RatingField(label=_("rating perilaku kerja"))
    feedback = serializers.CharField(label=_("umpan balik"))
    recommendation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("catatan/rekomendasi"),
        help_text="Bagian 5 Dokumen Evaluasi Kinerja Pegawai.",
    )


class ObjectSerializer(serializers.Serializer):
    reasons = serializers.CharField(label=_("alasan keberatan"))


class DecideSerializer(serializers.Serializer):
    decision = DecisionField(label=_("keputusan"))
    notes = serializers.CharField(label=_("pertimbangan keputusan"))
    result_rating = RatingField(required=False, allow_null=True, label=_("rating hasil kerja baru"))
    behaviour_rating = RatingField(required=False, allow_null=True, label=_("rating perilaku kerja baru"))


class DialogueWriteSerializer(serializers.Serializer):
    held_on = serializers.DateField(label=_("tanggal"))
    topic = serializers.CharField(max_length=200, label=_("topik"))
    notes = serializers.CharField(label=_("catatan"))
    follow_up = serializers.CharField(allow_blank=True, required=False, default="", label=_("tindak lanjut"))


# --- Peer feedback -------------------------------------------------------------------------------


class CoreValueGuidanceSerializer(serializers.Serializer):
    core_value = CoreValueField()
    label = serializers.CharField()
    guidance = serializers.ListField(child=serializers.CharField())


class ColleagueSerializer(serializers.Serializer):
    name = serializers.CharField()
    position_title = serializers.CharField()
    unit_name = serializers.CharField()


class PeerFeedbackFormSerializer(serializers.Serializer):
    """What a colleague needs to answer: whom, for which period, by when, and the seven values."""

    task = serializers.IntegerField()
    colleague = ColleagueSerializer()
    period = PeriodBriefSerializer()
    due = serializers.DateField(allow_null=True)
    values = CoreValueGuidanceSerializer(many=True)
    levels = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), help_text="[{value, label}] ABOVE/MEETS/BELOW."
    )


def peer_feedback_form(task, evaluation: Evaluation, due) -> dict[str, Any]:
    return {
        "task": task.pk,
        "colleague": {
            "name": evaluation.employee.full_name,
            "position_title": evaluation.position_title,
            "unit_name": evaluation.unit_name,
        },
        "period": evaluation.period,
        "due": due,
        "values": [
            {"core_value": value, "label": str(label), "guidance": list(CORE_VALUE_GUIDANCE[value])}
            for value, label in CoreValue.choices
        ],
        "levels": [{"value": value, "label": str(label)} for value, label in PeerFeedback.Level.choices],
    }


class PeerFeedbackWriteSerializer(serializers.Serializer):
    ratings = serializers.DictField(
        child=RatingField(), help_text="Satu penilaian per nilai dasar: {PELAYANAN: ABOVE|MEETS|BELOW, ...}."
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="", label=_("komentar"))

    def validate_ratings(self, value: dict[str, str]) -> dict[str, str]:
        if set(value) != set(CoreValue.values):
            raise serializers.ValidationError(_("Isi penilaian untuk ketujuh nilai dasar BerAKHLAK."))
        return value


class DoneSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- Public verification ---------------------------------------------------------------------


class VerificationSerializer(serializers.Serializer):
    """What the public may know of a final document: whose, which period, the predicate, the hash."""

    name = serializers.CharField()
    period = serializers.CharField()
    predicate = serializers.CharField()
    sha256 = serializers.CharField()


class SiasnStateSerializer(serializers.Serializer):
    """Whether SIASN's kinerja history holds this final evaluation (appraisal/siasn/): PENDING belum dikirim, SENT
    terkirim (siasn_id, sent_at), FAILED gagal (error)."""

    evaluation = serializers.IntegerField()
    state = serializers.ChoiceField(choices=SubmissionState.choices)
    state_label = serializers.CharField()
    endpoint = serializers.CharField(allow_blank=True)
    siasn_id = serializers.CharField(allow_blank=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    document_uploaded = serializers.BooleanField()
