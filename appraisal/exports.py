"""Cells written to spreadsheet exports (XLSX, CSV): one place that keeps user text from running as a formula."""

from __future__ import annotations

from typing import Any

from appraisal.rules import looks_like_formula

__all__ = ["looks_like_formula", "safe_cell"]


def safe_cell(value: Any) -> Any:
    """A value safe to write into an XLSX or CSV cell (OWASP "CSV injection", a.k.a. formula injection).

    A string starting with =, +, -, @, a tab or a carriage return is read by Excel/LibreOffice as a formula
    (e.g. =HYPERLINK(...) or +cmd|...); such a string gets an apostrophe ' prefixed so it stays text. Numbers,
    dates, None and every other string are returned unchanged.
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value
