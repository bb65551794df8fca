"""`{% load dates %}{{ value|when:"short_moment" }}`: the one date formatter (core/dates.py) in templates."""

from datetime import date

from django import template

from onderstroom.core import dates

register = template.Library()


@register.filter(expects_localtime=False)
def when(value: date | None, style: dates.Style) -> str:
    """Empty for no value (None or the empty string of a missing variable), so `|default:` still works."""
    return dates.when(value or None, style)
