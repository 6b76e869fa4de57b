"""The public-service domain over REST: service types, citizens' files at the counter, the public survey and the
unit report.

Files are read by the counter staff of their unit and HR (with the citizen's name and phone) and by the unit's
leaders (without them); a file outside that answers 404. Every change goes through the services the pages use
(appraisal.service_desk.services, appraisal.service_desk.service_types), which say who may act (403).
The survey needs no account: it is throttled per IP, and a used, expired or unknown link answers 409/410/404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ErrorSerializer, error_body
from api.filters import IdFilter
from api.service_desk import serializers as s
from appraisal import policy, rules
from appraisal.models import RequestStatus, ServiceRequest, ServiceType
from appraisal.service_desk import reports
from appraisal.service_desk import services as public_service
from appraisal.service_desk.service_types import service_type_save
from config.ratelimit import AnonClientThrottle


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_INPUT = _error("Data tidak lengkap atau tidak sah (invalid: lihat `errors`).")
FORBIDDEN = _error("Tidak berwenang (bukan petugas loket unit ini, atau di luar cakupan Admin Kepegawaian).")
NOT_FOUND = _error("Tidak ada, atau tidak terlihat oleh Anda.")


# --- Service types ---------------------------------------------------------------------------


class ServiceTypeFilter(filters.FilterSet):
    unit = IdFilter(field_name="units", help_text="Id unit penyelenggara.")
    is_active = filters.BooleanFilter()

    class Meta:
        model = ServiceType
        fields = ["unit", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="Jenis layanan dan standarnya"),
    retrieve=extend_schema(summary="Rincian jenis layanan"),
    create=extend_schema(
        summary="Tambah jenis layanan (Admin Kepegawaian unit penyelenggara)",
        request=s.ServiceTypeWriteSerializer,
        responses={201: s.ServiceTypeSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    update=extend_schema(
        summary="Ubah jenis layanan",
        request=s.ServiceTypeWriteSerializer,
        responses={200: s.ServiceTypeSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    partial_update=extend_schema(
        summary="Ubah sebagian jenis layanan",
        request=s.ServiceTypeWriteSerializer,
        responses={200: s.ServiceTypeSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
)
class ServiceTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Jenis layanan: public service standards, readable by every signed-in user; written by HR of every unit
    offering the service (or a superuser)."""

    queryset = ServiceType.objects.prefetch_related("units").order_by("name", "id")
    filterset_class = ServiceTypeFilter
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return s.ServiceTypeWriteSerializer
        return s.ServiceTypeSerializer

    def _answer(self, service_type: ServiceType, code: int = status.HTTP_200_OK) -> Response:
        fresh = ServiceType.objects.prefetch_related("units").get(pk=service_type.pk)
        return Response(s.ServiceTypeSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        service_type = service_type_save(actor=request.user, units=data.pop("units"), **data)
        return self._answer(service_type, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        units = data.pop("units", None)
        return self._answer(service_type_save(actor=request.user, service_type=instance, units=units, **data))


# --- Citizens' files -------------------------------------------------------------------------


class ServiceRequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RequestStatus.choices)
    officer = IdFilter(field_name="officer", help_text="Id petugas.")
    unit = IdFilter(field_name="unit", help_text="Id unit.")
    service_type = IdFilter(field_name="service_type", help_text="Id jenis layanan.")
    received_from = filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", help_text="Diterima sejak tanggal (YYYY-MM-DD)."
    )
    received_to = filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", help_text="Diterima sampai tanggal (YYYY-MM-DD)."
    )

    class Meta:
        model = ServiceRequest
        fields = ["status", "officer", "unit", "service_type", "received_from", "received_to"]


