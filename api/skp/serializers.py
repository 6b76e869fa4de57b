"""Shapes of the SKP API: read serializers render a plan as the pages show it, write serializers check shape only.

Domain validation (who may edit, what a submission needs, which RHK may be supported) lives in
appraisal.skp.services; its ValidationError becomes a 400 (or a 409 for a locked plan) in api.exceptions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.evaluation.serializers import TaskTypeField
from api.org.serializers import EmployeeBriefSerializer
from appraisal import policy
from appraisal.models import (
    BehaviourExpectation,
    CoreValue,
    Indicator,
    IndicatorAspect,
    PerformancePlan,
    PlannedResult,
    ResultKind,
    ReviewNote,
    Unit,
)
from appraisal.skp.services import IndicatorInput


@extend_schema_field(
    {"type": "string", "enum": ResultKind.values, "description": "UTAMA (utama) atau TAMBAHAN (tambahan)."},
    component_name="ResultKindEnum",
)
class ResultKindField(serializers.ChoiceField):
    """Jenis RHK. Its own schema component: other resources also call a field `kind`, with other choices."""

    def __init__(self, **kwargs):
        super().__init__(choices=ResultKind.choices, **kwargs)


# --- Read ------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    aspect_display = serializers.CharField(source="get_aspect_display", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "aspect", "aspect_display", "text", "target_value", "target_unit", "target_display", "order"]


class SupportedResultSerializer(serializers.ModelSerializer):
    """The appraiser's RHK that a result supports (intervenes in)."""

    class Meta:
        model = PlannedResult
        fields = ["id", "text"]


class ReviewNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = ReviewNote
        fields = ["id", "result", "text", "author", "author_name", "created_at"]

    def get_author_name(self, note: ReviewNote) -> str:
        return note.author.get_full_name() or note.author.username


