"""/api/v1/notifications/: the signed-in user's notifications (never another's: theirs answer 404), marking one or
all as read. The same selectors and services as /notifikasi/."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.exceptions import ErrorSerializer
from api.notifications import serializers as s
from appraisal.models import Notification
from appraisal.notifications import selectors, services
from appraisal.notifications.mail import absolute

UNREAD = OpenApiParameter(
    "unread", OpenApiTypes.BOOL, OpenApiParameter.QUERY, description="true: hanya yang belum dibaca."
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Tidak ada, atau notifikasi orang lain.")


@extend_schema_view(
    list=extend_schema(summary="Notifikasi saya, terbaru dahulu", parameters=[UNREAD]),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.NotificationSerializer
    queryset = Notification.objects.none()  # the model for the schema; get_queryset reads the user's own
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        notifications = selectors.notifications_of(self.request.user)
        if self.request.query_params.get("unread") in {"true", "1"}:
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "absolute": absolute}

    @extend_schema(
        summary="Tandai satu notifikasi sudah dibaca",
        request=None,
        responses={200: s.NotificationSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def read(self, request, pk=None) -> Response:
        notification = selectors.notification_of(request.user, int(pk))
        if notification is None:
            raise Http404
        services.notification_mark_read(notification=notification)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        summary="Tandai semua notifikasi saya sudah dibaca", request=None, responses={200: s.ReadAllSerializer}
    )
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all", pagination_class=None)
    def read_all(self, request) -> Response:
        marked = services.notifications_mark_all_read(user=request.user)
        return Response(s.ReadAllSerializer({"marked": marked, "unread": selectors.unread_count(request.user)}).data)
