"""Issue 12, item 9: axe-core finds no serious or critical accessibility violation on the main pages of the
employee, the appraiser, HR and the citizen; the skip link works; the evaluation page fits a 375 px phone.

axe-core (tests/browser/vendor/axe.min.js, MPL-2.0, from the npm registry) is injected by the test through an init
script: it is never served by the site, and the pages' Content Security Policy stays as it is.
"""

import datetime as dt
import json
from pathlib import Path

import pytest

from appraisal.org.selectors import today
from tests.browser.conftest import login, open_page
from tests.evaluation_helpers import approved_chain, period_open
from tests.factories import EmployeeFactory, OrgFactory

pytestmark = pytest.mark.browser

AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}


def axe_page(browser, base_url, *, phone=False):
    page = open_page(browser, base_url, phone=phone)
    page.context.add_init_script(script=AXE)
    return page


def violations(page) -> list[str]:
    """Serious and critical axe findings on the page as it stands, one line each (rule, impact, where)."""
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    out = []
    for v in result["violations"]:
        if v["impact"] in BLOCKING:
            targets = [json.dumps(n["target"]) for n in v["nodes"][:3]]
            out.append(f"{page.url} {v['id']} ({v['impact']}): {v['help']} — {', '.join(targets)}")
    return out


def check(page, paths) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(path)
        assert response.status < 400, f"{path}: {response.status}"
        found += violations(page)
    return found


@pytest.fixture
def evaluation(transactional_db):
    org = OrgFactory.build_small()
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
    return org, ev


def test_main_pages_of_four_roles_have_no_serious_or_critical_violation(browser, live_server, evaluation):
    org, ev = evaluation
    plan_id = ev.plan_id
    found = []

    citizen = axe_page(browser, live_server.url, phone=True)
    found += check(citizen, ["/survei/", "/verifikasi/", "/masuk/"])
    citizen.context.close()

    employee = axe_page(browser, live_server.url)
    login(employee, "staff_a")
    found += check(
        employee,
        ["/", "/skp/", f"/skp/{plan_id}/", "/evaluasi/", f"/evaluasi/{ev.pk}/", "/tugas/", "/notifikasi/", "/loket/"],
    )
    employee.context.close()

    appraiser = axe_page(browser, live_server.url)
    login(appraiser, "kasi_a")
    found += check(appraiser, ["/", "/tugas/", "/tim/", f"/evaluasi/{ev.pk}/", f"/skp/{plan_id}/"])
    appraiser.context.close()

    hr = axe_page(browser, live_server.url)
    login(hr, "hr_a")
    found += check(
        hr,
        [
            "/kepegawaian/",
            "/kepegawaian/periode/",
            f"/kepegawaian/periode/{ev.period_id}/",
            "/kepegawaian/pengesahan/",
            "/kepegawaian/akun/",
            "/laporan/layanan/",
            "/dasbor/",
            f"/evaluasi/{ev.pk}/riwayat/",
        ],
    )
    hr.context.close()

    assert found == [], "\n".join(found)


def test_the_skip_link_is_first_and_moves_to_the_content(page, live_server, evaluation):
    login(page, "staff_a")
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.inner_text() == "Langsung ke konten" and skip.is_visible()
    skip.press("Enter")
    assert page.evaluate("location.hash") == "#konten"


def test_the_realisation_inputs_fit_a_375px_phone_without_sideways_scrolling(phone_page, live_server, evaluation):
    _org, ev = evaluation
    login(phone_page, "staff_a")
    phone_page.goto(f"/evaluasi/{ev.pk}/")

    inputs = phone_page.locator(".realization input[name=value]")
    assert inputs.count() == ev.realizations.count() > 0
    width = phone_page.evaluate("window.innerWidth")
    for i in range(inputs.count()):
        box = inputs.nth(i).bounding_box()
        assert inputs.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_read_only_realisation_table_stacks_on_a_phone(phone_page, live_server, evaluation):
    org, ev = evaluation
    login(phone_page, "kasi_a")  # the appraiser reads the realisation table before the self-assessment is in
    phone_page.goto(f"/evaluasi/{ev.pk}/")
    cells = phone_page.locator(".realization-table td[data-label='Realisasi']")
    assert cells.count() == ev.realizations.count()
    assert cells.first.evaluate("el => getComputedStyle(el).display") == "block"  # a card line, not a column
    assert cells.first.evaluate("el => getComputedStyle(el, '::before').content") == '"Realisasi"'
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_long_selects_search_by_nip_and_errors_clear_once_the_field_is_fixed(page, live_server, evaluation):
    org, _ev = evaluation
    for n in range(20):  # a list long enough to need searching (searchable_select.js: from 15 options)
        EmployeeFactory(name=f"Pegawai Contoh {n:02d}", position=org.staff_a_pos)
    login(page, "hr_a")
    page.goto("/kepegawaian/plt/baru/")
    select = page.locator("select[name=employee]")
    total = select.locator("option").count()
    search = page.get_by_role("searchbox", name="Cari nama atau NIP")
    search.fill(org.staff_a.nip[:8] + " " + org.staff_a.nip[8:14])  # typed as printed, with a space
    labels = select.locator("option").all_inner_texts()
    assert 0 < len([t for t in labels if t.strip("- ")]) < total
    assert any(t == f"{org.staff_a.full_name} — {org.staff_a.nip_display}" for t in labels)

    # Submitted empty: each field shows its own error; typing into one clears that one only.
    page.get_by_role("button", name="Simpan").click()
    start = page.locator("[name=start_date]")
    error_id = f"{start.get_attribute('id')}_error"
    assert page.locator(f"#{error_id}").is_visible()
    assert error_id in start.get_attribute("aria-describedby")  # the error is tied to its field
    start.fill("2026-10-01")
    assert page.locator(f"#{error_id}").is_hidden()
    assert start.get_attribute("aria-invalid") is None
    assert page.locator("select[name=position][aria-invalid=true]").count() == 1  # not fixed yet: still marked


def test_the_autosave_words_follow_the_language(browser, live_server, evaluation):
    _org, ev = evaluation
    page = open_page(browser, live_server.url)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, "staff_a")
    page.goto(f"/evaluasi/{ev.pk}/")
    row = page.locator(".realization").first
    row.locator("input[name=value]").fill("11")
    row.locator("input[name=value]").press("Tab")
    row.locator(".autosave-status").get_by_text("Saved at").wait_for()
    assert "Tersimpan" not in row.locator(".autosave-status").inner_text()
    page.context.close()
