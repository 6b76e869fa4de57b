"""Pages of SKP planning and the task inbox (see appraisal/skp/views.py and workflows/views.py)."""

from django.urls import path

from appraisal.skp import views as skp
from workflows import views as task_views

urlpatterns = [
    path("skp/", skp.skp_mine, name="skp_mine"),
    path("skp/<int:pk>/", skp.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/ubah/", skp.skp_edit, name="skp_edit"),
    path("skp/<int:pk>/rhk/<int:rid>/", skp.skp_result_edit, name="skp_result_edit"),
    path("skp/<int:pk>/rhk/<int:rid>/hapus/", skp.skp_result_delete, name="skp_result_delete"),
    path("skp/<int:pk>/ajukan/", skp.skp_submit, name="skp_submit"),
    path("skp/<int:pk>/revisi/", skp.skp_revise, name="skp_revise"),
    path("skp/<int:pk>/tinjau/", skp.skp_review, name="skp_review"),
    path("skp/<int:pk>/riwayat/", skp.skp_history, name="skp_history"),
    path("skp/<int:pk>/pdf/", skp.skp_pdf, name="skp_pdf"),
    path("kepegawaian/skp/buka/", skp.skp_bulk_start, name="skp_bulk_start"),
    path("unit/<int:pk>/kaskade/<int:year>/", skp.skp_cascade, name="skp_cascade"),
    path("tugas/", task_views.inbox, name="inbox"),
    path("tugas/<int:task_id>/alihkan/", task_views.task_reassign, name="task_reassign"),
]
