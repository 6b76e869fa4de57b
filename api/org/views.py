"""The organisation over REST: me, units (with their chart), positions, employees, acting officials.

Every read is narrowed by appraisal.policy and every write is decided by it: lists show only what
policy.visible_unit_ids allows, a detail outside the user's view is a 404 (its existence is not
confirmed), and a write outside the HR officer's units is a 403. Writes go through
appraisal.org.services, so the API and the pages apply the same rules.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters
from api.exceptions import ErrorSerializer
from api.org import serializers as s
from appraisal import policy
from appraisal.models import ActingAssignment, Employee, Position, Unit
from appraisal.org import selectors
from appraisal.org import services as org_services
from config.ratelimit import AnonClientThrottle

OUT_OF_SCOPE = _("Anda tidak berwenang mengubah data ini: unit kerjanya di luar cakupan Admin Kepegawaian Anda.")


def _org_schema(read: type[serializers.Serializer], write: type[serializers.Serializer], detail=None):
    """The schema of a read/write pair: requests use `write`, answers use `read` (or `detail`)."""
    return extend_schema_view(
        retrieve=extend_schema(responses=detail or read),
        create=extend_schema(request=write, responses={201: detail or read}),
        update=extend_schema(request=write, responses=detail or read),
        partial_update=extend_schema(request=write, responses=detail or read),
    )


class OrgViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List, retrieve, create and update; subclasses say what is visible and who may write."""

    read_serializer_class: type[serializers.Serializer]
    detail_serializer_class: type[serializers.Serializer] | None = None
    write_serializer_class: type[serializers.Serializer]

    def list_queryset(self) -> QuerySet:
        raise NotImplementedError

    def base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def can_view(self, obj: Model) -> bool:
        raise NotImplementedError

    def may_write(self, instance: Model | None, data: dict[str, Any]) -> bool:
        """May the user turn `instance` (None: a new object) into what `data` describes?"""
        raise NotImplementedError

    def save(self, instance: Model | None, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        # Lists are narrowed in SQL; single objects are checked one by one by the policy, which
        # also knows links a unit filter cannot express (an appraiser in another unit).
        return self.list_queryset() if self.action == "list" else self.base_queryset()

    def get_object(self) -> Model:
        obj = super().get_object()
        if not self.can_view(obj):
            raise Http404
        return obj

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"create", "update", "partial_update"}:
            return self.write_serializer_class
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.read_serializer_class

    def _answer(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.base_queryset().get(pk=instance.pk)
        serializer_class = self.detail_serializer_class or self.read_serializer_class
        return Response(serializer_class(fresh, context=self.get_serializer_context()).data, status=status_code)

    @staticmethod
    def _require(allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied(OUT_OF_SCOPE, code="out_of_scope")

    def _write(self, instance: Model | None, data: dict[str, Any]) -> Model:
        self._require(self.may_write(instance, data))
        return self.save(instance, data)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(self._write(None, serializer.validated_data), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs) -> Response:
        instance = self.get_object()
        # Out of scope is said before any field error: the answer must not depend on the payload.
        self._require(self.may_write(instance, {}))
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._answer(self._write(instance, serializer.validated_data))

    def partial_update(self, request, *args, **kwargs) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


def _parent_changed(instance: Model, data: dict[str, Any]) -> bool:
    return "parent" in data and instance.parent_id != getattr(data["parent"], "pk", None)


# --- Units -----------------------------------------------------------------------------------


@_org_schema(s.UnitSerializer, s.UnitWriteSerializer, detail=s.UnitDetailSerializer)
class UnitViewSet(OrgViewSet):
    """Unit kerja. Writes: HR within the units they manage (a new unit: its parent)."""

    read_serializer_class = s.UnitSerializer
    detail_serializer_class = s.UnitDetailSerializer
    write_serializer_class = s.UnitWriteSerializer
    filterset_class = filters.UnitFilter

    def list_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.filter(id__in=policy.visible_unit_ids(self.request.user)).order_by("name", "id")

    def base_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.all()

    def can_view(self, obj: Unit) -> bool:
        return policy.can_view_unit(self.request.user, obj)

    def may_write(self, instance: Unit | None, data: dict[str, Any]) -> bool:
        user = self.request.user
        if instance is None:
            return policy.can_manage_unit(user, data.get("parent"))
        if not policy.can_manage_unit(user, instance):
            return False
        # Moving a unit needs rights over its new parent too; keeping the parent does not.
        return not _parent_changed(instance, data) or policy.can_manage_unit(user, data["parent"])

    def save(self, instance: Unit | None, data: dict[str, Any]) -> Unit:
        return org_services.unit_save(unit=instance, actor=self.request.user, **data)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["visible_unit_ids"] = policy.visible_unit_ids(self.request.user)
        return context

    @extend_schema(
        summary="Bagan jabatan unit",
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="Tanggal bagan (YYYY-MM-DD); bawaan hari ini.")
        ],
        responses=s.PositionNodeSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def chart(self, request, pk=None) -> Response:
        """The position tree of the unit with holders and acting officials (Plt/Plh) on a date."""
        unit = self.get_object()
        on = None
        if request.query_params.get("on"):
            try:
                on = serializers.DateField().run_validation(request.query_params["on"])
            except ValidationError as exc:
                raise ValidationError({"on": exc.detail}) from exc
        nodes = selectors.unit_chart(unit, on=on)
        return Response(s.PositionNodeSerializer(nodes, many=True).data)


# --- Positions -------------------------------------------------------------------------------


@_org_schema(s.PositionSerializer, s.PositionWriteSerializer)
class PositionViewSet(OrgViewSet):
    """Jabatan. Writes: HR of the position's unit (before and after the change)."""

    read_serializer_class = s.PositionSerializer
    write_serializer_class = s.PositionWriteSerializer
    filterset_class = filters.PositionFilter

    def list_queryset(self) -> QuerySet[Position]:
        return self.base_queryset().filter(unit_id__in=policy.visible_unit_ids(self.request.user))

    def base_queryset(self) -> QuerySet[Position]:
        return Position.objects.select_related("unit").order_by("unit__name", "title", "id")

    def can_view(self, obj: Position) -> bool:
        return policy.can_view_position(self.request.user, obj)

    def may_write(self, instance: Position | None, data: dict[str, Any]) -> bool:
        user = self.request.user
        if instance is None:
            return policy.can_manage_unit(user, data["unit"])
        return policy.can_manage_position(user, instance) and policy.can_manage_unit(
            user, data.get("unit", instance.unit)
        )

    def save(self, instance: Position | None, data: dict[str, Any]) -> Position:
        return org_services.position_save(position=instance, actor=self.request.user, **data)


# --- Employees -------------------------------------------------------------------------------


@_org_schema(s.EmployeeSerializer, s.EmployeeWriteSerializer)
class EmployeeViewSet(OrgViewSet):
    """Pegawai. Lists: the units the user may see; detail also per policy.can_view_employee."""

    read_serializer_class = s.EmployeeSerializer
    write_serializer_class = s.EmployeeWriteSerializer
    filterset_class = filters.EmployeeFilter

    def list_queryset(self) -> QuerySet[Employee]:
        user = self.request.user
        visible = Q(position__unit_id__in=policy.visible_unit_ids(user)) | Q(user_id=user.pk)
        if policy.can_view_unplaced_employees(user):
            visible |= Q(position__isnull=True)
        return self.base_queryset().filter(visible)

    def base_queryset(self) -> QuerySet[Employee]:
        # Name alone is not unique: the id keeps page boundaries stable.
        return selectors.employee_list().order_by("name", "id")

    def can_view(self, obj: Employee) -> bool:
        return policy.can_view_employee(self.request.user, obj)

    def may_write(self, instance: Employee | None, data: dict[str, Any]) -> bool:
        user = self.request.user
        if instance is not None and not policy.can_manage_employee(user, instance):
            return False
        if instance is None or "position" in data:
            # Ask the policy about the employee as it will be after the write.
            after = copy.copy(instance) if instance is not None else Employee()
            after.position = data.get("position")
            return policy.can_manage_employee(user, after)
        return True

    def save(self, instance: Employee | None, data: dict[str, Any]) -> Employee:
        return org_services.employee_save(employee=instance, actor=self.request.user, **data)


# --- Acting officials ------------------------------------------------------------------------


@_org_schema(s.ActingAssignmentSerializer, s.ActingAssignmentWriteSerializer)
class ActingAssignmentViewSet(OrgViewSet):
    """Plt/Plh. Visible and writable per the unit of the position acted in."""

    read_serializer_class = s.ActingAssignmentSerializer
    write_serializer_class = s.ActingAssignmentWriteSerializer
    filterset_class = filters.ActingAssignmentFilter

    def list_queryset(self) -> QuerySet[ActingAssignment]:
        return self.base_queryset().filter(position__unit_id__in=policy.visible_unit_ids(self.request.user))

    def base_queryset(self) -> QuerySet[ActingAssignment]:
        return ActingAssignment.objects.select_related("employee", "position", "position__unit").order_by(
            "-start_date", "id"
        )

    def can_view(self, obj: ActingAssignment) -> bool:
        return policy.can_view_position(self.request.user, obj.position)

    def may_write(self, instance: ActingAssignment | None, data: dict[str, Any]) -> bool:
        user = self.request.user
        if instance is None:
            return policy.can_manage_position(user, data["position"])
        return policy.can_manage_position(user, instance.position) and policy.can_manage_position(
            user, data.get("position", instance.position)
        )

    def save(self, instance: ActingAssignment | None, data: dict[str, Any]) -> ActingAssignment:
        return org_services.acting_assignment_save(assignment=instance, actor=self.request.user, **data)


# --- Me and tokens ---------------------------------------------------------------------------


class MeView(APIView):
    """The signed-in user, their employee record, appraisers today, and HR rights."""

    @extend_schema(responses=s.MeSerializer)
    def get(self, request) -> Response:
        user = request.user
        employee = selectors.employee_for_user(user)
        data = {
            "user": user,
            "employee": employee,
            "appraiser": selectors.appraiser_of(employee) if employee else None,
            "senior_appraiser": selectors.senior_appraiser_of(employee) if employee else None,
            "is_hr": policy.is_hr(user),
            "hr_unit_ids": sorted(policy.hr_unit_ids(user)),
        }
        return Response(s.MeSerializer(data).data)


class TokenThrottle(AnonClientThrottle):
    """Password guessing against the token endpoint: a few tries per minute per address."""

    scope = "token"
    rate = "10/minute"


LOCKED_OUT = _(
    "Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi dalam %(minutes)s menit, "
    "atau minta Admin Kepegawaian membuka kuncinya."
)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (header `Authorization: Token <key>`).

    Wrong passwords count towards the same lockout as the sign-in page (django-axes, config.lockout).
    """

    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            429: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # AuthTokenSerializer passed this request to authenticate(); the lockout backend marked it.
            if not getattr(request, "axes_locked_out", False):
                raise
        minutes = settings.LOGIN_COOLOFF_MINUTES
        return Response(
            {"detail": LOCKED_OUT % {"minutes": minutes}, "code": "locked_out"},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(minutes * 60)},
        )
