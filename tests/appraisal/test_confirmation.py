"""Irreversible actions ask first (appraisal/pages/confirm.py): a confirm step without JavaScript, then confirmed=1."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from appraisal.models import PerformancePlan
from appraisal.pages.confirm import CONFIRMATIONS
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, rated, waiting_for_sign_off
from tests.evaluation_helpers import fill_and_submit
from tests.skp_helpers import draft_under_approved_chain
from workflows.steps.skp import plan_submit

WITA = ZoneInfo("Asia/Makassar")
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def october_2026():
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, 0, tzinfo=WITA), tick=False):
        yield


def plain(person) -> Client:
    """A browser without JavaScript: what it posts is exactly what the form holds."""
    client = Client()
    client.force_login(person.user if hasattr(person, "user") else person)
    return client


def confirm_form(response, consequence) -> dict:
    """The confirm step: its words, and the fields it would post again."""
    assert response.status_code == 200
    page = response.content.decode()
    assert str(consequence) in page and 'name="confirmed" value="1"' in page and "Batal" in page
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_sign_off_asks_first_and_signs_only_when_confirmed(org):
    ev = waiting_for_sign_off(org, evaluation_of(mantasi_period(org), org.staff_a))
    url = reverse("evaluation_sign_off", args=[ev.pk])
    client = plain(org.hr_a)

    fields = confirm_form(client.post(url), CONFIRMATIONS["sign_off"].consequence)
    ev.refresh_from_db()
    assert not ev.is_final

    assert client.post(url, {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}).status_code == 302
    ev.refresh_from_db()
    assert ev.is_final


def test_the_page_button_carries_the_dialog_words(org):
    ev = waiting_for_sign_off(org, evaluation_of(mantasi_period(org), org.staff_a))
    page = plain(org.hr_a).get(reverse("evaluation_sign_off", args=[ev.pk])).content.decode()
    assert 'data-confirm="Pengesahan tidak dapat dibatalkan' in page and 'id="confirm-dialog"' in page
    assert "/static/js/confirm.js" in page


def test_self_assessment_shows_errors_first_then_asks_and_keeps_the_text(org):
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    for r in ev.realizations.all():
        r.value, r.note = 10, "ok"
        r.save()
    client = plain(org.staff_a)
    url = reverse("evaluation_submit", args=[ev.pk])

    assert "confirm-consequence" not in client.post(url, {"text": ""}).content.decode()  # invalid: the form again
    fields = confirm_form(client.post(url, {"text": "Target tercapai."}), "tidak dapat Anda ubah lagi")
    assert fields["text"] == "Target tercapai."
    ev.refresh_from_db()
    assert ev.self_assessed_at is None

    client.post(url, {"text": "Target tercapai.", "confirmed": "1"})
    ev.refresh_from_db()
    assert ev.self_assessed_at is not None and ev.self_assessment == "Target tercapai."


def test_accepting_the_result_asks_first(org):
    ev = rated(org, evaluation_of(mantasi_period(org), org.staff_a))
    url = reverse("evaluation_acknowledge", args=[ev.pk])
    client = plain(org.staff_a)
    confirm_form(client.post(url, {"action": "accept"}), "hak Anda mengajukan keberatan")
    ev.refresh_from_db()
    assert ev.status == "ACK" and ev.acknowledged_at is None

    client.post(url, {"action": "accept", "confirmed": "1"})
    ev.refresh_from_db()
    assert ev.acknowledged_at is not None


def test_submitting_and_approving_an_skp_ask_first(org):
    plan = draft_under_approved_chain(org)
    client = plain(org.staff_a)
    confirm_form(client.post(reverse("skp_submit", args=[plan.pk])), "tidak dapat Anda ubah")
    assert PerformancePlan.objects.get(pk=plan.pk).status == "DRAFT"
    client.post(reverse("skp_submit", args=[plan.pk]), {"confirmed": "1"})
    assert PerformancePlan.objects.get(pk=plan.pk).status == "SUBMITTED"

    reviewer = plain(org.kasi_a)
    review = reverse("skp_review", args=[plan.pk])
    fields = confirm_form(reviewer.post(review, {"action": "approve"}), "SKP dikunci")
    assert fields["action"] == "approve"
    assert PerformancePlan.objects.get(pk=plan.pk).status == "SUBMITTED"
    reviewer.post(review, {"action": "approve", "confirmed": "1"})
    assert PerformancePlan.objects.get(pk=plan.pk).status == "APPROVED"


def test_returning_an_skp_is_not_irreversible_and_asks_nothing(org):
    plan = draft_under_approved_chain(org)
    plan_submit(plan=plan, actor=org.staff_a.user)
    response = plain(org.kasi_a).post(reverse("skp_review", args=[plan.pk]), {"action": "return", "note": "Perbaiki"})
    assert response.status_code == 302
    assert PerformancePlan.objects.get(pk=plan.pk).status == "RETURNED"


def _sources(folder: str, pattern: str) -> str:
    return "\n".join(p.read_text() for p in (ROOT / folder).rglob(pattern))


@pytest.mark.parametrize("key", sorted(CONFIRMATIONS))
def test_every_confirmation_is_asked_by_a_view_and_offered_by_a_button(key):
    assert f'confirm_page(request, "{key}"' in _sources("appraisal", "*.py")
    assert f'{{% confirm_attrs "{key}" %}}' in _sources("templates", "*.html")


def test_fill_helper_is_still_usable(org):
    """The service path (API, helpers) is not concerned by confirmation."""
    ev = evaluation_of(mantasi_period(org), org.staff_a)
    fill_and_submit(ev)
    ev.refresh_from_db()
    assert ev.self_assessed_at is not None
