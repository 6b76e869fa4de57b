"""Every feature is reachable: from each role's home page, following the site's own links, every page of the URL
conf meant for that role is found (issue 12 item 7). A page that only a typed address opens does not exist for users.

The walk: breadth-first over same-site <a href> links, GET only, HTML pages only, at most FETCHES_PER_ROUTE pages per
route name (the second employee page shows nothing the first does not). A route counts as reached as soon as some
page links to it: downloads are not fetched.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, deque
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, ready_to_rate
from workflows.steps.evaluation import evaluation_accept, evaluation_rate

WITA = ZoneInfo("Asia/Makassar")
FETCHES_PER_ROUTE = 2
# Pages whose links depend on the object's state (an evaluation in self-assessment offers choosing peers, one
# waiting for sign-off does not): the walk opens more of them.
FETCHES_OVERRIDE = {"evaluation_detail": 8, "employee_detail": 4}
HREF = re.compile(r'href="([^"]+)"')

# Routes no <a> link can lead to, by design. Each is reached another way, said beside it.
NOT_BY_LINK = {
    # A form's POST target on a page that is reached (the button is the way in).
    "set_language": "the language form in the footer",
    "logout": "the Keluar button in the menu",
    "skp_result_delete": "the Hapus button of an RHK on the SKP edit page",
    "skp_submit": "the Ajukan button on the SKP edit page",
    "skp_revise": "the Buat versi baru form on an approved SKP",
    "realization_save": "the realisation form on the evaluation page",
    "evidence_add": "the evidence form on the evaluation page",
    "evidence_remove": "the Hapus button of an evidence item",
    "evaluation_submit": "the Ajukan penilaian mandiri button",
    "dialogue_record": "the dialogue form on the feedback page",
    "dialogue_schedule": "the schedule form on the feedback page",
    "dialogue_hold": "the record form of a scheduled dialogue",
    "org_result_confirm": "the Konfirmasi button on the Capaian Kinerja Organisasi list",
    "counter_move": "the status buttons of a counter file",
    "notification_read": "the mark-as-read button of a notification",
    "notifications_read_all": "the mark-all button on the notification list",
    "account_code_issue": "the new-code button on an account page",
    "account_unlock": "the unlock button on an account page",
    "account_reactivate": "the reactivate button on an account page",
    "hr_scope_remove": "the revoke button on the HR scope page",
    "superuser_revoke": "the revoke button on the administrators page",
    "two_factor_recovery": "the new-codes button on the two-step page",
    "two_factor_disable": "the turn-off button on the two-step page",
    "task_reassign": "the Alihkan form on HR's period page (POST)",
    "employee_leave": "the departure form on an account page",
    "account_batch": "the redirect after creating accounts (POST)",
    "dashboard_export": "the dashboard of a user over several top units (city HR); others get their unit's",
    "account_create": "the Buat akun forms on the account list and an employee's account page (POST)",
    "notification_preferences": "the preferences form on the notification list (POST)",
    "org_results_to_confirm": "the home page notice while a Capaian Kinerja Organisasi waits for the leader",
    "hr_period_progress": "polled by static/js/period_progress.js while a period opens",
    # Downloads: linked from reached pages, not fetched by the walk (they count when linked, see `walk`).
    # Token and public links, outside a signed-in role's pages.
    "survey_form": "the one-time link or QR code on a citizen's receipt",
    "survey_thanks": "the redirect after a survey answer",
    "survey_start": "the QR code at the counter (public)",
    "verify_document": "the verification code printed on a document",
    "account_activate": "the activation slip handed to a new employee",
    "password_forgot": "the login page, signed out",
    "login": "every page, signed out",
    "two_factor_verify": "the sign-in step of users with a device",
    "counter_request": "a file number typed or scanned at the counter, and the counter list",
    "counter_receipt": "the receipt printed after recording a file (POST)",
    # Admin-only (superuser) pages of accounts, outside the four roles.
    "superusers": "the superuser's admin menu",
    # Needs a state the walk's data does not hold; each has its own page test.
    "skp_review": "an SKP waiting for review (inbox; tests/appraisal/test_skp_pages.py)",
    "skp_result_edit": "an editable SKP (tests/appraisal/test_skp_pages.py)",
    "skp_edit": "an editable SKP (tests/appraisal/test_skp_pages.py)",
    "evaluation_acknowledge": "a rated evaluation (inbox, notification; tests/appraisal/test_evaluation_pages.py)",
    "objection_explain": "an objection (inbox; tests/appraisal/test_evaluation_pages.py)",
    "objection_decide": "an objection (inbox; tests/appraisal/test_evaluation_review_pages.py)",
    "objection_designate": "an objection with no Atasan (tests/workflows/test_objection_authority.py)",
    "peer_feedback_form": "a peer task (inbox; tests/appraisal/test_peer_pages.py)",
    "org_result_history": "a recorded Capaian Kinerja Organisasi (HR period page)",
    "notification_open": "a notification (the bell; tests/appraisal/test_notifications.py)",
    "acting_update": "an acting assignment (position page; tests/appraisal/test_pages_hr.py)",
    "evaluation_document": "a final evaluation (download)",
    "evaluation_report": "a final evaluation (download)",
    "evidence_download": "uploaded evidence (download)",
    "appraiser_designate": "an employee at the top of the chart (HR employee page)",
    "two_factor_codes": "after setting up two-step verification",
    "talent_placement": "a position serving the public (talent map; tests/browser/test_talent_map.py)",
    "javascript-catalog": "the scripts' words, loaded by every page's <script> tag",
    "siasn_resend": "the Kirim / Kirim ulang button of a final evaluation (POST)",
    "development_agree": "the development-plan form on the feedback page after a dialogue (POST)",
    "development_progress": "the progress form of a development action on the profile (POST)",
}

DOWNLOADS = {
    "skp_pdf",
    "hr_period_export",
    "service_report_xlsx",
    "dashboard_export",
    "dashboard_unit_export",
    "evaluation_document",
    "evaluation_report",
    "evidence_download",
    "talent_map_export",
    "training_needs_export",
    "siasn_period_export",
    "siasn_period_documents",
}

COMMON = {
    "home",
    "guide",
    "inbox",
    "notifications",
    "account_password_change",
    "two_factor_setup",
    "employee_detail",
    "position_detail",
    "unit_detail",
    "verify_lookup",
}
ROLE_ROUTES = {
    "employee": COMMON
    | {
        "skp_mine",
        "skp_detail",
        "skp_history",
        "skp_pdf",
        "skp_cascade",
        "evaluation_mine",
        "evaluation_detail",
        "evaluation_history",
        "counter_today",
    },
    "appraiser": COMMON
    | {
        "skp_mine",
        "skp_detail",
        "evaluation_mine",
        "evaluation_detail",
        "team_coaching",
        "feedback_give",
        "peers_choose",
        "evaluation_rate",
    },
    "hr": COMMON
    | {
        "hr_dashboard",
        "hr_periods",
        "hr_period_detail",
        "hr_period_export",
        "hr_sign_off_list",
        "evaluation_sign_off",
        "skp_bulk_start",
        "account_list",
        "account_slips",
        "account_detail",
        "account_roles",
        "departure_list",
        "hr_scopes",
        "unit_create",
        "unit_update",
        "position_create",
        "position_update",
        "employee_create",
        "employee_update",
        "employee_transfer",
        "employee_import",
        "acting_create",
        "dashboard",
        "dashboard_unit_export",  # HR of one kelurahan: the dashboard opens on that unit
        "service_report",
        "service_report_xlsx",
        "siasn_import",
        "siasn_period_export",
        "siasn_period_documents",
        "talent_map",
        "training_needs_export",
        "employee_profile",
        "potential_record",
    },
    "leader": COMMON
    | {
        "dashboard",
        "dashboard_unit",
        "dashboard_unit_export",
        "service_report",
        "team_coaching",
        "feedback_give",
        "talent_map",
        "talent_map_export",
        "employee_profile",
    },
}


def _named_routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern) in ("admin/", "api/v1/"):
                continue  # Django's admin and the API: not pages of the site's roles
            yield from _named_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def walk(client: Client, start: str = "/") -> set[str]:
    """Route names the site's links lead to, starting from `start`."""
    reached: set[str] = set()
    fetched: Counter = Counter()
    seen: set[str] = set()
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            name = resolve(urlsplit(url).path).url_name
        except Resolver404:
            continue
        reached.add(name)
        if name in DOWNLOADS or name in NOT_BY_LINK or fetched[name] >= FETCHES_OVERRIDE.get(name, FETCHES_PER_ROUTE):
            continue
        fetched[name] += 1
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.content.decode()):
            href = html.unescape(href).split("#", 1)[0]
            if href.startswith("/") and not href.startswith(("//", "/static/", "/media/", "/admin/", "/api/")):
                queue.append(href)
    return reached


