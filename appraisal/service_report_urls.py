"""Pages of the public-service reports (laporan hasil SKM): see appraisal/views/service_reports.py."""

from django.urls import path

from appraisal.views import service_reports

urlpatterns = [
    path("laporan/layanan/", service_reports.service_report, name="service_report"),
    path("laporan/layanan/xlsx/", service_reports.service_report_xlsx, name="service_report_xlsx"),
]
