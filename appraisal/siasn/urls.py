"""HR pages of SIASN (appraisal/siasn/views.py)."""

from django.urls import path

from appraisal.siasn import views

urlpatterns = [
    path("kepegawaian/impor-siasn/", views.siasn_import_page, name="siasn_import"),
]
