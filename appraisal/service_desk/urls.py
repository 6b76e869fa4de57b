"""Pages of the service desk (loket, login), the public satisfaction survey (survei, no login) and the
reports (laporan hasil SKM)."""

from django.urls import path

from appraisal.service_desk.views import counter, survey
from appraisal.service_desk.views import reports as service_reports

urlpatterns = [
    path("loket/", counter.counter_today, name="counter_today"),
    path("loket/berkas/<str:number>/", counter.counter_request, name="counter_request"),
    path("loket/berkas/<str:number>/proses/", counter.counter_move, name="counter_move"),
    path("loket/berkas/<str:number>/tanda-terima/", counter.counter_receipt, name="counter_receipt"),
    path("survei/", survey.survey_start, name="survey_start"),
    path("survei/terima-kasih/", survey.survey_thanks, name="survey_thanks"),
    path("survei/<str:key>/", survey.survey_form, name="survey_form"),
    path("laporan/layanan/", service_reports.service_report, name="service_report"),
    path("laporan/layanan/xlsx/", service_reports.service_report_xlsx, name="service_report_xlsx"),
]
