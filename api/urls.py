"""/api/v1/: the organisation resources, the signed-in user, tokens, and the OpenAPI schema with its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api.exceptions import not_found
from api.org import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("positions", views.PositionViewSet, basename="position")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("acting-assignments", views.ActingAssignmentViewSet, basename="acting-assignment")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files: the docs work without internet.
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    path("", include("api.skp.urls")),  # SKP plans, tasks and actions; same `api` namespace
    path("", include("api.evaluation.urls")),  # periods, evaluations, peer feedback, verification
    path("", include("api.service_desk.urls")),  # service types, citizens' files, public survey, service reports
    path("", include("api.talent.urls")),  # performance profiles and the talent map (issue 14)
    path("", include("api.notifications.urls")),  # the signed-in user's notifications, marked read one or all
    # Last: any other path ending in "/" is a JSON 404 in the API's error shape, also with DEBUG on (where
    # Django's handler404 is bypassed for its HTML debug page). A path without the slash is not matched, so
    # APPEND_SLASH still redirects /api/v1/units to /api/v1/units/ (and an unknown one to this JSON 404).
    re_path(r"^(?:[\s\S]*/)?$", not_found, name="not-found"),  # [\s\S]: also ids holding a newline
]
