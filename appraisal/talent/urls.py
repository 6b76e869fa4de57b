"""Talent management: performance profiles, the talent map, placement advice, development plans."""

from django.urls import path

from appraisal.talent import exports, views

urlpatterns = [
    path("pegawai/<int:pk>/profil-kinerja/", views.employee_profile, name="employee_profile"),
    path("pegawai/<int:pk>/potensi/", views.potential_record, name="potential_record"),
    path("pegawai/<int:pk>/rencana-pengembangan/", views.development_agree, name="development_agree"),
    path("rencana-pengembangan/<int:action_id>/kemajuan/", views.development_progress, name="development_progress"),
    path("talenta/", views.talent_map, name="talent_map"),
    path("talenta/peta.xlsx", exports.talent_map_export, name="talent_map_export"),
    path("talenta/kebutuhan-pelatihan.xlsx", exports.training_needs_export, name="training_needs_export"),
    path("talenta/penempatan/<int:position_id>/", views.placement, name="talent_placement"),
]
