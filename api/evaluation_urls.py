"""/api/v1/ periods, evaluations and their actions, peer feedback, verification. Included into the `api` namespace."""

urlpatterns: list = []