@pytest.fixture
def demo(org):
    """Mantasi in Triwulan III: staff_a in self-assessment (peers still to choose), peer_a waiting for the
    Kasi's rating, the Kasi's own evaluation waiting for HR's sign-off."""
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, 0, tzinfo=WITA), tick=False):
        report = mantasi_period(org)
        ready_to_rate(org, evaluation_of(report, org.peer_a))  # the Kasi's rating task
        kasi = evaluation_of(report, org.kasi_a)  # rated by the Lurah and accepted: HR's sign-off task
        ready_to_rate(org, kasi)
        evaluation_rate(
            evaluation=kasi, actor=org.lurah_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
        kasi.refresh_from_db()
        evaluation_accept(evaluation=kasi, actor=org.kasi_a.user)
        yield report


# The leader is the Camat: her dashboard reaches every kelurahan's (a Lurah's shows only his own unit).
PEOPLE = {"employee": "staff_a", "appraiser": "kasi_a", "hr": "hr_a", "leader": "camat"}


@pytest.mark.parametrize("role", sorted(ROLE_ROUTES))
def test_every_page_of_a_role_is_reached_by_links_from_its_home(org, demo, role):
    person = getattr(org, PEOPLE[role])
    client = Client()
    client.force_login(getattr(person, "user", person))
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, 0, tzinfo=WITA), tick=False):
        reached = walk(client)
    missing = sorted(ROLE_ROUTES[role] - reached)
    assert missing == [], f"{role}: no link leads to {missing}"


def test_every_route_is_meant_for_a_role_or_explained():
    """A new page must be linked for some role, or its way in written into NOT_BY_LINK."""
    expected = set().union(*ROLE_ROUTES.values())
    unclassified = sorted(set(_named_routes()) - expected - set(NOT_BY_LINK))
    assert unclassified == []
    assert not (set(NOT_BY_LINK) & expected - DOWNLOADS), "a route cannot be both expected by link and exempt"
