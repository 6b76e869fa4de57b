"""HTML to PDF with WeasyPrint, from static/ on disk only; Indonesian dates in WITA; verification code and QR."""

from __future__ import annotations

import base64
import datetime as dt
import io
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Documents state times in WITA, whatever the server's TIME_ZONE says.
WITA = ZoneInfo("Asia/Makassar")

# Month names are written out here: the OS may have no id_ID locale, and strftime would follow it anyway.
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Official forms are in Bahasa Indonesia (PermenPANRB 6/2022), whatever language the user browses in.
DOCUMENT_LANGUAGE = "id"

EMPTY = "—"

# A cell with more characters than this nearly fills a landscape page: its row may split across pages
# instead of being pushed whole to the next one, leaving a blank page behind.
TALL_CELL = 1000


# --- formatting --------------------------------------------------------------------------------


def format_date_id(value: dt.date | dt.datetime | None) -> str:
    """'1 Januari 2026'; an aware datetime is first converted to WITA."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = to_wita(value).date()
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_datetime_id(value: dt.datetime | None) -> str:
    """'5 Maret 2026 14.30 WITA' (PUEBI writes the time with a period)."""
    if value is None:
        return EMPTY
    local = to_wita(value)
    return f"{format_date_id(local.date())} {local:%H.%M} WITA"


def to_wita(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(WITA)


def printed_at() -> str:
    return format_datetime_id(timezone.now())


# --- verification ------------------------------------------------------------------------------


def group_code(code: str | None) -> str:
    """'K7QWMX3P9ZRT' → 'K7QW-MX3P-9ZRT', as printed and typed on the verification page."""
    if not code:
        return ""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    site = settings.SITE_URL.rstrip("/")
    return f"{site}/verifikasi/{code}/"


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI, drawn locally by segno: the document needs no network. A complete
    SVG document (with its namespace), so browsers draw it as well as WeasyPrint."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


# --- rendering -----------------------------------------------------------------------------------


def static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def static_base_url() -> str:
    return static_root().resolve().as_uri() + "/"


def static_only_fetcher(root: Path):
    """A WeasyPrint fetcher that reads files under `root` only: no http, no other files on the server."""
    from weasyprint.urls import URLFetcher

    root = root.resolve()

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not path.is_relative_to(root):
                    raise ValueError(f"Document asset outside {root}: {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"})


# Per thread: WeasyPrint's FontConfiguration holds a Pango font map that must not be shared between threads.
# A consumer process (Huey's worker_type "process", one per core) keeps one of each for its whole life.
_warm = threading.local()

STYLESHEET_DIR = "documents"  # under static/: document.css for every document, then <template name>.css


def _font_config():
    """One FontConfiguration per thread, reused across documents (building one costs ~50 ms a document)."""
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_warm, "fonts", None) is None:
        _warm.fonts = FontConfiguration()
        _warm.sheets = {}
    return _warm.fonts


def document_stylesheets(template_name: str) -> list:
    """The parsed stylesheets of a document template: static/documents/document.css, then the template's own
    (static/documents/evaluation.css for documents/evaluation.html), parsed once per thread and kept.

    Passed as WeasyPrint "user" stylesheets: below the template's inline @page rule, in this order among
    themselves, as one <style> used to be."""
    from weasyprint import CSS

    fonts = _font_config()
    sheets = _warm.sheets.get(template_name)
    if sheets is None:
        folder = static_root() / STYLESHEET_DIR
        own = folder / f"{Path(template_name).stem}.css"
        files = [folder / "document.css", *([own] if own.is_file() else [])]
        fetcher = static_only_fetcher(static_root())
        sheets = _warm.sheets[template_name] = [
            CSS(filename=str(f), base_url=static_base_url(), url_fetcher=fetcher, font_config=fonts) for f in files
        ]
    return sheets


def _laid_out(template_name: str, context: dict[str, Any]):
    """A Django template laid out by WeasyPrint; relative asset URLs resolve against static/ on disk."""
    from weasyprint import HTML  # heavy import (Pango, fonts): pay for it only when a document is made

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=static_only_fetcher(static_root()))
    return document.render(font_config=_font_config(), stylesheets=document_stylesheets(template_name))


def html_to_pdf(*parts: tuple[str, dict[str, Any]]) -> bytes:
    """One PDF of one or more (template, context) parts, each laid out on its own (own page size and page count),
    bound in order: the final evaluation file is the form followed by the Dokumen Evaluasi, under one SHA-256."""
    documents = [_laid_out(template_name, context) for template_name, context in parts]
    if len(documents) == 1:
        return documents[0].write_pdf()
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
