"""/api/v1/profiles/<id>/ and /api/v1/talent-map/: included into the `api` namespace."""

from django.urls import path

from api.talent import views

urlpatterns = [
    path("profiles/<int:pk>/", views.ProfileView.as_view(), name="profile"),
    path("talent-map/", views.TalentMapView.as_view(), name="talent-map"),
]
