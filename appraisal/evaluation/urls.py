"""Pages of the periodic evaluation, the peer form, HR's period pages and the public verification page."""

from django.urls import path

from appraisal.evaluation.views import coaching, exports, hr, org_result, review
from appraisal.evaluation.views import employee as ev

urlpatterns: list = [
    # Employee, peer and public verification: appraisal/evaluation/views/employee.py
    path("evaluasi/", ev.evaluation_mine, name="evaluation_mine"),
    path("evaluasi/<int:evaluation_id>/", ev.evaluation_detail, name="evaluation_detail"),
    path("evaluasi/<int:evaluation_id>/realisasi/<int:rid>/", ev.realization_save, name="realization_save"),
    path("evaluasi/<int:evaluation_id>/realisasi/<int:rid>/bukti/", ev.evidence_add, name="evidence_add"),
    path("evaluasi/<int:evaluation_id>/bukti/<int:eid>/hapus/", ev.evidence_remove, name="evidence_remove"),
    path("evaluasi/<int:evaluation_id>/ajukan/", ev.evaluation_submit, name="evaluation_submit"),
    path("evaluasi/<int:evaluation_id>/tanggapan/", ev.evaluation_acknowledge, name="evaluation_acknowledge"),
    path("evaluasi/<int:evaluation_id>/penjelasan/", ev.objection_explain, name="objection_explain"),
    path("evaluasi/<int:evaluation_id>/riwayat/", ev.evaluation_history, name="evaluation_history"),
    path("evaluasi/<int:evaluation_id>/dokumen/", ev.evaluation_document, name="evaluation_document"),
    path("evaluasi/<int:evaluation_id>/dokumen-evaluasi/", ev.evaluation_report, name="evaluation_report"),
    path("evaluasi/bukti/<int:evidence_id>/", ev.evidence_download, name="evidence_download"),
    path("umpan-balik/<int:task_id>/", ev.peer_feedback_form, name="peer_feedback_form"),
    path("verifikasi/", ev.verify_lookup, name="verify_lookup"),
    path("verifikasi/<str:code>/", ev.verify_document, name="verify_document"),
    # Appraiser, senior appraiser and HR: appraisal/evaluation/views/review.py and hr.py
    path("evaluasi/<int:evaluation_id>/nilai/", review.evaluation_rate, name="evaluation_rate"),
    path("evaluasi/<int:evaluation_id>/rekan/", review.peers_choose, name="peers_choose"),
    path("evaluasi/<int:evaluation_id>/keberatan/", review.objection_decide, name="objection_decide"),
    path("evaluasi/<int:evaluation_id>/sahkan/", hr.evaluation_sign_off, name="evaluation_sign_off"),
    path("pegawai/<int:employee_id>/umpan-balik/", review.feedback_give, name="feedback_give"),
    path("pegawai/<int:employee_id>/dialog/", review.dialogue_record, name="dialogue_record"),
    path("pegawai/<int:employee_id>/dialog/jadwal/", review.dialogue_schedule, name="dialogue_schedule"),
    path("pegawai/<int:employee_id>/dialog/<int:dialogue_id>/catat/", review.dialogue_hold, name="dialogue_hold"),
    path("tim/", coaching.team_coaching, name="team_coaching"),
    path("kepegawaian/periode/", hr.hr_periods, name="hr_periods"),
    path("kepegawaian/periode/<int:period_id>/", hr.hr_period_detail, name="hr_period_detail"),
    path("kepegawaian/periode/<int:period_id>/kemajuan/", hr.hr_period_progress, name="hr_period_progress"),
    path("kepegawaian/periode/<int:period_id>/rekap.xlsx", exports.hr_period_export, name="hr_period_export"),
    path("kepegawaian/pengesahan/", hr.hr_sign_off_list, name="hr_sign_off_list"),
    path("capaian-organisasi/", org_result.org_results_to_confirm, name="org_results_to_confirm"),
    path("capaian-organisasi/<int:pk>/konfirmasi/", org_result.org_result_confirm, name="org_result_confirm"),
    path("capaian-organisasi/<int:pk>/riwayat/", org_result.org_result_history, name="org_result_history"),
    path("kepegawaian/keberatan/<int:evaluation_id>/penunjukan/", hr.objection_designate, name="objection_designate"),
]
