from django.contrib.auth import views as auth_views
from django.urls import path

from appraisal import import_views, views

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("jabatan/<int:pk>/", views.position_detail, name="position_detail"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("kepegawaian/", views.hr_dashboard, name="hr_dashboard"),
    path("kepegawaian/unit/baru/", views.unit_create, name="unit_create"),
    path("kepegawaian/unit/<int:pk>/ubah/", views.unit_update, name="unit_update"),
    path("kepegawaian/jabatan/baru/", views.position_create, name="position_create"),
    path("kepegawaian/jabatan/<int:pk>/ubah/", views.position_update, name="position_update"),
    path("kepegawaian/pegawai/baru/", views.employee_create, name="employee_create"),
    path("kepegawaian/pegawai/<int:pk>/ubah/", views.employee_update, name="employee_update"),
    path("kepegawaian/plt/baru/", views.acting_create, name="acting_create"),
    path("kepegawaian/plt/<int:pk>/ubah/", views.acting_update, name="acting_update"),
    path("kepegawaian/impor/", import_views.employee_import, name="employee_import"),
]
