"""HR pages of SIASN (appraisal/siasn/views.py)."""

from django.urls import path

from appraisal.siasn import views

urlpatterns = [
    path("kepegawaian/impor-siasn/", views.siasn_import_page, name="siasn_import"),
    path("kepegawaian/evaluasi/<int:evaluation_id>/siasn/", views.siasn_resend, name="siasn_resend"),
    path("kepegawaian/periode/<int:period_id>/siasn.<str:fmt>", views.siasn_period_export, name="siasn_period_export"),
    path(
        "kepegawaian/periode/<int:period_id>/dokumen.zip", views.siasn_period_documents, name="siasn_period_documents"
    ),
]
