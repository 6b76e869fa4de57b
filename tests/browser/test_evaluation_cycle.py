"""The whole evaluation cycle in a real browser, across five people: the employee, two peers, the appraiser,
the senior appraiser (deciding an objection) and HR (signing off); the final PDF names the predicate."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from appraisal.models import Evaluation, PeerFeedback
from appraisal.org.selectors import today
from tests.browser.conftest import confirm, login, open_page
from tests.evaluation_helpers import approved_chain, period_open
from tests.factories import EmployeeFactory, OrgFactory

pytestmark = pytest.mark.browser


def as_user(browser, live_server, username):
    page = open_page(browser, live_server.url)
    login(page, username)
    return page


def test_five_people_take_an_evaluation_from_self_assessment_to_a_signed_document(
    browser, live_server, transactional_db
):
    org = OrgFactory.build_small()
    second_peer = EmployeeFactory(name="Rambu Nope", position=org.staff_a_pos)
    approved_chain(org)
    report = period_open(
        unit=org.kel_a,
        year=2026,
        kind="TW3",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 9, 30),
        peer_deadline=today() + dt.timedelta(days=10),
        actor=org.hr_a,
    )
    ev = next(e for e in report.created if e.employee_id == org.staff_a.pk)
    assert set(ev.peer_requests.values_list("peer_id", flat=True)) == {org.peer_a.pk, second_peer.pk}

    # 1. The employee records realisation (saved as she types) and submits her self-assessment.
    employee = as_user(browser, live_server, "staff_a")
    employee.goto(f"/evaluasi/{ev.pk}/")
    for realization in ev.realizations.all():
        row = employee.locator(f"#r{realization.pk}")
        row.locator("input[name=value]").fill("11")
        row.locator("textarea[name=note], input[name=note]").first.fill("Laporan Juli–September")
        row.locator("input[name=value]").press("Tab")
        row.locator(".autosave-status").get_by_text("Tersimpan").wait_for()
    employee.locator("textarea[name=text]").fill("Sebagian besar target tercapai.")
    employee.get_by_role("button", name="Ajukan penilaian mandiri").click()
    confirm(employee)
    employee.get_by_text("Menunggu umpan balik").first.wait_for()

    # 2. Two colleagues answer anonymously from their inbox, on the BerAKHLAK form.
    for username in ("peer_a", second_peer.user.username):
        peer = as_user(browser, live_server, username)
        peer.goto("/tugas/")
        with peer.expect_navigation():
            peer.locator("a[href^='/umpan-balik/']").first.click()
        for fieldset in peer.locator("fieldset.core-value").all():
            fieldset.locator("label.choice-above").click()
        peer.get_by_role("button", name="Kirim umpan balik").click()
        confirm(peer)
        peer.get_by_text("Terima kasih").first.wait_for()
        peer.context.close()
    assert PeerFeedback.objects.filter(evaluation=ev).count() == 2

    # 3. The appraiser rates on one screen; with two answers the peer summary stays hidden.
    appraiser = as_user(browser, live_server, "kasi_a")
    appraiser.goto(f"/evaluasi/{ev.pk}/nilai/")
    assert appraiser.get_by_text("Belum cukup tanggapan").first.is_visible()
    assert "Beatrix Kana" not in appraiser.content() and "Rambu Nope" not in appraiser.content()
    appraiser.select_option("select[name=result_rating]", "BELOW")
    appraiser.select_option("select[name=behaviour_rating]", "MEETS")
    appraiser.locator("#rate-form textarea[name=feedback]").fill("Target triwulan belum tercapai.")
    appraiser.get_by_role("button", name="Simpan penilaian").click()
    confirm(appraiser)
    appraiser.get_by_text("Butuh Perbaikan").first.wait_for()

    # 4. The employee objects within the window; both sides explain.
    employee.goto(f"/evaluasi/{ev.pk}/tanggapan/")
    employee.locator("textarea[name=reasons]").fill("Bukti dukung September belum dihitung.")
    employee.get_by_role("button", name="Ajukan keberatan").click()
    confirm(employee)
    employee.get_by_text("Keberatan").first.wait_for()
    for page in (appraiser, employee):
        page.goto(f"/evaluasi/{ev.pk}/penjelasan/")
        page.locator("textarea[name=text]").fill("Penjelasan terlampir.")
        page.get_by_role("button", name="Kirim penjelasan").click()
        confirm(page)
        page.wait_for_load_state()

    # 5. The senior appraiser changes the ratings; the decision is final.
    senior = as_user(browser, live_server, "lurah_a")
    senior.goto(f"/evaluasi/{ev.pk}/keberatan/")
    senior.locator("input[name=decision][value=CHANGED]").check()
    senior.select_option("select[name=result_rating]", "MEETS")
    senior.select_option("select[name=behaviour_rating]", "MEETS")
    senior.locator("textarea[name=notes]").fill("Bukti September sah.")
    senior.get_by_role("button", name="Simpan keputusan").click()
    confirm(senior)
    senior.wait_for_load_state()

    # 6. HR signs off; the document is generated.
    hr = as_user(browser, live_server, "hr_a")
    hr.goto(f"/evaluasi/{ev.pk}/sahkan/")
    hr.get_by_role("button", name="Sahkan").click()
    confirm(hr)
    hr.wait_for_load_state()
    ev = Evaluation.objects.get(pk=ev.pk)
    assert ev.is_final and ev.predicate == "BAIK"

    # 7. The employee downloads the final PDF: it names the predicate and the verification code.
    with employee.expect_download() as info:
        employee.goto(f"/evaluasi/{ev.pk}/")
        employee.locator(f"a[href='/evaluasi/{ev.pk}/dokumen/']").first.click()
    with open(info.value.path(), "rb") as fh:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "PREDIKAT KINERJA PEGAWAI" in text and "BAIK" in text
    assert "Beatrix Kana" not in text
    for page in (employee, appraiser, senior, hr):
        page.context.close()
