"""Small filters for the Banking Time screens: numbers as teachers read them, labels of stored keys."""

from django import template

from onderstroom.bankingtime.charts import number
from onderstroom.bankingtime.models import Slip, Technique
from onderstroom.questionnaires.api import fmt

register = template.Library()


@register.filter
def sessions(value: float) -> str:
    """3 planned sessions, or 1,3 in a week the plan was stopped in."""
    return number(value)


@register.filter
def percent(value: float | None) -> str:
    """8 of 9 held is 89%: rounded, never cut off."""
    return "" if value is None else f"{fmt(100 * value, 0)}%"


@register.filter
def signed(value: float | None) -> str:
    """+0,45 and a minus sign before 0,45: the direction of a change at a glance."""
    if value is None:
        return ""
    text = fmt(abs(value), 2)
    if not any(digit in text for digit in "123456789"):
        return text  # rounds to nothing: no direction to show
    minus = "\N{MINUS SIGN}"  # the typographic minus, wider and clearer than a hyphen
    return f"+{text}" if value > 0 else f"{minus}{text}"


@register.filter
def technique_labels(keys: list[str]) -> list[str]:
    labels = dict(Technique.choices)
    return [str(labels[key]) for key in keys if key in labels]


@register.filter
def slip_labels(keys: list[str]) -> list[str]:
    labels = dict(Slip.choices)
    return [str(labels[key]) for key in keys if key in labels]
