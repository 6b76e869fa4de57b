"""Pages of the organisation: chart, positions, employees, and HR edits and imports."""

from django.urls import path

from appraisal.org.views import chart, hr, importing

urlpatterns = [
    path("unit/<int:pk>/", chart.unit_detail, name="unit_detail"),
    path("jabatan/<int:pk>/", chart.position_detail, name="position_detail"),
    path("pegawai/<int:pk>/", chart.employee_detail, name="employee_detail"),
    path("kepegawaian/", hr.hr_dashboard, name="hr_dashboard"),
    path("kepegawaian/unit/baru/", hr.unit_create, name="unit_create"),
    path("kepegawaian/unit/<int:pk>/ubah/", hr.unit_update, name="unit_update"),
    path("kepegawaian/jabatan/baru/", hr.position_create, name="position_create"),
    path("kepegawaian/jabatan/<int:pk>/ubah/", hr.position_update, name="position_update"),
    path("kepegawaian/pegawai/baru/", hr.employee_create, name="employee_create"),
    path("kepegawaian/pegawai/<int:pk>/ubah/", hr.employee_update, name="employee_update"),
    path("kepegawaian/pegawai/<int:pk>/mutasi/", hr.employee_transfer, name="employee_transfer"),
    path("kepegawaian/pegawai/<int:pk>/penunjukan-penilai/", hr.appraiser_designate, name="appraiser_designate"),
    path("kepegawaian/plt/baru/", hr.acting_create, name="acting_create"),
    path("kepegawaian/plt/<int:pk>/ubah/", hr.acting_update, name="acting_update"),
    path("kepegawaian/impor/", importing.employee_import, name="employee_import"),
]
