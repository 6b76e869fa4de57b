"""The leaders' dashboard: the units under the signed-in leader (or HR officer), and one unit of them."""

from django.urls import path

from appraisal.dashboard import views

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/unit/<int:pk>/", views.dashboard, name="dashboard_unit"),
]
