"""The chart kit in templates: `{% colour "ink" %}` and `{% chart_font %}` from `core/charts.py`."""

from django import template

from onderstroom.core.charts import FONT, PALETTE

register = template.Library()


@register.simple_tag
def colour(role: str) -> str:
    """A colour of the one palette by its role; an unknown role fails loudly while rendering."""
    return str(getattr(PALETTE, role))


@register.simple_tag
def chart_font() -> str:
    return FONT
