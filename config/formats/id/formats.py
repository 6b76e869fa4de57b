"""Indonesian display formats (PUEBI): "30 September 2026", "10.15 WITA", "1.234,56".

Django's own `id` formats abbreviate the month ("30 Sep 2026") and print the time without its zone; the input
formats and separators are kept from Django.
"""

from django.conf.locale.id.formats import *  # noqa: F403 — input formats, separators, first day of week

DATE_FORMAT = "j F Y"  # 30 September 2026
DATETIME_FORMAT = "j F Y H.i T"  # 30 September 2026 10.15 WITA (T: the zone's abbreviation, WITA in Asia/Makassar)
TIME_FORMAT = "H.i"  # 10.15
SHORT_DATE_FORMAT = "j M Y"  # 30 Sep 2026, for narrow table cells
SHORT_DATETIME_FORMAT = "j M Y H.i T"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
