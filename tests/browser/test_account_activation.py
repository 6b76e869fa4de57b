"""Issue 16 in a real browser: HR of Kelurahan Mantasi creates accounts for all its staff without one, prints the
slips, and a new employee activates with the slip's code, sets a password and reaches home; the code works once."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, open_page
from tests.factories import EmployeeFactory, OrgFactory

pytestmark = pytest.mark.browser

NEW_STAFF = ("Yakobus Tefa", "Rambu Nope", "Lidia Haning")
PASSWORD = "Sasando-Rote-2026"


def test_hr_creates_accounts_prints_slips_and_a_newcomer_activates_once(
    browser, live_server, transactional_db, settings
):
    settings.SITE_URL = live_server.url  # the address printed on the slips and in their QR codes
    org = OrgFactory.build_small()
    for name in NEW_STAFF:
        EmployeeFactory(name=name, position=org.staff_a_pos, user=None, email="")
    EmployeeFactory(name="Markus Kiuk", position=org.staff_b_pos, user=None, email="")  # Naioni: not hers

    # 1. HR of Mantasi: from the HR dashboard to the account list, filtered to those without an account.
    hr = open_page(browser, live_server.url)
    login(hr, "hr_a")
    hr.goto("/kepegawaian/")
    hr.get_by_role("link", name="Akun pegawai").click()
    hr.select_option("#id_unit", label="Kelurahan Mantasi")
    hr.select_option("#id_state", label="Belum punya akun")
    with hr.expect_navigation():
        hr.get_by_role("button", name="Cari").click()
    expect(hr.locator("main")).to_contain_text("3 pegawai aktif dalam daftar ini belum memiliki akun")
    with hr.expect_navigation():
        hr.locator("#create-all").click()
    expect(hr.locator(".messages")).to_contain_text("3 akun dibuat")
    expect(hr.locator("main")).to_contain_text("yakobus.tefa")

    # 2. The slips: A4 print page, one slip each, with username, code, the site's address and a QR code.
    with hr.expect_navigation():
        hr.locator("#print-slips").click()
    slips = hr.locator("article.slip")
    expect(slips).to_have_count(3)
    slip = hr.locator('article.slip[data-username="yakobus.tefa"]')
    expect(slip).to_contain_text(live_server.url + "/aktivasi/")
    expect(slip.locator("img.qr")).to_be_visible()
    assert slip.locator("img.qr").evaluate("img => img.complete && img.naturalWidth") > 0  # the QR really draws
    code = slip.locator(".code").inner_text().strip()
    assert len(code) == 11 and code[5] == "-"
    assert "markus.kiuk" not in hr.content()

    # 3. The newcomer, on another computer: activation with the slip's code, a password of her own, then home.
    newcomer = open_page(browser, live_server.url)
    newcomer.goto("/masuk/")
    newcomer.get_by_role("link", name="Punya kode aktivasi? Aktifkan akun").click()
    newcomer.fill("#id_username", "yakobus.tefa")
    newcomer.fill("#id_code", code.lower())
    newcomer.fill("#id_new_password1", PASSWORD)
    newcomer.fill("#id_new_password2", PASSWORD)
    with newcomer.expect_navigation():
        newcomer.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    assert newcomer.url.rstrip("/") == live_server.url
    expect(newcomer.locator("main")).to_contain_text("Yakobus Tefa")
    expect(newcomer.locator("main")).to_contain_text("Pengadministrasi Umum")
    newcomer.get_by_role("button", name="Keluar").click()

    # Signing in again works with the new password.
    login(newcomer, "yakobus.tefa", PASSWORD)
    expect(newcomer.locator("main")).to_contain_text("Yakobus Tefa")

    # 4. The same code a second time is refused.
    other = open_page(browser, live_server.url)
    other.goto("/aktivasi/?u=yakobus.tefa")
    other.fill("#id_code", code)
    other.fill("#id_new_password1", "Lain-Sekali-2026")
    other.fill("#id_new_password2", "Lain-Sekali-2026")
    other.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    expect(other.locator("main")).to_contain_text("Kode ini sudah dipakai")
    for pg in (hr, newcomer, other):
        pg.context.close()
