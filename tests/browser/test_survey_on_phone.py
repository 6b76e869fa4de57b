"""A citizen answers the satisfaction survey on a phone from the code printed on the receipt, and the
officer's evaluation shows the new response."""

import datetime as dt

import pytest

from appraisal.models import ServiceType, SurveyResponse
from appraisal.org.selectors import today
from tests.browser.conftest import login
from tests.evaluation_helpers import approved_chain, period_open
from tests.factories import OrgFactory

pytestmark = pytest.mark.browser


def figure(page, label):
    return page.locator(f"dt:text-is('{label}') + dd").first.inner_text()


def test_citizen_answers_from_the_receipt_and_the_officer_sees_the_response(page, phone_page):
    org = OrgFactory.build_small()
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a)
    approved_chain(org)
    year = today().year
    report = period_open(
        unit=org.kel_a,
        year=year,
        kind="TW4",
        start_date=dt.date(year, 10, 1),
        end_date=dt.date(year, 12, 31),
        peer_deadline=dt.date(year, 12, 20),
        actor=org.hr_a,
    )
    evaluation = next(e for e in report.created if e.employee_id == org.staff_a.pk)

    # The officer registers the file at the counter and prints the receipt.
    login(page, "staff_a")
    page.goto("/loket/")
    page.locator("label.service-choice", has_text="Surat Keterangan Domisili").click()
    page.get_by_role("button", name="Catat dan cetak tanda terima").click()
    page.locator(".qr-box svg").wait_for()
    code = page.locator(".code").inner_text().strip()
    page.goto(f"/evaluasi/{evaluation.pk}/")
    assert figure(page, "Jumlah tanggapan survei") == "0"

    # The citizen types the printed code on a phone and answers the nine questions.
    phone = phone_page
    phone.goto("/survei/")
    phone.locator("input[type=text]").first.fill(code)
    phone.locator("form button[type=submit]").click()
    questions = phone.locator("fieldset")
    assert questions.count() == 9
    for i in range(9):
        questions.nth(i).locator("label.s-answer").nth(3).click()  # Sangat sesuai / Sangat baik …
    phone.locator("textarea[name=comment]").fill("Pelayanan cepat.")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    phone.get_by_role("button", name="Kirim penilaian").click()
    phone.get_by_text("Terima kasih").first.wait_for()
    assert SurveyResponse.objects.filter(officer=org.staff_a).count() == 1

    # A second visit with the same code changes nothing.
    phone.goto(f"/survei/{code}/")
    assert "sudah mengisi" in phone.content()

    page.goto(f"/evaluasi/{evaluation.pk}/")
    assert figure(page, "Jumlah tanggapan survei") == "1"
    assert figure(page, "Berkas layanan ditangani") == "1"
