"""The confirmation dialog blocks an accidental HR sign-off: cancel leaves it unsigned, confirm signs (issue 12)."""

import datetime as dt

import pytest

from appraisal.models import Evaluation
from appraisal.org.selectors import today
from tests.appraisal.evaluation_page_helpers import EXTRA_PEERS, waiting_for_sign_off
from tests.browser.conftest import login
from tests.evaluation_helpers import approved_chain, period_open
from tests.factories import EmployeeFactory, OrgFactory, UserFactory

pytestmark = pytest.mark.browser


def test_the_sign_off_dialog_blocks_an_accidental_click(page, transactional_db):
    org = OrgFactory.build_small()
    for name, username in EXTRA_PEERS:
        EmployeeFactory(name=name, position=org.staff_a_pos, user=UserFactory(username=username))
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
    ev = waiting_for_sign_off(org, next(e for e in report.created if e.employee_id == org.staff_a.pk))

    login(page, "hr_a")
    page.goto(f"/evaluasi/{ev.pk}/sahkan/")
    dialog = page.locator("#confirm-dialog")
    assert not dialog.is_visible()

    # An accidental click opens the dialog, which says what cannot be undone; nothing is sent.
    page.get_by_role("button", name="Sahkan", exact=True).click()
    dialog.wait_for(state="visible")
    assert "Pengesahan tidak dapat dibatalkan" in dialog.inner_text()
    assert not Evaluation.objects.get(pk=ev.pk).is_final

    # "Batal" closes it and the evaluation stays unsigned; so does Escape.
    dialog.get_by_role("button", name="Batal").click()
    dialog.wait_for(state="hidden")
    assert page.url.endswith(f"/evaluasi/{ev.pk}/sahkan/")
    page.get_by_role("button", name="Sahkan", exact=True).click()
    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert not Evaluation.objects.get(pk=ev.pk).is_final

    # Confirming signs, in one step: the server's own confirm page is skipped.
    page.get_by_role("button", name="Sahkan", exact=True).click()
    page.locator("#confirm-dialog-ok").click(no_wait_after=True)
    # Signing off renders the final PDF (jobs run inline in tests): allow it more than the default 10 s.
    page.get_by_text("Dokumen akhir sedang dibuat").first.wait_for(timeout=120_000)
    assert "confirm-consequence" not in page.content()
    assert Evaluation.objects.get(pk=ev.pk).is_final
