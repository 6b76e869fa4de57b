"""Cells written to spreadsheet exports (XLSX, CSV): one place that keeps user text from running as a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from appraisal.rules import looks_like_formula

__all__ = ["XLSX_CONTENT_TYPE", "looks_like_formula", "number_format_of", "safe_cell", "xlsx_value"]

# Excel's locale-independent codes: the spreadsheet shows "1.234,56" to an Indonesian reader and "1,234.56" to an
# English one, and the cell stays a number to sum (never a text "85,56").
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"


def safe_cell(value: Any) -> Any:
    """A value safe to write into an XLSX or CSV cell (OWASP "CSV injection", a.k.a. formula injection).

    A string starting with =, +, -, @, a tab or a carriage return is read by Excel/LibreOffice as a formula
    (e.g. =HYPERLINK(...) or +cmd|...); such a string gets an apostrophe ' prefixed so it stays text. Numbers,
    dates, None and every other string are returned unchanged.
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_CELL_LIMIT = 32_767  # characters a cell holds; Excel asks to "repair" a file with a longer text


def xlsx_value(value: Any) -> Any:
    """A value for an XLSX cell: control characters a workbook may not hold are dropped (openpyxl refuses them), a
    text too long for a cell is cut with "…", then safe_cell keeps a formula-looking text a text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > XLSX_CELL_LIMIT - 1:  # room for safe_cell's apostrophe
            value = value[: XLSX_CELL_LIMIT - 2] + "…"
    return safe_cell(value)


def number_format_of(value: Any) -> str | None:
    """The XLSX number format for a numeric cell value (thousands grouped, two decimals for fractions), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return INTEGER_FORMAT if isinstance(value, int) else DECIMAL_FORMAT
