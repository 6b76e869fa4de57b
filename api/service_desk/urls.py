"""/api/v1/ service types, citizens' files, the public survey and the unit report (see api/service_views.py).
Included into the `api` namespace."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from api.service_desk import views as service_views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("service-types", service_views.ServiceTypeViewSet, basename="service-type")
router.register("service-requests", service_views.ServiceRequestViewSet, basename="service-request")

urlpatterns = [
    *router.urls,
    path("survey/<str:key>/", service_views.SurveyView.as_view(), name="survey"),
    path("reports/service/", service_views.ServiceReportView.as_view(), name="service-report"),
]
