"""The periodic evaluation over REST: periods, evaluations with their realisation and evidence, the flow's
actions, peer feedback and the public verification of final documents.

Every read is narrowed by appraisal.policy (an evaluation the user may not see is a 404, its existence is
not confirmed) and every change goes through appraisal.evaluation.services, which decides who may act as
the open task's owner. Refusals become structured answers in api.exceptions: 403 not yours, 409 no longer
open or signed off (EvaluationLocked), 400 bad input.
"""

from __future__ import annotations

import os

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from api.evaluation import serializers as s
from api.exceptions import ErrorSerializer
from api.filters import IdFilter
from api.skp.views import PdfRenderer, render_error_json
from appraisal import policy
from appraisal.evaluation import services
from appraisal.evaluation.selectors import eligible_employees, evaluation_by_code, evaluation_with_details
from appraisal.evaluation.services import EvaluationLocked
from appraisal.models import (
    Evaluation,
    EvaluationStatus,
    Evidence,
    Objection,
    Period,
    Realization,
    SubmissionState,
    UnitPerformance,
)
from appraisal.org.selectors import unit_subtree_ids
from appraisal.siasn import services as siasn_services
from appraisal.siasn.tasks import send_evaluation_to_siasn
from config.ratelimit import ClientAddressMixin
from workflows.selectors import inbox_item
from workflows.steps import evaluation as steps
from workflows.steps.common import OPEN_STATUSES, TaskNotOpen

OUT_OF_SCOPE = _("Anda tidak berwenang: unit kerja ini di luar cakupan Admin Kepegawaian Anda.")
NO_DOCUMENT = _("Dokumen final belum tersedia: evaluasi ini belum disahkan.")
LINK_EVIDENCE = _("Bukti dukung ini berupa tautan, bukan berkas.")
UNIT_OUTSIDE_PERIOD = _("Unit kerja ini tidak termasuk cakupan periode.")
PEER_THANKS = _("Terima kasih. Umpan balik Anda tersimpan tanpa nama.")

REALIZATION_ID = OpenApiParameter(
    "realization_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id realisasi."
)
EVIDENCE_ID = OpenApiParameter("evidence_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id bukti dukung.")


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_INPUT = _error("Data tidak lengkap atau tidak sah (invalid: lihat `errors`).")
NOT_YOURS = _error("Bukan pemegang tugas ini, atau bukan peran yang berwenang.")
OUT_OF_SCOPE_RESPONSE = _error("Di luar cakupan Admin Kepegawaian.")
NOT_FOUND = _error("Tidak ada, atau tidak boleh dilihat pengguna.")
CONFLICT = _error(
    "Tugas sudah diselesaikan/dibatalkan (task_not_open), sedang diproses (locked), "
    "atau evaluasi sudah disahkan dan dikunci (evaluation_locked)."
)


class AnyRenderer(renderers.BaseRenderer):
    """Lets a download be asked for with any Accept header; the view answers with the file itself."""

    media_type = "*/*"
    format = "download"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return render_error_json(data, renderer_context)  # only error answers pass through here


DOWNLOAD_RENDERERS = [renderers.JSONRenderer, PdfRenderer, AnyRenderer]


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Periods -----------------------------------------------------------------------------------


class PeriodFilter(filters.FilterSet):
    year = filters.NumberFilter(help_text="Tahun periode.")
    unit = IdFilter(field_name="unit", help_text="Id unit kerja yang dibuka periodenya.")

    class Meta:
        model = Period
        fields = ["year", "unit"]


