"""/api/v1/ periods, evaluations and their actions, peer feedback, verification. Included into the `api` namespace."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from api.evaluation import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("periods", views.PeriodViewSet, basename="period")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")

urlpatterns = [
    *router.urls,
    path("peer-feedback/<int:task_id>/", views.PeerFeedbackView.as_view(), name="peer-feedback"),
    path("verify/<str:code>/", views.VerifyView.as_view(), name="verify"),
]
