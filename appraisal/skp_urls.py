"""Pages of SKP planning and the task inbox (see appraisal/views/skp.py and workflows/views.py)."""

urlpatterns: list = []
