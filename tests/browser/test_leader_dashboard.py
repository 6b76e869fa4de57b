"""Issue 11 in a real browser: the Camat sees all twelve kelurahan on her dashboard with charts, drills into
Mantasi, gives an appreciation to the Lurah in two clicks, and the Lurah sees it and its notification; the Lurah
of Mantasi sees Mantasi only."""

import pytest

from appraisal.models import Feedback, Position, PositionKind, Unit, UnitKind
from tests.browser.conftest import login, open_page
from tests.factories import EmployeeFactory, OrgFactory

pytestmark = pytest.mark.browser

OTHER_KELURAHAN = [
    "Namosain",
    "Nunbaun Sabu",
    "Nunbaun Delha",
    "Nunhila",
    "Fatufeto",
    "Manutapen",
    "Alak",
    "Batuplat",
    "Manulai II",
    "Penkase Oeleta",
]


def as_user(browser, live_server, username):
    page = open_page(browser, live_server.url)
    login(page, username)
    return page


def test_the_camat_sees_twelve_kelurahan_drills_into_mantasi_and_appreciates_the_lurah(
    browser, live_server, transactional_db
):
    org = OrgFactory.build_small()  # Mantasi and Naioni
    for name in OTHER_KELURAHAN:
        unit = Unit.objects.create(
            name=f"Kelurahan {name}",
            code=f"kel-{name.lower().replace(' ', '-')}",
            kind=UnitKind.KELURAHAN,
            parent=org.kec,
        )
        head = Position.objects.create(
            title=f"Lurah {name}", kind=PositionKind.PENGAWAS, unit=unit, is_unit_head=True, parent=org.camat_pos
        )
        EmployeeFactory(name=f"Lurah {name}", position=head)

    camat = as_user(browser, live_server, "camat")
    camat.goto("/dasbor/")
    for name in ["Mantasi", "Naioni", *OTHER_KELURAHAN]:
        assert camat.get_by_text(f"Kelurahan {name}").first.is_visible()
    assert camat.locator("svg").count() >= 1  # the charts are drawn on the server

    # Drill into Mantasi and give its Lurah an appreciation in two clicks (open, send).
    with camat.expect_navigation():
        camat.locator(f"a[href^='/dasbor/unit/{org.kel_a.pk}/']").first.click()
    row = camat.locator("tr", has_text=org.lurah_a.full_name).filter(has=camat.locator("details")).first
    row.get_by_text("Beri apresiasi atau masukan").click()
    row.locator("textarea[name=fb-text]").fill("Terima kasih atas pelayanan PATEN yang cepat bulan ini.")
    with camat.expect_navigation():
        row.get_by_role("button", name="Kirim").click()
    feedback = Feedback.objects.get(employee=org.lurah_a)
    assert (feedback.kind, feedback.author) == ("APRESIASI", org.camat)

    # The Lurah sees it on her home page, with its notification behind the bell.
    lurah = as_user(browser, live_server, "lurah_a")
    lurah.goto("/")
    assert lurah.get_by_text("Terima kasih atas pelayanan PATEN").first.is_visible()
    lurah.goto("/notifikasi/")
    assert (
        lurah.get_by_text(org.camat.full_name).first.is_visible() or lurah.get_by_text("apresiasi").first.is_visible()
    )

    # Her own dashboard is Mantasi's only; Naioni's is refused with the site's page in Indonesian.
    lurah.goto("/dasbor/")
    assert "Kelurahan Mantasi" in lurah.content() and "Kelurahan Naioni" not in lurah.content()
    response = lurah.goto(f"/dasbor/unit/{org.kel_b.pk}/")
    assert response.status == 403
