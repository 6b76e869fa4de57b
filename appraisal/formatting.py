"""Numbers, dates and times as the reader's language writes them: "1.234,56", "30 September 2026",
"10.15 WITA" in Indonesian; "1,234.56", "10:15 WITA" in English (config/formats/<lang>/formats.py).

Text built in Python (pages' labels, history, PDF contexts, e-mails) goes through these, never str() or an
f-string: str(Decimal("85.56")) is "85.56" whatever the language.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone

EMPTY = "—"


def number(value: int | float | Decimal | None, decimals: int = 2) -> str:
    """Up to `decimals` decimals, trailing zeros dropped, thousands grouped: 1234.5 → "1.234,5", 100.0 → "100"."""
    if value is None or isinstance(value, bool):
        return EMPTY if value is None else str(value)
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP).normalize()
    places = max(0, -rounded.as_tuple().exponent)
    return formats.number_format(rounded, places, use_l10n=True, force_grouping=True)


def figure(value) -> str:
    """A figure that may be stored as text in JSON ("85.56", 12, None, "B"): numbers localised, other text as is."""
    if value is None:
        return EMPTY
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    try:
        exact = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not exact.is_finite():
        return str(value)
    # The precision it was stored with stays: an IKM of "88.40" prints "88,40".
    return formats.number_format(exact, max(0, -exact.as_tuple().exponent), use_l10n=True, force_grouping=True)


def fixed(value: int | float | Decimal | None, decimals: int = 2) -> str:
    """Exactly `decimals` decimals, thousands grouped: 85.5 → "85,50" (scores printed to a fixed precision)."""
    if value is None:
        return EMPTY
    return str(floatformat(value, f"{decimals}g"))


def percent(value: int | float | Decimal | None, decimals: int = 1) -> str:
    """A percentage already in 0–100: 12.5 → "12,5%"."""
    return EMPTY if value is None else f"{number(value, decimals)}%"


def date_text(value: dt.date | dt.datetime | None) -> str:
    """Dates as "30 September 2026"; an aware datetime is first turned into local time (WITA)."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "DATE_FORMAT")


def datetime_text(value: dt.datetime | None) -> str:
    """Date and time as "30 September 2026 10.15 WITA" (English: "30 September 2026, 10:15 WITA")."""
    if value is None:
        return EMPTY
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def time_text(value: dt.datetime | dt.time) -> str:
    """Local time as "10.15" (English "10:15")."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.time_format(value, "TIME_FORMAT")
