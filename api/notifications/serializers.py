"""Notifications in the API: the signed-in user's own, and the unread count."""

from __future__ import annotations

from rest_framework import serializers

from appraisal.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.SerializerMethodField(
        help_text="Alamat halaman tempat penerima bertindak (absolut, dari SITE_URL)."
    )
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "text", "url", "created_at", "read_at", "is_read"]

    def get_url(self, obj: Notification) -> str:
        return self.context["absolute"](obj.url) if obj.url else ""

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="Berapa notifikasi yang baru ditandai sudah dibaca.")
    unread = serializers.IntegerField(help_text="Sisa notifikasi belum dibaca (0).")
