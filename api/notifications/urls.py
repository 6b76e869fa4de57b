"""/api/v1/notifications/: included into the `api` namespace."""

from rest_framework.routers import DefaultRouter

from api.notifications import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = router.urls
