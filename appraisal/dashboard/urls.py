"""The leaders' dashboard: the units under the signed-in leader (or HR officer), and one unit of them."""

from django.urls import path

from appraisal.dashboard import exports, views

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/unit/<int:pk>/", views.dashboard, name="dashboard_unit"),
    path("dasbor/rekap.xlsx", exports.dashboard_export, name="dashboard_export"),
    path("dasbor/unit/<int:pk>/rekap.xlsx", exports.dashboard_export, name="dashboard_unit_export"),
]
