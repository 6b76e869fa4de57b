"""The SKP review cycle in a real browser: draft → submit → return → fix → resubmit → approve → PDF."""

import pytest

from appraisal.models import PerformancePlan, PlanStatus
from tests.browser.conftest import confirm, login, open_page
from tests.factories import OrgFactory
from tests.skp_helpers import approved_plan

pytestmark = pytest.mark.browser


def test_employee_and_appraiser_take_an_skp_through_review(browser, live_server, transactional_db, page):
    org = OrgFactory.build_small()
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    approved_plan(org.kasi_a, supports=lurah.results.get())

    # The employee drafts one RHK with an indicator, linked to the Kasi's RHK, and submits.
    login(page, "staff_a")
    page.goto("/skp/")
    page.get_by_role("button", name="Susun SKP 2026").click()
    page.goto(f"/skp/{PerformancePlan.objects.get(employee=org.staff_a).pk}/ubah/")
    page.fill("#id_rhk-text", "Tersusunnya rekap surat keterangan warga Kelurahan Mantasi")
    page.select_option("#id_rhk-supports", index=1)
    page.select_option("#id_iki-0-aspect", "KUANTITAS")
    page.fill("#id_iki-0-text", "Jumlah rekap bulanan")
    page.fill("#id_iki-0-target_value", "12")
    page.fill("#id_iki-0-target_unit", "laporan")
    page.get_by_role("button", name="Simpan RHK").click()
    page.get_by_text("Tersusunnya rekap surat keterangan warga").first.wait_for()
    page.get_by_role("button", name="Ajukan ke pejabat penilai kinerja").click()
    confirm(page)
    page.get_by_text("Diajukan").first.wait_for()
    plan = PerformancePlan.objects.get(employee=org.staff_a)
    assert plan.status == PlanStatus.SUBMITTED

    # The appraiser finds it in the inbox and returns it with a note on the RHK.
    kasi = open_page(browser, live_server.url)
    login(kasi, "kasi_a")
    kasi.goto("/tugas/")
    assert kasi.get_by_text("Tinjau SKP").first.is_visible()
    with kasi.expect_navigation():
        kasi.locator(f'a[href="/skp/{plan.pk}/tinjau/"]').click()
    assert kasi.url.endswith(f"/skp/{plan.pk}/tinjau/")
    result = plan.results.get()
    kasi.fill(f"#id_note_{result.pk}", "Target terlalu rendah, jadikan 24 laporan")
    kasi.get_by_role("button", name="Kembalikan dengan catatan").click()
    kasi.get_by_text("Dikembalikan").first.wait_for()

    # The employee sees the note, fixes the target, resubmits.
    page.goto(f"/skp/{plan.pk}/ubah/")
    assert page.get_by_text("Target terlalu rendah, jadikan 24 laporan").first.is_visible()
    page.goto(f"/skp/{plan.pk}/rhk/{result.pk}/")
    page.fill("#id_iki-0-target_value", "24")
    page.get_by_role("button", name="Simpan RHK").click()
    page.get_by_role("button", name="Ajukan ke pejabat penilai kinerja").click()
    confirm(page)
    page.get_by_text("Diajukan").first.wait_for()

    # The appraiser approves; the PDF downloads.
    kasi.goto(f"/skp/{plan.pk}/tinjau/")
    kasi.get_by_role("button", name="Setujui SKP").first.click()
    confirm(kasi)
    kasi.get_by_text("Disetujui").first.wait_for()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.results.get().indicators.get().target_value == 24

    with page.expect_download() as info:
        page.goto(f"/skp/{plan.pk}/")
        page.get_by_role("link", name="Unduh PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"
    kasi.context.close()
