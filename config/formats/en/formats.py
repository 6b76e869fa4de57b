"""English display formats: "30 September 2026", "10:15 WITA", "1,234.56" (the zone is named, as in Indonesian)."""

from django.conf.locale.en.formats import *  # noqa: F403 — input formats, separators, first day of week

DATE_FORMAT = "j F Y"  # 30 September 2026
DATETIME_FORMAT = "j F Y, H:i T"  # 30 September 2026, 10:15 WITA
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
