"""SKP planning over REST: plans, their RHK and behaviours, the review actions, PDFs, the task inbox.

Every read is narrowed by appraisal.policy (a plan the user may not see is a 404, its existence is not
confirmed) and every change goes through appraisal.skp.services, which decides who may act: the
employee edits and submits, the appraiser approves or returns, as the open task's owner. The services'
refusals become structured answers in api.exceptions (403 not yours, 409 no longer open, 400 bad input).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from viewflow.workflow.models import Task

from api.exceptions import ErrorSerializer
from api.filters import IdFilter
from api.skp import serializers as s
from appraisal import policy
from appraisal.documents.pdf import plan_pdf_filename, render_plan_pdf
from appraisal.models import PerformancePlan, PlannedResult, PlanStatus
from appraisal.org import selectors
from appraisal.skp import services
from appraisal.skp.selectors import plan_with_details
from workflows.selectors import human_task, inbox_item, open_tasks_of
from workflows.steps import skp as steps
from workflows.steps.reassign import reassign_task, task_subject

NO_EMPLOYEE = _("Akun Anda tidak terhubung dengan data pegawai; SKP hanya dapat disusun oleh pegawai.")
OUT_OF_SCOPE = _("Anda tidak berwenang: unit kerja SKP ini di luar cakupan Admin Kepegawaian Anda.")

RESULT_ID = OpenApiParameter("result_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id RHK.")


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_INPUT = _error("Data tidak lengkap atau tidak sah (invalid: lihat `errors`).")
NOT_YOURS = _error("Bukan pemilik SKP atau tugas ini.")
OUT_OF_SCOPE_RESPONSE = _error("Di luar cakupan Admin Kepegawaian.")
CONFLICT = _error("Tugas sudah diselesaikan/dibatalkan, atau SKP terkunci (sudah diajukan/disetujui).")


class PlanFilter(filters.FilterSet):
    year = filters.NumberFilter(help_text="Tahun SKP.")
    status = filters.ChoiceFilter(choices=PlanStatus.choices)
    employee = IdFilter(field_name="employee", help_text="Id pegawai.")
    unit = IdFilter(field_name="unit", help_text="Id unit kerja (saat SKP dibuat).")

    class Meta:
        model = PerformancePlan
        fields = ["year", "status", "employee", "unit"]


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; the view itself answers with the PDF bytes."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return render_error_json(data, renderer_context)  # an error answer (404) still says why, in JSON


def render_error_json(data, renderer_context) -> bytes:
    """An error answer through a binary renderer: JSON, and labelled so (not application/pdf)."""
    response = (renderer_context or {}).get("response")
    if response is not None:
        response["Content-Type"] = "application/json"
    return renderers.JSONRenderer().render(data)


def _action_schema(summary: str, request=None, ok: int = 200, **extra):
    return extend_schema(
        summary=summary,
        request=request,
        responses={ok: s.PlanDetailSerializer, 400: BAD_INPUT, 403: NOT_YOURS, 409: CONFLICT},
        **extra,
    )


@extend_schema_view(
    list=extend_schema(summary="SKP yang boleh dilihat pengguna"),
    retrieve=extend_schema(summary="Rincian SKP", responses=s.PlanDetailSerializer),
    create=extend_schema(
        summary="Susun SKP baru untuk diri sendiri",
        request=s.PlanCreateSerializer,
        responses={201: s.PlanDetailSerializer, 400: BAD_INPUT, 403: _error("Akun tanpa data pegawai.")},
    ),
    partial_update=extend_schema(
        summary="Ubah lampiran SKP",
        request=s.PlanUpdateSerializer,
        responses={200: s.PlanDetailSerializer, 400: BAD_INPUT, 403: NOT_YOURS, 409: CONFLICT},
    ),
)
class PlanViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """SKP (PerformancePlan). Lists show what policy.visible_plans allows; one plan per policy.can_view_plan."""

    queryset = PerformancePlan.objects.all()  # the model for the schema; get_queryset narrows it
    serializer_class = s.PlanSerializer
    filterset_class = PlanFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[PerformancePlan]:
        plans = PerformancePlan.objects.select_related("employee", "appraiser").order_by(
            "-year", "employee__name", "-version", "id"
        )
        return policy.visible_plans(self.request.user, plans)

    def get_object(self) -> PerformancePlan:
        """The plan with its employee; a plan outside the user's view is a 404, like one that does not exist."""
        plan = (
            PerformancePlan.objects.select_related("employee", "appraiser", "unit").filter(pk=self.kwargs["pk"]).first()
        )
        if plan is None or not policy.can_view_plan(self.request.user, plan):
            raise Http404
        return plan

    def _detail(self, plan: PerformancePlan, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = plan_with_details(plan.pk)
        return Response(s.PlanDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status_code)

    def _valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    # --- the plan ----------------------------------------------------------------------------

    def retrieve(self, request, pk=None) -> Response:
        return self._detail(self.get_object())

    def create(self, request) -> Response:
        data = self._valid(s.PlanCreateSerializer)
        employee = selectors.employee_for_user(request.user)
        if employee is None:
            raise PermissionDenied(NO_EMPLOYEE)
        plan = steps.plan_create(employee=employee, year=data["year"], actor=request.user)
        return self._detail(plan, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None) -> Response:
        plan = self.get_object()
        data = self._valid(s.PlanUpdateSerializer, partial=True)
        services.plan_update(plan=plan, actor=request.user, **data)
        return self._detail(plan)

    @extend_schema(
        summary="Dokumen SKP (PDF)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, PdfRenderer], filter_backends=[])
    def pdf(self, request, pk=None) -> HttpResponse:
        plan = self.get_object()
        response = HttpResponse(render_plan_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{plan_pdf_filename(plan)}"'
        return response

    # --- RHK and behaviours (the employee, while the plan is a draft or returned) --------------

    @extend_schema(
        summary="Tambah RHK",
        request=s.ResultWriteSerializer,
        responses={201: s.ResultSerializer, 400: BAD_INPUT, 403: NOT_YOURS, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="results", filter_backends=[])
    def results(self, request, pk=None) -> Response:
        plan = self.get_object()
        data = self._valid(s.ResultWriteSerializer)
        result = services.result_save(plan=plan, actor=request.user, **data)
        return self._result(result, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PUT"],
        summary="Ubah RHK (indikator diganti seluruhnya)",
        parameters=[RESULT_ID],
        request=s.ResultWriteSerializer,
        responses={200: s.ResultSerializer, 400: BAD_INPUT, 403: NOT_YOURS, 409: CONFLICT},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Hapus RHK",
        parameters=[RESULT_ID],
        request=None,
        responses={204: None, 400: BAD_INPUT, 403: NOT_YOURS, 409: CONFLICT},
    )
    @action(
        detail=True, methods=["put", "delete"], url_path=r"results/(?P<result_id>\d+)", url_name="result",
        filter_backends=[],
    )  # fmt: skip
    def result(self, request, pk=None, result_id=None) -> Response:
        plan = self.get_object()
        result = PlannedResult.objects.filter(plan=plan, pk=result_id).select_related("plan").first()
        if result is None:
            raise Http404
        if request.method == "DELETE":
            services.result_delete(result=result, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = self._valid(s.ResultWriteSerializer)
        result = services.result_save(plan=plan, actor=request.user, result=result, **data)
        return self._result(result)

    def _result(self, result: PlannedResult, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            PlannedResult.objects.select_related("supports")
            .prefetch_related("indicators", "notes__author")
            .get(pk=result.pk)
        )
        return Response(s.ResultSerializer(fresh, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(
        summary="Ubah ekspektasi khusus pimpinan (pejabat penilai kinerja; PermenPANRB 6/2022)",
        request=s.BehavioursWriteSerializer,
        responses={200: s.BehaviourSerializer(many=True), 400: BAD_INPUT, 403: NOT_YOURS, 409: CONFLICT},
    )
    @action(detail=True, methods=["put"], filter_backends=[], pagination_class=None)
    def behaviours(self, request, pk=None) -> Response:
        plan = self.get_object()
        data = self._valid(s.BehavioursWriteSerializer)
        services.behaviours_update(plan=plan, actor=request.user, expectations=data)
        behaviours = sorted(plan.behaviours.all(), key=lambda b: b.position)
        return Response(s.BehaviourSerializer(behaviours, many=True).data)

    # --- the review loop ----------------------------------------------------------------------

    @_action_schema("Ajukan SKP ke pejabat penilai kinerja")
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None) -> Response:
        plan = self.get_object()
        return self._detail(steps.plan_submit(plan=plan, actor=request.user))

    @_action_schema("Setujui SKP")
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None) -> Response:
        plan = self.get_object()
        return self._detail(steps.plan_approve(plan=plan, actor=request.user))

    @_action_schema("Kembalikan SKP dengan catatan", request=s.ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_(self, request, pk=None) -> Response:
        plan = self.get_object()
        data = self._valid(s.ReturnSerializer)
        return self._detail(
            steps.plan_return(plan=plan, actor=request.user, note=data["note"], result_notes=data["result_notes"])
        )

    @_action_schema("Buat versi baru SKP yang sudah disetujui", request=s.ReviseSerializer, ok=201)
    @action(detail=True, methods=["post"], filter_backends=[])
    def revise(self, request, pk=None) -> Response:
        plan = self.get_object()
        data = self._valid(s.ReviseSerializer)
        new = steps.plan_revise(plan=plan, actor=request.user, reason=data["reason"])
        return self._detail(new, status.HTTP_201_CREATED)

    # --- HR ------------------------------------------------------------------------------------

    @extend_schema(
        summary="Buka SKP untuk semua pegawai unit (Admin Kepegawaian)",
        request=s.BulkStartSerializer,
        responses={200: s.BulkStartResultSerializer, 400: BAD_INPUT, 403: OUT_OF_SCOPE_RESPONSE},
    )
    @action(detail=False, methods=["post"], url_path="bulk-start", filter_backends=[], pagination_class=None)
    def bulk_start(self, request) -> Response:
        data = self._valid(s.BulkStartSerializer)
        if not policy.can_manage_plans_of_unit(request.user, data["unit"]):
            raise PermissionDenied(OUT_OF_SCOPE)
        report = steps.plans_start_for_unit(unit=data["unit"], year=data["year"], actor=request.user)
        payload = {
            "created": [plan.pk for plan in report.created],
            "skipped": [{"employee": employee, "reason": reason} for employee, reason in report.skipped],
        }
        return Response(s.BulkStartResultSerializer(payload).data)


@extend_schema_view(list=extend_schema(summary="Tugas terbuka saya"))
class TaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's open tasks (inbox), and HR's reassignment of a task to another person."""

    queryset = Task.objects.none()  # the model for the schema; list() reads the inbox selector
    serializer_class = s.TaskSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def list(self, request) -> Response:
        # The page is cut in SQL first: only its tasks are described (a busy official can hold thousands).
        page = self.paginate_queryset(open_tasks_of(request.user))
        serializer = self.get_serializer([inbox_item(task) for task in page], many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Alihkan tugas ke pegawai lain (Admin Kepegawaian unit SKP atau evaluasi)",
        request=s.ReassignSerializer,
        responses={200: s.TaskSerializer, 400: BAD_INPUT, 403: OUT_OF_SCOPE_RESPONSE, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def reassign(self, request, pk=None) -> Response:
        task = human_task(pk)
        # Same rule as the plans and evaluations: a task about one the user may not see does not exist for them.
        if not self._may_see_subject(request.user, task):
            raise Http404
        if not self._may_manage_subject(request.user, task):
            raise PermissionDenied(OUT_OF_SCOPE)
        data = self._valid_reassign(request)
        reassign_task(task, to_user=data["to_user"], by=request.user, reason=data["reason"])
        fresh = open_tasks_of(data["to_user"]).filter(pk=task.pk).first() or task
        return Response(s.TaskSerializer(inbox_item(fresh), context=self.get_serializer_context()).data)

    @staticmethod
    def _subject(task: Task | None):
        return task_subject(task)

    def _may_see_subject(self, user, task: Task | None) -> bool:
        subject = self._subject(task)
        if isinstance(subject, PerformancePlan):
            return policy.can_view_plan(user, subject)
        return subject is not None and policy.can_view_evaluation(user, subject)

    def _may_manage_subject(self, user, task: Task) -> bool:
        return policy.can_reassign(user, self._subject(task))

    def _valid_reassign(self, request) -> dict:
        serializer = s.ReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