@extend_schema_view(
    list=extend_schema(summary="Periode penilaian yang boleh dilihat pengguna"),
    retrieve=extend_schema(summary="Rincian periode penilaian", responses={200: s.PeriodSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Buka periode penilaian untuk unit dan unit di bawahnya (Admin Kepegawaian)",
        request=s.PeriodWriteSerializer,
        responses={
            201: s.PeriodOpenResultSerializer,
            202: s.PeriodOpenResultSerializer,
            400: BAD_INPUT,
            403: OUT_OF_SCOPE_RESPONSE,
        },
    ),
)
class PeriodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Periods of HR's units, and those of the evaluations the user may see."""

    queryset = Period.objects.all()  # the model for the schema; get_queryset narrows it
    serializer_class = s.PeriodSerializer
    filterset_class = PeriodFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Period]:
        user = self.request.user
        seen = policy.visible_evaluations(user, Evaluation.objects.all()).values("period_id")
        return (
            Period.objects.filter(Q(unit_id__in=policy.hr_unit_ids(user)) | Q(pk__in=seen))
            .select_related("unit")
            .prefetch_related(
                Prefetch("unit_results", queryset=UnitPerformance.objects.select_related("unit").order_by("unit__name"))
            )
            .order_by("-year", "-start_date", "unit__name", "id")
        )

    def get_object(self) -> Period:
        period = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if period is None:
            raise Http404
        return period

    def _period(self, period: Period, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=period.pk)
        return Response(s.PeriodSerializer(fresh, context=self.get_serializer_context()).data, status=status_code)

    def retrieve(self, request, pk=None) -> Response:
        return self._period(self.get_object())

    def create(self, request) -> Response:
        data = _valid(s.PeriodWriteSerializer, request)
        if not policy.can_manage_periods(request.user, data["unit"]):
            raise PermissionDenied(OUT_OF_SCOPE)
        period = steps.period_open(actor=request.user, **data)
        _eligible, skipped = eligible_employees(period)
        payload = {
            "period": self.get_queryset().get(pk=period.pk),
            "created": list(period.evaluations.order_by("id").values_list("id", flat=True)),
            "skipped": [
                {"employee": employee.pk, "name": employee.full_name, "reason": reason} for employee, reason in skipped
            ],
        }
        serializer = s.PeriodOpenResultSerializer(payload, context=self.get_serializer_context())
        # The evaluations are created by a job: 201 when it already finished, else 202 (follow `opening_status`
        # on GET /periods/{id}/).
        done = period.opening_status == Period.Opening.DONE
        return Response(serializer.data, status=status.HTTP_201_CREATED if done else status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Catat Capaian Kinerja Organisasi sebuah unit sesuai penetapan pimpinan (Admin Kepegawaian)",
        request=s.OrgPredicateWriteSerializer,
        responses={200: s.PeriodSerializer, 400: BAD_INPUT, 403: OUT_OF_SCOPE_RESPONSE, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["put"], url_path="org-predicates", filter_backends=[], pagination_class=None)
    def org_predicates(self, request, pk=None) -> Response:
        period = self.get_object()
        data = _valid(s.OrgPredicateWriteSerializer, request)
        unit = data["unit"]
        if not policy.can_manage_periods(request.user, unit):
            raise PermissionDenied(OUT_OF_SCOPE)
        if unit.pk not in unit_subtree_ids([period.unit_id]):
            raise ValidationError({"unit": [UNIT_OUTSIDE_PERIOD]})
        services.unit_performance_set(
            period=period,
            unit=unit,
            predicate=data["predicate"],
            decree_number=data["decree_number"],
            decree_date=data["decree_date"],
            actor=request.user,
        )
        return self._period(period)


# --- Evaluations -------------------------------------------------------------------------------


class EvaluationFilter(filters.FilterSet):
    period = IdFilter(field_name="period", help_text="Id periode.")
    status = filters.ChoiceFilter(choices=EvaluationStatus.choices)
    employee = IdFilter(field_name="employee", help_text="Id pegawai.")

    class Meta:
        model = Evaluation
        fields = ["period", "status", "employee"]


def _action_schema(summary: str, request=None, ok: int = 200, response=None, **extra):
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            ok: response or s.EvaluationDetailSerializer,
            400: BAD_INPUT,
            403: NOT_YOURS,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        **extra,
    )


