"""Signing in through the real login form in chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import OrgFactory

pytestmark = pytest.mark.browser


def test_employee_signs_in_and_sees_own_position_and_appraiser(page):
    org = OrgFactory.build_small()

    login(page, "staff_a")

    assert "/masuk/" not in page.url
    main = page.locator("main")
    expect(main).to_contain_text(org.staff_a.name)  # Alfons Sabu
    expect(main).to_contain_text("Pengadministrasi Umum")
    expect(main).to_contain_text(org.kasi_a.name)  # his appraiser, Ester Foenay


def test_wrong_password_stays_on_login_page_with_indonesian_message(page):
    OrgFactory.build_small()

    login(page, "staff_a", password="salah-sekali")

    assert "/masuk/" in page.url
    expect(page.locator("main")).to_contain_text("Nama pengguna atau kata sandi salah")


def test_on_a_phone_the_menu_is_folded_and_nothing_scrolls_sideways(phone_page):
    OrgFactory.build_small()
    page = phone_page

    login(page, "staff_a")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    logout = page.get_by_role("button", name="Keluar")
    expect(logout).to_be_hidden()  # the nav is folded behind the ☰ toggle on narrow screens
    page.click("label[for=nav-toggle]")
    expect(logout).to_be_visible()
