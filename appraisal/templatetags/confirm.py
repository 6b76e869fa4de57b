"""{% confirm_attrs "sign_off" %} on a submit button: the words static/js/confirm.js shows in its dialog."""

from django import template
from django.utils.html import format_html

from appraisal.pages.confirm import CONFIRMATIONS

register = template.Library()


@register.simple_tag
def confirm_attrs(key: str) -> str:
    c = CONFIRMATIONS[key]
    return format_html(
        ' data-confirm="{}" data-confirm-title="{}" data-confirm-button="{}"', c.consequence, c.title, c.button
    )