class ResultSerializer(serializers.ModelSerializer):
    """One RHK with its indicators and the appraiser's notes on it (from the plan's prefetched notes)."""

    kind = ResultKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    supports = SupportedResultSerializer(read_only=True, allow_null=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    notes = serializers.SerializerMethodField(help_text="Catatan pejabat penilai kinerja untuk RHK ini.")

    class Meta:
        model = PlannedResult
        fields = ["id", "kind", "kind_display", "text", "supports", "supports_text", "order", "indicators", "notes"]

    @extend_schema_field(ReviewNoteSerializer(many=True))
    def get_notes(self, result: PlannedResult) -> list[dict[str, Any]]:
        by_result = self.context.get("notes_by_result")
        notes = by_result.get(result.pk, []) if by_result is not None else result.notes.all()
        return ReviewNoteSerializer(notes, many=True).data


class BehaviourSerializer(serializers.ModelSerializer):
    core_value_display = serializers.CharField(source="get_core_value_display", read_only=True)
    guidance = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = BehaviourExpectation
        fields = ["core_value", "core_value_display", "guidance", "expectation"]


class PlanLinksSerializer(serializers.Serializer):
    api = serializers.URLField(help_text="Alamat API SKP ini.")
    page = serializers.CharField(help_text="Halaman SKP ini di aplikasi web.")
    pdf = serializers.URLField(help_text="Dokumen SKP (PDF).")


def plan_links(plan: PerformancePlan, request) -> dict[str, str]:
    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if request is not None else url

    return {
        "api": absolute(reverse("api:plan-detail", args=[plan.pk])),
        "page": reverse("skp_detail", args=[plan.pk]),
        "pdf": absolute(reverse("api:plan-pdf", args=[plan.pk])),
    }


class PlanSerializer(serializers.ModelSerializer):
    """A plan in lists: who, which year and version, where it stands."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    employee = EmployeeBriefSerializer(read_only=True)
    appraiser = EmployeeBriefSerializer(read_only=True, allow_null=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = PerformancePlan
        fields = [
            "id", "year", "version", "status", "status_display", "employee", "unit", "unit_name", "position_title",
            "appraiser", "submitted_at", "approved_at", "links",
        ]  # fmt: skip

    @extend_schema_field(PlanLinksSerializer)
    def get_links(self, plan: PerformancePlan) -> dict[str, str]:
        return plan_links(plan, self.context.get("request"))


class PlanDetailSerializer(PlanSerializer):
    """Everything the SKP page shows: the snapshot at creation, results, behaviours, notes, versions."""

    senior_appraiser = EmployeeBriefSerializer(read_only=True, allow_null=True)
    approved_by = EmployeeBriefSerializer(read_only=True, allow_null=True)
    results = serializers.SerializerMethodField()
    behaviours = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(help_text="Semua catatan pengembalian (umum dan per RHK), terlama dulu.")
    next_version = serializers.SerializerMethodField(help_text="Id versi berikutnya, bila sudah dibuat.")
    can_edit = serializers.SerializerMethodField(help_text="Pengguna boleh mengubah SKP ini sekarang.")

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "period_start", "period_end", "position", "grade",
            "appraiser_position_title", "appraiser_unit_name", "appraiser_grade", "senior_appraiser",
            "is_top", "is_editable", "can_edit",
            "approach", "resource_support", "accountability_scheme", "consequences",
            "previous_version", "next_version", "revision_reason", "created_at", "approved_by",
            "results", "behaviours", "notes",
        ]  # fmt: skip

    @extend_schema_field(ResultSerializer(many=True))
    def get_results(self, plan: PerformancePlan) -> list[dict[str, Any]]:
        by_result: dict[int | None, list[ReviewNote]] = defaultdict(list)
        for note in plan.notes.all():
            by_result[note.result_id].append(note)
        context = {**self.context, "notes_by_result": by_result}
        return ResultSerializer(plan.results.all(), many=True, context=context).data

    @extend_schema_field(BehaviourSerializer(many=True))
    def get_behaviours(self, plan: PerformancePlan) -> list[dict[str, Any]]:
        behaviours = sorted(plan.behaviours.all(), key=lambda b: b.position)  # BerAKHLAK order, not id order
        return BehaviourSerializer(behaviours, many=True).data

    @extend_schema_field(ReviewNoteSerializer(many=True))
    def get_notes(self, plan: PerformancePlan) -> list[dict[str, Any]]:
        return ReviewNoteSerializer(plan.notes.all(), many=True).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_next_version(self, plan: PerformancePlan) -> int | None:
        return PerformancePlan.objects.filter(previous_version=plan).values_list("id", flat=True).first()

    @extend_schema_field(serializers.BooleanField())
    def get_can_edit(self, plan: PerformancePlan) -> bool:
        request = self.context.get("request")
        return bool(request is not None and policy.can_edit_plan(request.user, plan))


class BulkStartSkippedSerializer(serializers.Serializer):
    employee = EmployeeBriefSerializer()
    reason = serializers.CharField()


class BulkStartResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text="Id SKP yang dibuat.")
    skipped = BulkStartSkippedSerializer(many=True, help_text="Pegawai yang dilewati, dengan alasannya.")


class TaskLinksSerializer(serializers.Serializer):
    page = serializers.CharField(help_text="Halaman untuk mengerjakan tugas ini.")
    api = serializers.URLField(
        allow_null=True, help_text="Alamat API objek tugas: SKP, evaluasi, atau formulir umpan balik rekan kerja."
    )


class TaskSerializer(serializers.Serializer):
    """One open task of the inbox (workflows.selectors.InboxItem)."""

    id = serializers.IntegerField(source="task.pk")
    type = TaskTypeField(source="kind")
    title = serializers.CharField()
    subject = serializers.CharField()
    created = serializers.DateTimeField(source="task.created")
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(TaskLinksSerializer)
    def get_links(self, item) -> dict[str, str | None]:
        request = self.context.get("request")
        api = None
        process = item.task.process
        skp = getattr(process, "skpprocess", None)
        evaluation = getattr(process, "evaluationprocess", None)
        if skp is not None:
            api = reverse("api:plan-detail", args=[skp.plan_id])
        elif evaluation is not None and item.kind == "peer_feedback":
            # Peers answer on their task's own endpoint; they may not see the evaluation itself.
            api = reverse("api:peer-feedback", args=[item.task.pk])
        elif evaluation is not None:
            api = reverse("api:evaluation-detail", args=[evaluation.evaluation_id])
        if api is not None and request is not None:
            api = request.build_absolute_uri(api)
        return {"page": item.url, "api": api}


# --- Write -----------------------------------------------------------------------------------


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("tahun"))


class PlanUpdateSerializer(serializers.ModelSerializer):
    """Lampiran SKP; omitted fields stay as they are."""

    class Meta:
        model = PerformancePlan
        fields = ["approach", "resource_support", "accountability_scheme", "consequences"]
        extra_kwargs = {name: {"required": False} for name in fields}


class IndicatorWriteSerializer(serializers.Serializer):
    aspect = serializers.ChoiceField(choices=IndicatorAspect.choices, label=_("aspek"))
    text = serializers.CharField(label=_("indikator kinerja individu"))
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, label=_("target"))
    target_unit = serializers.CharField(max_length=60, label=_("satuan"))

    def to_internal_value(self, data) -> IndicatorInput:
        return IndicatorInput(**super().to_internal_value(data))


class ResultWriteSerializer(serializers.Serializer):
    kind = ResultKindField(default=ResultKind.UTAMA, label=_("jenis"))
    text = serializers.CharField(label=_("rencana hasil kerja"))
    supports = serializers.PrimaryKeyRelatedField(
        queryset=PlannedResult.objects.select_related("plan"),
        allow_null=True,
        required=False,
        default=None,
        help_text="Id RHK pejabat penilai kinerja yang diintervensi.",
    )
    supports_text = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Untuk pimpinan puncak: sasaran organisasi."
    )
    indicators = IndicatorWriteSerializer(many=True, help_text="Diganti seluruhnya pada setiap penyimpanan.")


def behaviours_write_serializer() -> type[serializers.Serializer]:
    """One optional text per BerAKHLAK value, keyed by its code; unknown keys are refused."""
    fields = {
        value: serializers.CharField(required=False, allow_blank=True, label=label, help_text=_("Ekspektasi khusus"))
        for value, label in CoreValue.choices
    }

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(CoreValue.values)
        if unknown:
            raise serializers.ValidationError(
                _("Nilai dasar tidak dikenal: %(v)s") % {"v": ", ".join(sorted(map(str, unknown)))}
            )
        return attrs

    return type("BehavioursWriteSerializer", (serializers.Serializer,), {**fields, "validate": validate})


BehavioursWriteSerializer = behaviours_write_serializer()


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="", label=_("catatan umum"))
    result_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Catatan per RHK: {id RHK: catatan}.",
    )

    def validate_result_notes(self, value: dict[str, str]) -> dict[int, str]:
        try:
            return {int(key): text for key, text in value.items()}
        except ValueError as exc:
            raise serializers.ValidationError(_("Kunci catatan harus berupa id RHK.")) from exc


class ReviseSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("alasan perubahan"))


class BulkStartSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label=_("unit kerja"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("tahun"))


class ReassignSerializer(serializers.Serializer):
    to_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), label=_("kepada"), help_text="Id pengguna penerima tugas."
    )
    reason = serializers.CharField(label=_("alasan"))
