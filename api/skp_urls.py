"""/api/v1/ SKP plans, tasks and task actions (see api/skp_views.py). Included into the `api` namespace."""

urlpatterns: list = []
