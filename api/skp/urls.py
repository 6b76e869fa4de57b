"""/api/v1/ SKP plans, tasks and task actions (see api/skp_views.py). Included into the `api` namespace."""

from rest_framework.routers import DefaultRouter

from api.skp import views as skp_views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans", skp_views.PlanViewSet, basename="plan")
router.register("tasks", skp_views.TaskViewSet, basename="task")

urlpatterns = router.urls
