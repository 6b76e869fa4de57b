"""Account pages: public activation and reset, the password change, and HR's account and role pages."""

from django.urls import path

from accounts.views import hr, public, roles, two_factor

urlpatterns = [
    path("aktivasi/", public.account_activate, name="account_activate"),
    path("lupa-kata-sandi/", public.password_forgot, name="password_forgot"),
    path("akun/kata-sandi/", public.PasswordChangeView.as_view(), name="account_password_change"),
    path("akun/dua-langkah/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("akun/dua-langkah/verifikasi/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("akun/dua-langkah/kode-pemulihan/", two_factor.two_factor_codes, name="two_factor_codes"),
    path("akun/dua-langkah/kode-pemulihan/baru/", two_factor.two_factor_recovery_codes, name="two_factor_recovery"),
    path("akun/dua-langkah/matikan/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("kepegawaian/akun/", hr.account_list, name="account_list"),
    path("kepegawaian/akun/buat/", hr.account_create, name="account_create"),
    path("kepegawaian/akun/hasil/<uuid:batch>/", hr.account_batch, name="account_batch"),
    path("kepegawaian/akun/slip/", hr.account_slips, name="account_slips"),
    path("kepegawaian/akun/keluar/", hr.departure_list, name="departure_list"),
    path("kepegawaian/akun/<int:pk>/", hr.account_detail, name="account_detail"),
    path("kepegawaian/akun/<int:pk>/kode/", hr.account_code_issue, name="account_code_issue"),
    path("kepegawaian/akun/<int:pk>/buka-kunci/", hr.account_unlock, name="account_unlock"),
    path("kepegawaian/akun/<int:pk>/aktifkan/", hr.account_reactivate, name="account_reactivate"),
    path("kepegawaian/akun/<int:pk>/keluar/", hr.employee_leave, name="employee_leave"),
    path("kepegawaian/akun/<int:pk>/peran/", hr.account_roles, name="account_roles"),
    path("kepegawaian/cakupan/", roles.hr_scopes, name="hr_scopes"),
    path("kepegawaian/cakupan/<int:pk>/cabut/", roles.hr_scope_remove, name="hr_scope_remove"),
    path("kepegawaian/administrator/", roles.superusers, name="superusers"),
    path("kepegawaian/administrator/<int:user_id>/cabut/", roles.superuser_revoke, name="superuser_revoke"),
]
