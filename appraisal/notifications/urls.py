"""The notification centre: /notifikasi/."""

from django.urls import path

from appraisal.notifications import views

urlpatterns = [
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/<int:pk>/buka/", views.notification_open, name="notification_open"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
    path("notifikasi/baca-semua/", views.notifications_read_all, name="notifications_read_all"),
    path("notifikasi/pilihan/", views.notification_preferences, name="notification_preferences"),
]
