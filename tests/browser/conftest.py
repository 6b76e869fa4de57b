"""Browser harness: Debian chromium driven by Playwright's sync API against Django's live server.

Never downloads a browser: the executable is /usr/bin/chromium (override with CHROMIUM_PATH).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the test thread, so Django's async-safety
# guard would refuse every ORM call made by the test itself (creating users, reading results).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
DEFAULT_TIMEOUT_MS = 10_000


def _chromium_missing_reason() -> str | None:
    path = Path(CHROMIUM_PATH)
    if not path.exists():
        return f"chromium not found at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)"
    if not os.access(path, os.X_OK):
        return f"{CHROMIUM_PATH} is not executable"
    return None


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT was never collected; the live server serves from the finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture can tell a failed test at teardown.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session; skipped (locally) or failed (CI) when missing."""
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)  # in CI a missing browser must not pass silently as "skipped"
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser, base_url: str, *, viewport: dict | None = None, phone: bool = False):
    """A fresh context (own cookies) and page; `phone=True` gives a 375x812 touch viewport."""
    options: dict = {"base_url": base_url, "locale": "id-ID", "timezone_id": "Asia/Makassar"}
    if phone:
        options.update(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    else:
        options["viewport"] = viewport or DESKTOP
    context = browser.new_context(**options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context.new_page()


def _screenshot_if_failed(request, page) -> None:
    failed = any(
        getattr(request.node, f"rep_{when}", None) and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if not failed or page.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser, live_server, transactional_db, request) -> Iterator:
    """A desktop-sized page whose relative URLs resolve against the live server."""
    pg = open_page(browser, live_server.url)
    yield pg
    _screenshot_if_failed(request, pg)
    pg.context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db, request) -> Iterator:
    """A phone-sized page (375x812, touch) for the mobile layout checks."""
    pg = open_page(browser, live_server.url, phone=True)
    yield pg
    _screenshot_if_failed(request, pg)
    pg.context.close()


def login(page, username: str, password: str = "rahasia-123") -> None:
    """Sign in through the real form at /masuk/ and wait for the redirect away from it."""
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def confirm(page) -> None:
    """Answer the confirmation dialog of an irreversible action (static/js/confirm.js) with its confirm button."""
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    # Confirming submits the form: wait for the answer, longer than the default (a sign-off renders the PDF).
    with page.expect_navigation(timeout=120_000):
        page.locator("#confirm-dialog-ok").click(no_wait_after=True)
