"""Content Security Policy (django-csp): every page says it, and no page needs inline code the policy would block."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse

from appraisal.models import ServiceType
from appraisal.service_desk.services import service_request_register
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, ready_to_rate

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture(autouse=True)
def october_2026():
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        yield


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def nonce_of(response) -> str | None:
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return found.group(1) if found else None


def blocked_inline_code(response) -> list[str]:
    """Inline scripts, styles, style attributes and on*= handlers this response's policy would block."""
    html = response.content.decode()
    nonce = nonce_of(response)
    blocked = []
    for kind, attributes in TAG.findall(html):
        allowed = (nonce and f'nonce="{nonce}"' in attributes) or (
            kind.lower() == "script" and ("src=" in attributes or 'type="application/json"' in attributes)
        )
        if not allowed:
            blocked.append(f"<{kind}{attributes}>")
    blocked += [m.group(0) for m in STYLE_ATTRIBUTE.finditer(html)]
    blocked += [m.group(0) for m in HANDLER_ATTRIBUTE.finditer(html)]
    return blocked


def get(client, url, user=None, **extra):
    if user is not None:
        client.force_login(user)
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def receipt_file(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a)
    return service_request_register(
        actor=org.staff_a.user, service_type=service, citizen_name="Yakobus Nope", citizen_phone="081234567890"
    )


@pytest.mark.parametrize("url", ["/masuk/", "/survei/", "/verifikasi/"])
def test_public_pages_carry_the_policy(client, url):
    assert policy(get(client, url)) == POLICY


def test_a_signed_in_page_carries_the_policy(client, org):
    assert policy(get(client, reverse("home"), org.staff_a.user)) == POLICY


def test_the_survey_form_carries_the_policy_and_needs_no_inline_code(client, receipt_file):
    response = get(client, reverse("survey_form", args=[receipt_file.survey_token.token]))
    assert policy(response) == POLICY
    assert blocked_inline_code(response) == []


@pytest.mark.parametrize("who", ["staff_a", "kasi_a", "camat", "hr_a", "admin", "outsider"])
@pytest.mark.parametrize("page", ["home", "inbox", "skp_mine", "evaluation_mine", "hr_dashboard", "hr_periods"])
def test_pages_of_every_kind_of_user_need_no_inline_code(client, org, who, page):
    client.force_login(getattr(org, who) if who in {"hr_a", "admin", "outsider"} else getattr(org, who).user)
    response = client.get(reverse(page))
    if response.status_code != 200:  # not everyone may open every page
        assert response.status_code in (302, 403, 404)
        return
    assert blocked_inline_code(response) == []


@pytest.mark.parametrize("url", ["/masuk/", "/survei/", "/verifikasi/", "/verifikasi/ABCDEFGHJKLM/"])
def test_public_pages_need_no_inline_code(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert blocked_inline_code(response) == []


def test_the_rating_page_loads_its_predicate_preview_from_a_file(client, org):
    evaluation = evaluation_of(mantasi_period(org), org.staff_a)
    ready_to_rate(org, evaluation)

    response = get(client, reverse("evaluation_rate", args=[evaluation.pk]), org.kasi_a.user)

    html = response.content.decode()
    assert blocked_inline_code(response) == []
    assert 'id="predicate-table" type="application/json"' in html
    assert re.search(r'<script src="[^"]*js/predicate_preview\.js"', html)


@pytest.mark.parametrize(
    ("paper", "size"), [("a6", "size:105mm 148mm"), ("thermal58", "size:58mm"), ("thermal80", "size:80mm")]
)
def test_the_receipt_prints_on_its_paper_without_inline_code(client, org, receipt_file, paper, size):
    url = reverse("counter_receipt", args=[receipt_file.number])
    response = get(client, f"{url}?format={paper}", org.staff_a.user)

    html = response.content.decode()
    assert blocked_inline_code(response) == []
    assert '<button type="button" data-print>' in html and re.search(r'<script src="[^"]*js/receipt\.js"', html)
    sheets = re.findall(r'href="[^"]*css/(receipt-[a-z0-9]+)\.css"', html)
    assert sheets == [f"receipt-{paper}"]  # only the chosen paper's @page
    assert size in Path(finders.find(f"css/receipt-{paper}.css")).read_text()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/appraisal/employee/",
        "/admin/appraisal/employee/add/",
        "/admin/axes/accessattempt/",
        "/admin/auth/user/",
    ],
)
def test_the_admin_works_under_the_policy(client, org, url):
    response = get(client, url, org.admin)
    assert policy(response) == POLICY
    assert blocked_inline_code(response) == []


def test_the_admin_change_form_needs_no_inline_code(client, org):
    response = get(client, reverse("admin:appraisal_employee_change", args=[org.staff_a.pk]), org.admin)
    assert blocked_inline_code(response) == []


def test_the_offline_api_docs_run_their_start_up_script_by_nonce(client, org):
    response = get(client, "/api/v1/docs/", org.staff_a.user)

    nonce = nonce_of(response)
    assert nonce
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]
    assert f"'nonce-{nonce}'" in policy(response)["style-src"]
    assert blocked_inline_code(response) == []
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_each_response_gets_its_own_nonce(client, org):
    client.force_login(org.staff_a.user)
    assert nonce_of(client.get("/api/v1/docs/")) != nonce_of(client.get("/api/v1/docs/"))


def test_a_page_without_inline_code_gets_no_nonce(client):
    assert nonce_of(get(client, "/masuk/")) is None


@pytest.mark.parametrize(
    ("html", "blocked"),
    [
        ("<script>alert(1)</script>", True),
        ('<script nonce="other">alert(1)</script>', True),
        ('<script nonce="abc">go()</script>', False),
        ('<script src="/static/js/x.js" defer></script>', False),
        ('<script id="t" type="application/json">{}</script>', False),
        ("<style>p{}</style>", True),
        ('<p style="color:red">', True),
        ('<select onchange="this.form.submit()">', True),
        ("<p>onchange is a word, style= too</p>", False),
    ],
)
def test_the_inline_code_check_catches_what_the_policy_blocks(html, blocked):
    class Response(dict):
        content = html.encode()

    response = Response({"Content-Security-Policy": "script-src 'self' 'nonce-abc'"})
    assert bool(blocked_inline_code(response)) is blocked
