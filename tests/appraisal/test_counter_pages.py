"""The service desk through the pages: register a file, print the receipt, move files, who may open what."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from appraisal.models import Employee, PublicHoliday, ServiceRequest, ServiceType
from appraisal.service_desk.services import service_request_move, service_request_register

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY = dt.datetime(2026, 8, 17, 10, 0, tzinfo=WITA)  # Monday, a working day in these tests


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture
def domisili(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b)
    return service


@pytest.fixture
def usaha_naioni(org):
    """Offered only in Kelurahan Naioni."""
    service = ServiceType.objects.create(name="Surat Keterangan Usaha", code="sku", standard_value=2)
    service.units.add(org.kel_b)
    return service


def login(client, person):
    client.force_login(person.user if isinstance(person, Employee) else person)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def register(org, service, when=None, *, officer=None, **kwargs):
    officer = officer or org.staff_a
    if when is None:
        return service_request_register(actor=officer.user, service_type=service, **kwargs)
    with time_machine.travel(when, tick=False):
        return service_request_register(actor=officer.user, service_type=service, **kwargs)


def move(client, file, action, note="", next_url=""):
    data = {"action": action, "note": note}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("counter_move", args=[file.number]), data)


# --- register and receipt ----------------------------------------------------------------------------


def test_officer_registers_a_file_and_gets_a_receipt_with_qr_and_short_code(client, org, domisili):
    login(client, org.staff_a)
    page = client.get(reverse("counter_today"))
    assert page.status_code == 200
    assert "Surat Keterangan Domisili" in page.content.decode()

    response = client.post(
        reverse("counter_today"),
        {"service_type": domisili.pk, "citizen_name": "Yakobus Nope", "citizen_phone": "0812 3456 789"},
    )
    file = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("counter_receipt", args=[file.number])
    assert (file.unit, file.officer, file.citizen_name, file.citizen_phone) == (
        org.kel_a,
        org.staff_a,
        "Yakobus Nope",
        "0812 3456 789",
    )

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    code = file.survey_token.short_code
    assert receipt.status_code == 200
    assert re.search(r"<svg[^>]*viewBox", html), "the QR code is inline SVG"
    assert f"{code[:4]}-{code[4:]}" in html
    assert f"{settings.SITE_URL}/survei/ lalu masukkan kode" in html
    assert file.number in html and "Kelurahan Mantasi" in html and "Yakobus Nope" in html
    assert org.staff_a.full_name in html and org.staff_a.nip not in html
    assert "17 Agustus 2026 10.00 WITA" in html  # PUEBI: the time with a period
    assert "1 hari kerja" in html
    assert "data-print" in html and "js/receipt.js" in html  # no inline script (CSP)
    assert "css/receipt-a6.css" in html


def test_receipt_qr_encodes_the_survey_link(client, org, domisili):
    from appraisal.service_desk.views.counter import qr_svg, survey_url

    file = register(org, domisili)
    url = survey_url(file.survey_token)
    assert url == f"{settings.SITE_URL}/survei/{file.survey_token.token}/"
    html = login(client, org.staff_a).get(reverse("counter_receipt", args=[file.number])).content.decode()
    assert qr_svg(url) in html


def test_thermal_receipt_uses_the_roll_width(client, org, domisili):
    file = register(org, domisili)
    login(client, org.staff_a)
    html = client.get(reverse("counter_receipt", args=[file.number]), {"format": "thermal"}).content.decode()
    assert "css/receipt-thermal58.css" in html and "receipt-a6.css" not in html
    assert 'class="receipt-page fmt-thermal58"' in html
    html = client.get(reverse("counter_receipt", args=[file.number]), {"format": "thermal80"}).content.decode()
    assert "css/receipt-thermal80.css" in html


def test_register_needs_a_service_and_keeps_nothing_half_done(client, org, domisili):
    login(client, org.staff_a)
    response = client.post(reverse("counter_today"), {"citizen_name": "Yakobus"})
    assert response.status_code == 200
    assert "Pilih jenis layanan." in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_an_officer_cannot_register_a_service_their_unit_does_not_offer(client, org, domisili, usaha_naioni):
    login(client, org.staff_a)
    page = client.get(reverse("counter_today")).content.decode()
    assert "Surat Keterangan Usaha" not in page
    response = client.post(reverse("counter_today"), {"service_type": usaha_naioni.pk})
    assert response.status_code == 200
    assert "Pilih jenis layanan yang diselenggarakan di unit Anda." in response.content.decode()
    assert not ServiceRequest.objects.exists()


# --- moving files --------------------------------------------------------------------------------------


def test_officer_completes_a_file_from_todays_list(client, org, domisili):
    file = register(org, domisili)
    login(client, org.staff_a)
    response = move(client, file, "complete", next_url=reverse("counter_today"))
    assert response.status_code == 302 and response["Location"] == reverse("counter_today")
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.COMPLETED and file.completed_at is not None
    assert f"Berkas {file.number}: Selesai." in texts(response)


def test_return_for_correction_then_resubmit_counts_one_round(client, org, domisili):
    file = register(org, domisili)
    login(client, org.staff_a)
    move(client, file, "return", note="Fotokopi KK kurang jelas")
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.RETURNED and file.correction_rounds == 1
    assert file.note == "Fotokopi KK kurang jelas"
    detail = client.get(reverse("counter_request", args=[file.number])).content.decode()
    assert "Perbaikan diterima" in detail and 'value="complete"' not in detail

    move(client, file, "resubmit")
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.RECEIVED and file.correction_rounds == 1


def test_reject_needs_a_reason(client, org, domisili):
    file = register(org, domisili)
    login(client, org.staff_a)
    response = move(client, file, "reject")
    assert "Tuliskan alasan penolakan." in texts(response)
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.RECEIVED

    move(client, file, "reject", note="Bukan warga Kelurahan Mantasi")
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.REJECTED and file.note == "Bukan warga Kelurahan Mantasi"


def test_a_move_the_status_does_not_allow_says_so(client, org, domisili):
    file = register(org, domisili)
    login(client, org.staff_a)
    move(client, file, "complete")
    response = move(client, file, "return")
    assert any("tidak dapat diproses" in m for m in texts(response))
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.COMPLETED and file.correction_rounds == 0


def test_next_must_stay_on_this_site(client, org, domisili):
    file = register(org, domisili)
    response = move(login(client, org.staff_a), file, "complete", next_url="https://evil.example/")
    assert response["Location"] == reverse("counter_request", args=[file.number])


# --- who may open what -----------------------------------------------------------------------------------


def test_another_units_officer_can_neither_see_nor_move_the_file(client, org, domisili):
    file = register(org, domisili)
    login(client, org.staff_b)
    assert client.get(reverse("counter_request", args=[file.number])).status_code == 404
    assert client.get(reverse("counter_receipt", args=[file.number])).status_code == 404
    assert move(client, file, "complete").status_code == 404
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.RECEIVED
    assert file.number not in client.get(reverse("counter_today")).content.decode()


def test_an_outsider_has_no_counter(client, org, domisili):
    file = register(org, domisili)
    login(client, org.outsider)
    assert client.get(reverse("counter_today")).status_code == 403
    assert client.post(reverse("counter_today"), {"service_type": domisili.pk}).status_code == 403
    assert client.get(reverse("counter_request", args=[file.number])).status_code == 404
    assert not ServiceRequest.objects.exclude(pk=file.pk).exists()


def test_anonymous_visitors_are_sent_to_login(client, org, domisili):
    file = register(org, domisili)
    for url in (reverse("counter_today"), reverse("counter_receipt", args=[file.number])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_hr_of_the_unit_sees_the_history_and_may_correct(client, org, domisili):
    file = register(org, domisili, citizen_name="Yakobus Nope")
    service_request_move(request=file, actor=org.staff_a.user, action="return", note="KTP belum ada")
    login(client, org.hr_a)
    detail = client.get(reverse("counter_request", args=[file.number]))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "Riwayat" in html and "Dikembalikan untuk perbaikan" in html and "Diproses" in html
    assert "staff_a" in html  # who changed it

    login(client, org.hr_b)
    assert client.get(reverse("counter_request", args=[file.number])).status_code == 404


def test_hr_of_the_unit_may_move_a_file(client, org, domisili):
    file = register(org, domisili)
    service_request_move(request=file, actor=org.staff_a.user, action="return")
    response = move(login(client, org.hr_a), file, "resubmit")
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == ServiceRequest.Status.RECEIVED


def test_nav_links_to_the_counter_only_for_placed_employees(client, org):
    assert reverse("counter_today") in login(client, org.staff_a).get(reverse("skp_mine")).content.decode()
    assert reverse("counter_today") not in login(client, org.outsider).get(reverse("skp_mine")).content.decode()


# --- today's list ------------------------------------------------------------------------------------------


def test_todays_list_shows_todays_and_open_files_only(client, org, domisili):
    old_open = register(org, domisili, MONDAY - dt.timedelta(days=7))
    old_done = register(org, domisili, MONDAY - dt.timedelta(days=7))
    with time_machine.travel(MONDAY - dt.timedelta(days=7, hours=-2), tick=False):
        service_request_move(request=old_done, actor=org.staff_a.user, action="complete")
    done_today = register(org, domisili)
    service_request_move(request=done_today, actor=org.staff_a.user, action="complete")
    colleague = register(org, domisili, officer=org.peer_a)

    html = login(client, org.staff_a).get(reverse("counter_today")).content.decode()
    assert old_open.number in html and done_today.number in html
    assert old_done.number not in html and colleague.number not in html


def test_open_files_past_their_standard_are_flagged_in_working_days(client, org):
    # Two working days allowed; received Thursday 13 August, today is Monday 17 August.
    service = ServiceType.objects.create(name="Surat Keterangan Ahli Waris", code="waris", standard_value=2)
    service.units.add(org.kel_a)
    file = register(org, service, dt.datetime(2026, 8, 13, 9, tzinfo=WITA))
    login(client, org.staff_a)
    html = client.get(reverse("counter_today")).content.decode()
    assert "3 hari kerja" in html and "lewat standar" in html  # Thu, Fri, Mon

    PublicHoliday.objects.create(date=dt.date(2026, 8, 14), name="Cuti bersama")
    html = client.get(reverse("counter_today")).content.decode()
    assert file.number in html
    assert "2 hari kerja" in html and "lewat standar" not in html


def test_todays_list_query_count_does_not_grow_with_files(client, org, domisili, django_assert_num_queries):
    login(client, org.staff_a)
    for _ in range(2):
        register(org, domisili)
    with django_assert_num_queries(10):  # 9 before issue 11, + the bell's unread count
        response = client.get(reverse("counter_today"))
    assert response.content.decode().count('class="counter-number"') == 2
    for _ in range(8):
        register(org, domisili)
    with django_assert_num_queries(10):  # 9 before issue 11, + the bell's unread count
        response = client.get(reverse("counter_today"))
    assert response.content.decode().count('class="counter-number"') == 10


def test_hour_standards_are_counted_in_hours(client, org):
    service = ServiceType.objects.create(
        name="Pengantar KTP/KK", code="pengantar", standard_value=1, standard_unit="HOURS"
    )
    service.units.add(org.kel_a)
    register(org, service, MONDAY - dt.timedelta(hours=2))
    html = login(client, org.staff_a).get(reverse("counter_today")).content.decode()
    assert "2,0 jam" in html and "standar 1 jam" in html and "lewat standar" in html
