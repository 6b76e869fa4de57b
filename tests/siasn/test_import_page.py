"""The HR page "Impor dari SIASN": preview first (nothing written), conflicts ticked by HR, then apply."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from appraisal.models import Employee, Unit
from appraisal.siasn.importing import UPLOAD_DIR, stale_uploads_forget
from appraisal.siasn.sample import STAFF_HEADER, UNIT_HEADER, as_csv
from tests.factories import UserFactory, make_hr, make_nip

pytestmark = pytest.mark.django_db
URL = reverse("siasn_import")


def upload(nip: str, name: str = "Yohanes Ndun"):
    row = {"PNS ID": f"id-{nip}", "NIP BARU": "'" + nip, "NAMA": name, "GOL AKHIR NAMA": "III/b",
           "KEDUDUKAN HUKUM ID": "01", "JABATAN NAMA": "Pengadministrasi Umum", "UNOR ID": "u1"}  # fmt: skip
    staff = as_csv(STAFF_HEADER, [[row.get(c, "") for c in STAFF_HEADER]])
    return [
        SimpleUploadedFile("pns.csv", staff, content_type="text/csv"),
        SimpleUploadedFile("unor.csv", as_csv(UNIT_HEADER, [("u1", "Kelurahan Mantasi", "")])),
    ]


def test_preview_writes_nothing_then_apply_imports_and_offers_accounts(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    nip = make_nip()
    page = client.post(URL, {"action": "preview", "files": upload(nip)})
    assert page.status_code == 200
    assert "Pratinjau: belum ada yang disimpan" in page.content.decode()
    assert not Employee.objects.exists()
    token = page.context["token"]
    done = client.post(URL, {"action": "apply", "token": token}, follow=True)
    assert "Impor SIASN selesai" in done.content.decode()
    assert Employee.objects.get(nip=nip).siasn_id == f"id-{nip}"
    assert "Buat akun untuk mereka" in done.content.decode()
    # The token is spent: applying again is refused.
    again = client.post(URL, {"action": "apply", "token": token}, follow=True)
    assert "sudah tidak berlaku" in again.content.decode()


def test_a_ticked_conflict_takes_siasns_value(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    nip = make_nip()
    client.post(
        URL,
        {"action": "apply", "token": client.post(URL, {"action": "preview", "files": upload(nip)}).context["token"]},
    )
    Employee.objects.filter(nip=nip).update(name="Nama Lokal")
    page = client.post(URL, {"action": "preview", "files": upload(nip, "Nama SIASN")})
    assert "Nama Lokal" in page.content.decode() and "Nama SIASN" in page.content.decode()
    client.post(URL, {"action": "apply", "token": page.context["token"], "take": [f"{nip}:name"]})
    assert Employee.objects.get(nip=nip).name == "Nama SIASN"


def test_problems_are_shown_by_line_and_nothing_is_kept(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.post(URL, {"action": "preview", "files": upload("123")})
    body = page.content.decode()
    assert "Impor dibatalkan" in body and "pns.csv" in body
    assert page.context["token"] == ""
    assert not Unit.objects.exists()


def test_only_hr_may_open_the_page(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    hr = make_hr("hr.page", Unit.objects.create(name="Kelurahan Mantasi", code="kel-mantasi", kind="KELURAHAN"))
    client.force_login(hr)
    assert client.get(URL).status_code == 200


def test_files_of_a_preview_never_applied_are_deleted_after_a_day(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    token = client.post(URL, {"action": "preview", "files": upload(make_nip())}).context["token"]
    folder = f"{UPLOAD_DIR}/{token}"
    assert len(default_storage.listdir(folder)[1]) == 2
    assert stale_uploads_forget(older_than=dt.timedelta(days=1)) == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert stale_uploads_forget(older_than=dt.timedelta(days=1)) == 2
    assert default_storage.listdir(folder)[1] == []
