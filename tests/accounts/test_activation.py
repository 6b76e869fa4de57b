"""Issue 16, items 1–3: HR creates accounts in one step; the person activates with a one-time code; resets."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts import services
from accounts.models import AccountEvent, ActivationCode, CodeDelivery, EventKind
from appraisal.models import Employee
from tests.accounts.helpers import newcomers, open_code
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sasando-Rote-2026"


def activate(client, username, code, password=PASSWORD, password2=None):
    return client.post(
        reverse("account_activate"),
        {"username": username, "code": code, "new_password1": password, "new_password2": password2 or password},
    )


def test_hr_creates_accounts_for_everyone_without_one_in_one_step(client, org):
    a, b = newcomers(org, "Yakobus Tefa", "Rambu Nope")
    c = newcomers(org, "Naomi Selan", email="naomi@example.org")[0]
    client.force_login(org.hr_a)

    response = client.post(reverse("account_create"), {"all": "1", "state": "none"})

    batch = ActivationCode.objects.get(user__employee=a).batch
    assert response.status_code == 302 and response["Location"] == reverse("account_batch", args=[batch])
    for employee in (a, b, c):
        employee.refresh_from_db()
        assert employee.user is not None and not employee.user.has_usable_password()
    assert [a.user.username, b.user.username, c.user.username] == ["yakobus.tefa", "rambu.nope", "naomi.selan"]
    deliveries = dict(ActivationCode.objects.values_list("user__username", "delivery"))
    assert deliveries == {"yakobus.tefa": "SLIP", "rambu.nope": "SLIP", "naomi.selan": "EMAIL"}
    # The employee's history says who linked the account.
    assert a.history.first().history_user == org.hr_a
    assert AccountEvent.objects.filter(user=a.user, kind=EventKind.CREATED, actor=org.hr_a).exists()


def test_the_code_is_e_mailed_where_an_address_exists(org):
    employee = newcomers(org, "Naomi Selan", email="naomi@example.org")[0]
    services.accounts_create(employees=[employee], actor=org.hr_a)

    row, code = open_code(employee)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["naomi@example.org"]
    assert "naomi.selan" in message.body and f"{code[:5]}-{code[5:]}" in message.body
    assert "/aktivasi/?u=naomi.selan" in message.body
    row.refresh_from_db()
    assert row.emailed_at is not None


def test_a_name_clash_gets_a_number_and_is_marked_on_the_result_page(client, org):
    UserFactory(username="yakobus.tefa")
    employee = newcomers(org, "Yakobus Tefa")[0]
    client.force_login(org.hr_a)
    response = client.post(reverse("account_create"), {"employee": [employee.pk]}, follow=True)
    employee.refresh_from_db()
    assert employee.user.username == "yakobus.tefa2"
    assert "nama sudah dipakai" in response.content.decode()


def test_slips_show_username_code_address_and_a_qr_code(client, org, settings):
    settings.SITE_URL = "https://kinerja.example.org"
    employee = newcomers(org, "Yakobus Tefa")[0]
    report = services.accounts_create(employees=[employee], actor=org.hr_a)
    _row, code = open_code(employee)
    client.force_login(org.hr_a)

    page = client.get(reverse("account_slips"), {"batch": report.batch}).content.decode()

    assert "yakobus.tefa" in page and f"{code[:5]}-{code[5:]}" in page
    assert "https://kinerja.example.org/aktivasi/" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert AccountEvent.objects.filter(user__employee=employee, kind=EventKind.SLIP_PRINTED, actor=org.hr_a).exists()


def test_an_employee_activates_with_the_code_and_reaches_home_and_the_code_works_once(client, org):
    employee = newcomers(org, "Yakobus Tefa")[0]
    services.accounts_create(employees=[employee], actor=org.hr_a)
    _row, code = open_code(employee)

    response = activate(client, "Yakobus.Tefa", f" {code[:5].lower()}-{code[5:]} ")

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Yakobus Tefa" in client.get(reverse("home")).content.decode()
    request = RequestFactory().post("/masuk/")
    assert authenticate(request, username="yakobus.tefa", password=PASSWORD) is not None
    client.logout()
    again = activate(client, "yakobus.tefa", code, password="Lain-Sekali-2026")
    assert again.status_code == 200
    assert "sudah dipakai" in again.content.decode()
    assert authenticate(RequestFactory().post("/masuk/"), username="yakobus.tefa", password=PASSWORD) is not None


def test_a_wrong_code_or_username_says_the_same(client, org):
    employee = newcomers(org, "Yakobus Tefa")[0]
    services.accounts_create(employees=[employee], actor=org.hr_a)
    _row, code = open_code(employee)
    wrong_code = activate(client, "yakobus.tefa", "ABCDE-FGHJK").content.decode()
    wrong_user = activate(client, "tidak.ada", code).content.decode()
    assert "Nama pengguna atau kode salah" in wrong_code and "Nama pengguna atau kode salah" in wrong_user
    assert not User.objects.get(username="yakobus.tefa").has_usable_password()


def test_codes_expire_after_the_configured_days(client, org, settings):
    settings.ACTIVATION_CODE_DAYS = 3
    employee = newcomers(org, "Yakobus Tefa")[0]
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)):
        services.accounts_create(employees=[employee], actor=org.hr_a)
        _row, code = open_code(employee)
    with time_machine.travel(dt.datetime(2026, 7, 4, 10, tzinfo=dt.UTC)):
        response = activate(client, "yakobus.tefa", code)
    assert "kedaluwarsa" in response.content.decode()


def test_django_password_validators_answer_in_indonesian(client, org):
    employee = newcomers(org, "Yakobus Tefa")[0]
    services.accounts_create(employees=[employee], actor=org.hr_a)
    _row, code = open_code(employee)
    page = activate(client, "yakobus.tefa", code, password="12345").content.decode()
    assert "terlalu pendek" in page and "seluruhnya terdiri dari angka" in page
    mismatch = activate(client, "yakobus.tefa", code, password=PASSWORD, password2=PASSWORD + "x")
    assert "Kedua kata sandi tidak sama" in mismatch.content.decode()
    assert ActivationCode.objects.open().filter(user__employee=employee).exists()  # not used up


def test_activation_attempts_are_rate_limited_per_address_and_per_username(client, org, settings):
    settings.ACTIVATION_RATE_LIMIT = (3, 600)
    employee = newcomers(org, "Yakobus Tefa")[0]
    services.accounts_create(employees=[employee], actor=org.hr_a)
    _row, code = open_code(employee)
    for _ in range(3):
        assert activate(client, "yakobus.tefa", "ABCDE-FGHJK").status_code == 200
    blocked = activate(client, "yakobus.tefa", code)
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert not User.objects.get(username="yakobus.tefa").has_usable_password()
    # Another address guessing the same username is refused too.
    other = client.post(
        reverse("account_activate"),
        {"username": "yakobus.tefa", "code": code, "new_password1": PASSWORD, "new_password2": PASSWORD},
        REMOTE_ADDR="10.9.8.7",
    )
    assert other.status_code == 429


def test_hr_issues_a_new_code_which_voids_the_old_one_and_is_recorded(client, org):
    client.force_login(org.hr_a)
    old = services.code_issue(user=org.staff_a.user, actor=org.hr_a, delivery=CodeDelivery.SLIP)
    response = client.post(reverse("account_code_issue", args=[org.staff_a.pk]), {"delivery": "SLIP"})
    new = ActivationCode.objects.open().get(user=org.staff_a.user)
    assert response.status_code == 302 and str(new.batch) in response["Location"]
    old.refresh_from_db()
    assert old.revoked_at is not None and new.pk != old.pk
    assert new.history.first().history_user == org.hr_a and new.issued_by == org.hr_a
    client.logout()
    from accounts.codes import code_of

    assert "sudah diganti" in activate(client, "staff_a", code_of(old)).content.decode()
    assert activate(client, "staff_a", code_of(new)).status_code == 302
    assert AccountEvent.objects.filter(user=org.staff_a.user, kind=EventKind.PASSWORD_RESET).exists()


def test_lupa_kata_sandi_e_mails_a_code_and_answers_the_same_for_unknown_accounts(client, org):
    org.staff_a.email = "alfons@example.org"
    org.staff_a.save()

    def answer(identifier: str) -> str:
        page = client.post(reverse("password_forgot"), {"identifier": identifier}).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert answer("alfons@example.org") == answer("siapa@example.org") == answer("staff_b")
    assert [m.to for m in mail.outbox] == [["alfons@example.org"]]
    code = ActivationCode.objects.open().get(user=org.staff_a.user)
    assert code.issued_by is None and code.delivery == CodeDelivery.EMAIL
    assert code.expires_at - code.issued_at == dt.timedelta(hours=24)


def test_hr_lifts_a_lockout_and_the_lift_is_recorded(client, org, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff_a", "password": "salah"})
    assert AccessAttempt.objects.filter(username="staff_a").exists()
    client.force_login(org.hr_a)
    assert "terkunci" in client.get(reverse("account_detail", args=[org.staff_a.pk])).content.decode()
    client.post(reverse("account_unlock", args=[org.staff_a.pk]))
    assert not AccessAttempt.objects.filter(username="staff_a").exists()
    assert AccountEvent.objects.filter(user=org.staff_a.user, kind=EventKind.UNLOCKED, actor=org.hr_a).exists()


def test_accounts_are_not_made_for_inactive_employees_or_twice(org):
    inactive = EmployeeFactory(name="Herman Pah", position=org.staff_a_pos, user=None, is_active=False)
    report = services.accounts_create(employees=[inactive, org.staff_a], actor=org.hr_a)
    assert report.created == [] and len(report.skipped) == 2
    assert Employee.objects.get(pk=inactive.pk).user is None


def test_an_account_made_after_a_staff_import_in_one_step(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import make_nip

    nip = make_nip(seq=901)
    csv = f"nip,status,nama,golongan,kode_unit,jabatan\n{nip},PNS,Lidia Haning,II/c,kel-mantasi,Pengadministrasi Umum\n"
    client.force_login(org.hr_a)
    client.post(reverse("employee_import"), {"file": SimpleUploadedFile("p.csv", csv.encode(), "text/csv")})
    page = client.get(reverse("employee_import")).content.decode()
    assert "1 pegawai aktif dari impor terakhir belum memiliki akun" in page
    client.post(reverse("account_create"), {"from_import": "1"})
    assert Employee.objects.get(nip=nip).user.username == "lidia.haning"
