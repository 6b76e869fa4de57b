"""{% load formatting %} {{ count|number }} → "1.234"; {{ score|number:2 }} → "85,56" (appraisal.formatting)."""

from django import template

from appraisal import formatting

register = template.Library()


@register.filter
def number(value, decimals: int = 2) -> str:
    """Thousands grouped, up to `decimals` decimals, trailing zeros dropped; empty stays empty."""
    if value is None or value == "":
        return ""
    return formatting.number(value, int(decimals))