@extend_schema_view(
    list=extend_schema(summary="Evaluasi kinerja yang boleh dilihat pengguna"),
    retrieve=extend_schema(
        summary="Rincian evaluasi: realisasi, bukti, rating, predikat, keberatan, tugas terbuka",
        responses={200: s.EvaluationDetailSerializer, 404: NOT_FOUND},
    ),
)
class EvaluationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Evaluasi kinerja. Lists show what policy.visible_evaluations allows; one per policy.can_view_evaluation."""

    queryset = Evaluation.objects.all()  # the model for the schema; get_queryset narrows it
    serializer_class = s.EvaluationSerializer
    filterset_class = EvaluationFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Evaluation]:
        evaluations = Evaluation.objects.select_related("employee", "period", "appraiser").order_by(
            "-period__year", "-period__start_date", "employee__name", "id"
        )
        return policy.visible_evaluations(self.request.user, evaluations)

    def get_object(self) -> Evaluation:
        """The evaluation; one outside the user's view is a 404, like one that does not exist."""
        evaluation = (
            Evaluation.objects.select_related("employee", "period", "unit", "position", "process")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if evaluation is None or not policy.can_view_evaluation(self.request.user, evaluation):
            raise Http404
        return evaluation

    def _writable(self) -> Evaluation:
        """The evaluation for a change: signed off means nothing changes, whoever asks (409)."""
        evaluation = self.get_object()
        if evaluation.is_final:
            raise EvaluationLocked()
        return evaluation

    def _detail(self, evaluation: Evaluation, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = evaluation_with_details(evaluation.pk)
        data = s.EvaluationDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def _realization(self, evaluation: Evaluation, realization_id) -> Realization:
        realization = (
            Realization.objects.filter(evaluation=evaluation, pk=realization_id)
            .select_related("evaluation", "indicator", "indicator__result")
            .first()
        )
        if realization is None:
            raise Http404
        return realization

    def _evidence(self, evaluation: Evaluation, evidence_id) -> Evidence:
        evidence = (
            Evidence.objects.filter(realization__evaluation=evaluation, pk=evidence_id)
            .select_related("realization__evaluation")
            .first()
        )
        if evidence is None:
            raise Http404
        return evidence

    def retrieve(self, request, pk=None) -> Response:
        return self._detail(self.get_object())

    # --- realisation and evidence (the employee, during self-assessment) ----------------------

    @_action_schema(
        "Isi realisasi satu indikator",
        request=s.RealizationWriteSerializer,
        response=s.RealizationSerializer,
        parameters=[REALIZATION_ID],
    )
    @action(
        detail=True, methods=["patch"], url_path=r"realizations/(?P<realization_id>\d+)", url_name="realization",
        filter_backends=[],
    )  # fmt: skip
    def realization(self, request, pk=None, realization_id=None) -> Response:
        evaluation = self._writable()
        realization = self._realization(evaluation, realization_id)
        data = _valid(s.RealizationWriteSerializer, request, partial=True)
        services.realization_save(
            realization=realization,
            actor=request.user,
            value=data.get("value", realization.value),
            note=data.get("note", realization.note),
        )
        fresh = (
            Realization.objects.select_related("indicator", "indicator__result")
            .prefetch_related("evidence")
            .get(pk=realization.pk)
        )
        return Response(s.RealizationSerializer(fresh, context=self.get_serializer_context()).data)

    @_action_schema(
        "Tambah bukti dukung: unggah berkas (multipart) atau tautan (JSON)",
        request={
            "multipart/form-data": s.EvidenceUploadSerializer,
            "application/json": s.EvidenceLinkSerializer,
        },
        ok=201,
        response=s.EvidenceSerializer,
        parameters=[REALIZATION_ID],
    )
    @action(
        detail=True, methods=["post"], url_path=r"realizations/(?P<realization_id>\d+)/evidence",
        url_name="realization-evidence", filter_backends=[],
    )  # fmt: skip
    def realization_evidence(self, request, pk=None, realization_id=None) -> Response:
        evaluation = self._writable()
        realization = self._realization(evaluation, realization_id)
        data = _valid(s.EvidenceWriteSerializer, request)
        evidence = services.evidence_add(
            realization=realization,
            actor=request.user,
            file=data.get("file"),
            url=data["url"],
            description=data["description"],
        )
        serializer = s.EvidenceSerializer(
            evidence, context={**self.get_serializer_context(), "evaluation_id": evaluation.pk}
        )
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @_action_schema("Hapus bukti dukung", ok=204, response=OpenApiResponse(description="Dihapus."))
    @action(
        detail=True, methods=["delete"], url_path=r"evidence/(?P<evidence_id>\d+)", url_name="evidence",
        filter_backends=[],
    )  # fmt: skip
    def evidence(self, request, pk=None, evidence_id=None) -> Response:
        evaluation = self._writable()
        services.evidence_remove(evidence=self._evidence(evaluation, evidence_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Unduh berkas bukti dukung",
        parameters=[EVIDENCE_ID],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    )
    @action(
        detail=True, methods=["get"], url_path=r"evidence/(?P<evidence_id>\d+)/download",
        url_name="evidence-download", renderer_classes=DOWNLOAD_RENDERERS, filter_backends=[],
    )  # fmt: skip
    def evidence_download(self, request, pk=None, evidence_id=None) -> FileResponse:
        evidence = self._evidence(self.get_object(), evidence_id)
        if not evidence.file:
            raise NotFound(LINK_EVIDENCE)
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=os.path.basename(evidence.file.name),
            content_type=evidence.content_type or "application/octet-stream",
        )

    # --- the flow's steps ----------------------------------------------------------------------

    @_action_schema("Ajukan penilaian mandiri (pegawai)", request=s.TextSerializer)
    @action(detail=True, methods=["post"], url_path="self-assessment", url_name="self-assessment", filter_backends=[])
    def self_assessment(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.TextSerializer, request)
        steps.self_assessment_submit(evaluation=evaluation, actor=request.user, text=data["text"])
        return self._detail(evaluation)

    @_action_schema("Pilih rekan kerja pemberi umpan balik (pejabat penilai kinerja)", request=s.PeersSerializer)
    @action(detail=True, methods=["put"], filter_backends=[])
    def peers(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.PeersSerializer, request)
        services.peers_choose(evaluation=evaluation, peers=data["peers"], actor=request.user)
        return self._detail(evaluation)

    @_action_schema("Nilai hasil kerja dan perilaku (pejabat penilai kinerja)", request=s.RateSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def rate(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.RateSerializer, request)
        steps.evaluation_rate(
            evaluation=evaluation,
            actor=request.user,
            result_rating=data.get("result_rating") or None,
            behaviour_rating=data["behaviour_rating"],
            feedback=data["feedback"],
            recommendation=data.get("recommendation", ""),
        )
        return self._detail(evaluation)

    @_action_schema("Terima hasil evaluasi (pegawai)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None) -> Response:
        evaluation = self._writable()
        steps.evaluation_accept(evaluation=evaluation, actor=request.user)
        return self._detail(evaluation)

    @_action_schema("Ajukan keberatan dalam 14 hari (pegawai)", request=s.ObjectSerializer)
    @action(detail=True, methods=["post"], url_path="object", url_name="object", filter_backends=[])
    def object_(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.ObjectSerializer, request)
        steps.objection_file(evaluation=evaluation, actor=request.user, reasons=data["reasons"])
        return self._detail(evaluation)

    @_action_schema("Beri penjelasan atas keberatan (pejabat penilai kinerja atau pegawai)", request=s.TextSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def explain(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.TextSerializer, request)
        steps.objection_explain(evaluation=evaluation, actor=request.user, text=data["text"])
        return self._detail(evaluation)

    @_action_schema(
        "Putuskan keberatan (atasan pejabat penilai kinerja; kepegawaian bila terlambat)", request=s.DecideSerializer
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.DecideSerializer, request)
        changed = data["decision"] == Objection.Decision.CHANGED
        steps.objection_decide(
            evaluation=evaluation,
            actor=request.user,
            decision=data["decision"],
            notes=data["notes"],
            result_rating=(data.get("result_rating") or "") if changed else "",
            behaviour_rating=(data.get("behaviour_rating") or "") if changed else "",
        )
        return self._detail(evaluation)

    @_action_schema("Sahkan evaluasi; dokumen final dibuat (Admin Kepegawaian)")
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off", filter_backends=[])
    def sign_off(self, request, pk=None) -> Response:
        evaluation = self._writable()
        steps.evaluation_sign_off(evaluation=evaluation, actor=request.user)
        return self._detail(evaluation)

    @extend_schema(
        methods=["GET"],
        summary="Status kirim ke SIASN (Admin Kepegawaian unit periode)",
        responses={200: s.SiasnStateSerializer, 403: NOT_YOURS, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Kirim (ulang) evaluasi final ke SIASN; dikirim oleh job (Admin Kepegawaian unit periode)",
        request=None,
        responses={202: s.SiasnStateSerializer, 400: BAD_INPUT, 403: NOT_YOURS, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def siasn(self, request, pk=None) -> Response:
        evaluation = self.get_object()
        if request.method == "POST":
            submission = siasn_services.evaluation_resend(evaluation=evaluation, actor=request.user)
            transaction.on_commit(lambda: send_evaluation_to_siasn(evaluation.pk))
            code = status.HTTP_202_ACCEPTED
        else:
            if not policy.can_send_to_siasn(request.user, evaluation):
                raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat melihat status SIASN."))
            submission = siasn_services.submissions_of([evaluation.pk]).get(evaluation.pk)
            code = status.HTTP_200_OK
        data = {
            "evaluation": evaluation.pk,
            "state": submission.state if submission else SubmissionState.PENDING,
            "state_label": (submission.get_state_display() if submission else SubmissionState.PENDING.label),
            "endpoint": submission.endpoint if submission else "",
            "siasn_id": submission.siasn_id if submission else "",
            "sent_at": submission.sent_at if submission else None,
            "error": submission.error if submission else "",
            "document_uploaded": submission.document_uploaded if submission else False,
        }
        return Response(s.SiasnStateSerializer(data).data, status=code)

    @extend_schema(
        summary="Dokumen Evaluasi Kinerja Pegawai (PDF), setelah disahkan",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS, filter_backends=[])
    def document(self, request, pk=None) -> FileResponse:
        evaluation = self.get_object()
        if not (evaluation.is_final and evaluation.document):
            raise NotFound(NO_DOCUMENT)
        return FileResponse(
            evaluation.document.open("rb"),
            as_attachment=True,
            filename=os.path.basename(evaluation.document.name),
            content_type="application/pdf",
        )

    # --- continuous feedback and dialogues (the appraiser, any time before sign-off) ----------

    @_action_schema(
        "Beri umpan balik berkelanjutan: apresiasi atau masukan (pejabat penilai kinerja)",
        request=s.FeedbackWriteSerializer,
        ok=201,
        response=s.FeedbackSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def feedback(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.FeedbackWriteSerializer, request)
        feedback = services.feedback_give(
            employee=evaluation.employee,
            actor=request.user,
            text=data["text"],
            kind=data["kind"],
            evaluation=evaluation,
            result_id=data["result"],
        )
        return Response(s.FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)

    @_action_schema(
        "Catat dialog kinerja (pejabat penilai kinerja)",
        request=s.DialogueWriteSerializer,
        ok=201,
        response=s.DialogueSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def dialogues(self, request, pk=None) -> Response:
        evaluation = self._writable()
        data = _valid(s.DialogueWriteSerializer, request)
        dialogue = services.dialogue_record(
            employee=evaluation.employee, actor=request.user, evaluation=evaluation, **data
        )
        return Response(s.DialogueSerializer(dialogue).data, status=status.HTTP_201_CREATED)


# --- Peer feedback -------------------------------------------------------------------------------


class PeerFeedbackView(APIView):
    """A colleague's feedback task: only its owner sees it; the answer is stored without their name."""

    def _task(self, request, task_id: int) -> Task:
        task = steps.peer_task(task_id)
        # Anyone but the owner gets the same answer as for a task that does not exist.
        if not policy.owns_task(request.user, task):
            raise Http404
        if task.status not in OPEN_STATUSES:
            raise TaskNotOpen()
        return task

    @extend_schema(
        summary="Formulir umpan balik rekan kerja: siapa yang dinilai dan ketujuh nilai BerAKHLAK",
        responses={200: s.PeerFeedbackFormSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def get(self, request, task_id: int) -> Response:
        task = self._task(request, task_id)
        evaluation = task.process.evaluationprocess.evaluation
        form = s.peer_feedback_form(task, evaluation, inbox_item(task).due)
        return Response(s.PeerFeedbackFormSerializer(form).data)

    @extend_schema(
        summary="Kirim umpan balik rekan kerja (anonim)",
        request=s.PeerFeedbackWriteSerializer,
        responses={201: s.DoneSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, task_id: int) -> Response:
        task = self._task(request, task_id)
        data = _valid(s.PeerFeedbackWriteSerializer, request)
        steps.peer_feedback_submit(task=task, actor=request.user, ratings=data["ratings"], comment=data["comment"])
        return Response({"detail": str(PEER_THANKS)}, status=status.HTTP_201_CREATED)


# --- Public verification -----------------------------------------------------------------------


class ViewRateThrottle(ClientAddressMixin, ScopedRateThrottle):
    """ScopedRateThrottle per client address; the rate is the view's `throttle_rate`, so settings need nothing."""

    def allow_request(self, request, view) -> bool:
        self.rate = getattr(view, "throttle_rate", None)
        if self.rate is None:
            return True
        self.scope = getattr(view, "throttle_scope", view.__class__.__name__)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request, view)


class VerifyView(APIView):
    """Anyone holding a document checks it: whose, which period, the predicate and the hash; nothing else."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public: no session, no CSRF, the same answer for everyone
    throttle_classes = [ViewRateThrottle]
    throttle_scope = "verification"
    throttle_rate = "30/minute"  # codes are 12 characters of 32; this keeps guessing pointless

    @extend_schema(
        summary="Verifikasi dokumen evaluasi dengan kodenya (publik)",
        auth=[],
        responses={200: s.VerificationSerializer, 404: NOT_FOUND, 429: _error("Terlalu banyak permintaan.")},
    )
    def get(self, request, code: str) -> Response:
        evaluation = evaluation_by_code(code)
        if evaluation is None:
            raise NotFound(_("Kode verifikasi tidak dikenal."))
        data = {
            "name": evaluation.employee_name or evaluation.employee.full_name,
            "period": f"{evaluation.period.get_kind_display()} {evaluation.period.year}",
            "predicate": str(evaluation.get_predicate_display()),
            "sha256": evaluation.document_sha256,
        }
        return Response(s.VerificationSerializer(data).data)