def _move_schema(summary: str):
    return extend_schema(
        summary=summary,
        request=s.ServiceRequestMoveSerializer,
        responses={200: s.ServiceRequestSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )


@extend_schema_view(
    list=extend_schema(summary="Berkas layanan unit Anda"),
    retrieve=extend_schema(
        summary="Rincian berkas layanan", responses={200: s.ServiceRequestSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Catat berkas baru di loket unit Anda (tautan survei ikut dibuat)",
        request=s.ServiceRequestCreateSerializer,
        responses={201: s.ServiceRequestSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
)
class ServiceRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Berkas layanan. The counter staff of the unit and HR see the citizen's data; the unit's leaders do not."""

    queryset = ServiceRequest.objects.all()  # the model for the schema; get_queryset narrows it
    serializer_class = s.ServiceRequestSerializer
    filterset_class = ServiceRequestFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ServiceRequest]:
        user = self.request.user
        units = policy.counter_unit_ids(user) | policy.service_report_unit_ids(user)
        return (
            ServiceRequest.objects.filter(unit_id__in=units)
            .select_related("service_type", "unit", "officer", "survey_token")
            .order_by("-received_at", "-id")
        )

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["counter_units"] = policy.counter_unit_ids(self.request.user)
        return context

    def _answer(self, request: ServiceRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=request.pk)  # the actor works this counter, so they see the file
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        data = self._valid(s.ServiceRequestCreateSerializer)
        created = public_service.service_request_register(actor=request.user, **data)
        return self._answer(created, status.HTTP_201_CREATED)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _move(self, action_name: str) -> Response:
        file = self.get_object()
        data = self._valid(s.ServiceRequestMoveSerializer)
        moved = public_service.service_request_move(
            request=file, actor=self.request.user, action=action_name, note=data["note"]
        )
        return self._answer(moved)

    @_move_schema("Tandai berkas selesai")
    @action(detail=True, methods=["post"], filter_backends=[])
    def complete(self, request, pk=None) -> Response:
        return self._move("complete")

    @_move_schema("Kembalikan berkas untuk perbaikan")
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_(self, request, pk=None) -> Response:
        return self._move("return")

    @_move_schema("Terima kembali berkas yang sudah diperbaiki")
    @action(detail=True, methods=["post"], filter_backends=[])
    def resubmit(self, request, pk=None) -> Response:
        return self._move("resubmit")

    @_move_schema("Tolak berkas (alasan wajib)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None) -> Response:
        return self._move("reject")


# --- The public survey -----------------------------------------------------------------------


class SurveyThrottle(AnonClientThrottle):
    """Per IP, against scripted answers; a citizen needs two requests (read, then answer)."""

    scope = "survey"
    rate = "10/min"


SURVEY_UNAVAILABLE = {
    "unknown": (status.HTTP_404_NOT_FOUND, "unknown", "Tautan survei tidak dikenal. Periksa kode pada tanda terima."),
    "expired": (status.HTTP_410_GONE, "expired", "Masa berlaku tautan survei ini sudah habis."),
    "used": (status.HTTP_409_CONFLICT, "already_answered", "Survei ini sudah dijawab. Terima kasih."),
}
SURVEY_KEY = OpenApiParameter(
    "key", OpenApiTypes.STR, OpenApiParameter.PATH, description="Token dari tautan/QR atau kode 8 karakter."
)
SURVEY_ERRORS = {
    404: _error("Tautan tidak dikenal (code: unknown)."),
    409: _error("Sudah dijawab (code: already_answered)."),
    410: _error("Kedaluwarsa (code: expired)."),
    429: _error("Terlalu banyak permintaan dari alamat ini."),
}


def _unavailable(exc: public_service.SurveyUnavailable) -> Response:
    code, name, message = SURVEY_UNAVAILABLE[exc.reason]
    return Response(error_body(message, name), status=code)


class SurveyView(APIView):
    """Survei Kepuasan Masyarakat by the one-time link on the receipt: no account, nothing personal shown."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [SurveyThrottle]

    @extend_schema(
        summary="Pertanyaan survei untuk sebuah tautan",
        parameters=[SURVEY_KEY],
        responses={200: s.SurveyFormSerializer, **SURVEY_ERRORS},
        auth=[],
    )
    def get(self, request, key: str) -> Response:
        try:
            token = public_service.survey_token_lookup(key)
        except public_service.SurveyUnavailable as exc:
            return _unavailable(exc)
        file = token.request
        data = {
            "unit": file.unit.name,
            "service": file.service_type.name,
            "officer_name": file.officer.full_name,
            "questions": list(rules.IKM_ELEMENTS),
        }
        return Response(s.SurveyFormSerializer(data).data)

    @extend_schema(
        summary="Kirim jawaban survei (sekali pakai)",
        parameters=[SURVEY_KEY],
        request=s.SurveySubmitSerializer,
        responses={201: s.SurveyThanksSerializer, 400: BAD_INPUT, **SURVEY_ERRORS},
        auth=[],
    )
    def post(self, request, key: str) -> Response:
        serializer = s.SurveySubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            public_service.survey_submit(key=key, **serializer.validated_data)
        except public_service.SurveyUnavailable as exc:
            return _unavailable(exc)
        return Response({"detail": "Terima kasih, jawaban Anda sudah kami terima."}, status=status.HTTP_201_CREATED)


# --- The unit report -------------------------------------------------------------------------


class ServiceReportView(APIView):
    """Laporan hasil SKM of a unit as JSON: the same figures as the report page and its XLSX."""

    @extend_schema(
        summary="Laporan layanan unit (IKM per unsur, layanan, petugas, tren, saran)",
        parameters=[s.ReportParamsSerializer],
        responses={200: s.ServiceReportSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request) -> Response:
        params = s.ReportParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        unit = reports.pick_report_unit(request.user, params.validated_data.get("unit"))
        if unit is None:
            raise Http404
        report = reports.service_report(unit, start=params.validated_data["start"], end=params.validated_data["end"])
        return Response(s.ServiceReportSerializer(report).data)
